"""The section list: one row per section with its number, title and state."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ...schema.sections import BY_KEY
from ..session import DraftSession, Status

SPINNER = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏"

# glyph and the theme variable that colours it
GLYPHS: dict[Status, tuple[str, str]] = {
    Status.empty: ("-", "$text-muted"),
    Status.queued: ("·", "$text-muted"),
    Status.running: (SPINNER[0], "$accent"),
    Status.done: ("✓", "$success"),
    Status.cached: ("✓", "$success"),
    Status.failed: ("✗", "$error"),
    Status.cancelled: ("⊘", "$warning"),
}


class SectionList(OptionList):
    """Sections of the draft; highlight one to show it.  The option ids are section keys."""

    DEFAULT_CSS = """
    SectionList {
        scrollbar-size-vertical: 1;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    """

    def __init__(self, session: DraftSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self._frame = 0
        self._keys: list[str] = []

    def on_mount(self) -> None:
        self._spinner = self.set_interval(0.1, self._spin, pause=True)
        self.rebuild()

    @property
    def keys(self) -> list[str]:
        return list(self._keys)

    def rebuild(self) -> None:
        """Re-list the sections (the set can grow when a document brings career-guide parts)."""
        highlighted = self.highlighted_key
        self._keys = self.session.keys
        self.set_options(Option(self._prompt(key), id=key) for key in self._keys)
        if highlighted in self._keys:
            self.highlighted = self._keys.index(highlighted)
        elif self._keys:
            self.highlighted = 0
        self._sync_spinner()

    @property
    def highlighted_key(self) -> str | None:
        if self.highlighted is None or not self._keys:
            return None
        return self._keys[self.highlighted] if self.highlighted < len(self._keys) else None

    def select_key(self, key: str) -> None:
        if key in self._keys:
            self.highlighted = self._keys.index(key)

    def refresh_section(self, key: str) -> None:
        if key not in self._keys:
            self.rebuild()
            return
        self.replace_option_prompt(key, self._prompt(key))
        self._sync_spinner()

    def refresh_all(self) -> None:
        if self._keys != self.session.keys:
            self.rebuild()
            return
        for key in self._keys:
            self.replace_option_prompt(key, self._prompt(key))
        self._sync_spinner()

    def _prompt(self, key: str) -> Content:
        status = self.session.status.get(key, Status.empty)
        glyph, colour = GLYPHS[status]
        if status == Status.running:
            glyph = SPINNER[self._frame % len(SPINNER)]
        spec = BY_KEY[key]
        number = f"{spec.number:>2}" if spec.number else " +"
        title_style = "$text-muted" if status in (Status.empty, Status.queued, Status.cancelled) else ""
        return Content.assemble(
            (glyph, colour), " ", (number, "$text-muted"), " ", (spec.title, title_style) if title_style else spec.title
        )

    def _sync_spinner(self) -> None:
        running = any(self.session.status.get(k) == Status.running for k in self._keys)
        if running:
            self._spinner.resume()
        else:
            self._spinner.pause()

    def _spin(self) -> None:
        self._frame += 1
        for key in self._keys:
            if self.session.status.get(key) == Status.running:
                self.replace_option_prompt(key, self._prompt(key))
