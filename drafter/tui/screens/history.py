"""Version history of one section, with the diff of each version against the current one.

The list on the left holds every version (● marks the current one); the panel
on the right shows what restoring the highlighted version would change
(``drafter.diff``: + added, - removed, ~ reworded, ↕ moved).  Enter restores
it; nothing is ever dropped, so a restore can itself be undone.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...schema.sections import BY_KEY
from ..session import DraftSession


def version_diff(session: DraftSession, key: str, index: int):
    """``drafter.diff.SectionDiff`` from the current version of ``key`` to version ``index``."""
    from ...diff import diff_sections

    history = session.versions(key)
    current = history.versions[history.current].section if 0 <= history.current < len(history.versions) else None
    if current is None:
        current = session.section(key)
    return diff_sections(key, current, history.versions[index].section)


def render_section_diff(d, *, current: bool = False):
    """A rich renderable of a section diff, as the history panel shows it."""
    from rich.console import Group
    from rich.text import Text

    from ...render.diff import rich_item

    if current:
        return Text("This is the current version.", style="dim")
    if not d.changed:
        return Text("Same content as the current version.", style="dim")
    c = d.counts
    out = [Text(f"Restoring this version would change: +{c['added']} added, -{c['removed']} removed, "
                f"~{c['changed']} reworded, ↕{c['moved']} moved ({c['same']} unchanged)", style="bold")]
    for g in d.groups:
        shown = [ch for ch in g.changes if ch.op != "same"]
        if not shown:
            continue
        if g.heading:
            out.append(Text(g.heading, style="bold underline"))
        out += [rich_item(ch, indent="") for ch in shown]
    return Group(*out)


class HistoryScreen(ModalScreen):
    """Every version of a section and its diff; dismisses with the index to restore, or None."""

    BINDINGS = [Binding("escape", "cancel", "Close")]
    DEFAULT_CSS = """
    HistoryScreen { align: center middle; background: $background 60%; }
    HistoryScreen > #dialog {
        width: 96%; max-width: 160; height: 90%;
        border: thick $primary 80%; background: $surface; padding: 0 1;
    }
    HistoryScreen #dialog-title { text-style: bold; width: 100%; margin-bottom: 1; }
    HistoryScreen #panes { height: 1fr; }
    HistoryScreen #versions { width: 42; height: 100%; text-wrap: nowrap; text-overflow: ellipsis; }
    HistoryScreen #diff-scroll { width: 1fr; height: 100%; border-left: solid $primary 40%; padding: 0 1; }
    HistoryScreen .hint { color: $text-muted; }
    HistoryScreen #buttons { height: auto; align-horizontal: right; }
    HistoryScreen #buttons Button { margin-left: 1; }
    """

    def __init__(self, session: DraftSession, key: str):
        super().__init__()
        self.session = session
        self.key = key
        self.shown = None

    def compose(self) -> ComposeResult:
        from .dialogs import _local_time

        spec = BY_KEY[self.key]
        history = self.session.versions(self.key)
        options = []
        for i, version in enumerate(history.versions):
            current = i == history.current
            options.append(Option(Content.assemble(
                ("●" if current else " ", "$accent"), f" {i + 1}. ", (_local_time(version.at), "$text-muted"), "  ",
                (version.label, "bold" if current else "")), id=str(i)))
        with Vertical(id="dialog"):
            yield Label(f"Versions of {spec.heading}", id="dialog-title", markup=False)
            if options:
                with Horizontal(id="panes"):
                    yield OptionList(*options, id="versions")
                    with VerticalScroll(id="diff-scroll"):
                        yield Static("", id="diff")
                yield Label("● current · the right pane shows what restoring the highlighted version changes · "
                            "enter restores it (none is ever dropped)", classes="hint")
            else:
                yield Label("This section has only one version so far.", classes="hint")
            with Horizontal(id="buttons"):
                yield Button("Close", id="close", compact=True)

    def on_mount(self) -> None:
        lists = self.query(OptionList)
        if lists:
            current = self.session.versions(self.key).current
            lists.first().highlighted = max(current, 0)
            lists.first().focus()
            self._show(max(current, 0))

    def _show(self, index: int) -> None:
        history = self.session.versions(self.key)
        if not 0 <= index < len(history.versions):
            return
        d = version_diff(self.session, self.key, index)
        self.shown = render_section_diff(d, current=index == history.current)
        self.query_one("#diff", Static).update(self.shown)

    @property
    def shown_text(self) -> str:
        """The diff pane as plain text (for tests and screen readers)."""
        import io

        from rich.console import Console

        console = Console(width=100, no_color=True, file=io.StringIO())
        console.print(self.shown)
        return console.file.getvalue()

    @on(OptionList.OptionHighlighted, "#versions")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show(int(event.option.id))

    @on(OptionList.OptionSelected, "#versions")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)
