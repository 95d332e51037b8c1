"""Seed 004: a full blueprint as plain text with site noise and flattened tables."""

from __future__ import annotations

from drafter.readers.tables import split_kpi_row, split_tool_row
from drafter.readers.text import read_plain
from drafter.schema.enums import Commonality, Horizon, Importance, Level, Track


def test_format_kind_meta(doc004):
    bp = doc004.blueprint
    assert (doc004.format, doc004.kind) == ("blueprint-text", "role_blueprint")
    assert bp.meta.title == "Director of Machine Learning Engineering"
    assert (bp.meta.level, bp.meta.track) == (Level.director, Track.manager)
    assert bp.meta.reports_to == "VP Engineering or SVP Engineering"
    assert bp.meta.role_family == "Machine Learning Engineering"
    assert bp.unmapped == []


def test_noise_removed_and_reported(doc004):
    noise = [f for f in doc004.findings if f.code == "noise-removed"]
    assert len(noise) == 2 and all(f.severity.value == "info" for f in noise)
    assert "Cosmetic Hospitals" in noise[0].message and noise[0].line == 1
    assert "Cardiac Hospitals" in noise[1].message and noise[1].line == 872
    text = doc004.blueprint.model_dump_json(exclude={"source"})
    for junk in ("Cosmetic", "Cardiac", "Notify of", "Subscribe", "DevOpsSchool", "Comments"):
        assert junk not in text
    assert len(doc004.blueprint.source.ignored_noise) == 2


def test_counts(doc004):
    bp = doc004.blueprint
    r = bp.responsibilities
    assert [
        len(r.strategic),
        len(r.operational),
        len(r.technical),
        len(r.cross_functional),
        len(r.governance),
        len(r.leadership),
    ] == [5, 4, 5, 4, 2, 3]
    assert len(bp.kpis.rows) == 20
    assert len(bp.tools.rows) == 32
    assert [
        len(bp.technical_skills.must_have),
        len(bp.technical_skills.good_to_have),
        len(bp.technical_skills.advanced),
        len(bp.technical_skills.emerging),
    ] == [8, 5, 4, 4]
    assert len(bp.soft_skills.skills) == 9
    assert len(bp.deliverables.groups) == 6
    assert len(bp.hiring.assess) == 7 and len(bp.hiring.exercises) == 4 and len(bp.hiring.scorecard) == 8


def test_summary_run_on_paragraphs(doc004):
    s = doc004.blueprint.summary
    assert s.business_value.startswith("Business value created includes faster time-to-market")
    assert "This is a Current role" not in s.business_value
    assert s.horizon == Horizon.current
    assert s.horizon_note == "widely established in modern software organizations operating ML in production"
    assert len(s.typical_interactions) == 7  # an en-dash run inside one paragraph
    assert s.typical_interactions[0] == "Product Management (PM) and Product Design"


def test_kpi_rows_split_exactly(doc004):
    rows = doc004.blueprint.kpis.rows
    k = rows[0]
    assert (k.name, k.measures, k.why_it_matters, k.target, k.frequency) == (
        "ML feature delivery throughput",
        "Count of ML-powered features/models released to production (by tier/impact)",
        "Ensures ML work ships and compounds",
        "2–6 meaningful releases/quarter (context-dependent)",
        "Monthly/Quarterly",
    )
    k = rows[6]
    assert (k.name, k.target, k.frequency) == (
        "Time to mitigate (TTM) ML incidents",
        "< 2–8 hours depending on severity",
        "Per incident / Monthly",
    )
    k = rows[9]
    assert (k.why_it_matters, k.target) == (
        "Improves unit economics and scalability",
        "Reduce 10–30% YoY (maturity dependent)",
    )
    k = rows[11]
    assert (k.measures, k.why_it_matters) == (
        "Success rate of scheduled pipelines; freshness SLAs",
        "ML quality depends on data health",
    )
    k = rows[15]
    assert (k.name, k.target, k.frequency) == ("Stakeholder satisfaction score", "≥ 4.2/5 average", "Quarterly")
    assert all(k.target and k.frequency for k in rows)


def test_tool_rows_split_exactly(doc004):
    rows = [(t.category, t.name, t.primary_use, t.commonality, t.commonality_note) for t in doc004.blueprint.tools.rows]
    assert rows[0] == (
        "Cloud platforms",
        "AWS / GCP / Azure",
        "Core infrastructure for training, serving, storage, networking",
        Commonality.common,
        None,
    )
    assert rows[7] == (
        "ML lifecycle",
        "MLflow",
        "Experiment tracking, model registry",
        Commonality.common,
        "in many orgs",
    )
    assert rows[10] == (
        "Data processing",
        "Databricks",
        "Managed Spark + notebooks + workflows",
        Commonality.optional,
        "/ Context-specific",
    )
    assert rows[16][:3] == (
        "Model serving",
        "KFServing / KServe / Seldon (or custom)",
        "Serving layer patterns on Kubernetes",
    )
    assert rows[22][:3] == ("Security", "HashiCorp Vault / cloud secrets manager", "Secrets storage and rotation")
    assert rows[23][:3] == ("Security", "SAST/Dependency scanning tools", "Secure SDLC and supply chain controls")
    assert rows[24][:3] == ("Governance", "Data catalog (e.g., DataHub/Collibra)", "Metadata, lineage, discovery")
    assert rows[12][:3] == (
        "Data transformation",
        "dbt",
        "Analytics engineering, transformations (esp. warehouse-centric stacks)",
    )


