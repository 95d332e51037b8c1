"""What the assembler hands the section builders: parts, their groups, and the context findings go to."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..findings import Finding, Severity
from ..schema.enums import DocumentKind
from ..schema.models import UnmappedContent
from ..schema.sections import BY_KEY
from .blocks import META, RULE, Block


@dataclass
class Group:
    heading: str | None
    line: int | None
    blocks: list[Block] = field(default_factory=list)
    parents: tuple[str, ...] = ()  # the headings above this one inside its section, outermost first
    depth: int = 0  # heading level


@dataclass
class Part:
    key: str | None
    heading: str
    line: int | None
    groups: list[Group] = field(default_factory=list)


@dataclass
class Ctx:
    """What builders report into."""

    path: str | None
    kind: DocumentKind
    fmt: str
    title: str = ""
    findings: list[Finding] = field(default_factory=list)
    unmapped: list[UnmappedContent] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    facts: dict[str, str] = field(default_factory=dict)  # seniority / reporting line text for meta
    own_export: bool = False  # drafter's own Markdown: read exactly as written, nothing inferred

    def mark(self, key: str, line: int | None) -> None:
        if line is not None and key not in self.lines:
            self.lines[key] = line

    def note(
        self,
        severity: Severity,
        code: str,
        message: str,
        *,
        section: str | None = None,
        field_: str | None = None,
        line: int | None = None,
    ) -> None:
        self.findings.append(Finding(severity, code, message, section=section, field=field_, line=line, path=self.path))

    def leftover(self, section: str | None, heading: str | None, blocks: list[Block], *, why: str = "") -> None:
        text = "\n".join(t for b in blocks if b.kind not in (RULE, META) and (t := b.all_text().strip()))
        text = re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.split("\n"))).strip()
        if not text:
            return
        line = next((b.line for b in blocks if b.line is not None), None)
        self.unmapped.append(UnmappedContent(heading=heading or None, text=text, line=line, section=section))
        where = f"under {heading!r}" if heading else "content"
        inside = f" in {BY_KEY[section].title}" if section in BY_KEY else ""
        preview = text.replace("\n", " ")
        preview = preview if len(preview) <= 60 else preview[:57] + "..."
        self.note(
            Severity.warning,
            "unmapped-content",
            f"{where}{inside} maps to no section or field (kept as unmapped): {preview!r}{why}",
            section=section,
            line=line,
        )
