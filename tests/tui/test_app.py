"""The TUI's other paths: cancel, failures, opening documents, autosave, palette, theme."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.widgets import Input

from drafter import store
from drafter.errors import ConfigError, InputError, UsageError
from drafter.testing import FakeBackend
from drafter.tui.app import create_app, resolve_target
from drafter.tui.screens.dialogs import ConfirmDialog, FeedbackDialog, OpenDialog
from drafter.tui.screens.draft import DraftScreen
from drafter.tui.screens.new_draft import NewDraftScreen
from drafter.tui.screens.welcome import WelcomeScreen
from drafter.tui.session import Status

from .helpers import settle, wait_until

REPO = Path(__file__).resolve().parents[2]
SEED_003 = REPO / "tests" / "data" / "seeds" / "003_7bdd3c690054fc7b.txt"
SEED_002 = REPO / "tests" / "data" / "seeds" / "002_c9a4da374dfe7368.txt"
SEED_000 = REPO / "tests" / "data" / "seeds" / "000_9617be8be7ae19c4.txt"


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_title_on_the_command_line_drafts_at_once(make_app, backend):
    app = make_app(target="Platform Engineer")
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, DraftScreen)
        await settle(pilot)
        assert app.session.progress() == (20, 0, 20)
        assert {c.request.title for c in backend.calls} == {"Platform Engineer"}
        # follow mode showed each section as it arrived: the last one (the scorecard waits for the others)
        assert app.screen.selected_key == "scorecard" == app.screen.view.key
        assert app.screen.view.shown_source.startswith("## 20) Final Role Scorecard Summary")


class _SlowSections(FakeBackend):
    """The role profile answers at once; every section would take minutes: only cancelling ends them."""

    async def generate(self, call):
        if call.section == "profile":
            delay, self.delay = self.delay, 0.0
            try:
                return await super().generate(call)
            finally:
                self.delay = delay
        return await super().generate(call)


async def test_cancel_a_running_draft_keeps_finished_sections(make_app):
    slow = _SlowSections(delay=30)
    app = make_app(target="Platform Engineer", backend=slow)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: slow.in_flight >= 4, what="four sections running")
        assert screen.drafting and screen.session.status["summary"] == Status.running
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#cancel")
        await wait_until(pilot, lambda: not screen.drafting, what="the draft to stop")
        await settle(pilot)
        session = screen.session
        assert not session.busy
        assert session.status["summary"] == Status.cancelled
        assert session.progress() == (0, 0, 20)
        assert any("Draft cancelled" in m for m in messages(app))
        assert slow.in_flight == 0
        # escape is only "cancel draft" while drafting
        assert screen.check_action("cancel_draft", ()) is False


async def test_a_failing_engine_is_reported_not_raised(settings):
    def factory(_settings):
        raise ConfigError("unknown provider 'nope' in model 'nope/x'")

    app = create_app(engine_factory=factory, settings=settings, target="Platform Engineer")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        session = app.session
        assert session.status["summary"] == Status.failed
        assert "unknown provider" in session.reasons["summary"]
        assert any("unknown provider" in m for m in messages(app))
        assert app.is_running


async def test_a_failed_regeneration_keeps_the_previous_version(make_app, backend, drafted):
    app = make_app(session=drafted)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        screen.select_section("mission")
        await settle(pilot)
        before = app.session.section("mission")
        backend.queue("mission", RuntimeError("rate limited"))
        await pilot.press("r")
        assert isinstance(app.screen, FeedbackDialog)
        await pilot.press("enter")
        await settle(pilot)
        assert app.session.section("mission") is before
        assert app.session.status["mission"] == Status.done
        assert any("rate limited" in m and "previous version is kept" in m for m in messages(app))
        assert "last attempt failed: rate limited" in str(screen.query_one("#section-status").render())


async def test_open_a_seed_document_from_the_command_line(make_app, backend):
    app = make_app(target=str(SEED_003))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DraftScreen)
        session = screen.session
        assert session.title == "AI Platform Engineer"
        assert session.draft.source == str(SEED_003)
        done, failed, total = session.progress()
        assert done >= 18 and failed == 0
        assert not backend.calls  # opening never drafts
        screen.select_section("kpis")
        await settle(pilot)
        assert "KPI" in screen.view.shown_source
        # regenerating a section of an opened document uses its metadata as the request
        await pilot.press("r")
        await pilot.press("enter")
        await settle(pilot)
        assert backend.calls[-1].request.title == "AI Platform Engineer"
        assert session.versions("kpis").versions[0].label == "as opened"


async def test_open_dialog_reads_documents_and_shows_errors_inline(make_app, tmp_path):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, OpenDialog)
        path_input = app.screen.query_one("#path", Input)
        path_input.value = str(SEED_002)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OpenDialog)
        error = str(app.screen.query_one("#open-error").render())
        assert "list of 30 job titles, not a blueprint" in error
        path_input.value = str(tmp_path / "missing.md")
        await pilot.press("enter")
        await settle(pilot)
        assert "no such file" in str(app.screen.query_one("#open-error").render())
        path_input.value = str(SEED_000)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DraftScreen)
        assert app.session.title == "Platform Engineering Director"
        # a career guide lists its extra parts after the twenty sections
        assert len(app.session.keys) > 20


async def test_autosave_then_recover_from_the_recent_list(make_app, settings, backend):
    app = make_app(target="Platform Engineer", autosave_seconds=0.05)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        draft_id = app.session.draft.id
        auto = store.autosave_path(draft_id)
        await wait_until(pilot, auto.exists, what="the autosave file")
        assert not store.draft_path(draft_id).exists()
    # as after a crash: a new app offers the draft in its recent list, with its unsaved changes
    app = create_app(backend=backend, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, WelcomeScreen)
        recent = app.screen.query_one("#recent")
        assert recent.get_option_at_index(0).id == draft_id
        assert "unsaved changes" in recent.get_option_at_index(0).prompt.plain
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, DraftScreen)
        assert app.session.recovered and app.session.dirty
        assert app.session.progress() == (20, 0, 20)


async def test_starting_another_draft_asks_about_unsaved_changes(make_app):
    app = make_app(target="Platform Engineer")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        first = app.session
        assert first.dirty
        await pilot.press("n")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.click("#save")
        await settle(pilot)
        assert isinstance(app.screen, NewDraftScreen)
        assert store.draft_path(first.draft.id).exists() and not first.dirty
        await pilot.press(*"SRE", "enter")
        await settle(pilot)
        assert app.session is not first and app.session.title == "SRE"
        assert len(app.screen_stack) == 3  # default, welcome, the new draft


async def test_command_palette_runs_actions(make_app, drafted):
    app = make_app(session=drafted)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Regenerate section", "Edit section", "Export", "Save draft", "Toggle findings",
                "Restore previous version", "Copy section", "New draft", "Open document"} <= titles
        await pilot.press("ctrl+p")
        await pilot.press(*"regenerate sec")
        from textual.command import CommandList

        await wait_until(
            pilot, lambda: bool(app.screen.query(CommandList)) and app.screen.query_one(CommandList).option_count > 0,
            what="palette hits",
        )
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FeedbackDialog), what="the regenerate dialog")


async def test_theme_toggle_is_remembered(make_app, drafter_home):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.current_theme.dark
        await pilot.press("ctrl+t")
        assert not app.current_theme.dark
    assert json.loads((drafter_home / "tui.json").read_text())["theme"] == "textual-light"
    app = make_app()
    async with app.run_test(size=(80, 24)):
        assert app.theme == "textual-light"


async def test_large_terminal_layout(make_app, drafted):
    app = make_app(session=drafted)
    async with app.run_test(size=(160, 50)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert screen.has_class("-wide")
        assert screen.query_one("#sidebar").outer_size.width == 46
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert screen.has_class("-narrow")
        assert screen.query_one("#sidebar").outer_size.width == 29


def test_resolve_target(settings, tmp_path):
    assert resolve_target(None, settings) == (None, False)
    session, start = resolve_target("  Staff Data Engineer ", settings)
    assert start and session.title == "Staff Data Engineer" and session.request.depth.value == settings.depth
    with pytest.raises(InputError, match="no such file"):
        resolve_target(str(tmp_path / "role.md"), settings)
    with pytest.raises(UsageError, match="control character"):
        resolve_target("Bad\x07Title", settings)
    session, start = resolve_target(str(SEED_003), settings)
    assert not start and session.title == "AI Platform Engineer"


def test_cli_unreadable_file_is_a_one_line_error_before_the_app(tmp_path):
    from typer.testing import CliRunner

    from drafter.cli import app as cli

    bad = tmp_path / "empty.txt"
    bad.write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli, ["tui", str(bad)])
    assert result.exit_code == 2
    lines = [ln for ln in result.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:") and "empty.txt" in lines[0]
    result = CliRunner().invoke(cli, ["tui", str(tmp_path / "missing.json")])
    assert result.exit_code == 2 and "no such file" in result.output
    # not a terminal: a clear error instead of a garbled screen
    result = CliRunner().invoke(cli, [])
    assert result.exit_code == 2 and "interactive terminal" in result.output


def test_start_up_does_not_import_litellm(tmp_path):
    """The app reaches its first screen without importing litellm or instructor (in a clean interpreter);
    only then does it start importing them in the background (a draft is likely)."""
    code = r"""
