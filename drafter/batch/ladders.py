"""``drafter batch FILE --out DIR --ladder LEVELS``: a level ladder for every title in FILE.

Each title becomes ``DIR/<family>-ladder/`` (the blueprints, ``ladder.json`` and
the progression tables, as ``drafter ladder`` writes them).  Every ladder runs
at once under one bound on calls in flight.  Running the same command again
skips ladders that finished (``ladder.json`` without failures) unless
``--force``; ``--dry-run`` lists the ladders and their titles.  The exit code is
1 when any ladder has failed sections.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..generate.ladder import MANIFEST, LadderPlan, plan_ladder
from ..slugs import slugify


@dataclass
class LadderItem:
    plan: LadderPlan
    folder: Path
    done: bool


def plan_ladders(titles, levels: str | None, out_dir: Path, *, track: str | None, depth: str,
                 force: bool) -> list[LadderItem]:
    """One ladder per title (a title's own track column wins over --track); UsageError on bad levels."""
    items: list[LadderItem] = []
    seen: set[str] = set()
    for entry in titles:
        plan = plan_ladder(entry.title, levels, track=entry.track or track, depth=depth,
                           company_size=entry.company_size, industry=entry.industry, notes=entry.notes)
        name = slugify(f"{plan.base_title} {plan.track.value} ladder", max_len=70)
        if name in seen:
            continue
        seen.add(name)
        folder = out_dir / name
        items.append(LadderItem(plan, folder, not force and _finished(folder)))
    return items


def _finished(folder: Path) -> bool:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and not any(level.get("failed") for level in data.get("levels", []))


def run_ladders(items: list[LadderItem], settings, *, no_cache: bool, console: Console) -> int:
    from ..commands.ladder import write_tables
    from ..generate import open_engine
    from ..generate.ladder import draft_ladder, save_ladder

    todo = [i for i in items if not i.done]
    for item in items:
        if item.done:
            console.print(f"skip {escape(str(item.folder))} (finished; --force redoes it)", highlight=False)
    if not todo:
        return 0
    engine = open_engine(settings, no_cache=no_cache)
    check = getattr(engine.backend, "check", None)
    if check is not None:
        check()
    limiter = asyncio.Semaphore(engine.concurrency)
    failed = 0

    async def one(item: LadderItem) -> None:
        nonlocal failed
        try:
            ladder = await draft_ladder(engine, item.plan, limiter=limiter)
        except asyncio.CancelledError as exc:
            ladder = getattr(exc, "ladder", None)
            if ladder is not None:
                save_ladder(ladder, item.folder)
            raise
        save_ladder(ladder, item.folder)
        write_tables(ladder.rungs, ladder.shared, item.plan.family, item.folder)
        state = f"[red]{sum(len(f) for f in ladder.failed.values())} section(s) failed[/]" if ladder.failed else "done"
        failed += bool(ladder.failed)
        console.print(f"{escape(item.plan.family)} ({len(ladder.rungs)} levels): {state}; {ladder.calls} calls, "
                      f"{ladder.seconds:.1f} s -> {escape(str(item.folder))}", highlight=False)

    async def main() -> None:
        try:
            await asyncio.gather(*(one(i) for i in todo))
        finally:
            await engine.aclose()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        console.print("[red]error:[/] interrupted; finished ladders are saved", highlight=False)
        return 130
    console.print(f"{len(todo) - failed} of {len(todo)} ladder(s) drafted", highlight=False)
    return 1 if failed else 0


def print_ladder_plan(console: Console, items: list[LadderItem]) -> None:
    for item in items:
        mark = "done" if item.done else "todo"
        titles = ", ".join(r.title for r in item.plan.rungs)
        console.print(f"{mark}  {item.folder}: {titles}", markup=False, highlight=False)
    console.print(f"{sum(not i.done for i in items)} ladder(s) to draft, "
                  f"{sum(len(i.plan.rungs) for i in items if not i.done)} blueprints", markup=False)
