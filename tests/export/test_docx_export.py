"""DOCX export, read back with python-docx."""

from __future__ import annotations

import io

import docx
import pytest
from docx.oxml.ns import qn

from drafter.render import render
from drafter.render.layout import KPI_COLUMNS, TOOL_COLUMNS
from drafter.schema.sections import BLUEPRINT_SECTIONS

from .conftest import CONTROL, PAYLOAD, hostile_blueprint


def read(bp):
    return docx.Document(io.BytesIO(render(bp, "docx")))


@pytest.fixture(scope="module")
def sample_doc():
    """The placeholder blueprint's document, rendered once for the read-only tests."""
    from drafter.testing import sample_blueprint

    bp = sample_blueprint("Staff Platform Engineer")
    bp.meta.role_family = "Platform Engineering"
    return bp, read(bp)


def style_names(doc) -> list[tuple[str, object]]:
    """(style name, paragraph) for every paragraph; one style lookup per id, not per paragraph."""
    names = {s.style_id: s.name for s in doc.styles}
    return [(names.get(p._p.style, "Normal"), p) for p in doc.paragraphs]


def styled(doc, style: str) -> list[str]:
    return [p.text for name, p in style_names(doc) if name == style]


def num_id(p) -> int | None:
    num_pr = p._p.pPr.numPr if p._p.pPr is not None else None
    return num_pr.numId.val if num_pr is not None and num_pr.numId is not None else None


def start_override(doc, nid: int) -> int | None:
    num = doc.part.numbering_part.element.num_having_numId(nid)
    overrides = num.findall(qn("w:lvlOverride"))
    return int(overrides[0].find(qn("w:startOverride")).get(qn("w:val"))) if overrides else None


def test_title_metadata_and_core_properties(sample_doc):
    bp, doc = sample_doc
    assert styled(doc, "Title") == ["Staff Platform Engineer"]
    assert "Document: Role blueprint" in [p.text for p in doc.paragraphs]
    props = doc.core_properties
    assert props.title == "Staff Platform Engineer"
    assert props.subject == "Role blueprint: Staff Platform Engineer"
    assert props.author == "drafter" and props.last_modified_by == "drafter"
    assert "Platform Engineering" in props.keywords
    assert props.created is not None and props.created.year >= 2024


def test_headings_in_seed_order(sample_doc):
    bp, doc = sample_doc
    assert styled(doc, "Heading 1") == [s.heading for s in BLUEPRINT_SECTIONS]
    h2 = styled(doc, "Heading 2")
    assert (
        h2.index("Strategic responsibilities") < h2.index("Daily activities") < h2.index("Must-have technical skills")
    )
    # heading levels: a Heading 2 never comes before the first Heading 1
    styles = [name for name, _ in style_names(doc) if name.startswith("Heading")]
    assert styles[0] == "Heading 1"


def test_real_tables_with_header_rows(sample_doc):
    bp, doc = sample_doc
    assert len(doc.tables) == 4
    kpi, tools, interview, final = doc.tables
    assert tuple(c.text for c in kpi.rows[0].cells) == KPI_COLUMNS
    assert tuple(c.text for c in tools.rows[0].cells) == TOOL_COLUMNS
    assert [c.text for c in interview.rows[0].cells][0] == "Dimension"
    assert [c.text for c in final.rows[0].cells] == ["Category", "Summary"]
    assert len(kpi.rows) == len(bp.kpis.rows) + 1
    assert kpi.rows[1].cells[0].text == bp.kpis.rows[0].name
    for t in doc.tables:
        assert t.style.name in ("Light Grid Accent 1", "Table Grid")
        header = t.rows[0]._tr.trPr
        assert header is not None and header.find(qn("w:tblHeader")) is not None  # repeats on every page
        assert all(r.cells[0].paragraphs[0].runs[0].bold for r in t.rows)
    # list values inside a cell: one numbered line each
    top = next(r for r in final.rows if r.cells[0].text == "Top responsibilities")
    lines = top.cells[1].text.split("\n")
    assert lines[0].startswith("1. ") and len(lines) == len(bp.scorecard.top_responsibilities)