import asyncio, sys, time
t0 = time.perf_counter()
from drafter.generate import llm
import drafter.tui.app as tui_app
tui_app.PRELOAD_DELAY = 60  # a slow CI machine must not start the preload before the check below
async def main():
    app = tui_app.create_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert type(app.screen).__name__ == "WelcomeScreen"
        ready = time.perf_counter() - t0
        heavy = sorted(m for m in sys.modules if m.split(".")[0] in ("litellm", "instructor", "llama_cpp", "openai"))
        app._preload_provider()  # what the timer does (PRELOAD_DELAY after the first screen): a background import
        while llm.state() == "not loaded":
            await pilot.pause(0.05)
    print(f"{ready:.3f}", ",".join(heavy))
asyncio.run(main())
"""
    env = {**os.environ, "DRAFTER_HOME": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120, check=True)
    seconds, heavy = out.stdout.strip().split(" ", 1) if " " in out.stdout.strip() else (out.stdout.strip(), "")
    assert heavy == "", f"imported at start-up: {heavy}"
    assert float(seconds) < 5.0  # about one second on a laptop; generous for slow CI


async def test_copy_says_when_it_is_not_possible(make_app, monkeypatch, drafted):
    monkeypatch.setenv("TERM", "dumb")
    monkeypatch.setattr("drafter.clipboard.system_tools", lambda env=None: [])
    app = make_app(session=drafted)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.clear_notifications()
        await pilot.press("c")
        await settle(pilot)
        assert any(m.startswith("Cannot copy section") for m in messages(app))


async def test_open_a_saved_draft_file(make_app, drafted):
    path = drafted.save()
    app = make_app(target=str(path))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        session = app.session
        assert session.draft.id == drafted.draft.id and not session.dirty
        assert session.saved_path == path and session.progress() == (20, 0, 20)
        assert session.request.title == "Platform Engineer"  # regenerate uses the original request
