"""Export registry: one entry per output format, the same for CLI, TUI and batch.

>>> from drafter.render import render, export_blueprint
>>> data = render(bp, "html")                       # bytes
>>> export_blueprint(bp, "docx", Path("role.docx"))  # atomic write

Each format's renderer lives in its own module and is imported only when that
format is asked for (python-docx is imported inside the DOCX renderer); this
module imports nothing heavy.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ExportError
from ..fsio import atomic_write

if TYPE_CHECKING:  # pragma: no cover
    from ..schema.models import Blueprint


@dataclass(frozen=True)
class ExportFormat:
    name: str
    extension: str
    module: str  # drafter.render.<module>
    function: str  # function(bp) -> str | bytes
    binary: bool
    media_type: str
    description: str


_REGISTRY: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "md",
            ".md",
            "markdown",
            "render_markdown",
            False,
            "text/markdown; charset=utf-8",
            "Markdown in the seed layout (numbered sections, Markdown tables)",
        ),
        ExportFormat(
            "json",
            ".json",
            "jsonout",
            "render_json",
            False,
            "application/json",
            "the Blueprint as JSON, with its schema version",
        ),
        ExportFormat(
            "html",
            ".html",
            "html",
            "render_html",
            False,
            "text/html; charset=utf-8",
            "one standalone web page with a table of contents, print-friendly",
        ),
        ExportFormat(
            "docx",
            ".docx",
            "docx",
            "render_docx",
            True,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "a Word document with headings, lists and tables",
        ),
        ExportFormat(
            "jsonld",
            ".jsonld",
            "jsonld",
            "render_jsonld",
            False,
            "application/ld+json",
            "a schema.org JobPosting (JSON-LD) for careers pages and applicant tracking systems",
        ),
    )
}

FORMATS: tuple[str, ...] = ("md", "json", "html", "docx", "jsonld")
assert FORMATS == tuple(_REGISTRY)


def _format(fmt: str) -> ExportFormat:
    try:
        return _REGISTRY[fmt]
    except (KeyError, TypeError):
        raise ExportError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}") from None


def info(fmt: str) -> ExportFormat:
    """Everything known about ``fmt`` (extension, binary, media type, description)."""
    return _format(fmt)


def extension(fmt: str) -> str:
    """The file extension of ``fmt``, with its dot: ``".md"``, ``".docx"``..."""
    return _format(fmt).extension


def is_binary(fmt: str) -> bool:
    """True for formats that must not be written to a terminal (docx)."""
    return _format(fmt).binary


def default_filename(bp: Blueprint, fmt: str) -> str:
    """A file name for ``bp`` in ``fmt``: the title as a slug, e.g. ``staff-platform-engineer.html``."""
    from ..slugs import slugify

    return slugify(bp.meta.title, fallback="blueprint", max_len=80) + extension(fmt)


def render(bp: Blueprint, fmt: str) -> bytes:
    """``bp`` exported as ``fmt``: the document's bytes (UTF-8 for text formats)."""
    spec = _format(fmt)
    try:
        module = importlib.import_module(f"{__name__}.{spec.module}")
        func = getattr(module, spec.function)
    except (ImportError, AttributeError) as exc:
        raise ExportError(f"the {fmt} exporter is not available: {exc}") from None
    try:
        out = func(bp)
    except ExportError:
        raise
    except Exception as exc:  # a renderer bug must not become a traceback for the user
        raise ExportError(f"could not render {fmt}: {type(exc).__name__}: {exc}") from exc
    # "replace" only matters for lone surrogates, which UTF-8 cannot hold.
    return out.encode("utf-8", errors="replace") if isinstance(out, str) else bytes(out)


def write_atomic(path: Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` via a temporary file in the same folder and
    ``os.replace``: readers never see half a file, and a failed write leaves any
    previous file intact.  A new file gets the usual permissions (0666 minus the
    umask); a replaced file keeps its mode."""
    path = Path(path)
    parent = path.parent
    if not parent.is_dir():
        raise ExportError(f"{path}: the folder {parent} does not exist")
    if path.is_dir():
        raise ExportError(f"{path}: is a folder, not a file")
    try:
        atomic_write(path, data)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from None
    return path


def export_blueprint(bp: Blueprint, fmt: str, path: Path) -> Path:
    """Render ``bp`` as ``fmt`` and write it to ``path`` atomically; returns ``path``."""
    data = render(bp, fmt)
    return write_atomic(Path(path), data)


__all__ = [
    "FORMATS",
    "ExportFormat",
    "info",
    "extension",
    "is_binary",
    "default_filename",
    "render",
    "export_blueprint",
    "write_atomic",
]
