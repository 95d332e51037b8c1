"""Provider batch mode: the section requests of a batch go out as provider batch jobs (half price, no rate limits).

    runner = ProviderBatchRunner(plan, backend, out_dir, client=JobClient.for_backend(backend), depth="brief")
    report = await runner.run()      # submit, poll, collect, next stage ... until every item settles

One *pass* drafts every unsettled item with ``staging.StagingBackend``: answers
already collected fill their sections (validated, cached and priced like live
calls, at the batch discount), and every request still unanswered becomes a
line of the next job.  Sections that wait for another section's answer get no
line yet, so the engine's dependency levels become successive jobs (stage 1:
every section without dependencies; stage 2: the ones that needed them, plus
re-asks after a validation error and failed lines sent again).

State lives in ``manifest.json`` (``provider_batch``: the jobs with their ids
and files, the session) and ``DIR/.batch/`` (each job's input, output and
error JSONL), so a stopped process resumes: ``drafter batch --status DIR``
(or the same command again) polls the open jobs, collects and continues.
A *session* runs from a first submission until nothing is open; a new
command after that starts a new session, which retries failed items.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from ..generate.engine import Engine
from ..schema.models import Blueprint, RoleMeta
from ..schema.sections import GENERATED_SECTIONS
from . import outputs as out_files
from .jobs import MAX_BYTES, MAX_LINES, JobClient, JobRecord, TERMINAL
from .manifest import ItemRecord, Manifest, load_manifest, now
from .plan import BatchItem, BatchPlan
from .runner import BatchReport, BatchRunner, _merge_generation, _one_line, partition
from .staging import ResultStore, StagingBackend, item_of, provider_model

WORK_DIR = ".batch"
_KEYS = [s.key for s in GENERATED_SECTIONS]


class ProviderState(BaseModel):
    """``manifest.provider_batch``."""

    model_config = ConfigDict(extra="allow")

    session: int = 0
    provider: str | None = None
    model: str | None = None
    discount: float = 0.5
    source: str | None = None  # the titles file (absolute), for --status
    variants: list[str] = Field(default_factory=list)
    jobs: list[JobRecord] = Field(default_factory=list)

    def open_jobs(self) -> list[JobRecord]:
        return [j for j in self.jobs if j.open]


@dataclass
class ProviderReport(BatchReport):
    pending: int = 0  # items still waiting for a job
    jobs_submitted: list[str] = field(default_factory=list)  # job ids created in this run
    open_jobs: list[JobRecord] = field(default_factory=list)
    jobs_total: int = 0  # jobs of this session
    discount: float = 0.5
    live_cost_usd: float | None = None  # what the answers collected in this run would cost as live calls

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.failed else 0


def load_state(manifest: Manifest | None) -> ProviderState | None:
    raw = getattr(manifest, "provider_batch", None) if manifest is not None else None
    if raw is None:
        return None
    return raw if isinstance(raw, ProviderState) else ProviderState.model_validate(raw)


class _Lines:
    """Batch lines of one pass, written to DIR/.batch/ as they come; a new file every MAX_LINES / MAX_BYTES."""

    def __init__(self, directory: Path, prefix: str, *, max_lines: int = MAX_LINES, max_bytes: int = MAX_BYTES):
        self.directory = directory
        self.prefix = prefix
        self.max_lines, self.max_bytes = max_lines, max_bytes
        self.files: list[tuple[Path, int, set[str]]] = []  # (path, lines, item keys)
        self._fh = None
        self._bytes = 0

    def __call__(self, line: dict) -> None:
        data = (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
        if self._fh is None or self.files[-1][1] >= self.max_lines or self._bytes + len(data) > self.max_bytes:
            self._rotate()
        self._fh.write(data)
        self._bytes += len(data)
        path, n, items = self.files[-1]
        items.add(item_of(line["custom_id"]))
        self.files[-1] = (path, n + 1, items)

    def _rotate(self) -> None:
        self.close()
        path = self.directory / f"{self.prefix}-{len(self.files) + 1}.input.jsonl"
        self._fh = path.open("wb")
        self._bytes = 0
        self.files.append((path, 0, set()))

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


class ProviderBatchRunner(BatchRunner):
    def __init__(self, plan: BatchPlan, backend: Any, out_dir: Path, *, client: JobClient, wait: bool = True,
                 poll: float = 30.0, first_poll: float = 1.0, new_session: bool = True, max_line_retries: int = 2,
                 variants: list[str] | None = None, discount: float | None = None, sleep=None,
                 notify=None, **kwargs: Any):
        super().__init__(plan, backend, out_dir, **kwargs)
        self.client = client
        self.wait = wait
        self.poll = max(0.01, poll)
        self.first_poll = min(first_poll, self.poll)
        self.new_session = new_session
        self.max_line_retries = max_line_retries
        self.variants = list(variants or [])
        self.discount = discount
        self._sleep = sleep or asyncio.sleep
        self.notify = notify or (lambda text: None)  # one line of news for the user
        self.report = ProviderReport(planned=len(plan.items))
        self.work = self.out_dir / WORK_DIR
        self.store = ResultStore()
        self._model_name: str | None = None

    # ------------------------------------------------------------------ public

    async def run(self) -> ProviderReport:
        started = time.perf_counter()
        self.out_dir.mkdir(parents=True, exist_ok=True)
        self.work.mkdir(exist_ok=True)
        manifest = self._manifest if self._manifest is not None else load_manifest(self.out_dir)
        self.manifest = manifest = manifest or Manifest(source=self.plan.titles.source)
        state = load_state(manifest) or ProviderState()
        self.state = state
        manifest.provider_batch = state  # type: ignore[attr-defined]
        manifest.settings = self.settings
        manifest.source = self.plan.titles.source or manifest.source
        if state.discount and self.discount is None:
            self.discount = state.discount if state.session else None
        if self.discount is None:
            from .jobs import batch_discount

            self.discount = batch_discount(self.backend.model)
        state.discount = self.report.discount = self.discount
        state.provider, state.model = self.client.provider, self.backend.model
        if self.plan.titles.source and self.plan.titles.source != "<text>":
            state.source = str(Path(self.plan.titles.source).resolve())
        state.variants = self.variants or state.variants

        if not state.open_jobs() and (self.new_session or state.session == 0):
            state.session += 1
            for item in self.plan.items:  # a new session retries what failed before
                rec = manifest.get(item.key)
                if rec is not None and rec.status == "failed":
                    rec.failed_sections, rec.status = [], "pending"
                    getattr(rec, "__pydantic_extra__", {}).pop("section_errors", None)
        else:
            self.force = False  # --force applies when a session starts, not in the middle of one
        todo, done = partition(self.plan, manifest, self.out_dir, force=self.force)
        self._fresh, self.force = self.force, False  # partials of earlier sessions are ignored once, under --force
        self.report.skipped = len(done)
        for item in self.plan.items:
            if manifest.get(item.key) is None:
                manifest.upsert(self._base_record(item))
        for job in state.jobs:
            if job.session == state.session and job.collected:
                self._index(job)
        self._save_manifest(final=True)
        self.report.manifest_path = self.out_dir / "manifest.json"
        self.reporter.start(total=len(self.plan.items), todo=len(todo), skipped=len(done), sections=0)
        self._todo = {i.key: i for i in todo}

        interval = self.first_poll
        try:
            while True:
                await self._create_uploaded()
                await self._collect()
                await self._pass()
                self._fresh = False
                await self._create_uploaded()
                self._save_manifest(final=True)
                open_jobs = state.open_jobs()
                if not open_jobs or not self.wait:
                    break
                await self._sleep(interval)
                interval = min(self.poll, interval * 2)
        except asyncio.CancelledError:
            self.report.interrupted = True
            self._finish(started)
            raise
        except BaseException:
            self._finish(started)
            raise
        self._finish(started)
        return self.report

    # ------------------------------------------------------------------ jobs

    def _index(self, job: JobRecord) -> None:
        ok, failed = self.store.add_job(
            self.work / job.input,
            self.work / f"{job.id}.output.jsonl" if job.output_file_id else None,
            self.work / f"{job.id}.errors.jsonl" if job.error_file_id else None,
            status=job.status, reason=job.error and f"the job {job.status}: {job.error}",
        )
        job.counts.setdefault("collected_ok", ok)
        job.counts.setdefault("collected_failed", failed)

    async def _create_uploaded(self) -> None:
        """Upload and create the jobs a stopped run left half-submitted (and the ones just written)."""
        for job in self.state.open_jobs():
            if job.id is not None:
                continue
            if job.input_file_id is None:
                await self.client.upload(job, self.work)
                self._save_manifest(final=True)
            await self.client.create(job, metadata={"drafter_batch": self.out_dir.name[:64],
                                                    "session": str(job.session), "stage": str(job.stage)})
            job.created = now()
            self._save_manifest(final=True)
            self.report.jobs_submitted.append(job.id)
            self.notify(f"submitted job {job.id}: stage {job.stage}, {job.lines:,} request(s) for "
                        f"{len(job.items):,} item(s)")

    async def _collect(self) -> None:
        for job in self.state.open_jobs():
            if job.id is None:
                continue
            before = job.status
            await self.client.refresh(job)
            if job.status != before and job.status not in TERMINAL:
                counts = job.counts
                self.notify(f"job {job.id}: {job.status}"
                            + (f" ({counts.get('completed', 0) + counts.get('failed', 0):,}/{counts['total']:,})"
                               if counts.get("total") else ""))
            if job.status not in TERMINAL:
                continue
            if job.output_file_id:
                await self.client.download(job.output_file_id, self.work / f"{job.id}.output.jsonl")
            if job.error_file_id:
                await self.client.download(job.error_file_id, self.work / f"{job.id}.errors.jsonl")
            job.collected, job.finished = True, now()
            self._index(job)
            self._save_manifest(final=True)
            self.notify(f"job {job.id}: {job.status}, {job.counts.get('collected_ok', 0):,} answer(s), "
                        f"{job.counts.get('collected_failed', 0):,} failed line(s)"
                        + (f": {job.error}" if job.error else ""))

    # ------------------------------------------------------------------ a pass over the items

    async def _pass(self) -> None:
        waiting = {key for job in self.state.open_jobs() for key in job.items}
        items = [item for key, item in self._todo.items() if key not in waiting]
        if not items:
            self.report.pending = len(waiting & set(self._todo))
            return
        stage = 1 + max((j.stage for j in self.state.jobs if j.session == self.state.session), default=0)
        prefix = f"s{self.state.session}-stage{stage}-{int(time.time())}"
        lines = _Lines(self.work, prefix)
        if self._model_name is None:
            self._model_name = provider_model(self.backend.model)
        queue = iter(items)

        async def worker() -> None:
            for item in queue:
                await self._advance(item, lines)

        try:
            await asyncio.gather(*(worker() for _ in range(min(len(items), self.limit + 1))))
        finally:
            lines.close()
        for path, n, keys in lines.files:
            if n == 0:
                path.unlink(missing_ok=True)
                continue
            self.state.jobs.append(JobRecord(session=self.state.session, stage=stage, input=path.name, lines=n,
                                             items=sorted(keys)))
        self.report.pending = len({k for j in self.state.open_jobs() for k in j.items} & set(self._todo))
        self.report.jobs_total = sum(1 for j in self.state.jobs if j.session == self.state.session)

    async def _advance(self, item: BatchItem, sink: _Lines) -> None:
        request = item.request(self.depth)
        record = self.manifest.get(item.key) or self._base_record(item)
        record.model, record.depth = self.backend.model, self.depth.value
        errors: dict[str, str] = dict(getattr(record, "section_errors", None) or {})
        base, missing = (None, None) if self._fresh else self._resume_from(item, request)
        missing = list(missing) if missing is not None else list(_KEYS)
        todo = [k for k in missing if k not in record.failed_sections]  # settled failures stay settled
        if not todo:
            return self._settle(item, record, base, errors)
        backend = StagingBackend(
            self.backend, item_key=item.key, store=self.store, open_ids=frozenset(), sink=sink,
            model_name=self._model_name or self.backend.model, discount=self.discount or 1.0,
            max_line_retries=self.max_line_retries,
        )
        engine = Engine(backend, concurrency=self.concurrency, limiter=self.limiter, temperature=self.temperature)
        t0 = time.perf_counter()
        result = await engine.draft(request, sections=todo, base=base)
        self._account(record, result.usage, time.perf_counter() - t0)
        if backend.live_cost:
            self.report.live_cost_usd = (self.report.live_cost_usd or 0.0) + backend.live_cost
        bp = result.blueprint
        _merge_generation(bp, base)
        for key, reason in result.failed.items():
            # Settled: a model answer that failed for good.  A section the engine makes without a model call
            # (assembled from others) that failed while others still wait is not settled: it follows them.
            if key not in backend.waiting and (key in backend.called or not backend.waiting):
                errors[key] = reason
                if key not in record.failed_sections:
                    record.failed_sections.append(key)
        record.section_errors = errors  # type: ignore[attr-defined]
        if backend.waiting:
            record.status, record.error = "pending", None
            if len(todo) > len(backend.waiting):  # something new: keep it for the next pass
                record.outputs = self._safe_write(record, lambda: out_files.write_partial(self.out_dir, item.stem, bp))
            self.manifest.upsert(record)
            return None
        return self._settle(item, record, bp, errors)

    def _settle(self, item: BatchItem, record: ItemRecord, bp: Blueprint | None, errors: dict[str, str]) -> None:
        """Every section answered or failed: write the outputs and report the item."""
        self._todo.pop(item.key, None)
        if bp is None:
            request = item.request(self.depth)
            bp = Blueprint(meta=RoleMeta(title=request.title, company_size=request.company_size,
                                         industry=request.industry))
        missing = [k for k in _KEYS if getattr(bp, k) is None]
        if missing:
            record.status = "failed"
            record.failed_sections = [k for k in _KEYS if k in missing]
            record.error = _one_line(f"{len(missing)} section(s) failed: "
                                     + "; ".join(f"{k}: {errors.get(k, 'not drafted')}" for k in record.failed_sections))
            if any(getattr(bp, k) is not None for k in _KEYS):
                record.outputs = self._safe_write(record, lambda: out_files.write_partial(self.out_dir, item.stem, bp))
        else:
            try:
                record.validation = self._validate(bp)
            except Exception:  # noqa: BLE001 - a validator bug must not lose the draft
                record.validation = None
            record.status, record.error, record.failed_sections = "ok", None, []
            record.outputs = self._safe_write(record, lambda: self._write_complete(item, bp))
            if record.error is not None:
                record.status = "failed"
        self._finish_item(item, record)

    def _finish(self, started: float) -> None:
        self.report.seconds = time.perf_counter() - started
        self.report.open_jobs = self.state.open_jobs()
        self.report.jobs_total = sum(1 for j in self.state.jobs if j.session == self.state.session)
        self.report.pending = len(self._todo) if hasattr(self, "_todo") else 0
        self._fresh = False
        try:
            self._save_manifest(final=True)
        finally:
            self.reporter.finished(self.report)

