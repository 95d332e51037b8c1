"""The new-draft form shows the level, track and family drafter infers from the title, and takes overrides."""

from __future__ import annotations

from textual.widgets import Select, Static

from drafter.schema.enums import Level, Track
from drafter.tui.screens.new_draft import NewDraftScreen

from .helpers import settle


async def test_form_shows_inferred_role_as_you_type_and_takes_overrides(make_app):
    app = make_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, NewDraftScreen)
        line = screen.query_one("#form-hint", Static)
        assert str(line.render()).startswith("Only the job title is required")
        await pilot.press(*"Senior Product Manager")
        await settle(pilot)
        text = str(line.render())
        assert "senior level (inferred), individual contributor (inferred), Product Management (inferred)" in text
        screen.query_one("#track", Select).value = "manager"
        await settle(pilot)
        text = str(line.render())
        assert "individual contributor" not in text and "manager," in text and "senior level (inferred)" in text
        await pilot.press("ctrl+enter")
        await settle(pilot)
        request = app.session.request
        assert (request.title, request.level, request.track) == ("Senior Product Manager", None, Track.manager)
        assert app.session.draft.blueprint.meta.level in (None, Level.senior)
