"""Edit one section as Markdown, checked as you type.

The editor holds exactly what ``render_section_markdown`` wrote for the
section.  About 300 ms after the last keystroke the text is parsed back
(``parse_section_markdown``) and validated in the context of the draft; the
findings show beside the editor.  Text that parses without errors is applied
to the draft at once (one "edited" version per editing session, so
"restore previous" undoes the whole edit); text with errors is not, and the
draft keeps its last good version.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static, TextArea

from ...findings import Finding
from ...schema.sections import BY_KEY
from ..session import DraftSession, EditCheck
from ..widgets import FindingsList
from .dialogs import ConfirmDialog

DEBOUNCE_SECONDS = 0.3


class EditScreen(Screen):
    """A structured text editor for one section, with live findings."""

    BINDINGS = [
        Binding("escape", "done", "Done"),
        Binding("ctrl+r", "revert", "Revert"),
        Binding("f6", "focus_findings", "Findings", show=False),
    ]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    DEFAULT_CSS = """
    EditScreen #edit-body { height: 1fr; }
    EditScreen #editor { width: 1fr; height: 1fr; border: none; }
    EditScreen #edit-side { width: 44; height: 1fr; border-left: vkey $primary 50%; }
    EditScreen.-narrow #edit-body { layout: vertical; }
    EditScreen.-narrow #edit-side { width: 1fr; height: 8; border-left: none; border-top: hkey $primary 50%; }
    EditScreen #edit-status { height: auto; padding: 0 1; }
    EditScreen #edit-status.-ok { color: $text-success; }
    EditScreen #edit-status.-bad { color: $text-error; }
    EditScreen #edit-status.-pending { color: $text-muted; }
    EditScreen #edit-findings { height: 1fr; border: none; }
    EditScreen #edit-heading { padding: 0 1; background: $boost; width: 100%; text-style: bold; }
    """

    def __init__(self, session: DraftSession, key: str):
        super().__init__()
        self.session = session
        self.key = key
        self.token = session.begin_edit(key)
        self.original_text = session.section_markdown(key)
        self.check: EditCheck | None = None
        self.pending = False
        self._timer = None

    def compose(self) -> ComposeResult:
        spec = BY_KEY[self.key]
        yield Header()
        yield Label(f"Editing {spec.heading}", id="edit-heading", markup=False)
        with Horizontal(id="edit-body"):
            yield TextArea(
                self.original_text, id="editor", soft_wrap=True, show_line_numbers=False, tab_behavior="focus"
            )
            with Vertical(id="edit-side"):
                yield Static("", id="edit-status", markup=False)
                yield FindingsList(id="edit-findings", show_section=False, empty_text="No findings for this section.")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = "drafter"
        self.sub_title = f"{self.session.title}{' ●' if self.session.dirty else ''}"
        self.query_one("#editor", TextArea).focus()
        self._run_check()

    # ---------------------------------------------------------------- checking

    @on(TextArea.Changed, "#editor")
    def _changed(self) -> None:
        self.pending = True
        status = self.query_one("#edit-status", Static)
        status.update("Checking…")
        status.set_classes("-pending")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE_SECONDS, self._run_check)

    def _run_check(self) -> None:
        self._timer = None
        text = self.query_one("#editor", TextArea).text
        try:
            check = self.session.check_edit(self.key, text)
        except Exception as exc:  # noqa: BLE001 - a parser bug must not take the app down
            from ...findings import Severity

            check = EditCheck(None, [Finding(Severity.error, "parse-failed", f"cannot parse: {exc}", section=self.key)])
        self.check = check
        self.pending = False
        self.query_one("#edit-findings", FindingsList).show(check.findings)
        status = self.query_one("#edit-status", Static)
        errors = len(check.errors)
        if check.ok:
            changed = check.section != self.session.section(self.key)
            if changed:
                self.session.apply_edit(self.token, self.key, check.section)
                self.sub_title = f"{self.session.title} ●"
            notes = len(check.findings)
            text_ = "✓ No errors: applied to the draft" if changed else "✓ No errors"
            if notes:
                text_ += f" ({notes} warning{'s' if notes != 1 else ''}: worth a look, not blocking)"
            status.update(text_)
            status.set_classes("-ok")
        else:
            status.update(
                Content(
                    f"✗ {errors} error{'s' if errors != 1 else ''}: not applied; the draft keeps the last good version"
                    if errors else "✗ Cannot read this text as the section: not applied"
                )
            )
            status.set_classes("-bad")

    # ---------------------------------------------------------------- actions

    @on(FindingsList.Chosen, "#edit-findings")
    def _jump(self, event: FindingsList.Chosen) -> None:
        editor = self.query_one("#editor", TextArea)
        if event.finding.line:
            row = max(0, min(event.finding.line - 1, editor.document.line_count - 1))
            editor.move_cursor((row, 0), center=True)
        editor.focus()

    def action_focus_findings(self) -> None:
        self.query_one("#edit-findings", FindingsList).focus()

    def action_revert(self) -> None:
        """Put back the text this editing session started from (undoable with ctrl+z)."""
        editor = self.query_one("#editor", TextArea)
        if editor.text != self.original_text:
            editor.replace(self.original_text, editor.document.start, editor.document.end)

    def action_done(self) -> None:
        if self.pending:
            self._run_check()
        if self.check is not None and not self.check.ok:

            def answered(answer: str | None) -> None:
                if answer == "leave":
                    self.dismiss(self.key)

            self.app.push_screen(
                ConfirmDialog(
                    "Leave the editor?",
                    "The text has errors, so it was not applied: the draft keeps the last good version "
                    "of this section.  Leave and drop the broken text?",
                    [("stay", "Keep editing", "primary"), ("leave", "Drop it and leave", "error")],
                ),
                answered,
            )
            return
        self.dismiss(self.key)
