"""Markdown export in the seed layout, and its inverse for one section.

``render_markdown(bp)`` writes ``# <Title>: Role Blueprint``, a small metadata
list, then ``## 1) Role Summary`` ... ``## 20) Final Role Scorecard Summary``
(and the career-guide parts), with ``###`` sub-headings per field, ``-``
bullets, skills as numbered items with labelled sub-bullets, and the KPI,
tools, interview-scorecard, final-scorecard and salary tables as pipe
tables.  The layout comes from ``templates/blueprint.md.j2``; this module
only prepares escaped strings (``markdown_view``).

Reading the Markdown back (``drafter.readers.read_text``) gives an equal
Blueprint: every heading and label used here is one the reader maps back to
the same field.

``render_section_markdown(bp, key)`` renders one section the same way, and
``drafter.readers.section.parse_section_markdown(key, text)`` reads it back (the TUI edits sections
as Markdown).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from ..schema.enums import enum_text
from ..schema.fields import (
    KPI_COLUMNS,
    NOTES_HEADING,
    SALARY_TABLE_COLUMNS,
    SCORECARD_DIMENSION_COLUMNS,
    SCORECARD_LABELS,
    TOOL_COLUMNS,
    heading_for,
)
from ..resources import templates_dir
from ..schema import models as m
from ..schema.enums import DocumentKind
from ..schema.sections import BY_KEY, SECTIONS

# --------------------------------------------------------------------------- escaping

_INLINE = re.compile(r"([\\`*_\[\]])")
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(\s*)(#|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|={3,}|-{3,}|\||<!--|```|~~~)")


def esc(text: Any) -> str:
    """Inline text: Markdown specials escaped, whitespace collapsed to one line."""
    s = " ".join(str(text or "").split())
    s = _INLINE.sub(r"\\\1", s)
    s = _ENTITY.sub("&amp;", s)
    s = _TAG_START.sub(r"\\<", s)  # "<td>", "<http://x>": literal text, not HTML or an autolink
    return s


def esc_block(text: Any) -> str:
    """A paragraph: inline escapes plus an escape for a line start Markdown would take as syntax."""
    s = esc(text)
    m = _BLOCK_START.match(s)
    if m:
        num = re.match(r"^(\s*\d{1,9})([.)])", s)
        if num:  # "1) x" -> "1\) x": the escape goes before the punctuation
            s = s[: num.end(1)] + "\\" + s[num.end(1) :]
        else:
            s = s[: m.end(1)] + "\\" + s[m.end(1) :]
    return s


def esc_cell(text: Any) -> str:
    return esc(text).replace("|", "\\|")


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else repr(float(x))


# --------------------------------------------------------------------------- parts


def _labelled(label: str, text: Any) -> dict | None:
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    return {"type": "labelled", "label": esc(label), "text": esc(text)}


def _list(heading: str | None, items: list[str]) -> dict | None:
    if not items:
        return None
    return {"type": "list", "heading": esc(heading) if heading else None, "items": [esc_block(i) for i in items]}


def _notes(sec: m.Section) -> list[dict]:
    if not sec.notes:
        return []
    return [{"type": "paras", "heading": NOTES_HEADING, "paras": [esc_block(n) for n in sec.notes]}]


def _other(sec: BaseModel) -> list[dict]:
    out = []
    for g in getattr(sec, "other_groups", None) or []:
        if g.items:
            out.append(_list(g.title, g.items))
        else:
            out.append({"type": "group", "heading": esc(g.title)})
    return out


def _skills_part(heading: str | None, skills: list[m.Skill]) -> dict | None:
    if not skills:
        return None
    entries = []
    for s in skills:
        subs = []
        if s.description:
            subs.append(("Description", esc(s.description)))
        if s.use:
            subs.append(("Use", esc(s.use)))
        subs.append(("Importance", esc(enum_text(s.importance, s.importance_note))))
        entries.append({"name": esc(s.name), "subs": subs})
    return {"type": "named", "heading": esc(heading) if heading else None, "entries": entries}


def _soft_part(skills: list[m.SoftSkill]) -> dict | None:
    if not skills:
        return None
    entries = []
    for s in skills:
        subs = []
        if s.why_it_matters:
            subs.append(("Why it matters", esc(s.why_it_matters)))
        if s.on_the_job:
            subs.append(("On the job", esc(s.on_the_job)))
        if s.strong_performance:
            subs.append(("Strong performance", esc(s.strong_performance)))
        entries.append({"name": esc(s.name), "subs": subs})
    return {"type": "named", "heading": None, "entries": entries}


def _entry(label: str | None, text: str | None, children: list[str] | None = None) -> dict:
    return {
        "label": esc(label) if label is not None else None,
        "text": esc(text) if text else "",
        "children": [esc_block(c) for c in children or []],
    }


def _stakeholder_part(heading: str, items: list[m.Stakeholder]) -> dict | None:
    if not items:
        return None
    entries = [
        _entry(s.name, s.interaction) if s.interaction else {"label": None, "text": esc_block(s.name), "children": []}
        for s in items
    ]
    return {"type": "labelled_list", "heading": esc(heading), "entries": entries}


def _variant_part(heading: str, items: list[m.Variant]) -> dict | None:
    if not items:
        return None
    entries = []
    for v in items:
        if len(v.points) == 1:
            entries.append(_entry(v.context, v.points[0]))
        else:
            entries.append(_entry(v.context, None, v.points))
    return {"type": "labelled_list", "heading": esc(heading), "entries": entries}


def _authority_part(heading: str, items: list[m.Authority]) -> dict | None:
    if not items:
        return None
    entries = []
    for a in items:
        if len(a.scope) == 1:
            entries.append(_entry(a.area, a.scope[0]))
        else:
            entries.append(_entry(a.area, None, a.scope))
    return {"type": "labelled_list", "heading": esc(heading), "entries": entries}


def _exercise_part(heading: str, items: list[m.Exercise]) -> dict | None:
    if not items:
        return None
    entries = []
    for e in items:
        subs = []
        if e.duration:
            subs.append(("Duration", esc(e.duration)))
        if e.description:
            subs.append(("Description", esc(e.description)))
        entries.append({"name": esc(e.name), "subs": subs})
    return {"type": "named", "heading": esc(heading), "entries": entries}


def _table(heading: str | None, header: list[str], rows: list[list[Any]]) -> dict:
    return {
        "type": "table",
        "heading": esc(heading) if heading else None,
        "header": [esc_cell(h) for h in header],
        "rows": [[esc_cell(c) for c in r] for r in rows],
    }


def _numbered(items: list[str]) -> str:
    return " ".join(f"{i}) {x}" for i, x in enumerate(items, start=1))


# --------------------------------------------------------------------------- sections

_TEXT_FIRST = {"summary", "mission", "goals"}


def _generic_parts(key: str, sec: m.Section) -> list[dict]:
    """Fields in model order: text fields as labelled paragraphs first, then lists as sub-headings."""
    from ..schema.fields import FIELDS

    texts: list[dict] = []
    groups: list[dict] = []
    for f in FIELDS.get(key, ()):
        value = getattr(sec, f.name, None)
        if f.kind == "text":
            p = _labelled(f.heading, value)
            if p:
                texts.append(p)
        elif f.kind == "horizon":
            p = _labelled(f.heading, enum_text(value, getattr(sec, "horizon_note", None)) if value else None)
            if p:
                texts.append(p)
        elif f.kind == "list":
            p = _list(f.heading, value or [])
            if p:
                groups.append(p)
        elif f.kind == "skills":
            p = _skills_part(f.heading, value or [])
            if p:
                groups.append(p)
        elif f.kind == "stakeholders":
            p = _stakeholder_part(f.heading, value or [])
            if p:
                groups.append(p)
        elif f.kind == "authority":
            p = _authority_part(f.heading, value or [])
            if p:
                groups.append(p)
        elif f.kind == "variants":
            p = _variant_part(f.heading, value or [])
            if p:
                groups.append(p)
        elif f.kind == "exercises":
            p = _exercise_part(f.heading, value or [])
            if p:
                groups.append(p)
        elif f.kind == "dimensions" and value:
            groups.append(
                _table(
                    f.heading,
                    list(SCORECARD_DIMENSION_COLUMNS),
                    [[d.dimension, d.meets_bar or "", d.exceeds or ""] for d in value],
                )
            )
    return texts + groups


def _section_parts(key: str, sec: BaseModel) -> list[dict]:
    parts: list[dict | None]
    if key == "deliverables":
        parts = []
        for g in sec.groups:  # type: ignore[attr-defined]
            parts.append(_list(g.name, g.items) if g.items else {"type": "group", "heading": esc(g.name)})
    elif key == "kpis":
        parts = (
            [
                _table(
                    None,
                    list(KPI_COLUMNS),
                    [[k.name, k.measures, k.why_it_matters, k.target or "", k.frequency or ""] for k in sec.rows],
                )
            ]
            if sec.rows
            else []
        )  # type: ignore[attr-defined]
    elif key == "tools":
        parts = (
            [
                _table(
                    None,
                    list(TOOL_COLUMNS),
                    [
                        [t.category, t.name, t.primary_use, enum_text(t.commonality, t.commonality_note)]
                        for t in sec.rows
                    ],
                )
            ]
            if sec.rows
            else []
        )  # type: ignore[attr-defined]
    elif key == "soft_skills":
        parts = [_soft_part(sec.skills)]  # type: ignore[attr-defined]
    elif key == "scorecard":
        parts = [_scorecard_table(sec)]  # type: ignore[arg-type]
    elif key == "salary":
        parts = []
        if sec.ranges:  # type: ignore[attr-defined]
            parts.append(
                _table(
                    heading_for("salary", "ranges"),
                    list(SALARY_TABLE_COLUMNS),
                    [[r.label, _num(r.minimum), _num(r.maximum), r.currency, r.period, r.text] for r in sec.ranges],
                )
            )  # type: ignore[attr-defined]
        parts.append(_list(heading_for("salary", "factors"), sec.factors))  # type: ignore[attr-defined]
        parts.append(_list(heading_for("salary", "benefits"), sec.benefits))  # type: ignore[attr-defined]
    elif key in ("market_demand", "trends", "best_practices"):
        parts = [_list(None, sec.points)]  # type: ignore[attr-defined]
    else:
        parts = _generic_parts(key, sec)  # type: ignore[arg-type]
    parts.extend(_other(sec))
    parts.extend(_notes(sec))  # type: ignore[arg-type]
    return [p for p in parts if p]


_SCORECARD_ROWS = tuple(SCORECARD_LABELS.items())


def _scorecard_table(sec: m.FinalScorecard) -> dict:
    rows = []
    for name, label in _SCORECARD_ROWS:
        value = getattr(sec, name)
        if isinstance(value, list):
            if value:
                rows.append([label, _numbered(value)])
        elif value is not None and (value != "" or name in ("role_title", "role_purpose")):
            rows.append([label, value])
    for r in sec.extra_rows:
        rows.append([r.category, r.summary])
    return _table(None, ["Category", "Summary"], rows)


def section_heading(key: str, sec: BaseModel | None = None) -> str:
    spec = BY_KEY[key]
    heading = spec.heading
    if key == "salary" and sec is not None and getattr(sec, "market", None):
        heading = f"{heading} ({sec.market})"  # type: ignore[attr-defined]
    return heading


def _section_view(key: str, sec: BaseModel) -> dict:
    return {"key": key, "heading": esc(section_heading(key, sec)), "parts": _section_parts(key, sec)}


def markdown_view(bp: m.Blueprint, *, only: str | None = None) -> dict:
    """The escaped strings the template lays out."""
    sections = []
    for spec in SECTIONS:
        if only is not None and spec.key != only:
            continue
        sec = getattr(bp, spec.key)
        if sec is None:
            continue
        sections.append(_section_view(spec.key, sec))
    meta = []
    if only is None:
        guessed = lambda what: " (inferred)" if what in bp.meta.inferred else ""  # noqa: E731
        meta_fields = (
            ("Level", bp.meta.level.value.replace("_", " ") + guessed("level") if bp.meta.level else None),
            ("Track", bp.meta.track.value.replace("_", " ") + guessed("track") if bp.meta.track else None),
            ("Reports to", bp.meta.reports_to),
            ("Role family", bp.meta.role_family + guessed("family") if bp.meta.role_family else None),
            ("Company size", bp.meta.company_size),
            ("Industry", bp.meta.industry),
        )
        meta = [(label, esc(v)) for label, v in meta_fields if v]
    unmapped = []
    if only is None:
        for u in bp.unmapped:
            fence = "```"
            while fence in u.text:
                fence += "`"
            unmapped.append(
                {
                    "heading": esc(u.heading) if u.heading else "(no heading)",
                    "no_heading": u.heading is None,
                    "section": u.section,
                    "line": u.line,
                    "text": u.text,
                    "fence": fence,
                }
            )
    career = bp.kind == DocumentKind.career_guide
    return {
        "title": esc(bp.meta.title) if only is None else None,
        "kind": bp.kind.value,
        "kind_title": "Career Guide" if career else "Role Blueprint",
        "schema_version": bp.schema_version,
        "meta": meta,
        "sections": sections,
        "unmapped": unmapped,
    }


@lru_cache(maxsize=1)
def _template():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    env = Environment(
        loader=FileSystemLoader(str(templates_dir())),
        autoescape=False,
        keep_trailing_newline=True,
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
    )
    return env.get_template("blueprint.md.j2")


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]+\n", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip() + "\n"


def render_markdown(bp: m.Blueprint) -> str:
    """The whole blueprint as Markdown (seed layout)."""
    return _tidy(_template().render(view=markdown_view(bp)))


def render_section_markdown(bp: m.Blueprint, key: str) -> str:
    """One section, same layout as in ``render_markdown`` (starts with its ``##`` heading)."""
    if key not in BY_KEY:
        raise KeyError(f"unknown section {key!r}")
    if getattr(bp, key) is None:
        return f"## {esc(section_heading(key))}\n"
    return _tidy(_template().render(view=markdown_view(bp, only=key)))


__all__ = ["render_markdown", "render_section_markdown", "markdown_view", "esc"]
