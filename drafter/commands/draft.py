"""``drafter draft TITLE``: draft a complete blueprint, validate it, write it.

Every input is checked before any model call (title, level, output path and
format).  Progress goes to stderr.  When sections fail after their retries,
each is named with its reason, the partial draft is written next to the
output as ``<name>.partial.json`` and the exit code is 1; Ctrl-C stops
cleanly, keeps the partial draft and exits 130.
"""

from __future__ import annotations

import asyncio
import importlib.util
import unicodedata
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..errors import ConfigError, DrafterError, UsageError
from ..roles import normalise_level

MAX_TITLE = 120
MAX_SHORT = 80  # company size, industry
MAX_NOTES = 4000
OUTPUT_FORMATS = {".json": "json", ".md": "md", ".markdown": "md"}
EXIT_INTERRUPTED = 130

# ---------------------------------------------------------------- input checks


def _clean(value: str | None, what: str, limit: int, *, required: bool = False) -> str | None:
    if value is None:
        if required:
            raise UsageError(f"the {what} is empty")
        return None
    if any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value):
        raise UsageError(f"the {what} contains control characters")
    text = value.strip() if what == "notes" else " ".join(value.split())
    if not text:
        if required:
            raise UsageError(f"the {what} is empty")
        return None
    if len(text) > limit:
        verb = "are" if what.endswith("s") else "is"
        raise UsageError(f"the {what} {verb} too long ({len(text)} characters; at most {limit})")
    return text


def build_request(
    title: str,
    *,
    level: str | None = None,
    track: str | None = None,
    family: str | None = None,
    company_size: str | None = None,
    industry: str | None = None,
    notes: str | None = None,
    depth: str = "standard",
):
    """The ``RoleRequest`` for the options, every input checked (one-line ``UsageError``s)."""
    from ..generate.types import RoleRequest
    from ..roles import parse_track

    title_text = _clean(title, "title", MAX_TITLE, required=True)
    try:
        parsed_track = parse_track(track, strict=True)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    return RoleRequest(
        title=title_text,
        level=normalise_level(level),
        track=parsed_track,
        family=_clean(family, "family", MAX_SHORT),
        company_size=_clean(company_size, "company size", MAX_SHORT),
        industry=_clean(industry, "industry", MAX_SHORT),
        notes=_clean(notes, "notes", MAX_NOTES),
        depth=depth,
    )


def output_target(output: Path | None) -> tuple[Path | None, str]:
    """(path or None for stdout, format) -- checked before any model call."""
    if output is None or str(output) == "-":
        return None, "md"
    output = Path(output).expanduser()
    fmt = OUTPUT_FORMATS.get(output.suffix.lower())
    if fmt is None:
        raise UsageError(f"{output}: the output must end in .json or .md")
    if output.is_dir():
        raise UsageError(f"{output}: is a folder; give a file name ending in .json or .md")
    parent = output.parent if str(output.parent) else Path(".")
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"{output}: cannot create the folder {parent}: {exc.strerror or exc}") from None
    probe = parent / f".{output.name}.drafter-probe"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise UsageError(f"{output}: the folder {parent} is not writable: {exc.strerror or exc}") from None
    return output, fmt


def partial_path(output: Path | None, title: str) -> Path:
    """Where a partial draft goes: next to the output, or in the drafts folder for stdout."""
    if output is not None:
        return output.with_name(output.stem + ".partial.json")
    from ..config import drafts_dir, ensure_dir

    from ..slugs import slugify

    return ensure_dir(drafts_dir()) / f"{slugify(title, fallback='blueprint', max_len=60)}.partial.json"


def _renderer_available(fmt: str) -> None:
    module = {"md": "drafter.render.markdown", "json": "drafter.render.jsonout"}[fmt]
    if importlib.util.find_spec(module) is None:
        raise ConfigError(f"the {fmt} writer ({module}) is not installed")


# ---------------------------------------------------------------- validation and writing


def _validate(bp) -> list:
    """Findings from the validator (an empty list if the validator is not available)."""
    try:
        from ..validate import validate_blueprint
    except ImportError:
        return []
    return list(validate_blueprint(bp))


def _report_findings(console: Console, findings: list, where: str) -> None:
    from ..findings import Severity, count

    errors, warnings = count(findings, Severity.error), count(findings, Severity.warning)
    if not errors and not warnings:
        console.print("[green]validated:[/] no errors, no warnings")
        return
    colour = "red" if errors else "yellow"
    console.print(f"[{colour}]validated:[/] {errors} error(s), {warnings} warning(s)")
    shown = [f for f in findings if f.severity in (Severity.error, Severity.warning)][:8]
    for finding in shown:
        place = f" [{finding.section}]" if finding.section else ""
        console.print(f"  {finding.severity.value}{escape(place)}: {escape(finding.message)}", highlight=False)
    if len(shown) < errors + warnings:
        console.print(f"  … run `drafter validate {where}` for all of them", highlight=False)


