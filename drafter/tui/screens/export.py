"""The export dialog: a format and a path; the caller writes the file in a worker."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from ...render import FORMATS, default_filename, extension, info
from ...schema.models import Blueprint
from .dialogs import Dialog, PathSuggester

NAMES = {"md": "Markdown", "json": "JSON", "html": "HTML", "docx": "Word (DOCX)", "jsonld": "JSON-LD (schema.org)"}


@dataclass(frozen=True)
class ExportChoice:
    format: str
    path: Path


class ExportDialog(Dialog):
    """Choose a format and a path; dismisses with an ``ExportChoice`` or None."""

    DEFAULT_CSS = """
    ExportDialog #export-form { height: auto; }
    ExportDialog #export-form Label { width: 8; color: $text-muted; }
    ExportDialog #export-form Horizontal { height: auto; }
    ExportDialog #export-form Select, ExportDialog #export-form Input { width: 1fr; }
    ExportDialog #format-info, ExportDialog #path-info { color: $text-muted; height: auto; padding-left: 8; }
    ExportDialog #format-info { margin-bottom: 1; }
    ExportDialog #path-info.-warn { color: $text-warning; }
    """

    def __init__(self, blueprint: Blueprint, *, fmt: str = "md", directory: Path | None = None):
        super().__init__()
        self.blueprint = blueprint
        self.fmt = fmt if fmt in FORMATS else "md"
        self.directory = directory  # None: the current directory, shown as a relative path

    def _default_path(self, fmt: str) -> str:
        name = default_filename(self.blueprint, fmt)
        return str(self.directory / name) if self.directory else name

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Label("Export", id="dialog-title")
            with Vertical(id="export-form"):
                with Horizontal():
                    yield Label("Format")
                    yield Select(
                        [(f"{NAMES.get(f, f)}  {extension(f)}", f) for f in FORMATS],
                        value=self.fmt, allow_blank=False, id="format", compact=True,
                    )
                yield Static(info(self.fmt).description, id="format-info", markup=False)
                with Horizontal():
                    yield Label("Path")
                    yield Input(self._default_path(self.fmt), id="path", compact=True, suggester=PathSuggester())
                yield Static("", id="path-info", markup=False)
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Export", id="go", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()
        self._check_path()

    @on(Select.Changed, "#format")
    def _format_changed(self, event: Select.Changed) -> None:
        new = str(event.value)
        old, self.fmt = self.fmt, new
        self.query_one("#format-info", Static).update(info(new).description)
        path_input = self.query_one("#path", Input)
        value = path_input.value
        old_ext = extension(old)
        if value.endswith(old_ext):
            path_input.value = value[: -len(old_ext)] + extension(new)
        elif not value.strip():
            path_input.value = self._default_path(new)

    @on(Input.Changed, "#path")
    def _path_changed(self) -> None:
        """A typed extension picks the format (``role.docx`` -> DOCX)."""
        suffix = Path(self.query_one("#path", Input).value.strip()).suffix.lower()
        by_extension = {extension(f): f for f in FORMATS}
        if suffix in by_extension and by_extension[suffix] != self.fmt:
            self.query_one("#format", Select).value = by_extension[suffix]
        self._check_path()

    def _check_path(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        note = self.query_one("#path-info", Static)
        path = Path(os.path.expanduser(value)) if value else None
        warn = False
        if path is None:
            text = "Type a file name or path."
        elif path.is_dir():
            text, warn = "That is a folder: add a file name.", True
        elif not (path.parent if str(path.parent) else Path(".")).is_dir():
            text, warn = f"The folder {path.parent} does not exist.", True
        elif path.exists():
            text, warn = "The file exists and will be replaced.", True
        else:
            text = "Relative paths are relative to the folder drafter was started in." if not path.is_absolute() else ""
        note.update(text)
        note.set_class(warn, "-warn")

    @on(Input.Submitted, "#path")
    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        value = self.query_one("#path", Input).value.strip()
        if not value:
            self._check_path()
            return
        self.dismiss(ExportChoice(format=self.fmt, path=Path(os.path.expanduser(value))))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
