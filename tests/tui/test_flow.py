"""The TUI end to end with Textual's Pilot, over a FakeBackend (offline, no sleeps)."""

from __future__ import annotations

import json

from textual.widgets import Input, Select, TextArea

from drafter import store
from drafter.generate.engine import Engine
from drafter.tui.app import create_app
from drafter.tui.screens.dialogs import ConfirmDialog, FeedbackDialog
from drafter.tui.screens.history import HistoryScreen
from drafter.tui.screens.draft import DraftScreen
from drafter.tui.screens.edit import EditScreen
from drafter.tui.screens.export import ExportDialog
from drafter.tui.screens.new_draft import NewDraftScreen
from drafter.tui.screens.welcome import WelcomeScreen
from drafter.tui.session import Status
from drafter.tui.widgets import FindingsList, SectionList, SectionView

from .helpers import settle, wait_until


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


async def select_section(pilot, key: str) -> None:
    screen = pilot.app.screen
    screen.section_list.focus()
    screen.select_section(key)
    await wait_until(pilot, lambda: screen.view.key == key, what=f"section {key} on screen")
    await settle(pilot)


async def test_new_draft_review_edit_regenerate_validate_export_save_quit(
    settings, backend, tmp_path, drafter_home, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("drafter.clipboard.system_tools", lambda env=None: [])
    backend.queue("tools", RuntimeError("provider said no"))  # one section fails, so validation has a finding
    engines = []

    def engine_factory(chosen):  # what the real factory gets: the settings from the form
        engines.append(chosen)
        return Engine(backend, concurrency=chosen.concurrency)

    app = create_app(engine_factory=engine_factory, settings=settings)
    async with app.run_test(size=(80, 24)) as pilot:
        # -- the welcome screen, then the new-draft form
        assert isinstance(app.screen, WelcomeScreen)
        await pilot.press("n")
        assert isinstance(app.screen, NewDraftScreen)
        await pilot.press(*"Staff SRE")
        app.screen.query_one("#level", Select).value = "senior"
        app.screen.query_one("#track", Select).value = "ic"
        app.screen.query_one("#industry", Input).value = "fintech"
        app.screen.query_one("#model", Input).value = "ollama/llama3.1"
        app.screen.query_one("#api_base", Input).value = "http://localhost:11434"
        await pilot.press("enter")

        # -- drafting: every section arrives, one fails with its reason
        await wait_until(pilot, lambda: isinstance(app.screen, DraftScreen), what="the draft screen")
        screen: DraftScreen = app.screen
        await settle(pilot)
        session = screen.session
        assert not screen.drafting
        assert session.progress() == (19, 1, 20)
        assert session.status["tools"] == Status.failed
        assert session.reasons["tools"] == "provider said no"
        assert len(backend.calls) == 20
        assert [(e.model, e.api_base, e.depth) for e in engines] == [("ollama/llama3.1", "http://localhost:11434", "brief")]
        request = backend.calls[0].request
        assert (request.title, request.level, request.track, request.industry) == (
            "Staff SRE", "senior", "ic", "fintech",
        )
        assert screen.query_one("#progress-label").render().plain.startswith("19/20 done · 1 failed · ✗")
        rows = screen.query_one(SectionList)
        assert rows.get_option("tools").prompt.plain.startswith("✗ 10 Tools")
        assert rows.get_option("kpis").prompt.plain.startswith("✓  7 KPIs")
        assert any("1 failed" in n for n in notifications(app))

        # -- the failed section says why
        await select_section(pilot, "tools")
        assert "provider said no" in str(screen.query_one("#section-status").render())

        # -- review: the selected section is rendered from the library's Markdown
        await select_section(pilot, "kpis")
        view = screen.query_one(SectionView)
        assert view.shown_source == session.section_markdown("kpis")

        # -- copy the section (OSC 52 through Textual; no system tool here)
        await pilot.press("c")
        await settle(pilot)
        assert app.clipboard == session.section_markdown("kpis")
        assert any("OSC 52" in n for n in notifications(app))

        # -- edit: broken text shows an error and is not applied; fixing it clears the error
        before = session.section("mission")
        await select_section(pilot, "mission")
        await pilot.press("e")
        assert isinstance(app.screen, EditScreen)
        editor = app.screen.query_one("#editor", TextArea)
        row = next(i for i, line in enumerate(editor.text.splitlines()) if line.startswith("**Core mission:**"))
        editor.move_cursor((row, 0))
        await pilot.press("ctrl+shift+k")  # delete the line: the required field is gone
        await wait_until(pilot, lambda: app.screen.check is not None and not app.screen.pending and not app.screen.check.ok,
                         what="an error for the broken text")
        findings = app.screen.query_one("#edit-findings", FindingsList).findings
        assert findings[0].severity.value == "error" and "core_mission" in findings[0].message
        assert "not applied" in str(app.screen.query_one("#edit-status").render())
        assert session.section("mission") == before  # the draft keeps the last good version
        await pilot.press("ctrl+z")  # undo: the error clears
        await wait_until(pilot, lambda: app.screen.check is not None and not app.screen.pending and app.screen.check.ok,
                         what="the error to clear")
        assert not app.screen.check.errors
        await pilot.press("end", *" X")
        await wait_until(pilot, lambda: not app.screen.pending and session.section("mission") != before,
                         what="the edit to be applied")
        assert session.section("mission").core_mission.endswith(" X")
        edited = session.section("mission")
        assert edited != before
        await pilot.press("escape")
        assert app.screen is screen
        await settle(pilot)
        assert screen.view.shown_source == session.section_markdown("mission")

        # -- regenerate with feedback; the feedback reaches the model; the previous version can be restored
        await select_section(pilot, "kpis")
        old_kpis = session.section("kpis")
        await pilot.press("r")
        assert isinstance(app.screen, FeedbackDialog)
        await pilot.press(*"FinOps")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        call = backend.calls[-1]
        assert call.section == "kpis"
        assert "FinOps" in json.dumps(call.messages)
        assert session.section("kpis") is not old_kpis
        history = session.versions("kpis")
        assert [v.label for v in history.versions] == ["drafted", "regenerated: FinOps"]
        assert "version 2 of 2" in str(screen.query_one("#section-status").render())
        await pilot.press("u")
        await settle(pilot)
        assert session.section("kpis") == old_kpis
        assert screen.view.shown_source == session.section_markdown("kpis")
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        assert "This is the current version." in app.screen.shown_text
        await pilot.press("down")  # version 2 against the current one (the fake backend may write the same text)
        assert app.screen.shown_text.startswith(("Restoring this version would change", "Same content"))
        await pilot.press("enter")
        await settle(pilot)
        assert session.versions("kpis").current == 1

        # -- the validate panel lists findings; choosing one jumps to its section
        await pilot.press("v")
        panel = screen.query_one("#findings", FindingsList)
        assert screen.query_one("#findings-panel").display
        assert any(f.section == "tools" for f in panel.findings)
        index = next(i for i, f in enumerate(panel.findings) if f.section == "tools")
        panel.focus()
        panel.highlighted = index
        await pilot.press("enter")
        await settle(pilot)
        assert screen.selected_key == "tools" and screen.view.key == "tools"

        # -- export to a chosen path, in the chosen format (a typed extension picks the format)
        await pilot.press("ctrl+e")
        assert isinstance(app.screen, ExportDialog)
        path_input = app.screen.query_one("#path", Input)
        assert path_input.value == "staff-sre.md"
        app.screen.query_one("#format", Select).value = "html"
        await pilot.pause()
        assert path_input.value == "staff-sre.html"
        path_input.value = "exports/role.docx"
        await pilot.pause()
        assert app.screen.fmt == "docx"
        assert "does not exist" in str(app.screen.query_one("#path-info").render())
        path_input.value = "role.docx"
        await pilot.press("enter")
        await settle(pilot)
        out = tmp_path / "role.docx"
        assert out.read_bytes()[:2] == b"PK"  # a zip: a Word document
        assert any(str(out) in n for n in notifications(app))

        # -- save: the draft lands under DRAFTER_HOME/drafts, the path is shown
        assert session.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
        saved = drafter_home / "drafts" / f"{session.draft.id}.json"
        assert saved.is_file() and not session.dirty
        assert any(str(saved) in n for n in notifications(app))
        assert store.load_draft(saved).blueprint.mission == edited

        # -- quitting with unsaved changes asks first
        await pilot.press("v")  # hide the findings
        await select_section(pilot, "kpis")
        await pilot.press("u")  # a change
        assert session.dirty
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        assert app.screen is screen and app.is_running
        await pilot.press("ctrl+q")
        await pilot.click("#discard")
        await wait_until(pilot, lambda: not app.is_running, what="the app to exit")
    assert not store.autosave_path(session.draft.id).exists()
