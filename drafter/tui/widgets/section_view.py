"""The selected section, rendered as Markdown, with a status line above it."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Markdown, Static

from ...schema.sections import BY_KEY
from ..session import DraftSession, Status

_PLACEHOLDER = {
    Status.empty: "No content.  Press [b]r[/] to draft it, [b]e[/] to write it, or [b]d[/] to draft every missing section.",
    Status.queued: "Queued: waiting for a model call.",
    Status.running: "Drafting…",
    Status.cancelled: "Cancelled before it finished.  Press [b]r[/] to draft it, or [b]d[/] to draft every missing section.",
}


class SectionView(VerticalScroll):
    """Shows one section.  Re-renders only when that section's content changes."""

    DEFAULT_CSS = """
    SectionView {
        scrollbar-size-vertical: 1;
        #section-status { padding: 0 1; color: $text-muted; height: auto; }
        #section-status.-empty { padding: 1 1 0 1; }
        #section-status.-failed { color: $text-error; }
        #section-lint { padding: 0 1; height: auto; }
        Markdown { padding: 0 1; }
    }
    """

    def __init__(self, session: DraftSession, **kwargs) -> None:
        super().__init__(**kwargs)
        self.session = session
        self.key: str | None = None
        self._shown: tuple[str, int] | None = None  # (key, id of the section model on screen)
        self._score = None
        self._findings: list = []

    def compose(self):
        yield Static(id="section-status", markup=False)
        yield Static(id="section-lint", markup=False)
        yield Markdown(id="section-md", open_links=False)

    @property
    def markdown_widget(self) -> Markdown:
        return self.query_one("#section-md", Markdown)

    @property
    def shown_source(self) -> str:
        return self.markdown_widget.source

    async def show(self, key: str, *, force: bool = False) -> None:
        """Show section ``key``; a no-op when it is already on screen as it is."""
        session = self.session
        section = session.section(key)
        status = session.status.get(key, Status.empty)
        marker = (key, id(section) if section is not None else 0)
        changed_key = key != self.key
        self.key = key
        self._update_status(key, status)
        self._update_lint()
        if marker == self._shown and not force:
            return
        self._shown = marker
        markdown = self.markdown_widget
        markdown.display = section is not None
        if section is None:
            await markdown.update("")
        else:
            try:
                text = session.section_markdown(key)
            except Exception as exc:  # noqa: BLE001 - a renderer bug must not take the app down
                self.app.log.error(f"rendering {key}: {exc!r}")
                text = f"## {BY_KEY[key].heading}\n\n*Cannot render this section: {exc}*\n"
            await markdown.update(text)
        if changed_key:
            self.scroll_home(animate=False)

    def set_lint(self, score, findings: list) -> None:
        """New score and findings (after each validation): update the shown section's score line and flags."""
        self._score = score
        self._findings = findings
        self._update_lint()

    def _update_lint(self) -> None:
        from .score import section_score_content

        widget = self.query_one("#section-lint", Static)
        content = None
        if self.key is not None and self.session.section(self.key) is not None:
            content = section_score_content(self._score, self.key, self._findings)
        widget.display = content is not None
        if content is not None:
            widget.update(content)

    def refresh_status(self) -> None:
        if self.key is not None:
            self._update_status(self.key, self.session.status.get(self.key, Status.empty))

    def _update_status(self, key: str, status: Status) -> None:
        widget = self.query_one("#section-status", Static)
        session = self.session
        section = session.section(key)
        reason = session.reasons.get(key)
        widget.set_class(status == Status.failed, "-failed")
        widget.set_class(section is None, "-empty")
        if section is None:
            # No content: the heading and what is going on, in place of the Markdown.
            heading = Content.styled(BY_KEY[key].heading, "bold $text")
            if status == Status.failed:
                message = Content.from_markup(
                    "✗ Failed: $reason\nPress [b]r[/] to try again, or [b]d[/] to draft every missing section.",
                    reason=reason or "unknown error",
                )
            elif status == Status.queued and _provider_loading():
                message = Content("Queued: loading the provider client (litellm), then the model call.")
            else:
                message = Content.from_markup(_PLACEHOLDER.get(status, _PLACEHOLDER[Status.empty]))
                if status == Status.running and session.notes.get(key):
                    message = Content.assemble(message, f" ({session.notes[key]})")
            widget.update(Content.assemble(heading, "\n\n", message))
            widget.display = True
            return
        parts: list[str] = []
        if status == Status.running:
            parts.append("Regenerating…" + (f" ({session.notes[key]})" if session.notes.get(key) else ""))
        elif status == Status.queued:
            parts.append("Queued for regeneration")
        history = session.versions(key)
        if len(history.versions) > 1:
            label = history.versions[history.current].label
            parts.append(f"version {history.current + 1} of {len(history.versions)} ({label})")
        if reason:
            parts.append(f"last attempt failed: {reason}")
        widget.update(Content(" · ".join(parts)))
        widget.display = bool(parts)


def _provider_loading() -> bool:
    from ...generate import llm

    return llm.state() == "loading"
