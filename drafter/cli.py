"""The ``drafter`` command line: a thin layer over the library.

Each sub-command parses its options here and hands them to
``drafter.commands.<name>.run``, imported lazily so that ``drafter validate``
and ``drafter tui`` start without importing litellm.  Expected errors
(``DrafterError``) become one line on stderr and an exit code; nothing prints
a traceback unless ``DRAFTER_DEBUG=1``.
"""

from __future__ import annotations

import importlib
import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from . import __version__
from .errors import DrafterError

app = typer.Typer(
    name="drafter",
    help="Draft, validate and export role blueprints.",
    no_args_is_help=False,
    invoke_without_command=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class DepthOpt(str, Enum):
    brief = "brief"
    standard = "standard"
    full = "full"


class TrackOpt(str, Enum):
    ic = "ic"
    manager = "manager"


class FormatOpt(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


class ProfileOpt(str, Enum):
    auto = "auto"
    blueprint = "blueprint"
    posting = "posting"


class ExportFormat(str, Enum):
    md = "md"
    json = "json"
    html = "html"
    docx = "docx"
    jsonld = "jsonld"


def _run(command: str, **kwargs) -> None:
    """Import ``drafter.commands.<command>`` and call its ``run``; map errors to exits."""
    debug = os.environ.get("DRAFTER_DEBUG") == "1"
    from .generate.llm import own_process

    own_process()  # the CLI is the application: offline defaults for litellm, quiet library loggers
    try:
        module = importlib.import_module(f"drafter.commands.{command}")
        code = module.run(**kwargs)
    except DrafterError as exc:
        _fail(str(exc), exc.exit_code, exc.hint)
    except KeyboardInterrupt:
        _fail("interrupted", 130)
    except typer.Exit:
        raise
    except Exception as exc:  # noqa: BLE001 - last line of defence: no tracebacks for users
        if debug:
            raise
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with DRAFTER_DEBUG=1 for the traceback)", 70)
    raise typer.Exit(code or 0)


def _fail(message: str, code: int, hint: str | None = None) -> None:
    from rich.console import Console

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    err.print(f"[bold red]error:[/] {message}", markup=True, highlight=False)
    if hint:
        err.print(f"[dim]hint: {hint}[/]")
    raise typer.Exit(code)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"drafter {__version__}")
        raise typer.Exit()


# Options shared by draft and batch.
ModelOpt = Annotated[Optional[str], typer.Option("--model", "-m", help="Any litellm model string, e.g. openai/gpt-4o-mini. Default: $DRAFTER_MODEL or the embedded local model.", show_default=False)]
ApiBaseOpt = Annotated[Optional[str], typer.Option("--api-base", help="Base URL of an OpenAI-compatible server or LiteLLM proxy. Default: $DRAFTER_API_BASE.", show_default=False)]
DepthOption = Annotated[Optional[DepthOpt], typer.Option("--depth", help="How much each section says (list lengths).", show_default="standard")]
ConcurrencyOpt = Annotated[Optional[int], typer.Option("--concurrency", "-j", min=1, max=64, help="Model calls in flight at once (the embedded model always runs one).", show_default="20")]
NoCacheOpt = Annotated[bool, typer.Option("--no-cache", help="Do not read or write the response cache.")]
FamilyOpt = Annotated[Optional[str], typer.Option("--family", help="Role family, e.g. 'Product Management' (default: inferred from the title).", show_default=False)]


@app.callback()
def main_callback(
    ctx: typer.Context,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")] = False,
) -> None:
    """Draft, validate and export role blueprints.  With no command, opens the TUI."""
    if ctx.invoked_subcommand is None:
        _run("tui", target=None, model=None, api_base=None)


@app.command()
def tui(
    target: Annotated[Optional[str], typer.Argument(help="A job title to start drafting, or a document to open.", show_default=False)] = None,
    model: ModelOpt = None,
    api_base: ApiBaseOpt = None,
) -> None:
    """Open the interactive drafting app."""
    _run("tui", target=target, model=model, api_base=api_base)


