"""``drafter draft --from FILE``: complete an existing document.

Reads FILE (anything ``drafter validate`` reads, or a draft file), keeps every
section it has exactly as written, drafts only the missing ones with the
existing ones as context, validates the result and writes it (``-o``; Markdown
to stdout without).  Reports on stderr what was kept and what was added; a
document with nothing missing is written back without any model call.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..errors import UsageError
from ..schema.sections import BY_KEY
from . import draft as draft_cmd


def _names(keys: list[str]) -> str:
    return ", ".join(str(BY_KEY[k].number or k) for k in keys)


def run(
    source: Path,
    output: Path | None = None,
    level: str | None = None,
    track: str | None = None,
    company_size: str | None = None,
    industry: str | None = None,
    notes: str | None = None,
    model: str | None = None,
    api_base: str | None = None,
    depth: str | None = None,
    concurrency: int | None = None,
    no_cache: bool = False,
    console: Console | None = None,
) -> int:
    from ..config import load_settings
    from ..generate.complete import missing_sections, prior_provenance, request_for_document
    from ..load import load_blueprint

    err = console or Console(stderr=True, highlight=False, soft_wrap=True)
    if track not in (None, "ic", "manager"):
        raise UsageError(f"unknown track {track!r}; use ic or manager")
    path, fmt = draft_cmd.output_target(output)
    if path is not None and Path(source).exists() and path.resolve() == Path(source).resolve():
        raise UsageError(f"{path}: refusing to overwrite the document being completed; choose another -o")
    loaded = load_blueprint(source)
    bp = loaded.blueprint
    settings = load_settings(model=model, api_base=api_base, depth=depth, concurrency=concurrency)
    request = request_for_document(
        bp, depth=settings.depth, level=draft_cmd.normalise_level(level), track=track,
        company_size=draft_cmd._clean(company_size, "company size", draft_cmd.MAX_SHORT),
        industry=draft_cmd._clean(industry, "industry", draft_cmd.MAX_SHORT),
        notes=draft_cmd._clean(notes, "notes", draft_cmd.MAX_NOTES),
    )
    missing = missing_sections(bp)
    kept = list(prior_provenance(bp))
    who = f"{escape(request.title)}" + (f", {request.level}" if request.level else "") + (
        f", {request.track}" if request.track else "")
    err.print(f"[dim]{escape(str(source))}: {who}; {len(kept)} of {len(kept) + len(missing)} sections present[/]",
              highlight=False)

    if not missing:
        from ..generate.complete import complete_blueprint

        completion = asyncio.run(complete_blueprint(None, bp, request))  # nothing to draft: no engine, no call
        elapsed = 0.0
    else:
        from ..generate import open_engine
        from ..generate.progress import DraftProgress

        engine = open_engine(settings, no_cache=no_cache)
        check = getattr(engine.backend, "check", None)
        if check is not None:
            check()
        err.print(f"[dim]drafting {len(missing)} missing section(s) ({_names(missing)}) with "
                  f"{escape(engine.backend.model)}, depth {request.depth.value}; keeping {_names(kept) or 'none'}[/]",
                  highlight=False)
        progress = DraftProgress(missing, console=err)
        from ..generate.complete import complete_blueprint
        from .draft import run_cancellable

        completion, interrupted = asyncio.run(
            run_cancellable(
                engine, progress, lambda on_event: complete_blueprint(engine, bp, request, on_event=on_event)
            )
        )
        elapsed = progress.elapsed
        if interrupted or completion is None or completion.failed:
            return _incomplete(err, completion, interrupted, path, request.title)

    findings = draft_cmd._validate(completion.blueprint)
    draft_cmd._write(completion.blueprint, path, fmt)
    draft_cmd._report_findings(err, findings, str(path) if path else "FILE")
    target = str(path) if path else "stdout"
    if completion.added:
        result = completion.result
        err.print(f"added {len(completion.added)} section(s): {_names(completion.added)}; kept "
                  f"{len(completion.kept)} from the document as written ({_names(completion.kept) or 'none'}); "
                  f"{len(completion.added)} model calls, {draft_cmd._summary(result, elapsed)}", highlight=False)
    else:
        err.print("nothing to add: every section is present; no model call", highlight=False)
    err.print(f"wrote {escape(target)}", highlight=False)
    return 0


def _incomplete(err: Console, completion, interrupted: bool, path, title: str) -> int:
    from ..generate.types import DraftResult

    if completion is None:
        err.print("[red]error:[/] interrupted")
        return draft_cmd.EXIT_INTERRUPTED
    result = completion if isinstance(completion, DraftResult) else completion.result
    failed = result.failed if result is not None else completion.failed
    if result is not None:
        partial = draft_cmd.partial_path(path, title)
        draft_cmd._write_partial(result.blueprint, partial)
    for key, reason in failed.items():
        err.print(f"  {escape(key)}: {escape(reason)}", highlight=False)
    if result is not None:
        err.print(f"partial draft written to {escape(str(partial))} (run the same command on it to finish)",
                  highlight=False)
    if interrupted:
        err.print("[red]error:[/] interrupted", highlight=False)
        return draft_cmd.EXIT_INTERRUPTED
    err.print(f"[red]error:[/] {len(failed)} section(s) failed after retries", highlight=False)
    return 1
