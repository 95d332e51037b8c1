"""``drafter draft`` end to end through the CLI, with a fake litellm completion
behind the real backend, engine, cache, progress and writers."""

from __future__ import annotations

import importlib.util
import json
import signal

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.generate import backends
from drafter.schema.models import Blueprint

from .conftest import FakeCompletion, Truncated, fill_from_request, schema_name

HAS_MARKDOWN = importlib.util.find_spec("drafter.render.markdown") is not None


@pytest.fixture
def fake_provider(monkeypatch, clock):
    """``--model fakeco/m`` is served by an InstructorBackend over ``provider.completion``."""

    class Provider:
        completion = FakeCompletion(default=fill_from_request)
        built: list = []

    def factory(spec):
        from drafter.generate.instructor_backend import InstructorBackend
        from drafter.generate.retry import RateGate

        backend = InstructorBackend(spec.model, spec.api_base, mode=spec.mode, completion=Provider.completion,
                                    sleep=clock.sleep, gate=RateGate(clock=clock, sleep=clock.sleep),
                                    cache=backends._cache_for(spec))
        Provider.built.append((spec, backend))
        return backend

    monkeypatch.setitem(backends.BACKENDS, "fakeco", factory)
    return Provider


def draft(*args):
    return CliRunner().invoke(app, ["draft", *map(str, args)])


def test_draft_to_json(fake_provider, tmp_path):
    out = tmp_path / "sre.json"
    result = draft("Staff Site Reliability Engineer", "-o", out, "--model", "fakeco/m", "--depth", "brief",
                   "--level", "Staff", "--industry", "fintech")
    assert result.exit_code == 0, result.output
    bp = Blueprint.model_validate_json(out.read_text())
    assert bp.meta.title == "Staff Site Reliability Engineer" and bp.meta.industry == "fintech"
    assert bp.generation.missing_sections == [] and len(bp.generation.sections) == 21  # the profile and the 20 sections
    assert bp.generation.inputs["level"] == "staff" and bp.generation.depth == "brief"
    assert bp.generation.prompt_tokens == 20 * 100
    assert f"wrote {out}" in result.stderr
    assert len(fake_provider.completion.calls) == 20
    assert not (tmp_path / "sre.partial.json").exists()


def test_second_identical_draft_is_served_from_the_cache(fake_provider, tmp_path):
    args = ["Staff SRE", "--model", "fakeco/m", "--depth", "brief"]
    assert draft(*args, "-o", tmp_path / "a.json").exit_code == 0
    calls = len(fake_provider.completion.calls)
    second = draft(*args, "-o", tmp_path / "b.json")
    assert second.exit_code == 0
    assert len(fake_provider.completion.calls) == calls  # not one request sent
    assert "20 from cache" in second.stderr
    third = draft(*args, "-o", tmp_path / "c.json", "--no-cache")
    assert third.exit_code == 0 and len(fake_provider.completion.calls) == calls + 20
    assert fake_provider.built[-1][1].cache is None


def test_a_failing_section_is_named_and_the_partial_draft_kept(fake_provider, tmp_path):
    def answer(kwargs):
        if schema_name(kwargs) == "KPIs":
            return Truncated('{"rows": [')
        return fill_from_request(kwargs)

    fake_provider.completion = FakeCompletion(default=answer)
    out = tmp_path / "out" / "sre.json"  # a folder that does not exist yet
    result = draft("Staff SRE", "-o", out, "--model", "fakeco/m", "--depth", "brief")
    assert result.exit_code == 1
    assert "2 section(s) failed" in result.stderr  # KPIs, and the scorecard that summarises them
    assert "kpis: section 'kpis': the model's answer was cut off at max_tokens=" in result.stderr
    assert "Traceback" not in result.output
    partial = out.with_name("sre.partial.json")
    bp = Blueprint.model_validate_json(partial.read_text())
    assert bp.kpis is None and bp.summary is not None
    assert bp.generation.missing_sections == ["kpis", "scorecard"]
    assert f"partial draft written to {partial}" in result.stderr
    assert not out.exists()
    # the truncated answer was not retried: one call for KPIs
    kpi_calls = [c for c in fake_provider.completion.calls if schema_name(c) == "KPIs"]
    assert len(kpi_calls) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["   "], "the title is empty"),
        (["x" * 121], "the title is too long (121 characters; at most 120)"),
        (["Staff\x07SRE"], "control characters"),
        (["Staff SRE", "-o", "out.txt"], "must end in .json or .md"),
        (["Staff SRE", "--level", "wizard"], "unknown level 'wizard'"),
        (["Staff SRE", "--depth", "huge"], "Invalid value"),
        (["Staff SRE", "--notes", "n" * 4001], "the notes are too long"),
    ],
)
def test_bad_input_is_refused_before_any_model_call(fake_provider, tmp_path, args, message):
    result = draft(*args, "--model", "fakeco/m")
    assert result.exit_code == 2
    assert message in result.output
    assert fake_provider.built == []  # not even a backend was built


