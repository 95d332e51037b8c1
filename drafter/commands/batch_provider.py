"""``drafter batch FILE --out DIR --provider-batch`` and ``drafter batch --status DIR``.

Provider batch jobs (OpenAI / Azure Batch API through litellm) instead of live
calls: half the price, no rate limits, answers within the provider's window
(24 h).  The job ids live in DIR/manifest.json, so a stopped command loses
nothing: ``--status DIR`` polls, collects and submits the next stage, once
(or until done with ``--wait``).
"""

from __future__ import annotations

import os
from pathlib import Path

from rich.console import Console

from ..batch.lock import batch_lock
from ..batch.manifest import Manifest, RunSettings, load_manifest
from ..batch.plan import BatchPlan, parse_variants, plan_batch
from ..batch.progress import RichReporter, fmt_cost, print_summary
from ..config import Settings, load_settings
from ..errors import InputError, UsageError
from ..titles import read_titles_file


def run_provider(plan: BatchPlan, settings: Settings, out_dir: Path, run_settings: RunSettings, *,
                 variants: list[str], force: bool, no_cache: bool, wait: bool, poll: float) -> int:
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out_dir}: cannot create the directory: {exc.strerror or exc}") from None
    return _run(plan, settings, out_dir, run_settings, variants=variants, force=force, no_cache=no_cache, wait=wait,
                poll=poll, new_session=True)


def run_status(directory: Path, *, wait: bool, poll: float, no_cache: bool, concurrency: int | None) -> int:
    out = Console(highlight=False, soft_wrap=True)
    if not directory.is_dir():
        raise UsageError(f"--status {directory}: not a directory")
    manifest = load_manifest(directory)
    if manifest is None:
        raise UsageError(f"--status {directory}: no manifest.json here (not a batch directory)")
    from ..batch.provider import load_state

    state = load_state(manifest)
    if state is None:
        _print_manifest(out, manifest, directory)
        return 1 if manifest.summarize()["failed"] else 0
    if not state.source:
        raise UsageError(f"{directory}: the manifest does not say which titles file the batch came from")
    try:
        titles = read_titles_file(state.source)
    except InputError as exc:
        raise InputError(state.source, f"the batch's titles file cannot be read: {exc}",
                         hint="restore it, or run `drafter batch FILE --out DIR --provider-batch` again") from None
    plan = plan_batch(titles, parse_variants(state.variants), known_stems={r.key: r.id for r in manifest.items})
    saved = manifest.settings
    env_base = os.environ.get("DRAFTER_API_BASE")
    from .batch import _redact

    api_base = env_base if env_base and _redact(env_base) == saved.api_base else saved.api_base
    settings = load_settings(model=saved.model, api_base=api_base, depth=saved.depth,
                             concurrency=concurrency or saved.concurrency)
    run_settings = RunSettings(model=settings.model, api_base=_redact(settings.api_base), depth=settings.depth,
                               concurrency=settings.concurrency)
    return _run(plan, settings, directory, run_settings, variants=state.variants, force=False, no_cache=no_cache,
                wait=wait, poll=poll, new_session=False)


def _run(plan: BatchPlan, settings: Settings, out_dir: Path, run_settings: RunSettings, *, variants: list[str],
         force: bool, no_cache: bool, wait: bool, poll: float, new_session: bool) -> int:
    from ..batch.backend import build_backend
    from ..batch.jobs import JobClient
    from ..batch.provider import ProviderBatchRunner

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    backend = build_backend(settings, no_cache=no_cache)
    client = JobClient.for_backend(backend)
    check = getattr(backend, "check", None)
    if check is not None:
        check()
    with batch_lock(out_dir):
        runner = ProviderBatchRunner(
            plan, backend, out_dir, client=client, wait=wait, poll=poll, new_session=new_session, variants=variants,
            concurrency=settings.concurrency, depth=settings.depth, force=force, settings=run_settings,
            temperature=settings.temperature, reporter=RichReporter(err), manifest=load_manifest(out_dir),
            notify=lambda text: err.print(text, markup=False, highlight=False),
        )

        from .batch import run_to_end

        run_to_end(runner, backend)
    print_provider_summary(Console(highlight=False, soft_wrap=True), runner.report, out_dir)
    return runner.report.exit_code


def print_provider_summary(console: Console, report, out_dir: Path) -> None:
    print_summary(console, report)
    share = f"{report.discount:.0%}"
    line = f"provider batch: {report.jobs_total} job(s) this session, {len(report.jobs_submitted)} submitted now"
    if report.usage.cost_usd is not None:
        line += f"; cost {fmt_cost(report.usage.cost_usd)} at the batch price ({share} of live"
        if report.live_cost_usd:
            line += f"; live calls: {fmt_cost(report.live_cost_usd)}"
        line += ")"
    console.print(line, markup=False, highlight=False)
    if report.open_jobs:
        ids = ", ".join(j.id or "(not created)" for j in report.open_jobs[:5])
        more = f" and {len(report.open_jobs) - 5} more" if len(report.open_jobs) > 5 else ""
        console.print(f"{report.pending} item(s) wait for {len(report.open_jobs)} job(s): {ids}{more}", markup=False,
                      highlight=False)
        console.print(f"`drafter batch --status {out_dir}` collects them (add --wait to wait until done)",
                      markup=False, highlight=False)


def _print_manifest(console: Console, manifest: Manifest, directory: Path) -> None:
    s = manifest.summarize()
    console.print(f"{directory}: {s['items']} item(s): {s['ok']} ok, {s['failed']} failed, {s['pending']} pending; "
                  f"{s['prompt_tokens'] + s['completion_tokens']:,} tokens, cost {fmt_cost(s['cost_usd'])}",
                  markup=False, highlight=False)
    for rec in [r for r in manifest.items if r.status == "failed"][:20]:
        console.print(f"failed {rec.title}: {rec.error or ''}", markup=False, highlight=False)
