"""Progress on stderr: a live bar on a terminal, plain lines elsewhere."""

from __future__ import annotations

import io

from rich.console import Console

from drafter.generate.progress import DraftProgress
from drafter.generate.types import SectionEvent, SectionState, Usage

EVENTS = [
    SectionEvent("summary", SectionState.queued),
    SectionEvent("kpis", SectionState.queued),
    SectionEvent("summary", SectionState.running, attempt=1),
    SectionEvent("kpis", SectionState.running, attempt=1),
    SectionEvent("kpis", SectionState.running, attempt=2, message="429 rate limited; retrying in 2.0 s"),
    SectionEvent("summary", SectionState.done, usage=Usage(prompt_tokens=10, completion_tokens=120, seconds=3.2,
                                                           attempts=1)),
    SectionEvent("kpis", SectionState.failed, message="the model's answer was cut off at max_tokens=900"),
]


def run(live: bool) -> tuple[str, DraftProgress]:
    out = io.StringIO()
    console = Console(file=out, force_terminal=live, width=120, color_system=None)
    progress = DraftProgress(["summary", "kpis"], console=console, live=live)
    with progress:
        for event in EVENTS:
            progress(event)
    return out.getvalue(), progress


def test_plain_lines_when_not_a_terminal():
    text, progress = run(False)
    lines = text.splitlines()
    assert "… Role Summary" in lines
    assert "↻ KPIs and Productivity Metrics: 429 rate limited; retrying in 2.0 s" in lines
    assert "✓ Role Summary (120 tokens, 3.2 s)" in lines
    assert "✗ KPIs and Productivity Metrics: the model's answer was cut off at max_tokens=900" in lines
    assert progress.usage.total_tokens == 130 and len(progress.finished) == 2


def test_live_bar_on_a_terminal_keeps_the_finished_lines():
    text, progress = run(True)
    assert "✓ Role Summary (120 tokens, 3.2 s)" in text
    assert "✗ KPIs and Productivity Metrics" in text
    assert "… Role Summary" not in text  # the bar shows what is running instead
    assert progress._progress is None  # stopped on exit
