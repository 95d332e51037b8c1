"""From settings to a backend: one registry, looked up by provider prefix.

    backend = get_backend(load_settings(model="openai/gpt-4o-mini"))

``BACKENDS`` maps a litellm provider prefix (``openai``, ``ollama``,
``drafter-local``...) to a factory ``(BackendSpec) -> Backend``; ``"*"`` is
every other provider.  Entries may be "module:function" strings, imported on
use, so that the registry costs nothing at start-up; ``register_backend`` adds
one (the embedded local model is registered the same way, like a plugin).

The instructor mode comes from ``modes.MODE_BY_PROVIDER`` (override with the
config-file key ``mode`` or ``DRAFTER_MODE``).  A bare model name with
``--api-base`` means an OpenAI-compatible server: ``openai/<name>`` with that
base URL, JSON_SCHEMA mode, and a placeholder key if none is set (local
servers do not check it).
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from ..config import Settings
from ..errors import ConfigError
from . import modes
from .types import Backend

PLACEHOLDER_KEY = "no-key-needed"


@dataclass(frozen=True)
class BackendSpec:
    """Everything a backend factory needs, resolved from Settings."""

    model: str  # the litellm model string actually sent
    provider: str  # table key: litellm prefix or modes.OPENAI_COMPATIBLE
    mode: str  # instructor mode name
    api_base: str | None
    api_key: str | None
    timeout: float | None
    temperature: float | None
    price_zero: bool
    settings: Settings
    no_cache: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


BackendFactory = Callable[[BackendSpec], Backend]

BACKENDS: dict[str, BackendFactory | str] = {
    "drafter-local": "drafter.generate.local.provider:make_backend",
    "*": "drafter.generate.backends:make_instructor_backend",
}


def register_backend(prefix: str, factory: BackendFactory | str) -> None:
    """Serve models ``prefix/...`` with ``factory`` (a callable or "module:function")."""
    BACKENDS[prefix] = factory


def _factory(provider: str) -> BackendFactory:
    entry = BACKENDS.get(provider, BACKENDS["*"])
    if isinstance(entry, str):
        module, _, name = entry.partition(":")
        entry = getattr(importlib.import_module(module), name)
    return entry


def resolve(settings: Settings, *, no_cache: bool = False) -> BackendSpec:
    """Model string, provider, mode, key and price rule for ``settings``."""
    model = (settings.model or "").strip()
    if not model:
        raise ConfigError("no model configured: pass --model or set DRAFTER_MODEL")
    api_base = (settings.api_base or "").strip() or None
    if api_base and not api_base.startswith(("http://", "https://")):
        raise ConfigError(f"--api-base must be an http(s) URL, not {api_base!r}")
    api_key = None
    if "/" not in model and api_base:
        provider = modes.OPENAI_COMPATIBLE
        model = f"openai/{model}"
        api_key = os.environ.get("OPENAI_API_KEY") or PLACEHOLDER_KEY
    else:
        provider = modes.provider_of(model)
        if provider == "openai" and api_base and not os.environ.get("OPENAI_API_KEY"):
            api_key = PLACEHOLDER_KEY
    forced = os.environ.get("DRAFTER_MODE") or settings.extra.get("mode")
    if forced:
        forced = str(forced).upper()
        if forced not in modes.ALLOWED_MODES:
            raise ConfigError(f"mode must be one of {', '.join(modes.ALLOWED_MODES)}, not {forced!r}")
        mode = forced
    else:
        mode = modes.mode_for(provider)
    return BackendSpec(
        model=model,
        provider=provider,
        mode=mode,
        api_base=api_base,
        api_key=api_key,
        timeout=settings.timeout,
        temperature=settings.temperature,
        # Only models that run on the user's own machine are free.  A server on localhost may be a LiteLLM
        # proxy in front of a paid API: its cost comes from the model name, or is unknown (None), never 0.
        price_zero=provider in modes.LOCAL_PROVIDERS,
        settings=settings,
        no_cache=no_cache,
    )


def _cache_for(spec: BackendSpec):
    if spec.no_cache:
        return None
    from .cache import default_cache

    return default_cache()


def make_instructor_backend(spec: BackendSpec) -> Backend:
    from .instructor_backend import InstructorBackend

    fallback = modes.FALLBACK_MODE.get(spec.provider) if spec.mode == modes.mode_for(spec.provider) else None
    return InstructorBackend(
        spec.model,
        spec.api_base,
        mode=spec.mode,
        api_key=spec.api_key,
        timeout=spec.timeout,
        price_zero=spec.price_zero,
        cache=_cache_for(spec),
        fallback_mode=fallback,
    )


def get_backend(settings: Settings, *, no_cache: bool = False) -> Backend:
    """The backend for ``settings``; it carries the response cache unless ``no_cache``.

    Imports neither litellm nor llama.cpp: they load on the first request.
    """
    spec = resolve(settings, no_cache=no_cache)
    return _factory(spec.provider)(spec)
