"""The library API, re-exported lazily by ``drafter``: the CLI and the TUI are thin layers over it.

    import drafter

    bp = drafter.read("role.md")                      # any document validate reads, TUI drafts included
    findings = drafter.validate(bp)                   # list of Finding (severity, code, message, section...)
    drafter.export(bp, "html", "role.html")           # md | json | html | docx | jsonld

    result = drafter.draft("Staff Platform Engineer", model="openai/gpt-4o-mini", depth="brief")
    result.blueprint, result.failed, result.usage     # failed: {section: reason}; usage: tokens, cost, time
    result = await drafter.adraft("Data Engineer")     # the same, in a running event loop

Nothing here imports litellm, instructor or textual until a draft is made, and
nothing changes the global settings of those libraries (see
``drafter.generate.llm``).  Every problem with the input raises a
``drafter.errors.DrafterError`` subclass with a one-line message.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from .errors import DrafterError, InputError, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from .findings import Finding
    from .generate.types import DraftResult, SectionEvent
    from .readers import Document
    from .schema.models import Blueprint


def read(path: str | Path) -> "Blueprint":
    """The blueprint in ``path`` (any format ``drafter validate`` reads, the TUI's drafts included).

    Raises ``InputError`` naming the file and, for an invalid blueprint, the field at fault.
    """
    from .load import load_blueprint

    return load_blueprint(path, purpose="read").blueprint


def validate(target: "Blueprint | Document | str | Path") -> "list[Finding]":
    """Findings (errors, warnings, info) for a Blueprint, a read Document, or a file path.

    For a path, what reading the document found (unmapped content, an invalid field) is included.
    """
    from .schema.models import Blueprint

    if isinstance(target, Blueprint):
        from .validate import validate_blueprint

        return list(validate_blueprint(target))
    from .load import read_document
    from .readers import Document
    from .validate import validate_document

    if isinstance(target, (str, Path)):
        target = read_document(target)
    if not isinstance(target, Document):
        raise UsageError(f"validate() takes a Blueprint, a Document or a path, not {type(target).__name__}")
    return list(validate_document(target))


def export(blueprint: "Blueprint", fmt: str, path: str | Path | None = None) -> bytes | Path:
    """``blueprint`` as ``fmt`` (md, json, html, docx, jsonld).

    With ``path``: written atomically (a folder gets a file named after the title); returns the path.
    Without: returns the document's bytes.
    """
    from .render import export_blueprint, render

    if path is None:
        return render(blueprint, fmt)
    target = Path(path)
    if target.is_dir():
        from .render import default_filename

        target = target / default_filename(blueprint, fmt)
    return Path(export_blueprint(blueprint, fmt, target))


async def adraft(
    title: str,
    *,
    level: str | None = None,
    track: str | None = None,
    company_size: str | None = None,
    industry: str | None = None,
    notes: str | None = None,
    depth: str | None = None,
    model: str | None = None,
    api_base: str | None = None,
    concurrency: int | None = None,
    temperature: float | None = None,
    cache: bool = True,
    base: "Blueprint | None" = None,
    backend: Any = None,
    on_event: "Callable[[SectionEvent], Any] | None" = None,
) -> "DraftResult":
    """Draft a blueprint for ``title`` (all 20 sections, or those ``base`` lacks).

    ``model`` / ``api_base`` as on the command line (default: DRAFTER_MODEL, config.toml, else the
    embedded model).  ``backend`` replaces the provider (e.g. ``drafter.testing.FakeBackend``).
    Sections that fail are in ``result.failed``; the rest of the blueprint is still returned.
    """
    from .config import load_settings
    from .generate.types import RoleRequest
    from .schema.markers import Depth

    if not isinstance(title, str) or not title.strip():
        raise UsageError("the title is empty")
    if track not in (None, "ic", "manager"):
        raise UsageError(f"unknown track {track!r}; use ic or manager")
    from .roles import normalise_level

    settings = load_settings(model=model, api_base=api_base, depth=depth, concurrency=concurrency,
                             temperature=temperature)

    request = RoleRequest(
        title=" ".join(title.split()), level=normalise_level(level), track=track, company_size=company_size,
        industry=industry, notes=notes, depth=Depth(settings.depth),
    )
    if backend is not None:
        from .generate.engine import Engine

        engine = Engine(backend, concurrency=settings.concurrency, temperature=settings.temperature)
    else:
        from .generate import open_engine

        engine = open_engine(settings, no_cache=not cache)
        check = getattr(engine.backend, "check", None)
        if check is not None:
            check()
    keys = None
    if base is not None:
        from .schema.sections import GENERATED_SECTIONS

        keys = [s.key for s in GENERATED_SECTIONS if getattr(base, s.key) is None]
    try:
        return await engine.draft(request, sections=keys, on_event=on_event, base=base)
    finally:
        await engine.aclose()


def draft(title: str, **options: Any) -> "DraftResult":
    """``adraft`` for code without an event loop (scripts, notebooks use ``await adraft(...)``)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(adraft(title, **options))
    raise DrafterError("drafter.draft() was called inside a running event loop; use `await drafter.adraft(...)`")


__all__ = ["adraft", "draft", "export", "read", "validate", "InputError"]
