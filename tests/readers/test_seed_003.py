"""Seed 003: a full blueprint as WordPress REST JSON (HTML in content.rendered)."""

from __future__ import annotations

import json

from drafter.readers.html import read_html
from drafter.schema.enums import Commonality, Horizon, Importance, Level, Track


def test_format_kind_and_meta(doc003):
    bp = doc003.blueprint
    assert (doc003.format, doc003.kind) == ("wordpress-json", "role_blueprint")
    assert bp.meta.title == "AI Platform Engineer"
    assert bp.meta.level == Level.mid  # "this blueprint assumes mid-level"
    assert bp.meta.track == Track.individual_contributor
    assert bp.meta.reports_to == "ML Platform Engineering Manager"
    assert bp.meta.role_family == "AI Platform Engineering"
    assert bp.source.url.startswith("https://www.devopsschool.com/blog/ai-platform-engineer")
    assert bp.unmapped == []
    assert [f for f in doc003.findings if f.severity.value != "info"] == []


def test_all_twenty_sections(doc003):
    from drafter.schema.sections import BLUEPRINT_SECTIONS

    assert all(getattr(doc003.blueprint, s.key) is not None for s in BLUEPRINT_SECTIONS)


def test_counts(doc003):
    bp = doc003.blueprint
    r = bp.responsibilities
    counts = [
        len(r.strategic),
        len(r.operational),
        len(r.technical),
        len(r.cross_functional),
        len(r.governance),
        len(r.leadership),
    ]
    assert counts == [5, 5, 6, 3, 3, 2] and sum(counts) == 24
    assert len(bp.kpis.rows) == 23
    assert len(bp.tools.rows) == 36
    assert [
        len(bp.technical_skills.must_have),
        len(bp.technical_skills.good_to_have),
        len(bp.technical_skills.advanced),
        len(bp.technical_skills.emerging),
    ] == [8, 6, 5, 4]
    assert len(bp.soft_skills.skills) == 8
    assert len(bp.hiring.scorecard) == 8 and len(bp.hiring.exercises) == 4
    assert [len(g.items) for g in bp.deliverables.groups] == [5, 5, 4, 3]


def test_summary_fields(doc003):
    s = doc003.blueprint.summary
    assert s.what_it_is.startswith("The AI Platform Engineer designs, builds, and operates")
    assert s.why_it_exists.startswith("This role exists in software and IT organizations")
    assert s.business_value.startswith("The business value is accelerated AI delivery")
    assert s.horizon == Horizon.emerging
    assert s.horizon_note.startswith("AI platform patterns are stabilizing")
    assert s.typical_interactions[0] == "AI/ML Engineering, Data Science, and Applied ML teams"
    assert len(s.typical_interactions) == 6
    assert s.seniority.startswith("Mid-level to Senior individual contributor (IC)")
    assert s.reporting_line.startswith("Reports to ML Platform Engineering Manager")


def test_bold_lead_ins_become_plain_text(doc003):
    r = doc003.blueprint.responsibilities
    assert r.strategic[0] == (
        "Define and evolve AI platform “paved roads” for training, deployment, and monitoring, "
        "balancing flexibility with standardization."
    )
    assert r.operational[2].startswith("Manage lifecycle hygiene: version upgrades")


def test_skills_with_labelled_lines(doc003):
    ts = doc003.blueprint.technical_skills
    first = ts.must_have[0]
    assert first.name == "Cloud infrastructure fundamentals (AWS/Azure/GCP)"
    assert first.description == "Networking, compute, storage, IAM, managed services, and reliability patterns."
    assert first.use.startswith("Running training/serving infrastructure")
    assert first.importance == Importance.critical and first.importance_note is None
    agentic = ts.emerging[1]
    assert agentic.importance == Importance.optional
    assert agentic.importance_note == "→ Important (depends on company adoption)"
    assert ts.emerging[2].description is None  # the seed gives no description for this one
    assert ts.advanced[-1].importance == Importance.important
    assert ts.advanced[-1].importance_note == "Critical in regulated/high-risk use cases"


def test_soft_skills(doc003):
    s = doc003.blueprint.soft_skills.skills[0]
    assert s.name == "Platform product mindset"
    assert s.why_it_matters.startswith("AI platforms succeed when treated as internal products")
    assert s.on_the_job.startswith("Gathers user needs")
    assert s.strong_performance.startswith("Users voluntarily adopt paved roads")


