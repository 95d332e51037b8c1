"""The progression table of a level ladder: what changes from level to level.

Rows are the dimensions public engineering ladders compare (scope, decision
rights, years of experience, people leadership, KPIs owned, promotion
criteria, next roles), columns the levels, cells a few short items taken from
each level's blueprint.  Below it, what stays the same at every level (role
family, tools, tech stack), and for each step up, how many items of the
level-specific sections changed (``drafter.diff``).

    table = progression(rungs, shared=["tools", "tech_stack"])
    render_markdown(table) / render_html(table) / render_docx(table)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO

from ..schema.models import Blueprint
from .layout import clean

MAX_ITEMS = 3
MAX_CHARS = 160


@dataclass(frozen=True)
class Column:
    level: str  # "Senior"
    title: str  # "Senior Platform Engineer"


@dataclass(frozen=True)
class Row:
    dimension: str
    cells: tuple[tuple[str, ...], ...]  # one tuple of items per level


@dataclass(frozen=True)
class Step:
    """One step up the ladder, as a diff of the level-specific sections."""

    label: str  # "Senior → Staff"
    changed: int
    added: int
    removed: int
    same: int


@dataclass(frozen=True)
class Progression:
    family: str
    track: str  # "Individual contributor" / "Manager"
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    same: tuple[tuple[str, str], ...]  # (what, value) identical at every level
    steps: tuple[Step, ...]


def _short(text: str | None) -> str:
    text = " ".join(clean(text).split())
    if len(text) <= MAX_CHARS:
        return text
    cut = text[:MAX_CHARS].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


def _first_sentence(text: str | None) -> str:
    text = " ".join(clean(text).split())
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    return _short(m.group(1) if m else text)


def _items(values, n: int = MAX_ITEMS) -> tuple[str, ...]:
    return tuple(_short(v) for v in list(values or [])[:n] if clean(v).strip())


def _dimensions(bp: Blueprint) -> dict[str, tuple[str, ...]]:
    s, dr, ex, kp, cp, rs = bp.summary, bp.decision_rights, bp.experience, bp.kpis, bp.career_path, bp.responsibilities
    authority = ()
    if dr is not None:
        authority = tuple(_short(f"{a.area}: {a.scope[0]}") for a in dr.authority[:MAX_ITEMS] if a.scope)
    return {
        "Scope": (_first_sentence(s.what_it_is),) if s is not None and s.what_it_is else (),
        "Seniority": (_short(s.seniority),) if s is not None and s.seniority else (),
        "Years of experience": _items(ex.years if ex else None, 2),
        "Decides alone": _items(dr.independent if dr else None),
        "Budget, hiring and vendor authority": authority,
        "People leadership": _items(rs.leadership if rs else None, 2),
        "KPIs owned": _items([r.name for r in kp.rows] if kp else None, 5),
        "Promotion to the next level": _items(cp.promotion_skills if cp else None),
        "Next roles": _items(cp.next_roles if cp else None),
    }


def _level_label(level) -> str:
    from .layout import _level_label as label

    return label(level) if level is not None else "—"


def progression(rungs, *, shared: list[str] | tuple[str, ...] = (), family: str | None = None) -> Progression:
    """The table for ``rungs`` (objects with ``level``, ``title``, ``blueprint``), lowest level first."""
    from ..diff import diff_blueprints
    from ..schema.enums import Track

    rungs = list(rungs)
    columns = tuple(Column(_level_label(r.level), clean(r.title)) for r in rungs)
    dims = [_dimensions(r.blueprint) for r in rungs]
    names = list(dims[0]) if dims else []
    rows = tuple(Row(name, tuple(d[name] for d in dims)) for name in names if any(d[name] for d in dims))

    first = rungs[0].blueprint if rungs else None
    same: list[tuple[str, str]] = []
    fam = family or (first.meta.role_family if first else None)
    if fam:
        same.append(("Role family", fam))
    if first is not None and first.tools is not None and "tools" in shared:
        names_ = list(dict.fromkeys(clean(t.name) for t in first.tools.rows))
        same.append(("Tools", ", ".join(names_[:12]) + (" …" if len(names_) > 12 else "")))
    if first is not None and first.tech_stack is not None and "tech_stack" in shared:
        ts = first.tech_stack
        bits = [clean(x) for x in (ts.infrastructure[:1] + ts.application[:1] + ts.data[:1]) if clean(x).strip()]
        same.append(("Tech stack", "; ".join(_short(b) for b in bits)))
    if "variants" in shared:
        same.append(("Role variants", "the same at every level"))

    steps = []
    for lo, hi in zip(rungs, rungs[1:]):
        d = diff_blueprints(lo.blueprint, hi.blueprint)
        own = [s for s in d.sections if s.key not in shared]
        steps.append(Step(f"{_level_label(lo.level)} → {_level_label(hi.level)}",
                          sum(s.count("changed") for s in own), sum(s.count("added") for s in own),
                          sum(s.count("removed") for s in own), sum(s.count("same") for s in own)))
    track = ""
    if first is not None and first.meta.track is not None:
        track = "Individual contributor" if first.meta.track == Track.individual_contributor else "Manager"
    return Progression(fam or (first.meta.title if first else ""), track, columns, rows, tuple(same), tuple(steps))


# --------------------------------------------------------------------------- Markdown


def _md(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("<", "&lt;").replace("\n", " ")


def render_markdown(p: Progression) -> str:
    out = [f"# {_md(p.family)} career ladder", ""]
    if p.track:
        out += [f"Track: {p.track}. Levels: " + ", ".join(f"{_md(c.level)} ({_md(c.title)})" for c in p.columns), ""]
    out.append("| | " + " | ".join(f"**{_md(c.level)}**<br>{_md(c.title)}" for c in p.columns) + " |")
    out.append("|---" * (len(p.columns) + 1) + "|")
    for row in p.rows:
        cells = ["<br>".join(f"• {_md(i)}" if len(items) > 1 else _md(i) for i in items) or "—"
                 for items in row.cells]
        out.append(f"| **{_md(row.dimension)}** | " + " | ".join(cells) + " |")
    if p.same:
        out += ["", "## The same at every level", ""]
        out += [f"- **{_md(k)}:** {_md(v)}" for k, v in p.same]
    if p.steps:
        out += ["", "## What changes at each step", "", "| Step | Items changed | Added | Removed | Unchanged |",
                "|---|---:|---:|---:|---:|"]
        out += [f"| {_md(s.label)} | {s.changed} | {s.added} | {s.removed} | {s.same} |" for s in p.steps]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- HTML


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    from ..resources import templates_dir

    return Environment(loader=FileSystemLoader(str(templates_dir())), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render_html(p: Progression, *, lang: str = "en") -> str:
    from .. import __version__

    return _environment().get_template("progression.html.j2").render(p=p, version=__version__, lang=lang)


# --------------------------------------------------------------------------- DOCX


def render_docx(p: Progression) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt

    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    doc.add_heading(f"{p.family} career ladder", level=1)
    if p.track:
        doc.add_paragraph(f"Track: {p.track}")
    table = doc.add_table(rows=1, cols=len(p.columns) + 1)
    table.style = "Table Grid"
    head = table.rows[0].cells
    head[0].text = ""
    for i, col in enumerate(p.columns, start=1):
        para = head[i].paragraphs[0]
        para.add_run(col.level).bold = True
        head[i].add_paragraph(col.title)
    for row in p.rows:
        cells = table.add_row().cells
        cells[0].paragraphs[0].add_run(row.dimension).bold = True
        for i, items in enumerate(row.cells, start=1):
            cells[i].text = ""
            for j, item in enumerate(items or ("—",)):
                para = cells[i].paragraphs[0] if j == 0 else cells[i].add_paragraph()
                para.add_run(("• " if len(items) > 1 else "") + item)
    for r in table.rows:
        for c in r.cells:
            for para in c.paragraphs:
                for run in para.runs:
                    run.font.size = Pt(8)
    if p.same:
        doc.add_heading("The same at every level", level=2)
        for k, v in p.same:
            para = doc.add_paragraph(style="List Bullet")
            para.add_run(f"{k}: ").bold = True
            para.add_run(v)
    if p.steps:
        doc.add_heading("What changes at each step", level=2)
        t = doc.add_table(rows=1, cols=5)
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, ("Step", "Items changed", "Added", "Removed", "Unchanged")):
            cell.paragraphs[0].add_run(text).bold = True
        for s in p.steps:
            for cell, text in zip(t.add_row().cells, (s.label, s.changed, s.added, s.removed, s.same)):
                cell.text = str(text)
    buf = BytesIO()
    doc.save(buf)
    return buf.getvalue()


__all__ = ["Column", "Progression", "Row", "Step", "progression", "render_docx", "render_html", "render_markdown"]
