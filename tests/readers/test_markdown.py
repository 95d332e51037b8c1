"""Markdown: export layout, reading it back (round trip), handbook pages, one-section editing."""

from __future__ import annotations

import re

import pytest

from drafter.readers import read_document, read_text
from drafter.readers.markdown import read_markdown
from drafter.readers.section import parse_section_markdown
from drafter.render.markdown import render_markdown, render_section_markdown
from drafter.schema import Depth
from drafter.schema.sections import BLUEPRINT_SECTIONS, SECTIONS
from drafter.testing import sample_blueprint


def content(bp) -> dict:
    return bp.model_dump(mode="json", exclude={"source", "generation"})


@pytest.mark.parametrize("number", ["000", "001", "003", "004"])
def test_seed_round_trip(request, number):
    doc = request.getfixturevalue(f"doc{number}")
    md = render_markdown(doc.blueprint)
    back = read_text(md, name=f"{number}.md")
    assert back.format == "markdown"
    assert content(back.blueprint) == content(doc.blueprint)


@pytest.mark.parametrize("depth", list(Depth))
def test_sample_round_trip(depth):
    bp = sample_blueprint(depth=depth)
    back = read_text(render_markdown(bp), name="sample.md").blueprint
    assert content(back) == content(bp)
    assert back.meta.level is None  # our export states its metadata; nothing is inferred on top


def test_markdown_layout(doc003):
    md = render_markdown(doc003.blueprint)
    assert md.startswith("# AI Platform Engineer: Role Blueprint\n")
    headings = re.findall(r"^## (.+)$", md, re.M)
    assert headings == [s.heading for s in BLUEPRINT_SECTIONS]
    assert "| Metric name | What it measures | Why it matters | Example target / benchmark | Frequency |" in md
    assert "1. **Cloud infrastructure fundamentals (AWS/Azure/GCP)**\n   - **Description:** Networking" in md
    assert "   - **Importance:** Optional → Important (depends on company adoption)" in md
    assert "### Strategic responsibilities\n\n- Define and evolve AI platform" in md
    assert "- **Level:** mid\n- **Track:** individual contributor" in md


def test_pipes_and_markup_are_escaped():
    bp = sample_blueprint()
    bp.kpis.rows[0].name = "Latency | p99"
    bp.kpis.rows[0].target = "<5% *errors*"
    bp.responsibilities.strategic[0] = "1) starts like a list, has **stars** and snake_case_names"
    bp.mission.notes = ["# not a heading", "- not a bullet"]
    md = render_markdown(bp)
    assert "Latency \\| p99" in md
    back = read_text(md, name="x.md").blueprint
    assert content(back) == content(bp)


def test_career_guide_parts_render_after_the_sections(doc000):
    md = render_markdown(doc000.blueprint)
    assert md.startswith("# Platform Engineering Director: Career Guide")
    order = re.findall(r"^## (.+)$", md, re.M)
    assert order.index("Market Demand") > order.index("16) Risks, Challenges, and Failure Modes")
    assert "## Salary Ranges (US Market, 2024)" in md
    assert "| Label | Minimum | Maximum | Currency | Period | As stated |" in md
    assert "### Key responsibilities include" in md  # the overview's lists, kept as groups


def test_section_round_trip_for_every_section(doc003, doc000):
    for bp in (doc003.blueprint, doc000.blueprint, sample_blueprint(depth="full")):
        for spec in SECTIONS:
            sec = getattr(bp, spec.key)
            if sec is None:
                continue
            text = render_section_markdown(bp, spec.key)
            model, findings = parse_section_markdown(spec.key, text, kind=bp.kind)
            assert model == sec, spec.key
            assert not [f for f in findings if f.code == "unmapped-content"], spec.key


def test_section_editing_is_forgiving():
    text = """Core mission:  Keep the platform boring.

### Strategic importance
* Every team ships on it
* It is a control point for cost

### Primary outcomes
1. Faster delivery
2. Fewer incidents

Some stray closing thought.
"""
    model, findings = parse_section_markdown("mission", text)
    assert model.core_mission == "Keep the platform boring."
    assert model.strategic_importance == ["Every team ships on it", "It is a control point for cost"]
    assert model.primary_outcomes == ["Faster delivery", "Fewer incidents"]
    assert model.notes == ["Some stray closing thought."]
    assert not [f for f in findings if f.severity.value == "error"]


