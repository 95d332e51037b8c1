"""Structured generation: turn a role request into a validated Blueprint.

    from drafter.config import load_settings
    from drafter.generate import open_engine
    from drafter.generate.types import RoleRequest

    engine = open_engine(load_settings(model="openai/gpt-4o-mini"))
    result = await engine.draft(RoleRequest("Staff Platform Engineer", depth="brief"))
    await engine.aclose()

Importing this package (or building an engine) does not import litellm,
instructor or llama.cpp: they load on the first model call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..config import Settings
    from .engine import Engine
    from .retry import RateGate


def open_engine(settings: "Settings", *, no_cache: bool = False, gate: "RateGate | None" = None,
                split: bool = True) -> "Engine":
    """An Engine for ``settings``: backend from the provider table, response cache
    under DRAFTER_HOME (unless ``no_cache``), ``gate`` shared if given; ``split``: the longest
    sections as parallel part calls (lower latency for one draft)."""
    from .backends import get_backend
    from .engine import Engine
    from .retry import RateGate

    backend = get_backend(settings, no_cache=no_cache)
    return Engine(
        backend,
        concurrency=settings.concurrency,
        temperature=settings.temperature,
        gate=gate or RateGate(),
        split=split,
    )


__all__ = ["open_engine"]
