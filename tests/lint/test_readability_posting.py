"""DL4xx readability, DL5xx posting completeness, DL6xx unreviewed drafts."""

from __future__ import annotations

from drafter.findings import Severity
from drafter.lint import readability, unreviewed_sections
from drafter.schema import models as m

from .helpers import blueprint, codes, lint, responsibilities, summary

PLAIN = " ".join(["We fix bugs. We ship code. We help the team. We talk to users."] * 4)
DENSE = " ".join(
    ["Institutionalises organisation-wide operationalisation of interdisciplinary governance, "
     "facilitating comprehensive standardisation of infrastructural capabilities and accountability "
     "mechanisms across heterogeneous environments."] * 3
)


def test_grade_plain_vs_dense():
    assert readability.grade(PLAIN) < 4
    assert readability.grade(DENSE) > 20
    assert readability.grade("Too short to tell.") is None


def test_bullets_count_as_sentences():
    items = ["Own the roadmap", "Run the weekly review", "Hire and coach engineers", "Talk to customers"] * 5
    c = readability.Counts()
    for i in items:
        c.add_text(i)
    assert c.sentences == len(items) and c.grade < 8


def test_hard_section_is_info_for_blueprints_and_warning_for_postings():
    bp = blueprint(responsibilities=responsibilities(DENSE), summary=summary(PLAIN))
    (f,) = codes(lint(bp), "DL401")
    assert f.section == "responsibilities" and f.severity == Severity.info and "above 12" in f.message
    (f,) = codes(lint(bp, "posting"), "DL401")
    assert f.severity == Severity.warning
    (overall,) = codes(lint(bp), "DL400")
    assert overall.message.startswith("reading grade ")


def test_posting_needs_pay_and_location():
    bp = blueprint(summary=summary("Build the platform."))
    assert {f.code for f in lint(bp, "posting")} >= {"DL501", "DL502"}
    assert not codes(lint(bp), "DL501", "DL502")  # blueprint profile: not a posting
    (pay,) = codes(lint(bp, "posting"), "DL501")
    assert "EU Pay Transparency" in pay.message and pay.severity == Severity.warning


def test_posting_with_pay_and_location_passes():
    bp = blueprint(summary=summary("Remote (EU time zones). Pay range: EUR 70,000-85,000 a year."))
    assert not codes(lint(bp, "posting"), "DL501", "DL502")
    salary = m.SalaryInfo(ranges=[m.SalaryRange(label="Range", minimum=90000, maximum=120000, text="$90k-$120k")])
    bp = blueprint(summary=summary("Hybrid, two days in the Berlin office."), salary=salary)
    assert not codes(lint(bp, "posting"), "DL501", "DL502")


def _drafted(**extra) -> m.Blueprint:
    bp = blueprint(summary=summary("Build the platform."), responsibilities=responsibilities("Run it."))
    bp.generation = m.GenerationInfo(
        model="openai/gpt-4o-mini",
        sections=[m.SectionUsage(section="summary"), m.SectionUsage(section="responsibilities", status="cached"),
                  m.SectionUsage(section="mission", status="failed")],
        **extra,
    )
    return bp


def test_drafted_sections_marked_until_reviewed():
    found = codes(lint(_drafted()), "DL601")
    assert [f.section for f in found] == ["summary", "responsibilities"]
    assert found[0].severity == Severity.info and "openai/gpt-4o-mini" in found[0].message
    assert codes(lint(_drafted(), "posting"), "DL601")[0].severity == Severity.warning
    assert unreviewed_sections(_drafted(reviewed=["summary"])) == ["responsibilities"]


def test_documents_not_drafted_have_no_provenance_findings():
    assert codes(lint(blueprint(summary=summary("Written by a person."))), "DL601") == []


def test_sections_kept_from_a_document_are_not_model_text():
    bp = _drafted(provenance={"summary": "document", "responsibilities": "drafted"})
    assert unreviewed_sections(bp) == ["responsibilities"]


def test_prompt_asks_cover_the_warning_rules():
    from drafter.lint.asks import ASKS, POSTING_ASKS, asks
    from drafter.lint.rules import RULES

    covered = {c for codes_, _ in ASKS + POSTING_ASKS for c in codes_}
    assert {c for c, r in RULES.items() if r.level == "warning"} <= covered | {"DL601"}
    assert len(asks("posting")) == len(asks()) + 2 and "at most 7 must-have" in " ".join(asks())
