"""Small modal dialogs: confirm, regenerate feedback, versions, open a document."""

from __future__ import annotations

import os
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from ...errors import DrafterError
from ...schema.sections import BY_KEY
from ..session import DraftSession


class Dialog(ModalScreen):
    """Base: a centred box with a title; escape cancels (dismisses with None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]
    DEFAULT_CSS = """
    Dialog {
        align: center middle;
        background: $background 60%;
    }
    Dialog > #dialog {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        border: thick $primary 80%;
        background: $surface;
        padding: 0 1;
    }
    Dialog #dialog-title { text-style: bold; width: 100%; margin-bottom: 1; }
    Dialog .hint { color: $text-muted; }
    Dialog .error { color: $text-error; }
    Dialog #buttons { height: auto; align-horizontal: right; margin-top: 1; }
    Dialog #buttons Button { margin-left: 1; }
    Dialog OptionList { max-height: 12; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(Dialog):
    """A question with a few answers; dismisses with the chosen button's id, or None."""

    def __init__(self, title: str, message: str, buttons: list[tuple[str, str, str]], *, focus: str | None = None):
        super().__init__()
        self.title_text = title
        self.message = message
        self.buttons = buttons  # (id, label, variant)
        self.focus_id = focus or buttons[0][0]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label(self.title_text, id="dialog-title", markup=False)
            yield Static(self.message, id="message", markup=False)
            with Horizontal(id="buttons"):
                for button_id, label, variant in self.buttons:
                    yield Button(label, id=button_id, variant=variant, compact=True)

    def on_mount(self) -> None:
        self.query_one(f"#{self.focus_id}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)


class FeedbackDialog(Dialog):
    """Ask what should change in a regenerated section; dismisses with the feedback ("" for none) or None."""

    def __init__(self, key: str, model: str, *, has_content: bool = True, feedback: str = ""):
        super().__init__()
        self.key = key
        self.model = model
        self.has_content = has_content
        self.feedback = feedback  # prefilled, e.g. from a lint finding

    def compose(self) -> ComposeResult:
        spec = BY_KEY[self.key]
        verb = "Regenerate" if self.has_content else "Draft"
        with Vertical(id="dialog"):
            yield Label(f"{verb} {spec.heading}", id="dialog-title", markup=False)
            yield Label("What should change? (optional, e.g. \"more senior\", \"add FinOps\")", classes="hint")
            yield Input(self.feedback, placeholder="feedback for the model", id="feedback", max_length=500)
            kept = (
                Content.assemble("The current version is kept: ", ("u", "bold"), " restores it.  ")
                if self.has_content else Content("")
            )
            yield Static(Content.assemble(kept, "Model: ", self.model), classes="hint")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(verb, id="go", variant="primary", compact=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        self.dismiss(self.query_one("#feedback", Input).value.strip())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


class VersionsDialog(Dialog):
    """Every version of a section; choosing one dismisses with its index."""

    def __init__(self, session: DraftSession, key: str):
        super().__init__()
        self.session = session
        self.key = key

    def compose(self) -> ComposeResult:
        spec = BY_KEY[self.key]
        history = self.session.versions(self.key)
        options = []
        for i, version in enumerate(history.versions):
            current = i == history.current
            options.append(
                Option(
                    Content.assemble(
                        ("●" if current else " ", "$accent"), f" {i + 1}. ",
                        (_local_time(version.at), "$text-muted"), "  ",
                        (version.label, "bold" if current else ""),
                    ),
                    id=str(i),
                )
            )
        with Vertical(id="dialog"):
            yield Label(f"Versions of {spec.heading}", id="dialog-title", markup=False)
            if options:
                yield OptionList(*options, id="versions")
                yield Label("● current · enter restores the highlighted version (none is ever dropped)", classes="hint")
            else:
                yield Label("This section has only one version so far.", classes="hint")
            with Horizontal(id="buttons"):
                yield Button("Close", id="close", compact=True)

    def on_mount(self) -> None:
        lists = self.query(OptionList)
        if lists:
            lists.first().highlighted = self.session.versions(self.key).current
            lists.first().focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id))

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)


def _local_time(iso: str) -> str:
    """``2025-01-01T09:00:00+00:00`` as local ``2025-01-01 09:00`` (as written when unparsable)."""
    from datetime import datetime

    try:
        return f"{datetime.fromisoformat(iso).astimezone():%Y-%m-%d %H:%M}"
    except ValueError:
        return iso[:16].replace("T", " ")


class PathSuggester(Suggester):
    """Completes file and directory names, like a shell's tab completion (press → to accept)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        if not value:
            return None
        expanded = os.path.expanduser(value)
        directory, prefix = os.path.split(expanded)
        try:
            names = sorted(n for n in os.listdir(directory or ".") if n.startswith(prefix) and not n.startswith("."))
        except OSError:
            return None
        if not names or (len(names) == 1 and names[0] == prefix):
            return None
        name = names[0]
        suffix = name[len(prefix):]
        if os.path.isdir(os.path.join(directory or ".", name)):
            suffix += os.sep
        return value + suffix


class OpenDialog(Dialog):
    """Ask for a document, read it (in a thread) and dismiss with ``(session, reading findings)``."""

    def __init__(self, settings, *, value: str = ""):
        super().__init__()
        self.settings = settings
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Open a document", id="dialog-title")
            yield Label(
                "A saved draft, blueprint JSON, Markdown, HTML, WordPress JSON or plain text (→ completes names)",
                classes="hint",
            )
            yield Input(value=self.value, placeholder="path/to/document", id="path", suggester=PathSuggester())
            yield Static("", id="open-error", classes="error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Open", id="go", variant="primary", compact=True)

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        raw = self.query_one("#path", Input).value.strip()
        if not raw:
            self._error("Type the path of a document.")
            return
        self._error("Reading…")
        self._read(Path(os.path.expanduser(raw)))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def _error(self, text: str) -> None:
        self.query_one("#open-error", Static).update(text)

    @work(thread=True, exclusive=True, group="open")
    def _read(self, path: Path) -> None:
        try:
            result = DraftSession.open_path(path, self.settings)
        except DrafterError as exc:
            self.app.call_from_thread(self._error, str(exc))
            return
        except Exception as exc:  # noqa: BLE001 - a reader bug must not take the app down
            self.app.call_from_thread(self._error, f"{path}: cannot read: {type(exc).__name__}: {exc}")
            return
        self.app.call_from_thread(self.dismiss, result)
