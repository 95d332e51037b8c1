"""Validation profiles: a coverage line first, grouped findings, `--profile blueprint|posting`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from drafter.cli import app
from drafter.readers import read_document
from drafter.validate import document_coverage, document_profile, validate_document

DATA = Path(__file__).with_name("data")
POSTING = DATA / "posting_data_analyst.md"
SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"


def invoke(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_a_job_post_is_complete_under_the_posting_profile():
    doc = read_document(POSTING)
    bp = doc.blueprint
    assert bp.responsibilities.items[0] == "Build and maintain the weekly growth dashboard"
    assert bp.experience.years == ["2+ years of experience in an analytics role"]
    assert bp.experience.items == ["Fluent SQL and one of Python or R", "Clear writing for people who are not analysts"]
    assert bp.experience.preferred == ["Experience with dbt", "Some Portuguese"]  # kept apart from the must-haves
    assert bp.salary.ranges[0].minimum == 45000 and bp.salary.ranges[0].currency == "EUR"
    assert "25 days of paid holiday" in bp.salary.benefits
    assert document_profile(doc) == "posting"  # auto: a page with few of the 20 sections is a job post
    cov = document_coverage(doc)
    assert cov.missing == () and cov.line().startswith("4 of 4 parts of a job post (posting profile): summary,")
    assert not [f for f in validate_document(doc) if f.severity.value == "error"]


def test_the_same_post_under_the_blueprint_profile_lists_what_is_missing_once():
    code, out = invoke("validate", "--profile", "blueprint", str(POSTING))
    assert code == 1
    lines = out.splitlines()
    assert lines[1].strip().startswith("coverage  3 of 20 sections (blueprint profile): summary, responsibilities,")
    assert "; missing: mission, activities," in lines[1] and lines[1].endswith("; also: salary")
    assert lines[2].strip().startswith("✗ error  17 required sections missing: 2) Role Mission; ")
    assert out.count("required section") == 1  # one line, not seventeen


def test_a_post_without_pay_is_incomplete(tmp_path):
    text = POSTING.read_text(encoding="utf-8").split("### What we offer")[0]
    path = tmp_path / "no_pay.md"
    path.write_text(text, encoding="utf-8")
    code, out = invoke("validate", str(path))
    assert code == 1
    assert "3 of 4 parts of a job post (posting profile): summary, responsibilities, requirements; missing: pay" in out
    code, out = invoke("validate", "-f", "json", str(path))
    data = json.loads(out)
    cov = data["files"][0]["coverage"]
    assert (cov["profile"], cov["missing"], cov["required"]) == ("posting", ["salary"], 4)


def test_seeds_keep_their_profiles():
    for path in sorted(SEEDS.iterdir()):
        doc = read_document(path)
        expected = {"career_guide": "guide", "title_index": None}.get(doc.kind, "blueprint")
        assert document_profile(doc) == expected, path.name
    code, out = invoke("validate", "--profile", "posting", str(next(SEEDS.glob("004_*"))))
    assert code == 1 and "(posting profile)" in out and "; missing: pay" in out  # the blueprints state no pay


def test_unknown_profile_is_refused():
    code, out = invoke("validate", "--profile", "nope", str(POSTING))
    assert code == 2
