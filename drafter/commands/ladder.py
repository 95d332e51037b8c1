"""``drafter ladder TITLE --levels junior,mid,senior,staff,principal --out DIR``.

Drafts one blueprint per level together (shared sections once, then every
level at once; see ``drafter.generate.ladder``), validates each, and writes
into DIR: ``NN-<level title>.json`` and ``.md`` per level, ``ladder.json``
(the manifest), and the progression table as ``progression.md``, ``.html``
and ``.docx``.  ``drafter ladder --table DIR`` rewrites the tables of a
ladder folder (after editing a level) without any model call.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..errors import UsageError
from . import draft as draft_cmd

TABLE_FORMATS = ("md", "html", "docx")


def write_tables(rungs, shared, family: str, out_dir: Path) -> list[Path]:
    """progression.md / .html / .docx for ``rungs``; returns the paths."""
    from ..render import write_atomic
    from ..render.progression import progression, render_docx, render_html, render_markdown

    table = progression(rungs, shared=shared, family=family)
    out = []
    for fmt, data in (("md", render_markdown(table).encode("utf-8")), ("html", render_html(table).encode("utf-8")),
                      ("docx", render_docx(table))):
        path = out_dir / f"progression.{fmt}"
        write_atomic(path, data)
        out.append(path)
    return out


async def _run_ladder(engine, plan, on_event):
    from ..generate.ladder import draft_ladder

    try:
        return await draft_ladder(engine, plan, on_event=on_event), False
    except asyncio.CancelledError as exc:
        return getattr(exc, "ladder", None), True
    finally:
        await engine.aclose()


def _complete(files: list[Path], out: Path | None, settings, *, no_cache: bool, err: Console) -> int:
    """``drafter ladder --from FILE...``: complete the levels of an existing ladder together."""
    from ..generate import open_engine
    from ..generate.ladder import complete_ladder
    from ..load import load_blueprint
    from ..slugs import slugify

    docs = [load_blueprint(f).blueprint for f in files]
    if len(docs) < 2:
        raise UsageError("--from needs at least two documents, one per level")
    levels = [d.meta.level for d in docs]
    if len(set(levels)) < len(levels):
        names = ", ".join(f"{f} ({lvl.value if lvl else 'no level'})" for f, lvl in zip(files, levels))
        raise UsageError(f"each document must be a different level: {names}")
    out_dir = Path(out) if out is not None else Path(slugify(f"{docs[0].meta.role_family or docs[0].meta.title} ladder"))
    out_dir.mkdir(parents=True, exist_ok=True)
    engine = open_engine(settings, no_cache=no_cache)

    async def go():
        try:
            return await complete_ladder(engine, docs, depth=settings.depth), False
        except asyncio.CancelledError:
            return None, True
        finally:
            await engine.aclose()

    ladder, interrupted = asyncio.run(go())
    return _finish(err, ladder, interrupted, out_dir)


def run(
    title: str | None,
    levels: str | None = None,
    track: str | None = None,
    out: Path | None = None,
    company_size: str | None = None,
    industry: str | None = None,
    notes: str | None = None,
    model: str | None = None,
    api_base: str | None = None,
    depth: str | None = None,
    concurrency: int | None = None,
    no_cache: bool = False,
    table: Path | None = None,
    from_files: list[Path] | None = None,
) -> int:
    from ..config import load_settings
    from ..generate.ladder import load_ladder, plan_ladder

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if table is not None:
        saved = load_ladder(table)
        paths = write_tables(saved.rungs, saved.shared, saved.family, saved.folder)
        err.print("wrote " + ", ".join(escape(str(p)) for p in paths), highlight=False)
        return 0
    settings = load_settings(model=model, api_base=api_base, depth=depth, concurrency=concurrency)
    if from_files:
        return _complete(from_files, out, settings, no_cache=no_cache, err=err)
    title_text = draft_cmd._clean(title, "title", draft_cmd.MAX_TITLE, required=True)
    plan = plan_ladder(
        title_text, levels, track=track, depth=settings.depth,
        company_size=draft_cmd._clean(company_size, "company size", draft_cmd.MAX_SHORT),
        industry=draft_cmd._clean(industry, "industry", draft_cmd.MAX_SHORT),
        notes=draft_cmd._clean(notes, "notes", draft_cmd.MAX_NOTES),
    )
    from ..slugs import slugify

    out_dir = Path(out) if out is not None else Path(slugify(f"{plan.family} ladder"))
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"{out_dir}: exists and is not a folder")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{out_dir}: cannot create the folder: {exc.strerror or exc}") from None

    from ..generate import open_engine

    engine = open_engine(settings, no_cache=no_cache)
    check = getattr(engine.backend, "check", None)
    if check is not None:
        check()
    err.print(f"[dim]drafting a {len(plan.rungs)}-level {escape(plan.family)} ladder "
              f"({', '.join(escape(r.title) for r in plan.rungs)}) with {escape(engine.backend.model)}, "
              f"depth {settings.depth}[/]", highlight=False)
    progress = _Progress(err, plan)
    ladder, interrupted = asyncio.run(_run_ladder(engine, plan, progress))
    return _finish(err, ladder, interrupted, out_dir)


def _finish(err: Console, ladder, interrupted: bool, out_dir: Path) -> int:
    from ..generate.ladder import save_ladder

    from ..findings import Severity, count

    if ladder is None:
        err.print("[red]error:[/] interrupted")
        return draft_cmd.EXIT_INTERRUPTED
    written = save_ladder(ladder, out_dir)
    tables = write_tables(ladder.rungs, ladder.shared, ladder.plan.family, out_dir)
    for rung in ladder.rungs:
        findings = draft_cmd._validate(rung.blueprint)
        e, w = count(findings, Severity.error), count(findings, Severity.warning)
        state = "[red]incomplete[/]" if rung.failed else ("[yellow]" if e else "[green]") + f"{e} error(s)[/], {w} warning(s)"
        err.print(f"  {escape(rung.title)}: {state}", highlight=False)
    u = ladder.usage
    err.print(f"{len(ladder.rungs)} levels; shared once: {', '.join(ladder.shared) or 'none'}; {ladder.calls} model "
              f"calls, {u.prompt_tokens} prompt + {u.completion_tokens} completion tokens, {ladder.seconds:.1f} s",
              highlight=False)
    err.print(f"wrote {len(written) + len(tables)} files to {escape(str(out_dir))} "
              f"(progression table: {escape(str(tables[0]))}, .html, .docx)", highlight=False)
    if interrupted:
        err.print("[red]error:[/] interrupted; what was drafted is saved", highlight=False)
        return draft_cmd.EXIT_INTERRUPTED
    if ladder.failed:
        err.print(f"[red]error:[/] sections failed at {', '.join(ladder.failed)}", highlight=False)
        return 1
    return 0


class _Progress:
    """One line per level when it finishes (and a count of sections done), on stderr."""

    def __init__(self, console: Console, plan):
        self.console = console
        self.total = {r.level.value: 0 for r in plan.rungs}
        self.done: dict[str, int] = {}

    def __call__(self, tag: str, event) -> None:
        from ..generate.types import SectionState

        state = event.state
        if state == SectionState.queued:
            self.total[tag] = self.total.get(tag, 0) + 1
        elif state in (SectionState.done, SectionState.cached, SectionState.failed):
            self.done[tag] = self.done.get(tag, 0) + 1
            if self.done[tag] == self.total.get(tag):
                label = "shared sections" if tag == "shared" else tag.replace("_", " ")
                self.console.print(f"[dim]  {escape(label)}: {self.done[tag]} section(s) done[/]", highlight=False)