def test_section_editor_keeps_what_fits_nowhere():
    model, findings = parse_section_markdown("mission", "**Core mission:** Runs things.\n\n- a stray bullet\n")
    assert model.core_mission == "Runs things."
    assert model.notes == ["2) Role Mission: a stray bullet"]
    assert [f.code for f in findings if f.severity.value == "warning"][0] == "unmapped-content"


def test_section_editor_reports_problems():
    model, findings = parse_section_markdown("kpis", "## 7) KPIs\n\nNo table yet.\n")
    assert model.rows == [] and model.notes == ["No table yet."]
    assert any(f.code == "empty-table" and f.severity.value == "error" for f in findings)
    model, findings = parse_section_markdown("summary", "")
    assert model.what_it_is == "" and any(f.code == "required-field" for f in findings)


def test_handbook_page(data_dir):
    doc = read_document(data_dir / "handbook_platform_engineer.md")
    bp = doc.blueprint
    assert (doc.format, doc.kind) == ("markdown", "role_blueprint")
    assert bp.meta.title == "Platform Engineer II"
    assert bp.meta.reports_to == "Platform Engineering Manager"  # from the "Job family · Level · Reports to" line
    assert bp.meta.role_family == "Platform Engineering" and bp.meta.level.value == "mid"
    assert bp.summary.what_it_is.startswith("Platform Engineers at Northwind build and run the paved road")
    assert [g.title for g in bp.responsibilities.other_groups] == ["Build", "Run", "Partner"]
    assert bp.experience.years[0] == "3–5 years building or operating production infrastructure"
    assert bp.experience.education == ["A degree in Computer Science or equivalent practical experience"]
    assert bp.experience.other_groups == []  # "Nice to have" is kept apart from the must-haves, in its own field
    assert bp.experience.preferred == ["Experience with Backstage or another developer portal", "Go or Python for internal tooling"]
    assert [k.name for k in bp.kpis.rows] == [
        "Paved-road adoption",
        "Build runner availability",
        "Lead time for platform changes",
    ]
    assert bp.kpis.rows[2].target == "< 2 days"
    assert [t.name for t in bp.tools.rows] == ["Kubernetes (EKS)", "Terraform", "Backstage"]
    assert bp.career_path.next_roles == ["Senior Platform Engineer (P3), after owning a platform area end to end"]
    assert bp.career_path.adjacent_paths == ["Site Reliability Engineer, Security Engineer"]
    r = bp.salary.ranges[0]
    assert (r.minimum, r.maximum, r.period) == (135000.0, 165000.0, "year")
    assert bp.salary.benefits == ["25 days of paid leave", "Learning budget of $2,000 per year"]
    assert [u.heading for u in bp.unmapped] == [None]
    assert "owner: people-team" not in bp.model_dump_json()  # front matter is not content


def test_markdown_reader_nesting_and_tables():
    blocks = read_markdown(
        "# T\n\n- a\n  - b\n    continued\n- **Label:** text\n\n| A | B \\| C |\n|---|---|\n| 1 | 2 |\n"
    )
    items = [b for b in blocks if b.kind == "item"]
    assert [(b.text, b.level) for b in items] == [("a", 0), ("b", 2), ("text", 0)]
    assert items[1].lines == ["continued"] and items[2].label == "Label"
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows == [["A", "B | C"], ["1", "2"]]


@pytest.mark.parametrize(
    "text",
    [
        "# Data Engineer\n\n# Overview\n\nBuilds pipelines.\n\n# Responsibilities\n\n- Build ETL\n\n# Requirements\n\n"
        "- 3 years of SQL\n- BSc in Computer Science\n- Curiosity\n",
        "# Overview\n\nBuilds pipelines.\n\n## Responsibilities\n\n- Build ETL\n\n## Requirements\n\n"
        "- 3 years of SQL\n- BSc in Computer Science\n- Curiosity\n",
    ],
)
def test_generic_markdown_heading_levels(text):
    bp = read_text(text, name="x.md").blueprint
    assert bp.summary.what_it_is == "Builds pipelines."
    # A bare list lands in the section's typed ungrouped field, not in other_groups.
    assert bp.responsibilities.items == ["Build ETL"] and bp.responsibilities.other_groups == []
    assert (bp.experience.years, bp.experience.education) == (["3 years of SQL"], ["BSc in Computer Science"])
    assert bp.experience.items == ["Curiosity"] and bp.experience.other_groups == []
