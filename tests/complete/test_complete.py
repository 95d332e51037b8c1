"""``drafter draft --from FILE``: keep the document's sections as written, draft only the missing ones."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.findings import Severity
from drafter.generate.complete import (
    complete_blueprint, has_content, missing_sections, prior_provenance, request_for_document,
)
from drafter.generate.engine import Engine
from drafter.render import render
from drafter.schema.enums import DocumentKind, Level, Track
from drafter.schema.models import Blueprint
from drafter.testing import FakeBackend, sample_blueprint
from drafter.validate import validate_blueprint

REPO = Path(__file__).resolve().parents[2]
KEEP = ("summary", "responsibilities", "kpis", "technical_skills", "experience")
WRITTEN = "Quarterly close accuracy, exactly as the person wrote it"


def partial_blueprint() -> Blueprint:
    """A blueprint with 5 of the 20 sections, level and track set by the document."""
    bp = sample_blueprint("Senior Payroll Specialist", depth="brief")
    for name in Blueprint.model_fields:
        if name not in KEEP and name not in ("schema_version", "kind", "meta", "unmapped", "source", "generation"):
            setattr(bp, name, None)
    bp.meta.level, bp.meta.track = Level.senior, Track.individual_contributor
    bp.kpis.rows[0].name = WRITTEN
    return bp


def test_missing_sections_and_empty_headings():
    bp = partial_blueprint()
    assert len(missing_sections(bp)) == 15
    bp.mission = type(sample_blueprint().mission)(core_mission=" ")  # a heading with nothing under it
    assert not has_content(bp.mission) and "mission" in missing_sections(bp)


def test_request_comes_from_the_document():
    req = request_for_document(partial_blueprint(), depth="brief")
    assert (req.title, req.level, req.track) == ("Senior Payroll Specialist", "senior", "ic")
    assert request_for_document(partial_blueprint(), level="staff").level == "staff"


def test_only_missing_sections_are_drafted_with_the_document_as_context():
    bp = partial_blueprint()
    backend = FakeBackend()
    engine = Engine(backend, concurrency=4)
    completion = asyncio.run(complete_blueprint(engine, bp, request_for_document(bp, depth="brief")))
    called = [c.section for c in backend.calls]
    assert sorted(called) == sorted(missing_sections(bp)) and len(called) == 15
    assert not set(called) & set(KEEP)
    out = completion.blueprint
    for key in KEEP:  # kept exactly as written
        assert getattr(out, key).model_dump() == getattr(bp, key).model_dump()
    for call in backend.calls:  # every drafted section saw the document's sections
        assert "Quarterly close accuracy" in json.dumps(call.messages), call.section
    assert out.generation.provenance == {
        **{k: "document" for k in KEEP}, **{k: "drafted" for k in missing_sections(bp)}}
    assert [k for k, v in out.generation.provenance.items() if v == "document"] == list(KEEP)
    assert completion.added == missing_sections(bp) and completion.kept == list(KEEP)
    errors = [f for f in validate_blueprint(out) if f.severity == Severity.error]
    assert errors == []
    assert out.meta.level == Level.senior


def test_nothing_missing_makes_no_model_call():
    bp = sample_blueprint()
    backend = FakeBackend()
    completion = asyncio.run(complete_blueprint(Engine(backend), bp, request_for_document(bp)))
    assert backend.calls == [] and completion.added == [] and completion.result is None
    assert completion.blueprint.model_dump(exclude={"generation"}) == bp.model_dump(exclude={"generation"})


def test_prior_provenance_of_a_completed_draft_is_kept():
    bp = partial_blueprint()
    done = asyncio.run(complete_blueprint(Engine(FakeBackend()), bp, request_for_document(bp))).blueprint
    again = prior_provenance(done)
    assert [k for k, v in again.items() if v == "document"] == list(KEEP)


def test_a_career_guide_becomes_a_blueprint():
    from drafter.load import load_blueprint

    guide = load_blueprint(REPO / "examples" / "senior-platform-engineer.json").blueprint
    assert guide.kind == DocumentKind.career_guide
    backend = FakeBackend()
    completion = asyncio.run(complete_blueprint(Engine(backend), guide, request_for_document(guide)))
    assert completion.blueprint.kind == DocumentKind.role_blueprint
    assert len(backend.calls) == len(missing_sections(guide)) > 0
    assert completion.blueprint.salary == guide.salary  # career-guide parts stay


# --------------------------------------------------------------------------- CLI


@pytest.fixture
def fake_engine(monkeypatch):
    backend = FakeBackend()
    monkeypatch.setattr("drafter.generate.open_engine", lambda settings, no_cache=False, gate=None: Engine(backend))
    return backend


def test_cli_from_markdown_then_second_run_makes_no_call(fake_engine, tmp_path):
    doc = tmp_path / "payroll.md"
    doc.write_bytes(render(partial_blueprint(), "md"))
    out = tmp_path / "payroll-full.json"
    result = CliRunner().invoke(app, ["draft", "--from", str(doc), "-o", str(out), "--depth", "brief"])
    assert result.exit_code == 0, result.output
    assert "added 15 section(s)" in result.stderr and "kept 5 from the document" in result.stderr
    assert len(fake_engine.calls) == 15
    bp = Blueprint.model_validate_json(out.read_text())
    assert bp.kpis.rows[0].name == WRITTEN
    assert [k for k, v in bp.generation.provenance.items() if v == "document"] == list(KEEP)
    assert "validated: 0 error(s)" in result.stderr or "validated: no errors" in result.stderr

    again = tmp_path / "again.json"
    result = CliRunner().invoke(app, ["draft", "--from", str(out), "-o", str(again)])
    assert result.exit_code == 0, result.output
    assert "nothing to add" in result.stderr and "no model call" in result.stderr
    assert len(fake_engine.calls) == 15  # no new call
    assert Blueprint.model_validate_json(again.read_text()).generation.provenance == bp.generation.provenance


@pytest.mark.parametrize("args, message", [
    (["Some Title", "--from", "{doc}"], "not both"),
    (["--from", "{tmp}/missing.md"], "missing.md"),
    (["--from", "{doc}", "-o", "{doc}"], "refusing to overwrite"),
    (["--from", "{titles}"], "job titles"),
    ([], "give a TITLE"),
])
def test_cli_from_bad_input_one_line_exit_2(fake_engine, tmp_path, args, message):
    doc = tmp_path / "doc.md"
    doc.write_bytes(render(partial_blueprint(), "md"))
    args = [a.format(doc=doc, tmp=tmp_path, titles=REPO / "examples" / "titles.csv") for a in args]
    result = CliRunner().invoke(app, ["draft", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert fake_engine.calls == []
