"""The TUI's ladder view: open a ladder folder, draft a ladder, open one level."""

from __future__ import annotations

from textual.widgets import DataTable

from drafter.generate.engine import Engine
from drafter.generate.ladder import draft_ladder, plan_ladder, save_ladder
from drafter.testing import FakeBackend
from drafter.tui.screens.draft import DraftScreen
from drafter.tui.screens.ladder import LadderScreen, open_new_ladder

from .helpers import settle, wait_until


async def test_open_a_ladder_folder_and_a_level(make_app, tmp_path):
    plan = plan_ladder("Platform Engineer", "junior,senior,staff", depth="brief")
    ladder = await draft_ladder(Engine(FakeBackend()), plan)
    save_ladder(ladder, tmp_path)
    app = make_app(target=str(tmp_path))
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LadderScreen)
        table = screen.query_one(DataTable)
        assert len(table.columns) == 4 and table.row_count >= 6
        labels = [str(table.get_cell_at((r, 0))) for r in range(table.row_count)]
        assert "Years of experience" in labels and "KPIs owned" in labels
        await pilot.press("right", "enter")  # cursor on column 1 -> 2: the senior level
        await settle(pilot)
        assert isinstance(app.screen, DraftScreen)
        assert app.screen.session.title == "Senior Platform Engineer"


async def test_draft_a_ladder_in_the_tui(make_app, backend, tmp_path):
    app = make_app()
    async with app.run_test(size=(140, 40)) as pilot:
        await settle(pilot)
        open_new_ladder(app)  # what ctrl+p "Draft a level ladder" does
        await settle(pilot)
        dialog = app.screen
        dialog.query_one("#title").value = "Product Designer"
        dialog.query_one("#levels").value = "junior,senior"
        dialog.query_one("#out").value = str(tmp_path / "lad")
        dialog.query_one("#title").focus()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, LadderScreen), what="ladder screen")
        screen = app.screen
        await wait_until(pilot, lambda: screen.request is None, timeout=20, what="ladder drafted")
        await settle(pilot)
        assert (tmp_path / "lad" / "progression.html").is_file()
        assert (tmp_path / "lad" / "ladder.json").is_file()
        assert len(screen.query_one(DataTable).columns) == 3
        assert len(backend.calls) == 3 + 2 * 17
