"""The progress display and the summary: bars on a terminal, plain lines elsewhere, escaped labels."""

from __future__ import annotations

import io

from rich.console import Console

from drafter.batch.progress import RichReporter, fmt_cost, fmt_seconds, print_summary
from drafter.generate.types import Usage

from .conftest import TitleBackend


def console(terminal: bool) -> tuple[Console, io.StringIO]:
    buf = io.StringIO()
    return Console(file=buf, force_terminal=terminal, width=140, highlight=False, soft_wrap=True), buf


async def test_terminal_progress_shows_items_sections_tokens_and_cost(make_runner):
    con, buf = console(True)
    reporter = RichReporter(con)
    backend = TitleBackend(fail_titles={"[bold]Broken[/]"}, failing={"kpis"}, usage=Usage(100, 50, 0.001, 0.0, 1))
    runner, _, _ = make_runner("Staff SRE\n[bold]Broken[/]\n", backend=backend, reporter=reporter)
    report = await runner.run()
    text = buf.getvalue()
    assert reporter.live
    assert "items" in text and "sections" in text and "2/2" in text and "40/40" in text
    assert "5,850 tokens" in text and "$0.0390" in text
    assert "[bold]Broken[/]" in text  # a title is data, never markup
    assert report.exit_code == 1


async def test_plain_lines_when_not_a_terminal(make_runner):
    con, buf = console(False)
    runner, _, _ = make_runner("Staff SRE\nData Engineer\n", reporter=RichReporter(con))
    await runner.run()
    lines = buf.getvalue().splitlines()
    assert lines[0] == "drafting 2 item(s)"
    assert any(line.startswith("[1/2] ok     ") for line in lines)
    assert any(line.startswith("[2/2] ok     ") for line in lines)


async def test_summary_lists_failed_items_and_validation(make_runner):
    backend = TitleBackend(fail_titles={"Broken"}, failing={"tools"})
    runner, _, _ = make_runner("Staff SRE\nBroken\n", backend=backend)
    report = await runner.run()
    con, buf = console(False)
    print_summary(con, report)
    text = buf.getvalue()
    assert "batch summary" in text and "failed items (1)" in text
    assert "tools: provider exploded" in text
    assert "items/min" in text and "manifest.json" in text


def test_formatting():
    assert fmt_cost(None) == "n/a" and fmt_cost(0.01234) == "$0.0123" and fmt_cost(12.5) == "$12.50"
    assert fmt_seconds(5.25) == "5.2s" and fmt_seconds(125) == "2m05s" and fmt_seconds(7300) == "2h01m"
