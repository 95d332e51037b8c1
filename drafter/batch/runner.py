"""Running a batch: items concurrently under one bound, failures isolated, resumable, interruptible.

    runner = BatchRunner(plan, backend, out_dir, concurrency=8, depth="standard")
    report = await runner.run()

* One ``asyncio.Semaphore(concurrency)`` is shared by every item's engine, so
  the bound covers items and sections together; only ``concurrency + 1``
  items are active at a time (a 10,000-title list never becomes 10,000 tasks).
* A failing item never stops the others.  A partial draft is kept as
  ``<stem>.partial.json`` and the next run drafts only its missing sections.
* Resume: items the manifest lists as ok whose files exist are skipped
  (``force=True`` redoes them).
* Cancelling ``run()`` (Ctrl-C) records running items as failed with error
  "interrupted" (keeping the sections they finished), writes the manifest and
  re-raises ``CancelledError``; ``runner.report`` holds the outcome.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ..generate.engine import Engine
from ..generate.types import Backend, SectionEvent, SectionState, Usage
from ..schema.markers import Depth
from ..schema.models import Blueprint, GenerationInfo, RoleMeta
from ..schema.sections import GENERATED_SECTIONS
from . import outputs as out_files
from .manifest import ItemRecord, Manifest, RunSettings, Tokens, ValidationSummary, load_manifest, now, save_manifest
from .plan import BatchItem, BatchPlan

INTERRUPTED = "interrupted"
MAX_SAVE_INTERVAL = 2.0  # seconds: the longest a finished item may wait to be recorded in a large manifest
CHEAP_SAVE = 0.02  # seconds: a manifest that writes faster than this is written after every item
_GENERATED_KEYS = [s.key for s in GENERATED_SECTIONS]


class BatchReporter(Protocol):
    """What a progress display hears.  Every method is called on the event loop and must not block."""

    def start(self, *, total: int, todo: int, skipped: int, sections: int) -> None: ...
    def item_started(self, item: BatchItem, sections: int) -> None: ...
    def section(self, item: BatchItem, event: SectionEvent) -> None: ...
    def item_finished(self, item: BatchItem, record: ItemRecord) -> None: ...
    def finished(self, report: "BatchReport") -> None: ...


class NullReporter:
    def start(self, **_) -> None: ...
    def item_started(self, item, sections) -> None: ...
    def section(self, item, event) -> None: ...
    def item_finished(self, item, record) -> None: ...
    def finished(self, report) -> None: ...


@dataclass
class BatchReport:
    """The outcome of one run (the manifest has the whole history)."""

    planned: int = 0
    skipped: int = 0
    records: list[ItemRecord] = field(default_factory=list)  # items finished in this run, in finishing order
    usage: Usage = field(default_factory=Usage)  # this run's tokens and cost
    seconds: float = 0.0
    interrupted: bool = False
    manifest_path: Path | None = None

    @property
    def ok(self) -> list[ItemRecord]:
        return [r for r in self.records if r.status == "ok"]

    @property
    def failed(self) -> list[ItemRecord]:
        return [r for r in self.records if r.status == "failed"]

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.failed else 0


def make_engine(
    backend: Backend, *, concurrency: int, limiter: asyncio.Semaphore, gate=None, temperature: float | None = None
) -> Engine:
    """One item's engine, sharing the batch-wide limiter (and back-off gate, where the engine takes one)."""
    kwargs = {}
    if gate is not None and "gate" in inspect.signature(Engine).parameters:
        kwargs["gate"] = gate
    return Engine(backend, concurrency=concurrency, limiter=limiter, temperature=temperature, **kwargs)


def partition(plan: BatchPlan, manifest: Manifest | None, out_dir: Path, *, force: bool) -> tuple[list[BatchItem], list[BatchItem]]:
    """(to draft, already done): done means the manifest says ok and both output files exist."""
    if force or manifest is None:
        return list(plan.items), []
    records = manifest.by_key()
    todo: list[BatchItem] = []
    done: list[BatchItem] = []
    for item in plan.items:
        rec = records.get(item.key)
        if rec is not None and rec.status == "ok" and out_files.outputs_exist(out_dir, rec.outputs):
            done.append(item)
        else:
            todo.append(item)
    return todo, done


