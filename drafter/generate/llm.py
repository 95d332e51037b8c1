"""The one place that imports litellm (and instructor), lazily.

``import litellm`` costs seconds, so nothing on the start-up path of the CLI,
the TUI, ``validate`` or ``export`` imports it.  Model calls go through
``load_litellm()``; ``preload()`` starts that import in a background thread as
soon as a draft is likely (the CLI's arguments are checked, the TUI is on
screen), and ``state()`` says how far it got ("loading the provider client").

drafter is a library first: importing it, or drafting through it, changes no
global setting of litellm, instructor, httpx or openai.  What a call needs
(no litellm retries, ``drop_params``, timeouts) is passed with each call.
Only when drafter *is* the application (its CLI and TUI call
``own_process()``) does it quiet those libraries' loggers and debug banners
and choose offline defaults for litellm's environment (the bundled price list,
no telemetry).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import time
from types import ModuleType

_lock = threading.Lock()
_litellm: ModuleType | None = None
_instructor: ModuleType | None = None
_own_process = False
_preload: threading.Thread | None = None
_load_seconds: float | None = None
_load_error: BaseException | None = None

_QUIET_LOGGERS = ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "litellm", "instructor", "httpx", "openai")


def configure_environment() -> None:
    """Offline defaults for litellm's environment (only where the user set nothing)."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    os.environ.setdefault("LITELLM_TELEMETRY", "False")
    os.environ.setdefault("LITELLM_LOG", "ERROR")
    os.environ.setdefault("DISABLE_SCHEMA_UPDATE", "True")


def own_process() -> None:
    """drafter is the application (CLI, TUI): it may set process-wide defaults of the libraries it uses."""
    global _own_process
    _own_process = True
    configure_environment()
    if _litellm is not None:
        _quiet(_litellm)


def _quiet(litellm: ModuleType) -> None:
    litellm.suppress_debug_info = True  # no "Give Feedback / Get Help" banners on errors
    for logger in _QUIET_LOGGERS:
        logging.getLogger(logger).setLevel(logging.CRITICAL)


def load_litellm() -> ModuleType:
    """``litellm``, imported once (its global settings are left as they are)."""
    global _litellm, _load_seconds
    if _litellm is not None:
        return _litellm
    with _lock:
        if _litellm is None:
            t0 = time.perf_counter()
            import litellm

            if _own_process:
                _quiet(litellm)
            _load_seconds = time.perf_counter() - t0
            _litellm = litellm
    return _litellm


def load_instructor() -> ModuleType:
    """``instructor`` (after litellm, which it wraps)."""
    global _instructor
    if _instructor is None:
        load_litellm()
        import instructor

        _instructor = instructor
    return _instructor


def preload() -> None:
    """Start importing litellm and instructor in a background thread (once); returns at once."""
    global _preload
    with _lock:
        if _preload is not None or _litellm is not None:
            return
        _preload = threading.Thread(target=_preload_run, name="drafter-preload-litellm", daemon=True)
        _preload.start()


def _preload_run() -> None:
    global _load_error
    try:
        load_instructor()
    except BaseException as exc:  # noqa: BLE001 - the first real call reports it
        _load_error = exc


def state() -> str:
    """``"loaded"``, ``"loading"`` (the background import runs) or ``"not loaded"``."""
    if _instructor is not None:
        return "loaded"
    if _preload is not None and _preload.is_alive():
        return "loading"
    return "not loaded"


def imported() -> bool:
    """Whether litellm is in this process (loaded, or its background import started)."""
    return _litellm is not None or _preload is not None or "litellm" in sys.modules


def loaded() -> bool:
    return _instructor is not None


def load_seconds() -> float | None:
    """How long ``import litellm`` took in this process (None: not imported by drafter)."""
    return _load_seconds


_custom_providers: dict[str, object] = {}


def register_custom_provider(prefix: str, handler: object, model_info: dict[str, dict] | None = None) -> None:
    """Register a ``litellm.CustomLLM`` handler under ``prefix/`` (idempotent)."""
    litellm = load_litellm()
    with _lock:
        if _custom_providers.get(prefix) is handler:
            return
        _custom_providers[prefix] = handler
        litellm.custom_provider_map = [
            entry for entry in litellm.custom_provider_map if entry.get("provider") != prefix
        ] + [{"provider": prefix, "custom_handler": handler}]
        from litellm.utils import custom_llm_setup

        custom_llm_setup()
        if model_info:
            litellm.register_model(model_info)