def test_bullets_are_list_paragraphs(sample_doc):
    bp, doc = sample_doc
    bullets = styled(doc, "List Bullet")
    assert bp.activities.daily[0] in bullets
    assert bp.tech_stack.infrastructure[0] in bullets
    details = styled(doc, "List Bullet 2")
    skill = bp.technical_skills.must_have[0]
    assert f"Importance: {skill.importance.value}" in details
    label_run = next(p for p in doc.paragraphs if p.text.startswith("Importance: ")).runs[0]
    assert label_run.bold and label_run.text == "Importance: "


def test_numbered_lists_restart_where_the_seeds_restart(bp):
    for group in ("must_have", "good_to_have", "advanced", "emerging"):
        for i, skill in enumerate(getattr(bp.technical_skills, group)):
            skill.name = f"{group} skill {i}"
    doc = read(bp)
    numbered = [p for name, p in style_names(doc) if name == "List Number"]
    by_text = {p.text: p for p in numbered}
    # responsibilities: one running count across the groups (strategic 1..n, operational n+1..)
    first_strategic = by_text[bp.responsibilities.strategic[0]]
    first_operational = by_text[bp.responsibilities.operational[0]]
    assert start_override(doc, num_id(first_strategic)) == 1
    assert start_override(doc, num_id(first_operational)) == len(bp.responsibilities.strategic) + 1
    # technical skills: each group starts again at 1, in its own numbering
    must = by_text[bp.technical_skills.must_have[0].name]
    good = by_text[bp.technical_skills.good_to_have[0].name]
    assert num_id(must) != num_id(good)
    assert start_override(doc, num_id(must)) == start_override(doc, num_id(good)) == 1
    # items of one list share their numbering
    second = by_text[bp.technical_skills.must_have[1].name]
    assert num_id(second) == num_id(must)


def test_tricky_characters_preserved_and_control_characters_dropped():
    bp = hostile_blueprint(extra=" — Ünïcödé ✓" + CONTROL + "end")
    doc = read(bp)  # would raise in python-docx/lxml if control characters got through
    assert styled(doc, "Title") == [f"Staff Platform Engineer {PAYLOAD} — Ünïcödé ✓end"]
    texts = [p.text for p in doc.paragraphs]
    assert any(PAYLOAD in t for t in styled(doc, "List Number"))
    assert any(PAYLOAD in t for t in styled(doc, "List Bullet"))
    assert f"Note for kpis: {PAYLOAD}" in texts
    assert doc.tables[0].rows[1].cells[0].text.endswith(PAYLOAD + " — Ünïcödé ✓end")
    assert "Appendix: Unmapped content" in styled(doc, "Heading 1")
    assert f"Leftover {PAYLOAD}" in styled(doc, "Heading 2")
    assert doc.core_properties.title.endswith("✓end")


def test_line_breaks_inside_text(bp):
    bp.hiring.exercises[0].description = "Design a path with:\n– registry\n– canary"
    doc = read(bp)
    p = next(p for p in doc.paragraphs if "Design a path with:" in p.text)
    assert p.text.endswith("Design a path with:\n– registry\n– canary")
    assert len(p._p.findall(".//" + qn("w:br"))) == 2


def test_missing_section_placeholder(bp):
    bp.tools = None
    doc = read(bp)
    texts = [p.text for p in doc.paragraphs]
    i = texts.index("10) Tools, Platforms, and Software")
    assert texts[i + 1] == "This section has not been written yet."
    assert len(doc.tables) == 3


def test_career_guide_salary_table(guide):
    doc = read(guide)
    assert styled(doc, "Heading 1") == [
        "1) Role Summary",
        "3) Core Responsibilities",
        "14) Required Experience and Qualifications",
        "Market Demand",
        "Salary Ranges (US Market, 2024)",
        "Industry Trends",
        "Best Practices",
    ]
    (table,) = doc.tables
    assert [c.text for c in table.rows[0].cells] == ["Figure", "Amount", "As stated in the source"]
    assert table.rows[2].cells[1].text == "$184,594 – $222,992 per year"
    assert doc.core_properties.subject == "Career guide: Platform Engineering Director"


@pytest.mark.parametrize("title", ["Empty", "x" * 300])
def test_minimal_blueprint(title):
    from drafter.schema.models import Blueprint, RoleMeta

    doc = read(Blueprint(meta=RoleMeta(title=title)))
    assert styled(doc, "Title") == [title]
    assert len(styled(doc, "Heading 1")) == 20  # all required sections, as placeholders
