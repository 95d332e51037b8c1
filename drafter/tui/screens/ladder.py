"""The ladder view: a level ladder's progression table, drafted here or opened from a ladder folder.

Columns are the levels, rows the dimensions that change from level to level
(``drafter.render.progression``).  While a ladder is drafted, each column
header counts its sections; when it is done, the blueprints and the tables
(Markdown, HTML, DOCX) are written to the ladder folder.  Enter opens the
blueprint of the level under the cursor.

    drafter tui path/to/ladder-folder        # a folder written by `drafter ladder`
    ctrl+p "Draft a level ladder"            # title, levels, track -> drafted here
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Button, DataTable, Footer, Header, Input, Label, Select, Static

from ...errors import DrafterError
from ...generate.ladder import LadderPlan, LadderRung, SavedLadder, plan_ladder
from .dialogs import Dialog


@dataclass(frozen=True)
class LadderRequest:
    plan: LadderPlan
    out_dir: Path


class NewLadderDialog(Dialog):
    """Title, levels and track of a new ladder; dismisses with a ``LadderRequest`` or None."""

    DEFAULT_CSS = """
    NewLadderDialog > #dialog { width: 84; }
    NewLadderDialog #form { grid-size: 2; grid-columns: 12 1fr; grid-gutter: 0 1; grid-rows: 1; height: auto; }
    NewLadderDialog #form Label { color: $text-muted; width: 100%; text-align: right; }
    """

    def __init__(self, settings) -> None:
        super().__init__()
        self.settings = settings

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Draft a level ladder", id="dialog-title")
            with Grid(id="form"):
                yield Label("Role")
                yield Input(placeholder="e.g. Platform Engineer", id="title", compact=True, max_length=120)
                yield Label("Track")
                yield Select([("Individual contributor", "ic"), ("Manager", "manager")], value="ic",
                             allow_blank=False, id="track", compact=True)
                yield Label("Levels")
                yield Input(placeholder="default: junior,mid,senior,staff,principal (manager: manager,senior "
                            "manager,director,vp)", id="levels", compact=True)
                yield Label("Folder")
                yield Input(placeholder="default: <family>-ladder in the current folder", id="out", compact=True)
            yield Static("", id="form-error", classes="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Draft ladder", id="go", variant="primary", compact=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        from ...slugs import slugify

        title = self.query_one("#title", Input).value.strip()
        if not title:
            self.query_one("#form-error", Static).update("Give the role, e.g. Platform Engineer.")
            return
        try:
            plan = plan_ladder(title, self.query_one("#levels", Input).value or None,
                               track=self.query_one("#track", Select).value, depth=self.settings.depth)
        except DrafterError as exc:
            self.query_one("#form-error", Static).update(str(exc))
            return
        out = self.query_one("#out", Input).value.strip()
        self.dismiss(LadderRequest(plan, Path(out) if out else Path(slugify(f"{plan.family} ladder"))))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class LadderScreen(Screen):
    """The progression table of a ladder (drafting it first when given a plan)."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("enter", "open_level", "Open level"),
        Binding("question_mark", "app.toggle_keys", "Keys", show=False),
    ]
    DEFAULT_CSS = """
    LadderScreen #ladder-status { height: auto; padding: 0 1; color: $text-muted; }
    LadderScreen #ladder-table { height: 1fr; }
    LadderScreen #ladder-same { height: auto; max-height: 6; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, *, saved: SavedLadder | None = None, request: LadderRequest | None = None):
        super().__init__()
        self.saved = saved
        self.request = request
        self.rungs: list[LadderRung] = list(saved.rungs) if saved else []
        self.shared: list[str] = list(saved.shared) if saved else []
        self.folder: Path | None = saved.folder if saved else (request.out_dir if request else None)
        self.family = saved.family if saved else request.plan.family if request else ""
        self.counts: dict[str, list[int]] = {}  # level -> [done, total]
        self.worker = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="ladder-status", markup=False)
        yield DataTable(id="ladder-table", zebra_stripes=True, cursor_type="column")
        yield Static("", id="ladder-same", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "drafter"
        self.sub_title = f"{self.family} ladder"
        if self.request is not None:
            plan = self.request.plan
            self.counts = {r.level.value: [0, 0] for r in plan.rungs}
            self._show_progress()
            self.worker = self._draft(plan)
        else:
            self.show_table()

    # ---------------------------------------------------------------- drafting

    def _show_progress(self) -> None:
        table = self.query_one("#ladder-table", DataTable)
        table.clear(columns=True)
        table.add_column("Level", key="dimension")
        plan = self.request.plan
        table.add_column("Title")
        table.add_column("Sections")
        for r in plan.rungs:
            done, total = self.counts.get(r.level.value, [0, 0])
            table.add_row(r.level.value.replace("_", " ").capitalize(), r.title, f"{done}/{total or '…'}",
                          key=r.level.value)
        self.query_one("#ladder-status", Static).update(
            f"Drafting a {len(plan.rungs)}-level {plan.family} ladder: shared sections once, then every level "
            f"at once.  esc cancels.")

    @work(group="ladder", exclusive=True, exit_on_error=False)
    async def _draft(self, plan: LadderPlan) -> None:
        from ...generate.ladder import draft_ladder, save_ladder

        def on_event(tag: str, event) -> None:
            from ...generate.types import SectionState

            if tag == "shared":
                return
            counts = self.counts.setdefault(tag, [0, 0])
            if event.state == SectionState.queued:
                counts[1] += 1
            elif event.state in (SectionState.done, SectionState.cached, SectionState.failed):
                counts[0] += 1
            table = self.query_one("#ladder-table", DataTable)
            try:
                table.update_cell(tag, table.ordered_columns[2].key, f"{counts[0]}/{counts[1]}")
            except Exception:  # noqa: BLE001 - the progress table may already be replaced
                pass

        try:
            engine = await self.app.engine_for(self.app.settings)
            ladder = await draft_ladder(engine, plan, on_event=on_event)
        except asyncio.CancelledError:
            self.notify("Ladder cancelled.", severity="warning")
            raise
        except Exception as exc:  # noqa: BLE001 - reported, the app stays up
            self.notify(str(exc), title="Cannot draft the ladder", severity="error", timeout=10)
            return
        self.rungs, self.shared = ladder.rungs, ladder.shared
        try:
            from ...commands.ladder import write_tables

            await asyncio.to_thread(save_ladder, ladder, self.folder)
            await asyncio.to_thread(write_tables, ladder.rungs, ladder.shared, plan.family, self.folder)
            where = f"  Saved to {self.folder.resolve()}/ (progression.md, .html, .docx)."
        except DrafterError as exc:
            where = f"  Could not save: {exc}"
        self.request = None
        self.show_table()
        failed = {r.level.value: len(r.failed) for r in ladder.rungs if r.failed}
        self.notify(f"{len(ladder.rungs)} levels drafted ({ladder.calls} model calls, {ladder.seconds:.1f} s)."
                    + (f"  Failed sections: {failed}." if failed else "") + where, title="Ladder drafted",
                    severity="warning" if failed else "information", timeout=10)

    # ---------------------------------------------------------------- the table

    def show_table(self) -> None:
        from ...render.progression import progression

        table = self.query_one("#ladder-table", DataTable)
        table.clear(columns=True)
        if not self.rungs:
            return
        p = progression(self.rungs, shared=self.shared, family=self.family)
        table.header_height = 2  # level, then its title
        table.add_column("", key="dimension", width=22)
        width = max(20, min(40, (self.size.width - 26) // max(1, len(p.columns)) - 2))
        for i, c in enumerate(p.columns):
            table.add_column(Text.assemble((c.level, "bold"), "\n", (c.title, "dim")), key=str(i), width=width)
        for row in p.rows:
            cells = [Text("\n".join(("• " + x if len(items) > 1 else x) for x in items) or "—", overflow="fold")
                     for items in row.cells]
            table.add_row(Text(row.dimension, style="bold", overflow="fold"), *cells, height=None)
        steps = "  ".join(f"{s.label}: ~{s.changed} +{s.added} -{s.removed}" for s in p.steps)
        where = f"  Folder: {self.folder}" if self.folder else ""
        self.query_one("#ladder-status", Static).update(
            f"{p.family} career ladder · {p.track} · {len(p.columns)} levels · ←/→ picks a level, enter opens it."
            + where)
        same = "; ".join(f"{k}: {v}" for k, v in p.same)
        self.query_one("#ladder-same", Static).update(f"The same at every level: {same}\nEach step: {steps}")
        table.focus()
        if len(p.columns):
            table.move_cursor(column=1)

    @on(DataTable.ColumnSelected, "#ladder-table")
    def _column_selected(self, event: DataTable.ColumnSelected) -> None:
        self.action_open_level()

    def action_open_level(self) -> None:
        if self.request is not None or not self.rungs:
            return
        table = self.query_one("#ladder-table", DataTable)
        column = table.cursor_column - 1
        if not 0 <= column < len(self.rungs):
            self.notify("Pick a level column (←/→), then enter.")
            return
        rung = self.rungs[column]
        from ..session import DraftSession
        from .draft import DraftScreen

        source = str(self.folder / rung.file) if self.folder and rung.file else None
        session = DraftSession.from_blueprint(rung.blueprint.model_copy(deep=True), self.app.settings, source=source)
        self.app.push_screen(DraftScreen(session))

    def action_back(self) -> None:
        if self.worker is not None and self.request is not None:
            self.worker.cancel()
        self.app.pop_screen()


def open_new_ladder(app) -> None:
    """Ask for a ladder, then draft it in a ``LadderScreen``."""

    def answered(result: LadderRequest | None) -> None:
        if result is not None:
            app.push_screen(LadderScreen(request=result))

    app.push_screen(NewLadderDialog(app.settings), answered)


__all__ = ["LadderScreen", "NewLadderDialog", "open_new_ladder"]
