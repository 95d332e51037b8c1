"""Progress of a draft on stderr, from the engine's SectionEvents.

On a terminal: a rich progress bar (sections done/total, the sections
running now, tokens so far, elapsed time) with one line per finished section
printed above it.  Elsewhere (CI logs, pipes): plain lines, one per change.

    progress = DraftProgress(keys, console=Console(stderr=True))
    with progress:
        result = await engine.draft(request, on_event=progress)
"""

from __future__ import annotations

import time

from rich.console import Console
from rich.markup import escape

from ..schema.sections import BY_KEY
from .types import PROFILE_KEY, SectionEvent, SectionState, Usage


def _title(key: str) -> str:
    if key == PROFILE_KEY:
        return "Role profile"
    spec = BY_KEY.get(key)
    return spec.title if spec else key


class DraftProgress:
    """A SectionEvent handler that shows progress on ``console`` (stderr)."""

    def __init__(self, sections: list[str], *, console: Console | None = None, live: bool | None = None):
        self.sections = list(sections)
        self.console = console or Console(stderr=True, highlight=False)
        self.live = self.console.is_terminal if live is None else live
        self.usage = Usage()
        self.running: dict[str, int] = {}
        self.finished: dict[str, SectionState] = {}
        self.started = time.perf_counter()
        self._progress = None
        self._task = None
        self._last_failure: str | None = None
        self.status: str | None = None  # shown while no section runs, e.g. "loading the provider client…"

    # ------------------------------------------------------------ context

    def __enter__(self) -> "DraftProgress":
        self.started = time.perf_counter()
        if self.live:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self._progress = Progress(
                TextColumn("[bold]drafting[/]"),
                BarColumn(bar_width=24),
                MofNCompleteColumn(),
                TextColumn("sections"),
                TextColumn("[dim]{task.fields[tokens]} tokens[/]"),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=self.console,
                transient=True,
            )
            self._progress.start()
            self._task = self._progress.add_task("", total=len(self.sections), tokens=0)
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def wait_note(self, text: str) -> None:
        """Say what the draft waits for before its first model call (cleared when a section runs)."""
        self.status = text
        if self.live:
            self._refresh()
        else:
            self._line(f"[dim]{escape(text)}[/]")

    # ------------------------------------------------------------ events

    def __call__(self, event: SectionEvent) -> None:
        key = event.section
        state = event.state
        if state is SectionState.running:
            self.status = None
            first = key not in self.running
            self.running[key] = event.attempt
            if event.message:
                self._line(f"[yellow]↻[/] {escape(_title(key))}: {escape(event.message)}")
            elif first and not self.live:
                self._line(f"… {escape(_title(key))}")
        elif state.finished:
            self.running.pop(key, None)
            self.finished[key] = state
            if event.usage is not None:
                self.usage.add(event.usage)
            self._line(self._finished_line(event))
        self._refresh()

    def _finished_line(self, event: SectionEvent) -> str:
        title = escape(_title(event.section))
        usage = event.usage or Usage()
        if event.state is SectionState.done:
            tries = f", {usage.attempts} attempts" if usage.attempts > 1 else ""
            return f"[green]✓[/] {title} [dim]({usage.completion_tokens} tokens, {usage.seconds:.1f} s{tries})[/]"
        if event.state is SectionState.cached:
            return f"[green]✓[/] {title} [dim](cached)[/]"
        if event.state is SectionState.cancelled:
            return f"[dim]- {title}: cancelled[/]"
        reason = event.message or "failed"
        if reason == self._last_failure:
            return f"[red]✗[/] {title}: [dim](the same error)[/]"
        self._last_failure = reason
        return f"[red]✗[/] {title}: {escape(reason)}"

    def _line(self, text: str) -> None:
        self.console.print(text, highlight=False)  # above the bar when live

    def _refresh(self) -> None:
        if self._progress is None or self._task is None:
            return
        names = ", ".join(_title(k) for k in self.running)
        self._progress.update(
            self._task,
            completed=sum(1 for k in self.finished if k in self.sections),
            tokens=self.usage.total_tokens,
            description=f"[cyan]{escape(names)}[/]" if names else f"[dim]{escape(self.status or '')}[/]",
        )

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started
