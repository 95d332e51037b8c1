"""Validation reports: rich text for people, a stable JSON document for machines.

JSON (``--format json``), version 1::

    {
      "version": 1,
      "strict": false,
      "exit_code": 0,                      # 0 ok, 1 errors (or warnings with --strict), 2 unreadable input
      "summary": {"files": 5, "ok": 3, "with_warnings": 1, "with_errors": 0, "unreadable": 1,
                  "errors": 0, "warnings": 7, "infos": 4},
      "files": [
        {"path": "a.txt", "status": "ok" | "warnings" | "errors" | "unreadable",
         "format": "blueprint-text", "kind": "role_blueprint", "title": "...",
         "errors": 0, "warnings": 2, "infos": 1,
         "level": null,                              # a career ladder: one entry per level ("FILE [level NAME]")
         "coverage": {"profile": "posting", "required": 4, "present": ["summary", ...], "missing": [...],
                      "extra": [...], "line": "3 of 4 parts of a job post (posting profile): ..."},  # null if none
         "findings": [Finding.to_dict(), ...],       # severity, code, message, section, section_title, field, line,
                                                     # path, suggestion (lint findings: code DLxxx)
         "error": null}                              # the one-line reason when unreadable

Text output: per file, the coverage line first, then the findings grouped by
section; the sections a profile requires and the document lacks are one line
("✗ error  13 required sections missing: ..."), not one line each.
      ]
    }
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..findings import Finding, Severity

JSON_VERSION = 1


@dataclass
class FileResult:
    path: str
    findings: list[Finding] = field(default_factory=list)
    format: str | None = None
    kind: str | None = None
    title: str | None = None
    error: str | None = None  # unreadable: the reason
    coverage: dict | None = None  # validate.profiles.Coverage.to_dict()
    level: str | None = None  # a career ladder's level: one result per level, path "FILE [level NAME]"

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def status(self, strict: bool = False) -> str:
        if self.error is not None:
            return "unreadable"
        if self.count(Severity.error) or (strict and self.count(Severity.warning)):
            return "errors"
        if self.count(Severity.warning):
            return "warnings"
        return "ok"


def exit_code(results: list[FileResult], strict: bool = False) -> int:
    if any(r.error is not None for r in results):
        return 2
    if any(r.status(strict) == "errors" for r in results):
        return 1
    return 0


def summary(results: list[FileResult], strict: bool = False) -> dict:
    statuses = [r.status(strict) for r in results]
    return {
        "files": len(results),
        "ok": statuses.count("ok"),
        "with_warnings": statuses.count("warnings"),
        "with_errors": statuses.count("errors"),
        "unreadable": statuses.count("unreadable"),
        "errors": sum(r.count(Severity.error) for r in results),
        "warnings": sum(r.count(Severity.warning) for r in results),
        "infos": sum(r.count(Severity.info) for r in results),
    }


def to_json(results: list[FileResult], strict: bool = False) -> str:
    doc = {
        "version": JSON_VERSION,
        "strict": strict,
        "exit_code": exit_code(results, strict),
        "summary": summary(results, strict),
        "files": [
            {
                "path": r.path,
                "status": r.status(strict),
                "format": r.format,
                "kind": r.kind,
                "title": r.title,
                "errors": r.count(Severity.error),
                "warnings": r.count(Severity.warning),
                "infos": r.count(Severity.info),
                "level": r.level,
                "coverage": r.coverage,
                "findings": [f.to_dict() for f in r.findings],
                "error": r.error,
            }
            for r in results
        ],
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def _heading(key: str | None, profile: str | None = None) -> str:
    from ..schema.sections import BY_KEY
    from .profiles import POSTING_SECTIONS

    if profile == "posting" and key in POSTING_SECTIONS:
        return f"{POSTING_SECTIONS[key]} ({BY_KEY[key].title})"
    return BY_KEY[key].heading if key in BY_KEY else (key or "?")


def _section_order(key: str | None) -> int:
    from ..schema.sections import SECTIONS

    if key is None:
        return -1
    return next((i for i, s in enumerate(SECTIONS) if s.key == key), len(SECTIONS))


_STYLE = {
    Severity.error: ("✗", "bold red", "error"),
    Severity.warning: ("!", "yellow", "warning"),
    Severity.info: ("·", "dim", "info"),
}


def print_text(results: list[FileResult], console, strict: bool = False) -> None:
    from rich.markup import escape

    for r in results:
        status = r.status(strict)
        colour = {"ok": "green", "warnings": "yellow", "errors": "red", "unreadable": "red"}[status]
        what = ""
        if r.format:
            what = f" [dim]({r.format}{', ' + r.kind.replace('_', ' ') if r.kind else ''}"
            what += f": {escape(r.title)})[/]" if r.title else ")[/]"
        console.print(f"[bold]{escape(r.path)}[/]{what}  [{colour}]{status}[/]")
        if r.error is not None:
            console.print(f"  [bold red]✗ unreadable[/]  {escape(r.error)}")
            continue
        if r.coverage:
            console.print(f"  [bold]coverage[/]  {escape(r.coverage['line'])}")
        missing = [f for f in r.findings if f.code == "missing-section"]
        if missing:
            mark, style, word = _STYLE[Severity.error]
            profile = (r.coverage or {}).get("profile")
            names = "; ".join(_heading(f.section, profile) for f in missing)
            n = len(missing)
            console.print(
                f"  [{style}]{mark} {word}[/]  {n} required section{'s' if n != 1 else ''} missing: {escape(names)}"
            )
        # Grouped by section, in document order.
        groups: dict[str | None, list[Finding]] = {}
        for f in r.findings:
            if f.code != "missing-section":
                groups.setdefault(f.section, []).append(f)
        for section, items in sorted(groups.items(), key=lambda kv: _section_order(kv[0])):
            title = items[0].section_title if section else "Document"
            console.print(f"  [bold]{escape(title or section or 'Document')}[/]")
            for f in items:
                mark, style, word = _STYLE[f.severity]
                if strict and f.severity == Severity.warning:
                    style = "bold red"
                where = []
                if f.field:
                    where.append(f.field)
                if f.line:
                    where.append(f"line {f.line}")
                loc = f" [dim]{escape(', '.join(where))}[/]" if where else ""
                tip = f"  [dim]→ {escape(f.suggestion)}[/]" if f.suggestion else ""
                console.print(f"    [{style}]{mark} {word}[/]{loc}  {escape(f.message)}{tip}")
    s = summary(results, strict)
    parts = [f"{s['files']} file{'s' if s['files'] != 1 else ''} checked", f"{s['ok']} ok"]
    if s["with_warnings"]:
        parts.append(f"{s['with_warnings']} with warnings")
    if s["with_errors"]:
        parts.append(f"{s['with_errors']} with errors")
    if s["unreadable"]:
        parts.append(f"{s['unreadable']} unreadable")
    tail = f"{s['errors']} error{'s' if s['errors'] != 1 else ''}, {s['warnings']} warning{'s' if s['warnings'] != 1 else ''}"
    code = exit_code(results, strict)
    colour = "green" if code == 0 else "red"
    console.print(f"[{colour}]{', '.join(parts)}; {tail}[/]" + (" [dim](--strict: warnings fail)[/]" if strict else ""))
