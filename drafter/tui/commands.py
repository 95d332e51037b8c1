"""Command-palette entries (ctrl+p): every action of the current screen, by name.

``app`` is the drafter app, used only through its actions and ``draft_screen``;
this module does not import ``tui.app`` (which imports it), so there is no cycle.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.screen import Screen

from .screens.edit import EditScreen


def _new_ladder(app) -> None:
    from .screens.ladder import open_new_ladder

    open_new_ladder(app)


def commands_for(app: App, screen: Screen) -> Iterable[SystemCommand]:
    yield SystemCommand("New draft", "Draft a new blueprint from a job title (n)", app.action_new_draft)
    yield SystemCommand(
        "Open document", "Open a saved draft or any document drafter validate reads (o)", app.action_open_document
    )
    yield SystemCommand("Draft a level ladder", "One blueprint per level of a role, drafted together, and the "
                        "progression table", lambda: _new_ladder(app))
    yield SystemCommand("Toggle light/dark theme", "Switch between the light and dark theme (ctrl+t)", app.action_toggle_theme)
    draft = app.draft_screen
    if draft is None:
        return
    yield SystemCommand("Save draft", "Save under the drafts folder (ctrl+s)", app.action_save)
    yield SystemCommand("Export", "Write Markdown, JSON, HTML, DOCX or JSON-LD (ctrl+e)", app.action_export)
    yield SystemCommand("Copy document", "Copy the whole blueprint as Markdown", draft.action_copy_document)
    if isinstance(screen, EditScreen):
        yield SystemCommand("Revert edits", "Put back the text this edit started from (ctrl+r)", screen.action_revert)
        yield SystemCommand("Done editing", "Back to the draft (esc)", screen.action_done)
        return
    if screen is not draft:
        return
    yield SystemCommand("Edit section", "Edit the selected section as Markdown (e)", draft.action_edit)
    yield SystemCommand("Regenerate section", "Draft the selected section again, with feedback (r)", draft.action_regenerate)
    yield SystemCommand("Restore previous version", "Undo the last change to the selected section (u)", draft.action_restore_previous)
    yield SystemCommand("Section versions", "List every version of the selected section (h)", draft.action_versions)
    yield SystemCommand("Copy section", "Copy the selected section as Markdown (c)", draft.action_copy_section)
    yield SystemCommand("Toggle findings", "Show or hide every validation finding (v)", draft.action_toggle_findings)
    if draft.session.draft.source:
        yield SystemCommand("Complete this document", "Keep every section it has as written; draft only the missing "
                            "ones, with the existing ones as context (d)", draft.action_draft_missing)
    else:
        yield SystemCommand("Draft missing sections", "Draft every section that has no content (d)", draft.action_draft_missing)
    if draft.drafting:
        yield SystemCommand("Cancel draft", "Stop drafting; finished sections are kept (esc)", draft.action_cancel_draft)
    yield SystemCommand("Close draft", "Back to the start screen (w)", draft.action_close_draft)
