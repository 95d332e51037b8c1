"""The one loader: a document on disk to a Blueprint, for every command.

>>> loaded = load_blueprint("role.md")
>>> loaded.blueprint, loaded.findings, loaded.format, loaded.draft

``validate``, ``export``, ``import``, ``batch`` (resuming a partial item),
``draft --from``, ``diff``, the TUI's "open" and the library's ``drafter.read``
all read files through ``drafter.readers.read_document``, which knows every
format, the TUI's saved and autosaved drafts (``drafter-draft``) included.
This module adds what they share on top: a document that holds no usable
blueprint becomes one ``InputError`` that names the field at fault, and a
draft file also comes back as its ``store.Draft`` (request, versions).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .findings import Finding, Severity

if TYPE_CHECKING:  # pragma: no cover
    from .generate.types import RoleRequest
    from .readers import Document
    from .schema.models import Blueprint


def read_document(path: str | Path) -> "Document":
    """Any supported document (drafts included); ``InputError`` when it cannot be read."""
    from .readers import read_document as read

    return read(path)


def blueprint_of(doc: "Document", *, purpose: str = "use") -> "Blueprint":
    """``doc``'s blueprint, or an ``InputError`` that says why there is none (naming the field at fault)."""
    where = doc.path or "<document>"
    if doc.blueprint is not None:
        return doc.blueprint
    if doc.titles is not None:
        raise InputError(
            where,
            f"a list of {len(doc.titles)} job titles, not a blueprint; nothing to {purpose}",
            hint=f"draft them first: drafter batch {where} --out OUT_DIR",
        )
    errors = [f for f in doc.findings if f.severity == Severity.error]
    if not errors:
        raise InputError(where, f"no blueprint found in this {doc.format} document; nothing to {purpose}")
    first = errors[0].message
    if doc.format == "drafter-draft":
        first = f"blueprint.{first}"
    more = f" (and {len(errors) - 1} more; `drafter validate {where}` lists them)" if len(errors) > 1 else ""
    raise InputError(where, f"not a valid blueprint: {first}{more}")


@dataclass
class Loaded:
    blueprint: "Blueprint"
    label: str  # the path as given
    format: str  # "drafter-draft", "markdown", "drafter-json"...
    findings: list[Finding] = field(default_factory=list)  # what reading found
    draft: object | None = None  # the store.Draft (request, versions), for draft files
    document: "Document | None" = None  # what the reader returned


def load_blueprint(path: str | Path, *, purpose: str = "use") -> Loaded:
    """The blueprint in ``path``; ``InputError`` (one line, exit 2) naming the field at fault when there is none."""
    doc = read_document(path)
    blueprint = blueprint_of(doc, purpose=purpose)
    draft = None
    if doc.format == "drafter-draft":
        from .store import load_draft

        draft = load_draft(path)  # the same file, with its request and section versions
    return Loaded(blueprint, str(path), doc.format, list(doc.findings or []), draft, doc)


def request_for(loaded: Loaded, depth: str) -> "RoleRequest":
    """What drafting more of a loaded blueprint should ask for: a draft's own request, else one made from it."""
    request = getattr(loaded.draft, "request", None)
    return request if request is not None else request_from_blueprint(loaded.blueprint, depth)


def request_from_blueprint(bp: "Blueprint", depth: str) -> "RoleRequest":
    """A drafting request that matches an existing blueprint (its meta, else its generation inputs).

    What the draft's meta says was given stays given; what was inferred from the title is left to be
    inferred again (the same answer), so prompts keep saying it was inferred."""
    from .generate.types import RoleRequest
    from .roles import parse_level, parse_track
    from .schema.markers import Depth

    meta = bp.meta
    inputs = dict(bp.generation.inputs) if bp.generation else {}
    gen_depth = bp.generation.depth if bp.generation else None
    given = lambda what, value: None if what in meta.inferred else value  # noqa: E731
    return RoleRequest(
        title=meta.title,
        level=given("level", meta.level) or parse_level(inputs.get("level")),
        track=given("track", meta.track) or parse_track(inputs.get("track")),
        family=given("family", meta.role_family) or inputs.get("family"),
        company_size=meta.company_size or inputs.get("company_size"),
        industry=meta.industry or inputs.get("industry"),
        notes=inputs.get("notes"),
        context=inputs.get("context"),
        depth=Depth(gen_depth if gen_depth in ("brief", "standard", "full") else depth),
    )


__all__ = ["Loaded", "blueprint_of", "load_blueprint", "read_document", "request_for", "request_from_blueprint"]
