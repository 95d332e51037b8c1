"""Quality rules: errors and warnings, by document kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.findings import Severity
from drafter.readers import read_document, read_text
from drafter.schema import models as m
from drafter.schema.enums import DocumentKind, Level, Track
from drafter.testing import sample_blueprint
from drafter.titles import TitleEntry
from drafter.validate import has_errors, validate_blueprint, validate_document, validate_section
from drafter.validate.rules import check_titles, required_sections

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def codes(findings, severity=None):
    return [f.code for f in findings if severity is None or f.severity == severity]


@pytest.fixture(scope="module")
def seed_docs():
    return {p.name[:3]: read_document(p) for p in sorted(SEEDS.iterdir())}


def test_full_seed_blueprints_have_no_errors_or_warnings(seed_docs):
    for number in ("003", "004"):
        findings = validate_document(seed_docs[number])
        assert codes(findings, Severity.error) == [], number
        assert codes(findings, Severity.warning) == [], number


def test_career_guides_have_no_errors_or_warnings(seed_docs):
    for number in ("000", "001"):
        findings = validate_document(seed_docs[number])
        assert not has_errors(findings)
        assert codes(findings, Severity.warning) == [], number
        assert "noise-removed" in codes(findings, Severity.info)
    assert validate_document(seed_docs["002"]) == []


def test_profiles():
    assert len(required_sections("role_blueprint")) == 20
    assert required_sections("career_guide") == ["summary", "responsibilities", "experience"]


def test_missing_section_and_required_fields():
    bp = sample_blueprint()
    bp.kpis = None
    bp.summary.why_it_exists = ""
    bp.technical_skills.must_have = []
    bp.scorecard.role_title = " "
    found = {(f.code, f.section, f.field) for f in validate_blueprint(bp) if f.severity == Severity.error}
    assert ("missing-section", "kpis", None) in found
    assert ("required-field", "summary", "why_it_exists") in found
    assert ("required-field", "technical_skills", "must_have") in found
    assert ("required-field", "scorecard", "role_title") in found


def test_empty_tables_are_errors():
    bp = sample_blueprint()
    bp.tools.rows = []
    bp.kpis.rows = [m.KPI(name="", measures="", why_it_matters="")]
    errors = [(f.code, f.section, f.field) for f in validate_blueprint(bp) if f.severity == Severity.error]
    assert ("empty-table", "tools", "rows") in errors
    assert ("required-field", "kpis", "rows[0].name") in errors


def test_career_guide_profile_requires_less():
    bp = m.Blueprint(
        kind=DocumentKind.career_guide,
        meta=m.RoleMeta(title="X"),
        summary=m.RoleSummary(what_it_is="x", why_it_exists="", business_value="", horizon="Current"),
    )
    found = {(f.code, f.section) for f in validate_blueprint(bp)}
    assert found == {("missing-section", "responsibilities"), ("missing-section", "experience")}


def test_short_lists_and_duplicates():
    bp = sample_blueprint(depth="full")
    bp.kpis.rows = bp.kpis.rows[:2]  # norm 20
    bp.risks.challenges = ["Scope creep across teams", "scope creep across teams!"]
    bp.risks.bottlenecks = ["Scope creep across teams"] + bp.risks.bottlenecks
    warnings = [(f.code, f.section, f.field) for f in validate_blueprint(bp) if f.severity == Severity.warning]
    assert ("short-list", "kpis", "rows") in warnings
    assert ("duplicate-item", "risks", "challenges[1]") in warnings
    assert ("duplicate-item", "risks", "bottlenecks[0]") in warnings


def test_empty_lists_are_one_warning_per_section():
    bp = sample_blueprint()
    bp.risks.bottlenecks = []
    bp.risks.anti_patterns = []
    bp.stakeholders.external = []  # "if any": allowed to be empty
    bp.kpis.rows = bp.kpis.rows[:5]
    w = [f for f in validate_blueprint(bp) if f.code == "empty-list"]
    assert [(f.section, f.field) for f in w] == [("risks", "bottlenecks")]
    assert w[0].message == "nothing listed under 'Bottlenecks', 'Anti-patterns'"
    short = next(f for f in validate_blueprint(bp) if f.code == "short-list" and f.section == "kpis")
    assert short.message == "the KPI table has 5 rows; the seed blueprints have about 20"


def test_kpi_rows_without_target_or_frequency():
    bp = sample_blueprint()
    bp.kpis.rows[1].target = None
    bp.kpis.rows[2].frequency = ""
    w = [(f.code, f.field) for f in validate_blueprint(bp) if f.code == "kpi-incomplete"]
    assert w == [("kpi-incomplete", "rows[1].target"), ("kpi-incomplete", "rows[2].frequency")]


def test_level_contradicts_decision_rights():
    bp = sample_blueprint()
    bp.meta.level, bp.meta.track = Level.junior, Track.individual_contributor
    bp.decision_rights.independent = [
        "Owns the team budget for cloud spend.",
        "Is the final approver for architecture changes.",
    ]
    bp.decision_rights.authority = [
        m.Authority(area="Hiring", scope=["Makes hiring decisions for the team."]),
        m.Authority(area="Budget", scope=["Does not own budget; influences through proposals."]),
    ]
    w = [f for f in validate_blueprint(bp) if f.code == "level-contradiction"]
    assert [f.field for f in w] == ["independent[0]", "independent[1]", "authority[0].scope[0]"]
    assert "owns the budget" in w[0].message and "final approver" in w[1].message

    bp.meta.level, bp.meta.track = Level.director, Track.manager
    bp.decision_rights.independent = []
    bp.decision_rights.authority = [m.Authority(area="Delivery", scope=["Owns delivery of the roadmap."])]
    w = [f.message for f in validate_blueprint(bp) if f.code == "level-contradiction"]
    assert any("no decisions it can make independently" in x for x in w)
    assert any("neither budget nor hiring authority" in x for x in w)


def test_seed_003_negations_are_not_contradictions(seed_docs):
    bp = seed_docs["003"].blueprint  # mid IC: "does not own budget", "not a hiring manager unless..."
    assert [f for f in validate_blueprint(bp) if f.code == "level-contradiction"] == []


def test_unmapped_content_in_json_is_reported():
    bp = sample_blueprint()
    bp.unmapped = [m.UnmappedContent(heading="Benefits", text="Free lunch", line=40, section=None)]
    doc = read_text(bp.model_dump_json(), name="x.json")
    w = [f for f in validate_document(doc) if f.code == "unmapped-content"]
    assert len(w) == 1 and w[0].line is None and "line 40 of the source document" in w[0].message


def test_lines_point_into_the_source(seed_docs):
    text = (
        (SEEDS / "004_30b932585fa1d141.txt")
        .read_text(encoding="utf-8")
        .replace("Reduce by 20–40% over 12 months Monthly", "Reduce by 20–40% over 12 months")
    )
    doc = read_text(text, name="004.txt")
    f = next(f for f in validate_document(doc) if f.code == "kpi-incomplete")
    assert (f.section, f.field, f.line) == ("kpis", "rows[1].frequency", 227)
    assert f.to_dict()["section_title"] == "KPIs and Productivity Metrics"


def test_validate_section_for_the_editor():
    sec = m.KPIs(rows=[m.KPI(name="Uptime", measures="Availability", why_it_matters="Trust")])
    assert codes(validate_section("kpis", sec)) == ["kpi-incomplete", "short-list"]


def test_title_index_checks():
    entries = [
        TitleEntry("Head of SRE", "Leads SRE.", 1),
        TitleEntry("", "x", 3),
        TitleEntry("Head of SRE", "dup", 5),
        TitleEntry("A" * 130, "long", 7),
        TitleEntry("Director of Data", None, 9),
    ]
    found = [(f.code, f.severity.value, f.line) for f in check_titles(entries)]
    assert found == [
        ("bad-title", "error", 3),
        ("duplicate-title", "error", 5),
        ("bad-title", "error", 7),
        ("missing-summary", "warning", 9),
    ]
    assert [f.code for f in check_titles([])] == ["no-entries"]
