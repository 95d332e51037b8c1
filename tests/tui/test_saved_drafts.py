"""A draft the TUI saved (or autosaved) is a document like any other: validate, export, import,
batch resume and the library read it through the one loader (drafter.load), and name the field at fault."""

from __future__ import annotations

import asyncio
import json

import pytest
from typer.testing import CliRunner

import drafter
from drafter import store
from drafter.cli import app as cli
from drafter.generate import backends
from drafter.load import load_blueprint, request_for
from drafter.schema.models import Blueprint
from drafter.testing import FakeBackend

from .helpers import settle, wait_until


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


async def test_a_tui_saved_draft_validates_exports_imports_and_continues(make_app, backend, tmp_path):
    backend.queue("tools", RuntimeError("provider said no"))  # one section missing: draft --from drafts it
    app = make_app(target="Platform Engineer", autosave_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        draft_id = app.session.draft.id
        autosave = store.autosave_path(draft_id)
        await wait_until(pilot, autosave.exists, what="the autosave file")
        # the autosave is readable while the app still runs
        result = run("validate", autosave, "--format", "json")
        assert result.exit_code == 1, result.output  # the missing section is an error, not "unsupported"
        report = json.loads(result.stdout)
        assert report["files"][0]["format"] == "drafter-draft"
        await pilot.press("ctrl+s")
        await settle(pilot)
    saved = store.draft_path(draft_id)
    assert saved.is_file() and not autosave.exists()

    result = run("validate", saved)
    assert result.exit_code == 1 and "tools" in result.stdout.lower()

    for fmt, suffix in (("md", ".md"), ("html", ".html"), ("json", ".json")):
        out = tmp_path / f"role{suffix}"
        result = run("export", saved, "--to", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        assert out.is_file() and "exported anyway" in result.stderr
    assert drafter.read(tmp_path / "role.md").meta.title == "Platform Engineer"
    assert Blueprint.model_validate_json((tmp_path / "role.json").read_text()).tools is None

    result = run("import", saved, "--out", tmp_path / "library")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "library" / "platform-engineer.json").is_file()

    # the one loader gives the draft's request back, so drafting can continue where the TUI stopped
    loaded = load_blueprint(saved)
    assert loaded.format == "drafter-draft" and loaded.blueprint.tools is None
    assert loaded.draft.request.title == "Platform Engineer" and request_for(loaded, "standard").depth.value == "brief"
    result = await asyncio.to_thread(drafter.draft, "Platform Engineer", backend=FakeBackend(),
                                     base=loaded.blueprint, depth="brief")  # own event loop
    assert result.failed == {} and result.blueprint.tools is not None

    # draft --from finishes the saved draft: only the missing section is drafted
    made: list[FakeBackend] = []
    backends.BACKENDS["fake"] = lambda spec: made.append(FakeBackend(model=spec.model)) or made[-1]
    try:
        done = tmp_path / "done.json"
        result = await asyncio.to_thread(run, "draft", "--from", saved, "--model", "fake/m", "-o", done)
    finally:
        backends.BACKENDS.pop("fake", None)
    assert result.exit_code == 0, result.output
    assert [c.section for c in made[0].calls] == ["tools"]
    bp = Blueprint.model_validate_json(done.read_text())
    assert bp.tools is not None and bp.meta.title == "Platform Engineer"


def test_one_invalid_field_is_named_by_every_command(drafter_home, tmp_path):
    bp = drafter.testing.sample_blueprint("Data Engineer", depth="brief")
    draft = store.Draft(id=store.new_draft_id("Data Engineer"), blueprint=bp)
    path = store.save_draft(draft)
    data = json.loads(path.read_text())
    data["blueprint"]["kpis"]["rows"][0]["name"] = ["not", "a", "string"]
    path.write_text(json.dumps(data))

    validate = run("validate", path)
    assert validate.exit_code == 1 and "kpis.rows[0].name" in validate.stdout
    for args in (("export", path, "--to", "md", "-o", tmp_path / "x.md"),
                 ("import", path, "--out", tmp_path / "lib")):
        result = run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert "blueprint.kpis.rows[0].name" in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.output
    with pytest.raises(drafter.errors.InputError, match=r"blueprint\.kpis\.rows\[0\]\.name"):
        drafter.read(path)


def test_batch_resumes_from_a_partial_the_tui_saved(tmp_path):
    from drafter.batch.outputs import load_partial

    bp = drafter.testing.sample_blueprint("Data Engineer", depth="brief")
    bp.tools = None
    draft = store.Draft(id=store.new_draft_id("Data Engineer"), blueprint=bp)
    (tmp_path / "data-engineer.partial.json").write_text(store.encode_draft(draft))
    loaded = load_partial(tmp_path, "data-engineer")
    assert loaded is not None and loaded.tools is None and loaded.meta.title == "Data Engineer"
    (tmp_path / "data-engineer.partial.json").write_text('{"format": "drafter-draft", "version": 1}')
    assert load_partial(tmp_path, "data-engineer") is None  # unreadable: start afresh