def _write(bp, path: Path | None, fmt: str) -> None:
    from ..render import render, write_atomic

    data = render(bp, fmt)
    if path is None:
        import sys

        sys.stdout.write(data.decode("utf-8"))
        if not data.endswith(b"\n"):
            sys.stdout.write("\n")
        sys.stdout.flush()
    else:
        write_atomic(path, data)


def _summary(result, seconds: float) -> str:
    usage = result.usage
    if usage.cost_usd:
        cost = f", ${usage.cost_usd:.4f}"
    else:  # free (the embedded model), nothing sent (cache), or a price litellm does not know
        cost = ", cost unknown" if usage.cost_usd is None and usage.attempts else ""
    cached = sum(1 for s in result.blueprint.generation.sections if s.status == "cached")
    cached_note = f", {cached} from cache" if cached else ""
    return (f"{usage.prompt_tokens} prompt + {usage.completion_tokens} completion tokens{cost}, "
            f"{seconds:.1f} s{cached_note}")


# ---------------------------------------------------------------- run


def _start_provider_client(backend) -> bool:
    """Start importing litellm in the background now that a draft is certain; True while it loads."""
    if not getattr(backend, "needs_litellm", False):
        return False
    from ..generate import llm

    llm.preload()
    return not llm.loaded()


async def run_cancellable(engine, progress, start):
    """(result, interrupted) of ``start(on_event)``: Ctrl-C cancels the run and keeps what was done.

    Shared by ``draft`` and ``draft --from``; the engine is closed either way.
    """
    try:
        with progress:
            return await start(progress), False
    except asyncio.CancelledError as exc:
        return getattr(exc, "draft_result", None), True
    finally:
        await engine.aclose()


def run(
    title: str,
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
    family: str | None = None,
) -> int:
    from ..config import load_settings
    from ..generate.progress import DraftProgress
    from ..schema.markers import Depth
    from ..schema.sections import GENERATED_SECTIONS

    err = console or Console(stderr=True, highlight=False, soft_wrap=True)
    asked = build_request(title, level=level, track=track, family=family, company_size=company_size,
                          industry=industry, notes=notes)
    title_text = asked.title
    path, fmt = output_target(output)
    _renderer_available(fmt)
    settings = load_settings(model=model, api_base=api_base, depth=depth, concurrency=concurrency)
    request = asked.model_copy(update={"depth": Depth(settings.depth)})
    # what was given and what the title implies, before any model call, so a person can correct it
    err.print(escape(request.describe()), highlight=False)

    from ..generate import open_engine

    engine = open_engine(settings, no_cache=no_cache)
    check = getattr(engine.backend, "check", None)
    if check is not None:
        check()
    loading = _start_provider_client(engine.backend)
    keys = [s.key for s in GENERATED_SECTIONS]
    where = f" via {settings.api_base}" if settings.api_base else ""
    err.print(f"[dim]drafting {escape(title_text)} with {escape(engine.backend.model)}{escape(where)}, "
              f"depth {request.depth.value}[/]", highlight=False)
    progress = DraftProgress(keys, console=err)
    if loading:
        progress.wait_note("loading the provider client (litellm)…")
    result, interrupted = asyncio.run(
        run_cancellable(engine, progress, lambda on_event: engine.draft(request, on_event=on_event))
    )

    if result is None:  # cancelled before anything could be assembled
        err.print("[red]error:[/] interrupted")
        return EXIT_INTERRUPTED
    bp = result.blueprint
    if interrupted or result.failed:
        drafted = len(keys) - len(bp.generation.missing_sections)
        partial = partial_path(path, title_text) if drafted else None
        if partial is not None:
            _write_partial(bp, partial)
        if interrupted:
            done = len(keys) - len(result.failed)
            err.print(f"[red]error:[/] interrupted; {done} of {len(keys)} sections were done", highlight=False)
        elif len(result.failed) > 1 and len(set(result.failed.values())) == 1:
            reason = next(iter(result.failed.values()))
            names = ", ".join(result.failed)
            err.print(f"[red]error:[/] {len(result.failed)} sections failed ({escape(names)}): {escape(reason)}",
                      highlight=False)
        else:
            err.print(f"[red]error:[/] {len(result.failed)} section(s) failed after retries:", highlight=False)
            for key, reason in result.failed.items():
                err.print(f"  {escape(key)}: {escape(reason)}", highlight=False)
        if partial is not None:
            err.print(f"partial draft written to {escape(str(partial))}", highlight=False)
        return EXIT_INTERRUPTED if interrupted else 1

    findings = _validate(bp)
    _write(bp, path, fmt)
    _report_findings(err, findings, str(path) if path else "FILE")
    target = str(path) if path else "stdout"
    err.print(f"wrote {escape(target)} ({len(keys)} sections; {_summary(result, progress.elapsed)})", highlight=False)
    return 0


def _write_partial(bp, path: Path) -> None:
    from ..render import render, write_atomic

    try:
        write_atomic(path, render(bp, "json"))
    except DrafterError as exc:
        raise DrafterError(f"the draft is incomplete and the partial draft could not be saved: {exc}") from None
