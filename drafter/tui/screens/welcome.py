"""The first screen: start a draft, open a document, or reopen a recent draft."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from ... import store

INTRO = (
    "Draft, review and export role blueprints: twenty sections from role summary "
    "to hiring scorecard, written by a model and checked against the standard."
)


class WelcomeScreen(Screen):
    BINDINGS = [
        Binding("n", "app.new_draft", "New draft"),
        Binding("o", "app.open_document", "Open"),
        Binding("delete", "forget", "Delete draft", show=False),
        Binding("question_mark", "app.toggle_keys", "Keys", show=False),
    ]
    DEFAULT_CSS = """
    WelcomeScreen { align: center top; }
    WelcomeScreen #welcome { width: 84; max-width: 100%; height: 1fr; padding: 1 2 0 2; }
    WelcomeScreen #brand { text-style: bold; color: $accent; width: 100%; }
    WelcomeScreen #intro { color: $text-muted; margin-bottom: 1; height: auto; }
    WelcomeScreen #actions { height: auto; margin-bottom: 1; }
    WelcomeScreen #actions Button { margin-right: 2; }
    WelcomeScreen #recent-title { text-style: bold; margin-bottom: 0; }
    WelcomeScreen #recent { height: 1fr; min-height: 3; border: none; }
    WelcomeScreen #model-line, WelcomeScreen #recent-hint { color: $text-muted; height: auto; }
    """

    class OpenRecent(Message):
        def __init__(self, draft_id: str) -> None:
            super().__init__()
            self.draft_id = draft_id

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="welcome"):
            yield Label("drafter", id="brand")
            yield Static(INTRO, id="intro")
            with Horizontal(id="actions"):
                yield Button("New draft  n", id="new", variant="primary", compact=True)
                yield Button("Open a document  o", id="open", compact=True)
            yield Label("Recent drafts", id="recent-title")
            yield OptionList(id="recent")
            yield Static("enter opens a draft · delete removes it", id="recent-hint")
            yield Static("", id="model-line", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.refresh_recent()
        self.query_one("#model-line", Static).update(f"Model: {self.app.settings.model}  (change it in the new-draft form)")

    def on_screen_resume(self) -> None:
        self.refresh_recent()

    def refresh_recent(self) -> None:
        recent = self.query_one("#recent", OptionList)
        try:
            drafts = store.list_recent(limit=15)
        except Exception as exc:  # noqa: BLE001 - an unreadable drafts folder must not stop the app
            drafts = []
            self.notify(f"Cannot list recent drafts: {exc}", severity="warning")
        self._recent = drafts
        self.query_one("#recent-hint", Static).display = bool(drafts)
        if not drafts:
            recent.set_options(
                [Option(Content.styled("No drafts yet: press n to start one.", "$text-muted"), disabled=True)]
            )
            recent.can_focus = False
            self.query_one("#new", Button).focus()
            return
        recent.can_focus = True
        recent.set_options(
            Option(
                Content.assemble(
                    (info.title, "bold"),
                    (f"  {info.sections}/20 sections", "$text-muted"),
                    (f"  {info.modified:%Y-%m-%d %H:%M}", "$text-muted"),
                    ("  unsaved changes" if info.unsaved else "", "$text-warning"),
                ),
                id=info.id,
            )
            for info in drafts
        )
        recent.highlighted = 0
        recent.focus()

    @on(OptionList.OptionSelected, "#recent")
    def _open(self, event: OptionList.OptionSelected) -> None:
        self.post_message(self.OpenRecent(event.option.id))

    @on(Button.Pressed, "#new")
    def _new(self) -> None:
        self.app.action_new_draft()

    @on(Button.Pressed, "#open")
    def _open_document(self) -> None:
        self.app.action_open_document()

    def action_forget(self) -> None:
        """Delete the highlighted draft (asks first)."""
        recent = self.query_one("#recent", OptionList)
        if recent.highlighted is None or not getattr(self, "_recent", None):
            return
        info = self._recent[recent.highlighted]
        from .dialogs import ConfirmDialog

        def answered(answer: str | None) -> None:
            if answer == "delete":
                for path in (store.draft_path(info.id), store.autosave_path(info.id)):
                    path.unlink(missing_ok=True)
                self.notify(f"Deleted the draft {info.title!r}")
                self.refresh_recent()

        self.app.push_screen(
            ConfirmDialog(
                "Delete draft?",
                f"Delete {info.title!r} ({info.sections}/20 sections) from the drafts folder?  This cannot be undone.",
                [("keep", "Keep", "primary"), ("delete", "Delete", "error")],
            ),
            answered,
        )
