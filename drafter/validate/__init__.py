"""Validation: the schema and quality rules, applied to a Blueprint or a read document.

>>> from drafter.readers import read_document
>>> findings = validate_document(read_document("tests/data/seeds/003_7bdd3c690054fc7b.txt"))

``validate_blueprint`` checks a Blueprint against the rules for its kind
(``rules``); ``validate_document`` adds what the reader found (unmapped
content, removed noise, wrong types in blueprint JSON) and handles title
indexes; ``validate_section`` checks one section (the TUI's editor).

The package is also the library call ``drafter.validate(blueprint | document |
path)``: ``drafter.validate`` names this package once any of it is imported,
so the package itself is callable (``drafter.api.validate``).
"""

from __future__ import annotations

import sys
import types

from pydantic import BaseModel

from ..findings import Finding, Severity
from ..schema.enums import DocumentKind
from ..schema.models import Blueprint
from .profiles import CHOICES, Coverage, choose, coverage
from .rules import check_blueprint, check_section, check_titles, required_sections


def validate_blueprint(
    bp: Blueprint, *, kind: str | None = None, lines: dict[str, int] | None = None, path: str | None = None
) -> list[Finding]:
    """Findings for ``bp`` under the rules of ``kind`` (default: the blueprint's own kind)."""
    return check_blueprint(bp, kind=kind, lines=lines, path=path)


def validate_section(
    key: str, section: BaseModel, *, kind: str = DocumentKind.role_blueprint.value, lines: dict[str, int] | None = None
) -> list[Finding]:
    """Findings for one section (required fields, tables, short lists, duplicates)."""
    return check_section(key, section, kind=kind, lines=lines)


def document_profile(doc, profile: str | None = None) -> str | None:
    """The profile ``validate_document`` applies to ``doc`` (None for title indexes and invalid JSON)."""
    if doc.kind == "title_index" or doc.blueprint is None:
        return None
    return choose(profile, kind=doc.kind, fmt=doc.format, bp=doc.blueprint)


def document_coverage(doc, profile: str | None = None) -> Coverage | None:
    """Which of the profile's sections the document has (None for title indexes and invalid JSON)."""
    chosen = document_profile(doc, profile)
    return coverage(doc.blueprint, chosen) if chosen else None


def validate_document(doc, profile: str | None = None) -> list[Finding]:
    """The reader's findings plus the rules of the profile, sorted by line.

    ``profile``: ``blueprint`` (all 20 sections), ``posting`` (summary,
    responsibilities, requirements and pay) or ``auto``/None (what the
    document looks like, see ``profiles``).
    """
    findings = list(doc.findings)
    if doc.kind == "title_index":
        findings.extend(check_titles(doc.titles or [], path=doc.path))
    elif doc.blueprint is not None:
        rules = check_blueprint(
            doc.blueprint, kind=doc.kind, lines=doc.lines, path=doc.path, profile=document_profile(doc, profile)
        )
        if any(f.code == "unmapped-content" for f in doc.findings):
            rules = [f for f in rules if f.code != "unmapped-content"]  # the reader already said it, with more context
        elif doc.format == "drafter-json":
            # Lines of unmapped content point into the document it was imported from, not this JSON file.
            rules = [
                Finding(
                    f.severity,
                    f.code,
                    f"{f.message} (line {f.line} of the source document)",
                    f.section,
                    f.field,
                    None,
                    f.path,
                )
                if f.code == "unmapped-content" and f.line
                else f
                for f in rules
            ]
        findings.extend(rules)
    order = {Severity.error: 0, Severity.warning: 1, Severity.info: 2}
    return sorted(findings, key=lambda f: (f.line is None, f.line or 0, order[f.severity]))


def has_errors(findings: list[Finding], *, strict: bool = False) -> bool:
    return any(f.severity == Severity.error or (strict and f.severity == Severity.warning) for f in findings)


__all__ = [
    "validate_blueprint", "validate_document", "validate_section", "document_coverage", "document_profile",
    "has_errors", "required_sections", "Coverage", "CHOICES",
]


class _CallablePackage(types.ModuleType):
    """``drafter.validate(x)``: the library call, on the package that shares its name."""

    def __call__(self, target):
        from ..api import validate

        return validate(target)


sys.modules[__name__].__class__ = _CallablePackage
