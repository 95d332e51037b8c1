"""Writing one item's files: ``<stem>.json``, ``<stem>.md`` and, for a partial draft, ``<stem>.partial.json``.

Every path goes through ``names.inside`` so that no title can write outside
the batch directory, and every file is written atomically.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..findings import Severity
from ..schema.models import Blueprint
from .manifest import ValidationSummary, atomic_write_text
from .names import inside


def render_markdown(bp: Blueprint) -> str:
    """The Markdown rendering (helper A's renderer)."""
    from ..render.markdown import render_markdown as render

    return render(bp)


def validation_summary(bp: Blueprint) -> ValidationSummary | None:
    """Errors and warnings from the blueprint validator; None when it cannot run."""
    try:
        from ..validate import validate_blueprint
    except ImportError:
        return None
    findings = validate_blueprint(bp)
    errors = [f for f in findings if f.severity == Severity.error]
    warnings = [f for f in findings if f.severity == Severity.warning]
    codes: list[str] = []
    for f in errors + warnings:
        if f.code not in codes:
            codes.append(f.code)
    return ValidationSummary(errors=len(errors), warnings=len(warnings), codes=codes)


def paths_for(directory: Path, stem: str) -> dict[str, Path]:
    return {
        "json": inside(directory, f"{stem}.json"),
        "md": inside(directory, f"{stem}.md"),
        "partial": inside(directory, f"{stem}.partial.json"),
    }


def write_complete(
    directory: Path, stem: str, bp: Blueprint, *, render: Callable[[Blueprint], str] | None = None
) -> dict[str, str]:
    """Write the JSON and Markdown; drop a stale partial.  Returns the outputs relative to ``directory``."""
    paths = paths_for(directory, stem)
    markdown = (render or render_markdown)(bp)
    atomic_write_text(paths["json"], bp.model_dump_json(indent=2) + "\n")
    atomic_write_text(paths["md"], markdown if markdown.endswith("\n") else markdown + "\n")
    paths["partial"].unlink(missing_ok=True)
    return {"json": paths["json"].name, "md": paths["md"].name}


def write_partial(directory: Path, stem: str, bp: Blueprint) -> dict[str, str]:
    """Keep what was drafted of an incomplete item, for the record and for the next run to build on."""
    path = paths_for(directory, stem)["partial"]
    atomic_write_text(path, bp.model_dump_json(indent=2) + "\n")
    return {"partial": path.name}


def load_partial(directory: Path, stem: str) -> Blueprint | None:
    """The partial blueprint an earlier run left, or None (missing or unreadable: start afresh)."""
    from ..load import load_blueprint
    from ..errors import DrafterError

    path = paths_for(directory, stem)["partial"]
    if not path.is_file():
        return None
    try:  # the one loader: a partial may also be a draft the TUI saved over it
        return load_blueprint(path, purpose="resume").blueprint
    except DrafterError:
        return None


def outputs_exist(directory: Path, outputs: dict[str, str]) -> bool:
    if not outputs.get("json") or not outputs.get("md"):
        return False
    try:
        return all(inside(directory, outputs[k]).is_file() for k in ("json", "md"))
    except ValueError:
        return False
