"""Read one section from Markdown (the TUI's section editor)."""

from __future__ import annotations

from pydantic import BaseModel

from ..findings import Finding, Severity
from ..schema.enums import DocumentKind
from ..schema.sections import BY_KEY
from .parts import Ctx, Group, Part
from .blocks import HEADING, META, Block, nest
from .builders import build_section
from .mapper import section_for


def parse_section(
    key: str, text: str, *, kind: DocumentKind = DocumentKind.role_blueprint
) -> tuple[BaseModel, list[Finding]]:
    from .markdown import read_markdown

    if key not in BY_KEY:
        raise KeyError(f"unknown section {key!r}")
    spec = BY_KEY[key]
    blocks = [b for b in read_markdown(text or "") if b.kind != META]
    ctx = Ctx(path=None, kind=kind, fmt="markdown", own_export=True)  # the editor reads drafter's own layout
    part = Part(key=key, heading=spec.heading, line=1, groups=[Group(None, 1)])
    for b in blocks:
        if b.kind == HEADING and b.level <= 2:
            other, _ = section_for(b.text, number=None)
            if other in (None, key) and b is blocks[0]:
                part.heading, part.line = b.text, b.line
                continue
            # A heading of another level-2 section inside the editor: keep it as a group.
            part.groups.append(Group(b.text, b.line))
            continue
        if b.kind == HEADING:
            part.groups.append(Group(b.text, b.line))
            continue
        part.groups[-1].blocks.append(b)
    for g in part.groups:
        g.blocks = nest(g.blocks)
    model = build_section(part, ctx)
    if model is None:
        model = _empty(key)
    findings = list(ctx.findings)
    if ctx.unmapped and "notes" in type(model).model_fields:
        # The editor has no 'unmapped' list: keep what was typed as notes (the warning says it fits no field).
        model = model.model_copy(
            update={"notes": [*model.notes, *(f"{u.heading}: {u.text}" if u.heading else u.text for u in ctx.unmapped)]}
        )
    from ..validate import validate_section

    findings.extend(validate_section(key, model, kind=kind.value, lines=ctx.lines))
    return model, [f for f in findings if f.severity != Severity.info or f.code != "noise-removed"]


def _empty(key: str) -> BaseModel:
    model = BY_KEY[key].model
    required = {name: "" for name, info in model.model_fields.items() if info.is_required()}
    return model.model_validate(required)


def parse_section_markdown(
    key: str, text: str, *, kind: DocumentKind | str = DocumentKind.role_blueprint
) -> tuple[BaseModel, list[Finding]]:
    """Read one section's Markdown back (inverse of ``render.markdown.render_section_markdown``).

    Forgiving: the ``##`` heading may be missing or reworded; sub-headings and
    labels are matched by meaning; anything that fits no field is reported
    as an ``unmapped-content`` warning (and kept in the section's notes when
    the section has no better place).  Quality findings for the section
    (required fields, short lists, duplicates...) are included.
    """
    return parse_section(key, text, kind=DocumentKind(kind))


__all__ = ["parse_section", "parse_section_markdown", "Block"]
