"""The new-draft form: what to draft, and with which model."""

from __future__ import annotations

from dataclasses import dataclass, replace

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Grid, Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from ...config import Settings
from ...generate.types import RoleRequest
from ...schema.enums import Level
from ...schema.markers import Depth
from ...titles import title_problem
from .dialogs import Dialog

LEVELS = [(lvl.value.replace("_", " ").capitalize(), lvl.value) for lvl in Level]
TRACKS = [("Individual contributor", "ic"), ("Manager", "manager")]
HINT = ("Only the job title is required.  Model and API base apply to this draft; "
        "set DRAFTER_MODEL or config.toml to change the default.")
DEPTHS = [("Brief (short lists, fastest)", "brief"), ("Standard", "standard"), ("Full (seed-length lists)", "full")]


@dataclass(frozen=True)
class NewDraft:
    request: RoleRequest
    settings: Settings


class NewDraftScreen(Dialog):
    """A form for a new draft; dismisses with a ``NewDraft`` or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+enter,ctrl+j", "submit", "Draft", priority=True)]
    DEFAULT_CSS = """
    NewDraftScreen > #dialog { width: 84; }
    NewDraftScreen #form {
        grid-size: 2;
        grid-columns: 15 1fr;
        grid-gutter: 0 1;
        grid-rows: 1;
        height: auto;
    }
    NewDraftScreen #form Label { color: $text-muted; width: 100%; text-align: right; }
    NewDraftScreen #form Label.required { color: $text; text-style: bold; }
    NewDraftScreen #notes-row { height: 4; margin-top: 0; }
    NewDraftScreen #notes-row Label { width: 16; color: $text-muted; text-align: right; padding-right: 1; }
    NewDraftScreen #notes { height: 4; }
    NewDraftScreen #form-error { color: $text-error; height: auto; }
    NewDraftScreen #form-hint { color: $text-muted; height: auto; margin-top: 1; }
    """

    def __init__(self, settings: Settings, *, title: str = ""):
        super().__init__()
        self.settings = settings
        self.initial_title = title

    def compose(self) -> ComposeResult:
        s = self.settings
        with Vertical(id="dialog"):
            yield Label("New draft", id="dialog-title")
            with Grid(id="form"):
                yield Label("Job title", classes="required")
                yield Input(self.initial_title, placeholder="e.g. Staff Platform Engineer", id="title", compact=True, max_length=120)
                yield Label("Level")
                yield Select(LEVELS, prompt="any", id="level", compact=True)
                yield Label("Track")
                yield Select(TRACKS, prompt="any", id="track", compact=True)
                yield Label("Company size")
                yield Input(placeholder="startup, mid-size, enterprise…", id="company_size", compact=True, max_length=80)
                yield Label("Industry")
                yield Input(placeholder="fintech, healthcare…", id="industry", compact=True, max_length=80)
                yield Label("Depth")
                yield Select(DEPTHS, value=s.depth, allow_blank=False, id="depth", compact=True)
                yield Label("Model")
                yield Input(s.model, placeholder="any litellm model, e.g. openai/gpt-4o-mini", id="model", compact=True)
                yield Label("API base")
                yield Input(s.api_base or "", placeholder="(default) e.g. http://localhost:11434", id="api_base", compact=True)
            with Horizontal(id="notes-row"):
                yield Label("Notes")
                yield TextArea(id="notes", compact=True, soft_wrap=True, placeholder="anything the model should know")
            yield Static(HINT, id="form-hint", markup=False)
            yield Static("", id="form-error", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Draft (ctrl+enter)", id="go", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#title", Input).focus()
        self._show_inferred()

    @on(Input.Changed, "#title")
    @on(Select.Changed, "#level")
    @on(Select.Changed, "#track")
    def _show_inferred(self) -> None:
        """The hint line says what drafter will write for once there is a title: its level, track and family
        (inferred from the title, or as chosen above)."""
        hint = self.query_one("#form-hint", Static)
        title = self._value("title")
        if not title or title_problem(title):
            hint.update(HINT)
            return
        request = RoleRequest(title=title, level=self._value("level"), track=self._value("track"))
        hint.update(f"Drafting for: {request.role_line()}.")

    def _value(self, widget_id: str) -> str | None:
        widget = self.query_one(f"#{widget_id}")
        if isinstance(widget, Select):
            return None if widget.is_blank() else str(widget.value)  # (Select.BLANK is not the empty value)
        if isinstance(widget, TextArea):
            text = widget.text
        else:
            text = widget.value
        if widget_id == "notes":
            return text.strip() or None
        return " ".join(text.split()) or None

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def action_submit(self) -> None:
        title = self._value("title") or ""
        problem = title_problem(title)
        error = self.query_one("#form-error", Static)
        if problem:
            error.update(f"Job title: {problem}")
            self.query_one("#title", Input).focus()
            return
        model = self._value("model")
        if not model:
            error.update("Model: give a model, e.g. openai/gpt-4o-mini")
            self.query_one("#model", Input).focus()
            return
        depth = self._value("depth") or self.settings.depth
        request = RoleRequest(
            title=title,
            level=self._value("level"),
            track=self._value("track"),
            company_size=self._value("company_size"),
            industry=self._value("industry"),
            notes=self._value("notes"),
            depth=Depth(depth),
        )
        api_base = self._value("api_base")
        settings = self.settings.with_overrides(model=model, depth=depth)
        if api_base != settings.api_base:
            settings = replace(settings, api_base=api_base)
        self.dismiss(NewDraft(request=request, settings=settings))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
