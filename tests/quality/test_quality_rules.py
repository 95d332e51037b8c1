"""The quality rules of bench/quality.py, on hand-made drafts."""

from __future__ import annotations

from drafter import quality as q
from drafter.generate.scorecard import assemble_scorecard
from drafter.schema import models as m
from drafter.schema.enums import Level, Track
from drafter.schema.sections import GENERATED_SECTIONS
from drafter.testing import sample_blueprint


def _distinct(bp: m.Blueprint, seed: str) -> m.Blueprint:
    """Every string of the sample made distinct (the filler's placeholders repeat across nested lists)."""
    counter = iter(range(10_000))

    def walk(model):
        for name, value in model:
            if isinstance(value, str) and not hasattr(value, "value") and name not in ("title",):
                setattr(model, name, f"{seed} text{next(counter)}")
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if isinstance(item, str):
                        value[i] = f"{seed} item{next(counter)}"
                    elif hasattr(item, "model_fields"):
                        walk(item)
            elif hasattr(value, "model_fields"):
                walk(value)

    for spec in GENERATED_SECTIONS:
        walk(getattr(bp, spec.key))
    return bp


def _bp(depth="brief"):
    return _distinct(sample_blueprint("Senior Account Executive", depth=depth), "sales")


def test_a_sample_draft_is_valid_filled_and_within_the_depths_lengths():
    score = q.score_blueprint(_bp(), depth="brief")
    assert score.metrics["schema_valid"] == 1.0
    assert score.metrics["sections"] == 20
    assert score.metrics["list_lengths"] == 1.0
    assert score.metrics["duplicates"] == 0.0


def test_lists_too_long_for_the_depth_are_counted():
    bp = _bp()
    bp.kpis.rows = bp.kpis.rows * 3  # brief allows at most 4
    assert q.list_lengths(bp, "brief") < 1.0
    assert q.schema_valid(bp, "brief") < 1.0


def test_duplicate_items_within_a_section():
    bp = _bp()
    before = q.duplicate_share(bp)
    bp.risks.challenges = ["Quota pressure late in the quarter.", "quota pressure late in the quarter"]
    bp.risks.bottlenecks = ["Quota pressure, late in the quarter!"]
    after = q.duplicate_share(bp)
    assert before == 0.0 and after > 0.0
    # the same text in two different sections is not a duplicate
    bp2 = _bp()
    bp2.risks.challenges[0] = bp2.mission.primary_outcomes[0]
    assert q.duplicate_share(bp2) == 0.0


def test_items_copied_from_the_examples_are_found_by_5_grams(tmp_path):
    example = _distinct(sample_blueprint("Senior Platform Engineer", depth="brief"), "platform")
    example.risks.challenges = ["Balancing platform standardisation with the autonomy that product teams expect every day."]
    (tmp_path / "ex.json").write_text(example.model_dump_json(), encoding="utf-8")
    bp = _bp()
    assert q.copied_share(bp, tmp_path) == 0.0
    bp.risks.challenges = ["Balancing platform standardisation with the autonomy that product teams expect."]
    assert q.copied_share(bp, tmp_path) > 0.0
    grams, shorts, _ = q.example_index(tmp_path)
    assert not q.is_copied("Balancing quota coverage with realistic pipeline expectations for new reps.", grams, shorts)


def test_tools_named_in_skills_must_be_in_the_tools_table(tmp_path):
    bp = _bp()
    bp.tools.rows = [m.Tool(category="CRM", name="Salesforce", primary_use="Pipeline.", commonality="Common")]
    bp.technical_skills.must_have[0].name = "Pipeline management in Salesforce"
    bp.generation = m.GenerationInfo(model="x", profile={"core_tools": ["Salesforce", "Gong"]})
    assert q.tools_in_table(bp, tmp_path) == 1.0
    bp.technical_skills.must_have[1].name = "Call review in Gong"
    assert q.tools_in_table(bp, tmp_path) == 0.5


def test_hiring_must_assess_the_must_have_skills():
    bp = _bp()
    bp.technical_skills.must_have = [m.Skill(name="Discovery calls", importance="Critical"),
                                     m.Skill(name="Negotiation", importance="Critical")]
    bp.hiring.assess = ["How the candidate runs discovery with a new prospect."]
    for field in ("strong_signals", "weak_signals", "red_flags"):
        setattr(bp.hiring, field, [])
    bp.hiring.exercises, bp.hiring.scorecard = [], []
    assert q.hiring_covers(bp) == 0.5


def test_an_assembled_scorecard_comes_from_the_sections_and_an_invented_one_does_not():
    bp = _bp()
    bp.scorecard = assemble_scorecard(bp, "brief")
    assert q.scorecard_from(bp) == 1.0
    bp.scorecard.top_tools = ["Kubernetes"]
    assert q.scorecard_from(bp) < 1.0


def test_level_checks_years_authority_and_people_leadership():
    bp = _bp()
    bp.experience.years = ["10-15 years in enterprise sales"]
    bp.decision_rights.independent = ["Owns the regional budget and approves hiring for the team."]
    bp.responsibilities.leadership = ["Manages a team of six account executives as their line manager."]
    bp.experience.leadership = []
    checks = q.level_checks(bp, Level.junior, Track.individual_contributor)
    assert checks == {"years": False, "no_budget_authority": False, "people_leadership": False}
    checks = q.level_checks(bp, Level.director, Track.manager)
    assert checks == {"years": True, "names_authority": True, "people_leadership": True}


def test_off_family_terms_count_only_outside_engineering():
    bp = _bp()
    bp.tools.rows[0].primary_use = "Deploys to Kubernetes with Terraform and watches Grafana."
    assert q.off_family_terms(bp, "sales") == 3
    assert q.off_family_terms(bp, "engineering") is None


def test_summarise_averages_where_a_metric_applies():
    a = q.DraftScore("a", {name: None for name in q.METRICS} | {"duplicates": 0.2})
    b = q.DraftScore("b", {name: None for name in q.METRICS} | {"duplicates": 0.4})
    assert abs(q.summarise([a, b])["duplicates"] - 0.3) < 1e-9
    assert q.summarise([a, b])["copied"] is None


def test_lint_warnings_are_counted_per_rule_and_unreviewed_is_not():
    bp = _bp()
    before = q.score_blueprint(bp, depth="brief")
    bp.risks.challenges = ["We need a rockstar who is a true culture fit."]
    after = q.score_blueprint(bp, depth="brief")
    assert after.lint_codes.get("DL201", 0) >= before.lint_codes.get("DL201", 0) + 1
    assert after.metrics["lint"] == sum(after.lint_codes.values()) > before.metrics["lint"]
    assert "DL601" not in after.lint_codes