def test_kpi_and_tool_tables(doc003):
    bp = doc003.blueprint
    k = bp.kpis.rows[0]
    assert (k.name, k.frequency) == ("Platform adoption rate", "Monthly")
    assert k.target == "+20–40% YoY adoption; or 70%+ of new deployments on paved road"
    assert bp.kpis.rows[-1].frequency == "Annual/Quarterly"
    mlflow = next(t for t in bp.tools.rows if t.name == "MLflow")
    assert (mlflow.category, mlflow.commonality, mlflow.commonality_note) == (
        "AI/ML lifecycle",
        Commonality.context_specific,
        "Common in many orgs",
    )
    assert bp.tools.rows[1].category == "Container & orchestration"  # &amp; decoded
    assert bp.kpis.notes and bp.tools.notes  # the introductory paragraphs are kept


def test_stakeholders_decisions_variants(doc003):
    bp = doc003.blueprint
    first = bp.stakeholders.internal[0]
    assert first.name == "Head/Director of AI Engineering / ML Platform Manager (manager)"
    assert first.interaction == "priorities, staffing, roadmap alignment, escalation."
    assert bp.stakeholders.external[0].interaction is None
    areas = [(a.area, len(a.scope)) for a in bp.decision_rights.authority]
    assert areas == [("Budget", 1), ("Vendor", 1), ("Delivery", 1), ("Hiring", 1)]
    assert bp.decision_rights.authority[0].scope[0].startswith("usually influences through proposals")
    startup = bp.variants.company_size[0]
    assert startup.context == "Startup / small scale" and len(startup.points) == 2
    assert [v.context for v in bp.variants.company_size] == ["Startup / small scale", "Mid-size SaaS", "Enterprise"]
    assert bp.variants.geography[0].context == "Geography" and len(bp.variants.geography[0].points) == 2


def test_goals_success_definition_and_indicators(doc003):
    g = doc003.blueprint.goals
    assert g.success_definition == "Success means AI teams ship production AI faster and safer because the platform is:"
    assert g.success_indicators[0] == "Reliable (meets SLOs; low incident rates)"
    assert len(g.success_indicators) == 4


def test_hiring_exercises_and_scorecard(doc003):
    h = doc003.blueprint.hiring
    e = h.exercises[0]
    assert (e.name, e.duration) == ("System design case", "60–90 minutes")
    assert e.description == (
        "Design an internal platform path for deploying an ML model to production with: model registry integration; "
        "CI/CD workflow; canary + rollback; monitoring (infra + model signals); access control and audit logging. "
        "Evaluate clarity, tradeoffs, and operational details."
    )
    assert h.exercises[2].duration == "take-home or live, 45–90 minutes"
    d = h.scorecard[0]
    assert (d.dimension, d.meets_bar) == (
        "Cloud + Kubernetes",
        "Can deploy/operate services reliably with secure configs",
    )


def test_final_scorecard(doc003):
    sc = doc003.blueprint.scorecard
    assert sc.role_title == "AI Platform Engineer"
    assert (
        len(sc.top_responsibilities) == 10
        and sc.top_responsibilities[0] == "Deliver AI platform paved roads (training→deploy→monitor)"
    )
    assert len(sc.top_technical_skills) == 10 and len(sc.top_soft_skills) == 10
    assert sc.top_tools[5] == "Prometheus/Grafana (or Datadog)"  # commas inside parentheses do not split
    assert len(sc.main_deliverables) == 8
    assert sc.reports_to is None and sc.extra_rows == []


def test_html_reader_directly(seed):
    html = json.loads(seed["003"].read_text(encoding="utf-8"))["content"]["rendered"]
    blocks = read_html(html)
    headings = [b.text for b in blocks if b.kind == "heading" and b.level == 2]
    assert len(headings) == 20 and headings[6] == "7) KPIs and Productivity Metrics"
    items = [b for b in blocks if b.kind == "item" and b.ordered]
    assert items[5].number == 6  # <ol start="6">
    tables = [b for b in blocks if b.kind == "table"]
    assert [len(t.rows) - 1 for t in tables] == [23, 36, 8, 10]
