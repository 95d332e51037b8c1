"""`drafter validate` with the wording lint: codes, --no-lint, --profile, JSON and SARIF 2.1.0."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from drafter.cli import app

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "data" / "seeds"
SCHEMA = json.loads((REPO / "tests" / "data" / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))

POSTING = """Senior Data Engineer: Role Blueprint

1) Role Summary

What it is: We want a rockstar data engineer to own our pipelines.

3) Core Responsibilities

- Build pipelines with 15+ years of Kubernetes experience.
- Must be a native English speaker and a great culture fit.

14) Required Experience and Qualifications

Education: Bachelor's degree in Computer Science required.
"""


def invoke(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


@pytest.fixture
def posting(tmp_path) -> Path:
    p = tmp_path / "posting.txt"
    p.write_text(POSTING, encoding="utf-8")
    return p


def _codes(data: dict) -> list[str]:
    return [f["code"] for f in data["files"][0]["findings"]]


def test_lint_runs_by_default_and_no_lint_skips_it(posting):
    data = json.loads(invoke("validate", "-f", "json", str(posting))[1])
    codes = _codes(data)
    assert {"DL201", "DL303", "DL304"} <= set(codes)
    rockstar = next(f for f in data["files"][0]["findings"] if f["code"] == "DL201" and "rockstar" in f["message"])
    assert rockstar["section"] == "summary" and rockstar["line"] == 5 and rockstar["suggestion"]
    k8s = next(f for f in data["files"][0]["findings"] if f["code"] == "DL303")
    assert k8s["line"] == 9 and k8s["section"] == "responsibilities"
    no_lint = json.loads(invoke("validate", "-f", "json", "--no-lint", str(posting))[1])
    assert not [c for c in _codes(no_lint) if c.startswith("DL")]


def test_posting_profile_adds_pay_and_location(posting):
    blueprint = _codes(json.loads(invoke("validate", "-f", "json", str(posting))[1]))
    as_posting = _codes(json.loads(invoke("validate", "-f", "json", "--profile", "posting", str(posting))[1]))
    assert "DL501" not in blueprint and {"DL501", "DL502"} <= set(as_posting)


def test_text_output_shows_codes_and_suggestions(posting):
    code, out = invoke("validate", str(posting))
    assert "DL201 'rockstar'" in out and "→ name the skill" in out
    assert code == invoke("validate", "--no-lint", str(posting))[0]  # lint warnings fail only with --strict


def test_bad_profile_is_a_clear_error(posting):
    result = CliRunner().invoke(app, ["validate", "--profile", "advert", str(posting)])
    assert result.exit_code == 2 and "advert" in result.output


def test_sarif_validates_against_the_2_1_0_schema(posting, tmp_path):
    (tmp_path / "empty.md").write_bytes(b"")
    code, out = invoke("validate", "-f", "sarif", str(posting), str(SEEDS), str(tmp_path / "empty.md"))
    assert code == 2
    doc = json.loads(out)
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    jsonschema.Draft4Validator(SCHEMA).validate(doc)
    run = doc["runs"][0]
    assert doc["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "drafter"
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "DL201" in rules
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]
        assert result["locations"][0]["physicalLocation"]["region"]["startLine"] >= 1
    rockstar = next(r for r in run["results"] if r["ruleId"] == "DL201" and "rockstar" in r["message"]["text"])
    loc = rockstar["locations"][0]
    assert loc["physicalLocation"]["region"]["startLine"] == 5
    assert loc["physicalLocation"]["artifactLocation"]["uri"].endswith("posting.txt")
    assert loc["logicalLocations"][0]["fullyQualifiedName"] == "summary.what_it_is"
    assert rockstar["level"] == "warning" and "Suggestion:" in rockstar["message"]["text"]
    invocation = run["invocations"][0]
    assert invocation["executionSuccessful"] is False and invocation["exitCode"] == 2
    assert "empty file" in invocation["toolExecutionNotifications"][0]["message"]["text"]


def test_sarif_paths_are_relative_to_the_working_directory(posting, monkeypatch):
    monkeypatch.chdir(posting.parent)
    doc = json.loads(invoke("validate", "-f", "sarif", "posting.txt")[1])
    loc = doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert loc == {"uri": "posting.txt", "uriBaseId": "%SRCROOT%"}
    assert doc["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"].startswith("file://")