def settings_change(manifest: Manifest | None, settings: RunSettings) -> str | None:
    """One line when the model or depth differs from the run that made the manifest."""
    if manifest is None:
        return None
    old, diffs = manifest.settings, []
    for name in ("model", "depth"):
        before, after = getattr(old, name), getattr(settings, name)
        if before and after and before != after:
            diffs.append(f"{name} {before} -> {after}")
    if not diffs:
        return None
    return f"settings changed since the last run ({', '.join(diffs)}): finished items are kept; use --force to redo them"


class BatchRunner:
    def __init__(
        self,
        plan: BatchPlan,
        backend: Backend,
        out_dir: Path,
        *,
        concurrency: int = 4,
        depth: Depth | str = Depth.standard,
        force: bool = False,
        settings: RunSettings | None = None,
        gate=None,
        temperature: float | None = None,
        reporter: BatchReporter | None = None,
        manifest: Manifest | None = None,
        render: Callable[[Blueprint], str] | None = None,
        validate: Callable[[Blueprint], ValidationSummary | None] | None = None,
    ):
        if concurrency < 1:
            raise ValueError("concurrency must be >= 1")
        self.plan = plan
        self.backend = backend
        self.out_dir = Path(out_dir)
        self.concurrency = concurrency
        self.depth = Depth(depth)
        self.force = force
        self.settings = settings or RunSettings(
            model=backend.model, api_base=backend.api_base, depth=self.depth.value, concurrency=concurrency
        )
        self.gate = gate
        self.temperature = temperature
        self.reporter: BatchReporter = reporter or NullReporter()
        self._manifest = manifest
        self._render = render
        self._validate = validate or out_files.validation_summary
        cap = getattr(backend, "max_concurrency", None)  # e.g. the embedded local model: one call at a time
        self.limit = min(concurrency, cap) if cap else concurrency
        self.limiter = asyncio.Semaphore(self.limit)
        self.report = BatchReport(planned=len(plan.items))
        self._last_save = float("-inf")
        self._save_cost = 0.0
        self._dirty = False

    # ------------------------------------------------------------------ public

    async def run(self) -> BatchReport:
        started = time.perf_counter()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        manifest = self._manifest if self._manifest is not None else load_manifest(self.out_dir)
        manifest = manifest or Manifest(source=self.plan.titles.source)
        self.manifest = manifest
        todo, done = partition(self.plan, manifest, self.out_dir, force=self.force)
        self.report.skipped = len(done)
        manifest.settings = self.settings
        manifest.source = self.plan.titles.source or manifest.source
        for item in self.plan.items:
            if manifest.get(item.key) is None:
                manifest.upsert(self._base_record(item))
        self._save_manifest(final=True)
        self.report.manifest_path = self.out_dir / "manifest.json"
        self.reporter.start(
            total=len(self.plan.items), todo=len(todo), skipped=len(done), sections=len(todo) * len(_GENERATED_KEYS)
        )

        queue = iter(todo)
        workers = [
            asyncio.create_task(self._worker(queue), name=f"batch-worker-{i}")
            for i in range(min(len(todo), self.limit + 1))  # one item ahead keeps the bound busy
        ]
        try:
            if workers:
                await asyncio.gather(*workers)
        except asyncio.CancelledError:
            self.report.interrupted = True
            for w in workers:
                w.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            self._finish_run(started)
            raise
        except BaseException:
            for w in workers:
                w.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
            self._finish_run(started)
            raise
        self._finish_run(started)
        return self.report

    # ------------------------------------------------------------------ internals

    def _finish_run(self, started: float) -> None:
        self.report.seconds = time.perf_counter() - started
        try:
            self._save_manifest(final=True)
        finally:
            self.reporter.finished(self.report)

    async def _worker(self, queue) -> None:
        for item in queue:  # a shared iterator: each item goes to exactly one worker
            await self._run_item(item)

    def _base_record(self, item: BatchItem) -> ItemRecord:
        return ItemRecord(
            id=item.stem, key=item.key, title=item.title, variant=dict(item.variant),
            fields=item.fields, line=item.entry.line,
        )

    def _resume_from(self, item: BatchItem, request) -> tuple[Blueprint | None, list[str] | None]:
        """The partial blueprint of an earlier run and the sections it still lacks, when it fits this request."""
        if self.force:
            return None, None
        bp = out_files.load_partial(self.out_dir, item.stem)
        gen = bp.generation if bp is not None else None
        if gen is None or gen.model != self.backend.model or gen.inputs != request.inputs():
            return None, None
        missing = [k for k in _GENERATED_KEYS if getattr(bp, k) is None]
        return bp, missing

    async def _run_item(self, item: BatchItem) -> None:
        request = item.request(self.depth)
        previous = self.manifest.get(item.key)
        record = self._base_record(item)
        if previous is not None and not self.force:
            record.tokens = previous.tokens.model_copy()
            record.cost_usd = previous.cost_usd
            record.seconds = previous.seconds
        record.model, record.depth = self.backend.model, self.depth.value
        base, sections = self._resume_from(item, request)
        todo_sections = sections if sections is not None else list(_GENERATED_KEYS)
        self.reporter.item_started(item, len(todo_sections))

        drafted: dict[str, object] = {}
        usage = Usage()

        def on_event(event: SectionEvent) -> None:
            if (event.state in (SectionState.done, SectionState.cached) and event.result is not None
                    and event.section in _GENERATED_KEYS):
                drafted[event.section] = event.result
            if event.usage is not None:
                usage.add(event.usage)
            self.reporter.section(item, event)

        engine = make_engine(
            self.backend, concurrency=self.concurrency, limiter=self.limiter, gate=self.gate, temperature=self.temperature
        )
        t0 = time.perf_counter()
        try:
            result = await engine.draft(request, on_event=on_event, sections=sections, base=base)
        except asyncio.CancelledError as exc:
            self._account(record, usage, time.perf_counter() - t0)
            partial = self._partial_from(request, base, drafted, getattr(exc, "draft_result", None))
            missing = [k for k in _GENERATED_KEYS if getattr(partial, k) is None]
            record.status, record.error, record.failed_sections = "failed", INTERRUPTED, missing
            if drafted:
                record.outputs = self._safe_write(record, lambda: out_files.write_partial(self.out_dir, item.stem, partial))
            self._finish_item(item, record)
            raise
        except Exception as exc:  # noqa: BLE001 - one failing item must not stop the others
            self._account(record, usage, time.perf_counter() - t0)
            record.status, record.error = "failed", _one_line(str(exc) or type(exc).__name__)
            record.failed_sections = list(todo_sections)
            self._finish_item(item, record)
            return
        self._account(record, result.usage, time.perf_counter() - t0)
        bp = result.blueprint
        _merge_generation(bp, base)
        if result.failed:
            record.status = "failed"
            record.failed_sections = [k for k in _GENERATED_KEYS if k in result.failed]
            record.error = _one_line(
                f"{len(result.failed)} section(s) failed: "
                + "; ".join(f"{k}: {v}" for k, v in result.failed.items())
            )
            if any(getattr(bp, k) is not None for k in _GENERATED_KEYS):
                record.outputs = self._safe_write(record, lambda: out_files.write_partial(self.out_dir, item.stem, bp))
        else:
            try:
                record.validation = self._validate(bp)
            except Exception:  # noqa: BLE001 - a validator bug must not lose the draft
                record.validation = None
            record.outputs = self._safe_write(record, lambda: self._write_complete(item, bp))
            if record.error is None:
                record.status = "ok"
        self._finish_item(item, record)

    def _write_complete(self, item: BatchItem, bp: Blueprint) -> dict[str, str]:
        return out_files.write_complete(self.out_dir, item.stem, bp, render=self._render)

    def _safe_write(self, record: ItemRecord, write: Callable[[], dict[str, str]]) -> dict[str, str]:
        try:
            return write()
        except Exception as exc:  # noqa: BLE001 - disk full, renderer bug...: the item fails, the batch goes on
            record.status = "failed"
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc) or type(exc).__name__
            record.error = _one_line(f"cannot write the outputs: {reason}")
            return {}

    def _account(self, record: ItemRecord, usage: Usage, seconds: float) -> None:
        record.tokens = Tokens(
            prompt=record.tokens.prompt + usage.prompt_tokens, completion=record.tokens.completion + usage.completion_tokens
        )
        if usage.cost_usd is not None:
            record.cost_usd = round((record.cost_usd or 0.0) + usage.cost_usd, 6)
        record.seconds = round(record.seconds + seconds, 3)
        self.report.usage.add(Usage(usage.prompt_tokens, usage.completion_tokens, usage.cost_usd, 0.0, usage.attempts))

    def _partial_from(self, request, base: Blueprint | None, drafted: dict[str, object], result=None) -> Blueprint:
        """What an interrupted item had drafted: the engine's partial result, else the sections seen done."""
        if result is not None and getattr(result, "blueprint", None) is not None:
            bp = result.blueprint
            if bp.generation is not None:
                _merge_generation(bp, base)
                return bp
        bp = base.model_copy(deep=True) if base is not None else Blueprint(
            meta=RoleMeta(title=request.title, company_size=request.company_size, industry=request.industry)
        )
        for key, value in drafted.items():
            setattr(bp, key, value)
        bp.generation = GenerationInfo(
            model=self.backend.model,
            api_base=self.backend.api_base,
            depth=self.depth.value,
            started_at=now(),
            missing_sections=[k for k in _GENERATED_KEYS if getattr(bp, k) is None],
            inputs=request.inputs(),
        )
        return bp

    def _finish_item(self, item: BatchItem, record: ItemRecord) -> None:
        record.finished = now()
        self.manifest.upsert(record)
        self.report.records.append(record)
        self._save_manifest(final=False)
        self.reporter.item_finished(item, record)

    def _save_manifest(self, *, final: bool) -> None:
        """Write the manifest after an item finishes.

        A small manifest is written after every item.  A large one (thousands
        of items) takes a while to serialise, so it is written at most about
        every ten write-times (never more than ``MAX_SAVE_INTERVAL`` apart),
        keeping the event loop free; the run always ends with a write, on
        Ctrl-C too.
        """
        clock = time.perf_counter()
        wait = 0.0 if self._save_cost < CHEAP_SAVE else min(MAX_SAVE_INTERVAL, self._save_cost * 10)
        if not final and clock - self._last_save < wait:
            self._dirty = True
            return
        try:
            save_manifest(self.out_dir, self.manifest)
        except OSError:
            if final:
                raise
            self._dirty = True  # written again later; the item's own files are already on disk
            return
        self._dirty = False
        self._last_save = time.perf_counter()
        self._save_cost = self._last_save - clock


def _merge_generation(bp: Blueprint, base: Blueprint | None) -> None:
    """After a resumed draft, keep the earlier run's per-section usage next to this run's."""
    if base is None or base.generation is None or bp.generation is None:
        return
    redone = {s.section for s in bp.generation.sections}
    earlier = [s for s in base.generation.sections if s.section not in redone]
    bp.generation.sections = earlier + list(bp.generation.sections)
    bp.generation.prompt_tokens += sum(s.prompt_tokens for s in earlier)
    bp.generation.completion_tokens += sum(s.completion_tokens for s in earlier)


def _one_line(text: str, limit: int = 400) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 3] + "..."
