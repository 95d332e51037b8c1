"""``drafter batch FILE --out DIR``: draft a blueprint for every title (x variant) in FILE.

Very large lists: point the same command at a LiteLLM proxy that spreads the
load over several deployments (and keys) of one model, e.g. ``proxy.yaml``::

    model_list:
      - model_name: blueprint-writer
        litellm_params: {model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_KEY_A, rpm: 500}
      - model_name: blueprint-writer
        litellm_params: {model: openai/gpt-4o-mini, api_key: os.environ/OPENAI_KEY_B, rpm: 500}
      - model_name: blueprint-writer
        litellm_params: {model: azure/gpt-4o-mini, api_base: os.environ/AZURE_API_BASE,
                         api_key: os.environ/AZURE_API_KEY, rpm: 1000}
    router_settings:
      routing_strategy: simple-shuffle   # or least-busy, latency-based-routing, usage-based-routing

    litellm --config proxy.yaml --port 4000
    OPENAI_API_KEY=<proxy virtual key> drafter batch titles.csv --out out/ \
        --api-base http://proxy:4000 --model blueprint-writer -j 32

Provider keys stay in the proxy; drafter only holds the proxy's key.  When
every deployment is busy the proxy answers 429 and the whole batch backs off
(Retry-After honoured) instead of hammering it.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from rich.console import Console

from ..batch.lock import batch_lock
from ..batch.manifest import RunSettings, load_manifest
from ..batch.plan import parse_variants, plan_batch
from ..batch.progress import RichReporter, print_plan, print_summary
from ..batch.runner import BatchRunner, partition, settings_change
from ..config import load_settings
from ..errors import UsageError
from ..titles import TitleList, read_titles_file

MAX_NOTES_SHOWN = 20


def run(
    file: Path | None,
    out: Path | None,
    variants: list[str],
    model: str | None = None,
    api_base: str | None = None,
    depth: str | None = None,
    concurrency: int | None = None,
    dry_run: bool = False,
    force: bool = False,
    no_cache: bool = False,
    ladder: str | None = None,
    track: str | None = None,
    provider_batch: bool = False,
    status: Path | None = None,
    wait: bool | None = None,
    poll: float = 60.0,
) -> int:
    if status is not None:
        if file is not None or out is not None:
            raise UsageError("--status DIR takes no FILE or --out (the directory's manifest knows them)")
        from .batch_provider import run_status

        return run_status(status, wait=bool(wait), poll=poll, no_cache=no_cache, concurrency=concurrency)
    if file is None:
        raise UsageError("missing FILE: a list of titles (or --status DIR to check a batch directory)")
    if out is None:
        raise UsageError("missing --out DIR: where the blueprints and manifest.json go")
    if wait is not None and not provider_batch:
        raise UsageError("--wait/--no-wait go with --provider-batch or --status")
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    axes = parse_variants(variants)
    out_dir = Path(out)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out {out_dir}: exists and is not a directory")
    titles = read_titles_file(file)
    _print_notes(err, titles)
    settings = load_settings(model=model, api_base=api_base, depth=depth, concurrency=concurrency)
    if ladder is not None:  # a level ladder per title (drafter.batch.ladders)
        if provider_batch:
            raise UsageError("--ladder and --provider-batch cannot be combined yet; draft ladders live")
        return _ladders(titles, ladder, track, axes, out_dir, settings, dry_run=dry_run, force=force,
                        no_cache=no_cache, err=err)
    manifest = load_manifest(out_dir) if out_dir.is_dir() else None
    plan = plan_batch(titles, axes, known_stems={r.key: r.id for r in manifest.items} if manifest else None)
    for note in plan.notes:
        err.print(f"note: {note}", markup=False)
    run_settings = RunSettings(
        model=settings.model, api_base=_redact(settings.api_base), depth=settings.depth, concurrency=settings.concurrency
    )
    change = settings_change(manifest, run_settings)
    if change:
        err.print(f"note: {change}", markup=False)

    if dry_run:
        _, done = partition(plan, manifest, out_dir, force=force)
        print_plan(Console(highlight=False, soft_wrap=True), plan, {i.key for i in done}, out_dir=out_dir)
        return 0

    from ..batch.backend import build_backend, build_gate

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out_dir}: cannot create the directory: {exc.strerror or exc}") from None
    if provider_batch:
        from .batch_provider import run_provider

        return run_provider(plan, settings, out_dir, run_settings, variants=variants, force=force, no_cache=no_cache,
                            wait=True if wait is None else wait, poll=poll)
    with batch_lock(out_dir):
        if manifest is None:
            manifest = load_manifest(out_dir)  # written by a run that finished while we were planning
        if getattr(manifest, "provider_batch", None) and any(
            not j.get("collected") for j in (manifest.provider_batch or {}).get("jobs", [])
        ):
            raise UsageError(f"{out_dir}: provider batch jobs are still open here",
                             hint=f"drafter batch --status {out_dir} collects them; add --provider-batch to continue")
        backend = build_backend(settings, no_cache=no_cache)
        runner = BatchRunner(
            plan, backend, out_dir,
            concurrency=settings.concurrency, depth=settings.depth, force=force, settings=run_settings,
            gate=build_gate(), temperature=settings.temperature, reporter=RichReporter(err), manifest=manifest,
        )

        run_to_end(runner, backend)
    print_summary(Console(highlight=False, soft_wrap=True), runner.report)
    return runner.report.exit_code


def _ladders(titles, levels, track, axes, out_dir: Path, settings, *, dry_run: bool, force: bool, no_cache: bool,
             err: Console) -> int:
    from ..batch.ladders import plan_ladders, print_ladder_plan, run_ladders

    if axes:
        raise UsageError("--ladder and --variants cannot be combined; a ladder varies the level")
    items = plan_ladders(titles, levels, out_dir, track=track, depth=settings.depth, force=force)
    if dry_run:
        print_ladder_plan(Console(highlight=False, soft_wrap=True), items)
        return 0
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out_dir}: cannot create the directory: {exc.strerror or exc}") from None
    with batch_lock(out_dir):
        return run_ladders(items, settings, no_cache=no_cache, console=err)


def _redact(url: str | None) -> str | None:
    """An API base without user:password, for the manifest."""
    if not url or "@" not in url:
        return url
    parts = urlsplit(url)
    if not (parts.username or parts.password):
        return url
    host = parts.hostname or ""
    if parts.port:
        host += f":{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _print_notes(err: Console, titles: TitleList) -> None:
    notes = titles.notes
    for note in notes[:MAX_NOTES_SHOWN]:
        err.print(f"note: {titles.source}: {note}", markup=False)
    if len(notes) > MAX_NOTES_SHOWN:
        err.print(f"note: ... and {len(notes) - MAX_NOTES_SHOWN} more notes", markup=False)
    refused = len(titles.refused)
    fmt = {"text": "plain text", "csv": "CSV", "index": "title index"}[titles.format]
    tail = f", {refused} refused" if refused else ""
    err.print(f"read {len(titles)} title(s) from {titles.source} ({fmt}{tail})", markup=False)


def run_to_end(runner, backend) -> None:
    """Run a batch runner (live or provider batch) to its end; Ctrl-C marks the report interrupted, keeping what
    was done.  The backend is closed either way."""

    async def main() -> None:
        try:
            await runner.run()
        finally:
            await backend.aclose()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        runner.report.interrupted = True