def test_output_folder_must_be_usable(fake_provider, tmp_path):
    blocker = tmp_path / "report"
    blocker.write_text("a file, not a folder")
    result = draft("Staff SRE", "-o", blocker / "x.json", "--model", "fakeco/m")
    assert result.exit_code == 2 and "cannot create the folder" in result.stderr
    assert fake_provider.built == []
    result = draft("Staff SRE", "-o", tmp_path, "--model", "fakeco/m")
    assert result.exit_code == 2


def test_levels_people_type_are_understood():
    from drafter.commands.draft import normalise_level

    assert normalise_level("Sr.") == "senior"
    assert normalise_level("Senior Manager") == "senior_manager"
    assert normalise_level("vice-president") == "vp"
    assert normalise_level("STAFF") == "staff"
    assert normalise_level(" ") is None


def test_provider_errors_are_one_line_with_exit_1(fake_provider, tmp_path):
    from .conftest import auth_error

    fake_provider.completion = FakeCompletion(default=lambda kw: auth_error())
    result = draft("Staff SRE", "-o", tmp_path / "x.json", "--model", "fakeco/m", "--depth", "brief")
    assert result.exit_code == 1
    # the same reason for every section is said once
    assert "20 sections failed (summary, mission," in result.stderr
    assert result.stderr.count("401 invalid API key") == 2  # the first progress line and the summary
    assert "Traceback" not in result.output
    assert not (tmp_path / "x.partial.json").exists()  # nothing was drafted: no empty partial


def test_a_missing_api_key_is_reported_before_any_call(monkeypatch, tmp_path):
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    result = draft("Staff SRE", "-o", tmp_path / "x.json", "--model", "openai/gpt-4o-mini")
    assert result.exit_code == 2
    assert "openai/gpt-4o-mini: OPENAI_API_KEY is not set" in result.stderr
    assert not (tmp_path / "x.partial.json").exists()


def test_ctrl_c_cancels_cleanly_and_keeps_the_partial(fake_provider, tmp_path):
    done = []

    def answer(kwargs):
        done.append(1)
        if len(done) == 3:
            signal.raise_signal(signal.SIGINT)  # what Ctrl-C does: asyncio.run cancels the draft
        return fill_from_request(kwargs)

    fake_provider.completion = FakeCompletion(default=answer)
    out = tmp_path / "sre.json"
    result = draft("Staff SRE", "-o", out, "--model", "fakeco/m", "--depth", "brief", "--concurrency", "1")
    assert result.exit_code == 130, result.output
    assert "interrupted" in result.stderr
    partial = json.loads((tmp_path / "sre.partial.json").read_text())
    assert len(partial["generation"]["missing_sections"]) >= 15
    assert not out.exists()
    assert len(done) <= 4  # nothing ran on after the interrupt


@pytest.mark.skipif(not HAS_MARKDOWN, reason="the Markdown writer is not there yet")
def test_markdown_to_stdout_by_default(fake_provider):
    result = draft("Staff SRE", "--model", "fakeco/m", "--depth", "brief")
    assert result.exit_code == 0, result.output
    assert "Staff SRE" in result.stdout and "Role Summary" in result.stdout
    assert "wrote stdout" in result.stderr


def test_draft_says_the_role_first_and_its_meta_carries_it(fake_provider, tmp_path):
    out = tmp_path / "pm.json"
    result = draft("Senior Product Manager", "-o", out, "--model", "fakeco/m", "--depth", "brief", "--track", "ic")
    assert result.exit_code == 0, result.output
    first = result.stderr.splitlines()[0]
    assert first == "Senior Product Manager: senior level (inferred), individual contributor, Product Management (inferred)"
    meta = Blueprint.model_validate_json(out.read_text()).meta
    assert (meta.level.value, meta.track.value, meta.role_family, meta.inferred) == (
        "senior", "individual_contributor", "Product Management", ["level", "family"])
    calls = len(fake_provider.completion.calls)
    bad = draft("Senior Product Manager", "--model", "fakeco/m", "--level", "wizard")
    assert bad.exit_code == 2 and "unknown level 'wizard'; use one of:" in bad.stderr
    assert len(fake_provider.completion.calls) == calls  # refused before any model call