def test_skills_text_layout(doc004):
    ts = doc004.blueprint.technical_skills
    s = ts.must_have[0]
    assert (s.name, s.importance) == ("Production ML systems engineering", Importance.critical)
    assert s.description.startswith("Building ML systems that run reliably in production")
    assert s.use == "Architecture decisions, review of designs, operational accountability."
    assert (ts.good_to_have[1].importance, ts.good_to_have[1].importance_note) == (
        Importance.optional,
        "depends on product",
    )
    assert (ts.advanced[3].importance, ts.advanced[3].importance_note) == (
        Importance.critical,
        "for orgs beyond a single ML squad",
    )
    assert ts.emerging[0].name == "Model gateway and policy-based routing (Context-specific)"
    soft = doc004.blueprint.soft_skills.skills[0]
    assert soft.name == "Strategic prioritization and trade-off judgment"
    assert soft.strong_performance.startswith("Clear rationale for priorities")


def test_decision_rights_authority_headings(doc004):
    dr = doc004.blueprint.decision_rights
    assert [a.area for a in dr.authority] == ["Budget", "Architecture", "Delivery", "Hiring and org", "Compliance"]
    assert len(dr.authority[0].scope) == 2
    assert len(dr.team_approval) == 3 and len(dr.manager_approval) == 4 and dr.executive_approval == []
    assert dr.notes == ["Decision rights vary by company maturity; below is a conservative enterprise-grade baseline."]


def test_variants_and_lists_with_lead_ins(doc004):
    bp = doc004.blueprint
    assert [v.context for v in bp.variants.company_size] == [
        "Startup / early-stage",
        "Mid-size growth company",
        "Large enterprise",
    ]
    assert len(bp.variants.company_size[2].points) == 3
    geo = bp.variants.geography[0]
    assert geo.points[0] == "Minimal changes in core responsibilities. Differences appear in:" and len(geo.points) == 4
    assert bp.tech_stack.notes == ["Common patterns the Director may oversee:"]
    assert len(bp.tech_stack.team_topology) == 4
    assert bp.experience.notes == [
        "Certifications rarely substitute for demonstrated leadership and production ML engineering outcomes."
    ]


def test_hiring(doc004):
    h = doc004.blueprint.hiring
    assert h.assess[0].startswith("Production ML systems depth – Can the candidate describe")
    e = h.exercises[1]
    assert (e.name, e.duration) == ("MLOps maturity assessment", "take-home or live")
    assert e.description.endswith("Evaluate: roadmap quality, sequencing, pragmatism, stakeholder management.")
    assert h.exercises[2].duration is None
    assert [d.dimension for d in h.scorecard][:2] == ["ML Systems & Architecture", "MLOps & Platform Engineering"]
    assert h.notes == ["Use consistent scoring (e.g., 1–5) across dimensions:"]


def test_final_scorecard_rows(doc004):
    sc = doc004.blueprint.scorecard
    assert sc.role_title == "Director of Machine Learning Engineering"
    assert sc.reports_to == "VP Engineering or SVP Engineering (sometimes CTO in smaller orgs)"
    assert sc.top_responsibilities[3] == "Production operations (SLIs/SLOs, incident readiness)"
    assert len(sc.top_responsibilities) == len(sc.top_technical_skills) == len(sc.top_soft_skills) == 10
    assert sc.top_tools[-1] == "Secrets/IAM (Vault or cloud equivalents)"
    assert len(sc.main_deliverables) == 9
    assert sc.career_progression.startswith("VP Machine Learning Engineering")


def test_text_reader_directly(seed):
    blocks = read_plain(seed["004"].read_text(encoding="utf-8"))
    numbered = [b for b in blocks if b.kind == "heading" and b.number]
    assert [b.number for b in numbered] == list(range(1, 21))
    assert numbered[6].line == 221
    tables = [b for b in blocks if b.kind == "table"]
    assert [len(t.rows) - 1 for t in tables] == [20, 32, 11]
    assert all(t.flat for t in tables)


def test_flattened_rows_from_the_003_tables_split_back(doc003):
    """Flatten 003's real HTML tables to text and split them again: every row comes back exactly."""
    for k in doc003.blueprint.kpis.rows:
        flat = " ".join([k.name, k.measures, k.why_it_matters, k.target, k.frequency])
        assert split_kpi_row(flat) == [k.name, k.measures, k.why_it_matters, k.target, k.frequency]
    for t in doc003.blueprint.tools.rows:
        common = t.commonality.value + (f" ({t.commonality_note})" if t.commonality_note else "")
        flat = " ".join([t.category, t.name, t.primary_use, common])
        assert split_tool_row(flat)[:3] == [t.category, t.name, t.primary_use]
