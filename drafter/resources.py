"""Where the project's data folders live: prompts/, examples/, schemas/.

In a wheel they are packaged under ``drafter/_data``; in a source checkout
(editable install) they are the top-level folders of the repository.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


@lru_cache(maxsize=None)
def data_dir(name: str) -> Path:
    for candidate in (_PKG / "_data" / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"drafter data folder {name!r} not found (looked in {_PKG / '_data'} and {_PKG.parent})")


def prompts_dir() -> Path:
    return data_dir("prompts")


def examples_dir() -> Path:
    return data_dir("examples")


def schemas_dir() -> Path:
    return data_dir("schemas")


def templates_dir() -> Path:
    """Jinja2 templates for Markdown and HTML export (package data)."""
    return _PKG / "templates"