@app.command()
def draft(
    title: Annotated[Optional[str], typer.Argument(help="The job title to draft, e.g. 'Staff Platform Engineer'.", show_default=False)] = None,
    from_file: Annotated[Optional[Path], typer.Option("--from", help="Complete this document (any format validate reads): keep its sections as written, draft only the missing ones.", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE.json or FILE.md (default: print Markdown).", show_default=False)] = None,
    level: Annotated[Optional[str], typer.Option("--level", help="Seniority, e.g. senior, staff, director.", show_default=False)] = None,
    track: Annotated[Optional[TrackOpt], typer.Option("--track", help="Individual contributor or manager.", show_default=False)] = None,
    company_size: Annotated[Optional[str], typer.Option("--company-size", help="e.g. startup, mid-size, enterprise.", show_default=False)] = None,
    industry: Annotated[Optional[str], typer.Option("--industry", help="e.g. fintech, healthcare.", show_default=False)] = None,
    notes: Annotated[Optional[str], typer.Option("--notes", help="Free notes for the model (treated as data, not instructions).", show_default=False)] = None,
    model: ModelOpt = None,
    api_base: ApiBaseOpt = None,
    depth: DepthOption = None,
    concurrency: ConcurrencyOpt = None,
    no_cache: NoCacheOpt = False,
    family: FamilyOpt = None,
    show_prompt: Annotated[Optional[str], typer.Option("--show-prompt", metavar="SECTION", help="Print the exact messages SECTION (key or number) would get, with token counts, and exit without calling a model.", show_default=False)] = None,
) -> None:
    """Draft a complete blueprint for TITLE (or complete the document --from FILE), validate it and write it."""
    common = dict(
        output=output, level=level, track=track.value if track else None, company_size=company_size,
        industry=industry, notes=notes, model=model, api_base=api_base, depth=depth.value if depth else None,
        concurrency=concurrency, no_cache=no_cache,
    )
    if from_file is not None:
        if title is not None:
            _fail("give a TITLE or --from FILE, not both (the title comes from the document)", 2)
        if show_prompt is not None:
            _fail("--show-prompt takes a TITLE, not --from FILE", 2)
        _run("complete", source=from_file, **common)
    if title is None:
        _fail("give a TITLE to draft, or --from FILE to complete a document", 2)
    if show_prompt is not None:
        _run(
            "prompt", title=title, section=show_prompt, level=level, track=track.value if track else None,
            family=family, company_size=company_size, industry=industry, notes=notes,
            depth=depth.value if depth else None,
        )
    _run(
        "draft", title=title, output=output, level=level, track=track.value if track else None,
        company_size=company_size, industry=industry, notes=notes, model=model, api_base=api_base,
        depth=depth.value if depth else None, concurrency=concurrency, no_cache=no_cache, family=family,
    )


@app.command()
def prompt(
    title: Annotated[str, typer.Argument(help="The job title, e.g. 'Registered Nurse'.")],
    section: Annotated[str, typer.Option("--section", "-s", help="The section: its key (kpis) or number (7).")],
    level: Annotated[Optional[str], typer.Option("--level", help="Seniority, e.g. senior, staff, director.", show_default=False)] = None,
    track: Annotated[Optional[TrackOpt], typer.Option("--track", help="Individual contributor or manager.", show_default=False)] = None,
    family: FamilyOpt = None,
    company_size: Annotated[Optional[str], typer.Option("--company-size", help="e.g. startup, mid-size, enterprise.", show_default=False)] = None,
    industry: Annotated[Optional[str], typer.Option("--industry", help="e.g. fintech, healthcare.", show_default=False)] = None,
    notes: Annotated[Optional[str], typer.Option("--notes", help="Free notes for the model (treated as data).", show_default=False)] = None,
    depth: DepthOption = None,
    format: Annotated[FormatOpt, typer.Option("--format", "-f", help="text, or json (messages, token counts, response schema).")] = FormatOpt.text,
) -> None:
    """Print the exact messages a section's call would send, with token counts. Calls no model."""
    _run(
        "prompt", title=title, section=section, level=level, track=track.value if track else None, family=family,
        company_size=company_size, industry=industry, notes=notes, depth=depth.value if depth else None,
        format=format.value,
    )


@app.command()
def batch(
    file: Annotated[Optional[Path], typer.Argument(help="Titles: plain text (one per line), CSV, or a title index like the seeds' 002.", show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Directory for the blueprints and manifest.json.", show_default=False)] = None,
    variants: Annotated[Optional[list[str]], typer.Option("--variants", help="AXIS=v1,v2 (repeatable); items are the cross product. Axes: company_size, industry, geography, delivery, operating_model, regulation.", show_default=False)] = None,
    model: ModelOpt = None,
    api_base: ApiBaseOpt = None,
    depth: DepthOption = None,
    concurrency: ConcurrencyOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List the planned items without calling any model.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Redo items that already finished.")] = False,
    no_cache: NoCacheOpt = False,
    ladder: Annotated[Optional[str], typer.Option("--ladder", help="Draft a level ladder per title: comma-separated levels, e.g. junior,mid,senior,staff,principal (see `drafter ladder`).", show_default=False)] = None,
    track: Annotated[Optional[TrackOpt], typer.Option("--track", help="With --ladder: individual-contributor or manager ladders.", show_default=False)] = None,
    provider_batch: Annotated[bool, typer.Option("--provider-batch", help="Send the requests as provider batch jobs (OpenAI / Azure Batch API: half price, answers within 24 h).")] = False,
    status: Annotated[Optional[Path], typer.Option("--status", help="Show a batch directory's progress; for provider batch jobs, poll them, collect the answers and submit the next stage.", show_default=False)] = None,
    wait: Annotated[Optional[bool], typer.Option("--wait/--no-wait", help="Provider batch: keep polling until every item is done (default for --provider-batch; --status polls once unless --wait).", show_default=False)] = None,
    poll: Annotated[float, typer.Option("--poll", min=0.05, help="Provider batch: the longest pause between polls, seconds (starts at 1 s, doubles).")] = 60.0,
) -> None:
    """Generate blueprint variants (or level ladders, --ladder) for a list of titles."""
    _run(
        "batch", file=file, out=out, variants=variants or [], model=model, api_base=api_base,
        depth=depth.value if depth else None, concurrency=concurrency, dry_run=dry_run, force=force, no_cache=no_cache,
        ladder=ladder, track=track.value if track else None,
        provider_batch=provider_batch, status=status, wait=wait, poll=poll,
    )


@app.command()
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Documents or directories to check.")],
    format: Annotated[FormatOpt, typer.Option("--format", "-f", help="Output format.")] = FormatOpt.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    profile: Annotated[
        ProfileOpt,
        typer.Option(
            "--profile",
            "-p",
            help="What complete means: blueprint (all 20 sections), posting (a job ad: summary, responsibilities, "
            "requirements, pay; the lint checks pay range and location), or auto (by the document).",
        ),
    ] = ProfileOpt.auto,
    lint: Annotated[
        bool, typer.Option("--lint/--no-lint", help="Check the wording too (inclusive language, inflation, readability).")
    ] = True,
) -> None:
    """Check documents against the blueprint schema, quality rules and the wording lint.

    Exit 0: no errors; 1: errors found; 2: an input could not be read.
    """
    _run("validate", paths=paths, format=format.value, strict=strict, lint=lint, profile=profile.value)


@app.command("import")
def import_(
    paths: Annotated[list[Path], typer.Argument(help="Documents to import (any format validate reads).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for the structured JSON and Markdown.")],
) -> None:
    """Turn documents into structured blueprint JSON plus a Markdown rendering."""
    _run("import_", paths=paths, out=out)


@app.command()
def export(
    file: Annotated[Path, typer.Argument(help="A blueprint JSON or any document validate reads.")],
    to: Annotated[ExportFormat, typer.Option("--to", "-t", help="Output format.")],
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Output path (default: next to FILE; '-' for stdout).", show_default=False)] = None,
) -> None:
    """Export a blueprint as Markdown, JSON, HTML, DOCX or schema.org JSON-LD."""
    _run("export", file=file, to=to.value, output=output)


@app.command()
def ladder(
    title: Annotated[Optional[str], typer.Argument(help="The role, e.g. 'Platform Engineer' (levels are added to it).", show_default=False)] = None,
    levels: Annotated[Optional[str], typer.Option("--levels", "-l", help="Comma-separated levels, lowest first. Default: junior,mid,senior,staff,principal (manager track: manager,senior manager,director,vp).", show_default=False)] = None,
    track: Annotated[Optional[TrackOpt], typer.Option("--track", help="Individual-contributor or manager ladder (default: from the levels).", show_default=False)] = None,
    out: Annotated[Optional[Path], typer.Option("--out", "-o", help="Folder for the blueprints and the progression table (default: <family>-ladder).", show_default=False)] = None,
    company_size: Annotated[Optional[str], typer.Option("--company-size", help="e.g. startup, mid-size, enterprise.", show_default=False)] = None,
    industry: Annotated[Optional[str], typer.Option("--industry", help="e.g. fintech, healthcare.", show_default=False)] = None,
    notes: Annotated[Optional[str], typer.Option("--notes", help="Free notes for the model (treated as data, not instructions).", show_default=False)] = None,
    model: ModelOpt = None,
    api_base: ApiBaseOpt = None,
    depth: DepthOption = None,
    concurrency: ConcurrencyOpt = None,
    no_cache: NoCacheOpt = False,
    table: Annotated[Optional[Path], typer.Option("--table", help="Only rewrite the progression tables of this ladder folder (no model call).", show_default=False)] = None,
    from_files: Annotated[Optional[list[Path]], typer.Option("--from", help="Complete an existing ladder instead: one document per level (repeatable), e.g. what `drafter import` wrote for a career-ladder page.", show_default=False)] = None,
) -> None:
    """Draft one blueprint per level of TITLE together, plus a progression table (Markdown, HTML, DOCX)."""
    if from_files and (title is not None or levels is not None or table is not None):
        _fail("--from FILE... completes an existing ladder: give no TITLE, --levels or --table with it", 2)
    if table is None and title is None and not from_files:
        _fail("give a TITLE to draft a ladder, --from FILE... to complete one, or --table DIR to rewrite its tables", 2)
    _run(
        "ladder", title=title, levels=levels, track=track.value if track else None, out=out,
        company_size=company_size, industry=industry, notes=notes, model=model, api_base=api_base,
        depth=depth.value if depth else None, concurrency=concurrency, no_cache=no_cache, table=table,
        from_files=from_files or [],
    )


class DiffFormat(str, Enum):
    text = "text"
    md = "md"
    html = "html"


@app.command()
def diff(
    a: Annotated[Path, typer.Argument(help="The old version: a draft file or any document validate reads.")],
    b: Annotated[Path, typer.Argument(help="The new version.")],
    format: Annotated[Optional[DiffFormat], typer.Option("--format", "-f", help="text (terminal), md or html. Default: text, or from -o's extension.", show_default=False)] = None,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="Write to FILE (.md, .html, .txt) instead of the terminal.", show_default=False)] = None,
    section: Annotated[Optional[list[str]], typer.Option("--section", "-s", help="Only this section (key or number; repeatable).", show_default=False)] = None,
    context: Annotated[bool, typer.Option("--all", "-a", help="Show unchanged items too.")] = False,
) -> None:
    """Compare two blueprints section by section.

    Exit 0: no differences; 1: differences; 2: an input could not be read.
    """
    _run("diff", a=a, b=b, format=format.value if format else None, output=output, sections=section or [],
         context=context)


@app.command()
def schema(
    out: Annotated[Optional[Path], typer.Option("--out", help="Directory to write the JSON Schema files to (default: the project's schemas/).", show_default=False)] = None,
    check: Annotated[bool, typer.Option("--check", help="Exit 1 if the files on disk are stale.")] = False,
) -> None:
    """Export the blueprint JSON Schema."""
    _run("schema", out=out, check=check)


def main() -> None:
    try:
        app(prog_name="drafter")
    except SystemExit as exc:
        _exit(exc.code)
    _exit(0)


def _exit(code) -> None:
    """End the process.  Once the provider stack is loaded, tearing the interpreter down (freeing litellm's,
    openai's and pydantic's thousands of objects) takes longer than some drafts' own work (0.75 s of a 5.8 s
    draft, measured): so exit hooks run and output is flushed as usual, then the process ends at once."""
    from .generate import llm

    if not llm.imported():
        raise SystemExit(code)
    import atexit
    import logging
    import os

    if code is None:
        status = 0
    elif isinstance(code, int):
        status = code
    else:  # sys.exit("message"), as SystemExit prints it
        print(code, file=sys.stderr)
        status = 1
    try:
        atexit._run_exitfuncs()
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # noqa: BLE001 - a broken pipe on flush: still end the process
        pass
    os._exit(status)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
