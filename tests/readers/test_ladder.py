"""Career ladders: one blueprint per level (shared content + that level's), in the library, import and validate."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from drafter.cli import app
from drafter.readers import read_document, read_ladder
from drafter.readers.ladder import level_title, strip_level_name
from drafter.render.markdown import render_markdown
from drafter.readers import read_text
from drafter.schema.enums import Level, Track

DATA = Path(__file__).with_name("data")
FAMILY = DATA / "ladder_support_family.md"
IC = DATA / "ladder_ic_levels.md"


def test_job_family_levels_with_shared_content():
    levels = read_ladder(FAMILY)
    assert [d.level for d in levels] == ["Support Associate", "Support Specialist", "Senior Support Specialist"]
    assoc, spec, senior = (d.blueprint for d in levels)
    assert [(b.meta.level, b.meta.track) for b in (assoc, spec, senior)] == [
        (Level.junior, Track.individual_contributor),
        (Level.mid, Track.individual_contributor),  # between junior and senior
        (Level.senior, Track.individual_contributor),
    ]
    # The level's own content, from "Support Associate Responsibilities" etc.
    assert assoc.responsibilities.items[0] == "Answer customer questions by chat and email within our response targets"
    assert assoc.experience.years == ["1+ year of experience in a customer-facing role"]
    assert senior.responsibilities.items[0] == "Lead the support response during incidents"
    assert "The Senior Support Specialist is a grade 6." in senior.career_path.items
    # ... and nothing of the other levels.
    dumped = assoc.model_dump_json()
    assert "Lead the support response during incidents" not in dumped and "grade 5" not in dumped
    # Shared: the family description, performance indicators, career ladder, hiring process, specialties.
    for b in (assoc, spec, senior):
        assert b.summary.what_it_is.startswith("Support team members help Lumen's customers")
        assert [k.name for k in b.kpis.rows] == ["Customer satisfaction score", "First response time"]
        assert b.hiring.process[0] == "A 30 minute screening call with a recruiter"
        assert [v.context for v in b.variants.specialties] == ["Billing", "Enterprise"]
        assert b.variants.specialties[0].points == [
            "Resolve invoice, refund and payment-method questions",
            "Work with finance on disputed charges",
        ]
        assert b.unmapped == []
    assert assoc.meta.reports_to == "Support Team Lead"  # "The Support Associate reports to the Support Team Lead."
    whole = read_document(FAMILY)
    assert len(whole.levels) == 3 and whole.blueprint.meta.title == "Support"


def test_ic_code_levels_get_the_family_name_and_the_all_levels_expectations():
    levels = read_ladder(IC)
    assert [d.blueprint.meta.title for d in levels] == [
        "Data engineering IC1",
        "Data engineering IC2",
        "Data engineering IC3",
    ]
    assert [d.blueprint.meta.level for d in levels] == [Level.junior, Level.mid, Level.senior]
    ic2 = levels[1].blueprint
    assert ic2.responsibilities.items == [
        "Writes clear documentation for the pipelines they own",  # "All Levels"
        "Treats data privacy as part of the job, not an afterthought",
        "Impact: Delivers small projects end to end with little guidance.",  # bold-less labels kept with their text
        "Scope: Owns a set of pipelines and their alerts.",
        "Teamwork: Reviews peers' changes thoughtfully.",
    ]


def test_level_blueprints_round_trip_through_markdown():
    for d in read_ladder(FAMILY) + read_ladder(IC):
        back = read_text(render_markdown(d.blueprint), name="level.md").blueprint
        assert back.model_dump(exclude={"source"}) == d.blueprint.model_dump(exclude={"source"})


def test_a_single_role_page_is_not_a_ladder():
    assert read_ladder(DATA / "handbook_platform_engineer.md") == []
    assert read_ladder(Path(__file__).resolve().parents[1] / "validate" / "data" / "posting_data_analyst.md") == []


def test_import_writes_one_blueprint_per_level(tmp_path):
    result = CliRunner().invoke(app, ["import", str(FAMILY), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.stdout
    assert "a career ladder of 3 levels (Support Associate, Support Specialist, Senior Support Specialist)" in (
        " ".join(result.stdout.split())
    )
    names = sorted(p.name for p in tmp_path.glob("*.json"))
    assert names == ["senior-support-specialist.json", "support-associate.json", "support-specialist.json"]
    data = json.loads((tmp_path / "support-specialist.json").read_text(encoding="utf-8"))
    assert (data["meta"]["title"], data["meta"]["level"], data["meta"]["track"]) == (
        "Support Specialist",
        "mid",
        "individual_contributor",
    )
    assert (tmp_path / "support-specialist.md").read_text(encoding="utf-8").startswith("# Support Specialist")


def test_validate_reports_per_level():
    result = CliRunner().invoke(app, ["validate", "-f", "json", str(IC)])
    data = json.loads(result.stdout)
    assert [f["level"] for f in data["files"]] == ["IC1", "IC2", "IC3"]
    assert data["files"][0]["path"].endswith("ladder_ic_levels.md [level IC1]")
    assert data["files"][0]["coverage"]["profile"] == "posting"
    result = CliRunner().invoke(app, ["validate", str(FAMILY)])
    assert result.stdout.count("[level ") == 3 and "3 files checked" in result.stdout


def test_level_helpers():
    assert strip_level_name("Senior Paralegal Requirements", "Senior Paralegal") == "Requirements"
    assert strip_level_name("Job Grade", "Senior Paralegal") == "Job Grade"
    assert level_title("IC3", "Sourcegraph engineering career development framework") == "Sourcegraph engineering IC3"
    assert level_title("Senior Paralegal", "Paralegal") == "Senior Paralegal"
