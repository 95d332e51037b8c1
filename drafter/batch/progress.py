"""Showing a batch: a rich progress display on stderr and a summary table at the end.

On a terminal: an items bar and a sections bar with ETA, plus tokens and cost
so far.  Elsewhere (a pipe, CI log): one plain line per finished item.
"""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.text import Text
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.table import Table

from ..generate.types import PROFILE_KEY, SectionEvent, SectionState
from .manifest import ItemRecord
from .plan import BatchItem, BatchPlan
from .runner import BatchReport

_FINISHED = (SectionState.done, SectionState.cached, SectionState.failed, SectionState.cancelled)


def fmt_cost(cost: float | None) -> str:
    if cost is None:
        return "n/a"
    return f"${cost:,.4f}" if cost < 1 else f"${cost:,.2f}"


def fmt_seconds(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, sec = divmod(int(round(seconds)), 60)
    if minutes < 60:
        return f"{minutes}m{sec:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class RichReporter:
    """Progress bars (TTY) or one line per item (not a TTY), on ``console`` (stderr)."""

    def __init__(self, console: Console | None = None):
        self.console = console or Console(stderr=True, highlight=False)
        self.live = self.console.is_terminal and not self.console.is_dumb_terminal
        self.tokens = 0
        self.cost: float | None = None
        self.total = 0
        self.done = 0
        self._progress: Progress | None = None
        self._items: TaskID | None = None
        self._sections: TaskID | None = None

    # -- BatchReporter

    def start(self, *, total: int, todo: int, skipped: int, sections: int) -> None:
        self.total = todo
        if skipped:
            self.console.print(f"skipping {skipped} finished item(s) (use --force to redo them)")
        if not todo:
            return
        if not self.live:
            self.console.print(f"drafting {todo} item(s)")
            return
        self._progress = Progress(
            TextColumn("{task.description:<9}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TextColumn("eta"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[extra]}"),
            console=self.console,
            transient=False,
            refresh_per_second=4,
        )
        self._items = self._progress.add_task("items", total=todo, extra="")
        self._sections = self._progress.add_task("sections", total=sections, extra=self._usage_text())
        self._progress.start()

    def item_started(self, item: BatchItem, sections: int) -> None:
        if self._progress is not None and self._sections is not None and sections < 20:
            task = self._progress.tasks[self._sections]
            self._progress.update(self._sections, total=max(task.completed, (task.total or 0) - (20 - sections)))

    def section(self, item: BatchItem, event: SectionEvent) -> None:
        if event.usage is not None:
            self.tokens += event.usage.total_tokens
            if event.usage.cost_usd is not None:
                self.cost = (self.cost or 0.0) + event.usage.cost_usd
        if event.section == PROFILE_KEY:  # the role-profile step is not one of the 20 sections
            return
        if self._progress is not None and self._sections is not None and event.state in _FINISHED:
            self._progress.update(self._sections, advance=1, extra=self._usage_text())

    def item_finished(self, item: BatchItem, record: ItemRecord) -> None:
        self.done += 1
        if self._progress is not None and self._items is not None:
            self._progress.update(self._items, advance=1)
            if record.status != "ok":
                self._progress.console.print(f"[red]failed[/] {escape(item.label())}: {escape(record.error or '')}", highlight=False)
            return
        mark = "ok    " if record.status == "ok" else "failed"
        bits = [fmt_seconds(record.seconds), f"{record.tokens.prompt + record.tokens.completion:,} tokens"]
        v = record.validation
        if v is not None and (v.errors or v.warnings):
            bits.append(f"{v.errors} validation error(s)" if v.errors else f"{v.warnings} warning(s)")
        tail = f" ({', '.join(bits)})"
        error = f": {record.error}" if record.error else ""
        self.console.print(f"[{self.done}/{self.total}] {mark} {item.label()}{tail}{error}", markup=False, highlight=False)

    def finished(self, report: BatchReport) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def _usage_text(self) -> str:
        return f"{self.tokens:,} tokens  {fmt_cost(self.cost)}"


def summary_table(report: BatchReport, *, max_failed: int = 20) -> Table:
    """Items ok/failed, tokens, cost, time; then the failed items with their error."""
    table = Table(title="batch summary", show_header=True, header_style="bold", title_justify="left")
    table.add_column("")
    table.add_column("items", justify="right")
    table.add_column("tokens", justify="right")
    table.add_column("cost", justify="right")
    table.add_column("time", justify="right")
    for label, records in (("ok", report.ok), ("failed", report.failed)):
        tokens = sum(r.tokens.prompt + r.tokens.completion for r in records)
        costs = [r.cost_usd for r in records if r.cost_usd is not None]
        avg = f"{fmt_seconds(sum(r.seconds for r in records) / len(records))}/item" if records else ""
        table.add_row(label, str(len(records)), f"{tokens:,}", fmt_cost(sum(costs) if costs else None), avg)
    if report.skipped:
        table.add_row("skipped (done)", str(report.skipped), "", "", "")
    table.add_row(
        "[bold]this run[/]", str(len(report.records)), f"{report.usage.total_tokens:,}",
        fmt_cost(report.usage.cost_usd), fmt_seconds(report.seconds),
    )
    return table


def failed_table(report: BatchReport, *, limit: int = 20) -> Table | None:
    failed = report.failed
    if not failed:
        return None
    table = Table(title=f"failed items ({len(failed)})", title_justify="left", header_style="bold")
    table.add_column("item")
    table.add_column("error", overflow="fold")
    for r in failed[:limit]:
        variant = ", ".join(f"{k}={v}" for k, v in {**r.fields, **r.variant}.items())
        table.add_row(Text(f"{r.title} [{variant}]" if variant else r.title), Text(r.error or ""))
    if len(failed) > limit:
        table.add_row(f"... and {len(failed) - limit} more", "see manifest.json")
    return table


def print_summary(console: Console, report: BatchReport) -> None:
    console.print(summary_table(report))
    failed = failed_table(report)
    if failed is not None:
        console.print(failed)
    validation = [r.validation for r in report.ok if r.validation is not None]
    errors = sum(v.errors for v in validation)
    warnings = sum(v.warnings for v in validation)
    if validation:
        console.print(f"validation: {errors} error(s), {warnings} warning(s) over {len(validation)} drafted item(s)")
    if report.records and report.seconds > 0:
        rate = len(report.records) / report.seconds * 60
        console.print(f"{len(report.records)} item(s) in {fmt_seconds(report.seconds)} ({rate:,.1f} items/min)", markup=False)
    if report.manifest_path is not None:
        console.print(f"manifest: {report.manifest_path}", markup=False, highlight=False)
    if report.interrupted:
        console.print("interrupted: finished items are kept; run the same command again to resume", markup=False)
    elif report.failed:
        console.print("run the same command again to retry the failed items", markup=False)


def print_plan(console: Console, plan: BatchPlan, done_keys: set[str], *, out_dir) -> None:
    """The dry-run listing: count, then each item's title, variant and output name."""
    n_titles = len(plan.titles)
    combos = 1
    for values in plan.axes.values():
        combos *= len(values)
    done = sum(1 for i in plan.items if i.key in done_keys)
    head = f"{len(plan.items)} item(s)"
    if plan.axes:
        head += f" = {n_titles} title(s) x {combos} variant(s)"
    head += f": {len(plan.items) - done} to draft, {done} done (skipped)" if done else f" to draft into {out_dir}"
    console.print(head, markup=False, highlight=False)
    width = len(str(len(plan.items)))
    for n, item in enumerate(plan.items, start=1):
        mark = "  done, skipped" if item.key in done_keys else ""
        variant = ", ".join(f"{k}={v}" for k, v in {**item.fields, **item.variant}.items())
        variant = f"  [{variant}]" if variant else ""
        console.print(f"{n:>{width}}. {item.title}{variant} -> {item.stem}.json{mark}", markup=False, highlight=False)
        # the level, track and family the item is drafted for (given in the file, else inferred from the title)
        console.print(f"{'':>{width}}  {item.request().role_line()}", markup=False, highlight=False)
