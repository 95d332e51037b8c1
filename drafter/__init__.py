"""drafter: draft, validate and export role blueprints.

    import drafter

    bp = drafter.read("role.md")                  # any document validate reads, TUI drafts included
    drafter.validate(bp)                          # [Finding(...), ...]
    drafter.export(bp, "docx", "role.docx")
    result = drafter.draft("Staff Platform Engineer", model="openai/gpt-4o-mini")
    result = await drafter.adraft("Data Engineer")   # inside an event loop

``import drafter`` is cheap: the API (``drafter.api``) loads on first use, and
litellm, instructor and textual only when a draft or the TUI needs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_API = ("read", "validate", "export", "draft", "adraft")

if TYPE_CHECKING:  # pragma: no cover
    from .api import adraft, draft, export, read  # noqa: F401


def __getattr__(name: str) -> Any:
    if name == "validate":  # the package drafter.validate is itself callable: drafter.validate(bp)
        import importlib

        return importlib.import_module(f"{__name__}.validate")
    if name in _API:
        from . import api

        value = getattr(api, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'drafter' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])


__all__ = ["__version__", *_API]
