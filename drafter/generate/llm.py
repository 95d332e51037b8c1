"""The one place that imports litellm (and instructor), lazily and configured.

``import litellm`` costs seconds, so nothing on the start-up path of the CLI,
the TUI, ``validate`` or ``export`` imports it.  Model calls go through
``load_litellm()``, which configures the library for offline use before the
first import:

* ``LITELLM_LOCAL_MODEL_COST_MAP=True``: the bundled price list, no download;
* the bundled tiktoken files (litellm's default), no tokenizer download;
* no telemetry, no callbacks, no debug banners;
* the embedded local model registered as the ``drafter-local/`` provider,
  priced at zero.
"""

from __future__ import annotations

import logging
import os
import threading
from types import ModuleType

_lock = threading.Lock()
_litellm: ModuleType | None = None

_QUIET_LOGGERS = ("LiteLLM", "LiteLLM Router", "LiteLLM Proxy", "litellm", "instructor", "httpx", "openai")


def configure_environment() -> None:
    """Environment settings that must be in place before litellm is imported."""
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    os.environ.setdefault("LITELLM_TELEMETRY", "False")
    os.environ.setdefault("LITELLM_LOG", "ERROR")
    os.environ.setdefault("DISABLE_SCHEMA_UPDATE", "True")


def load_litellm() -> ModuleType:
    """``litellm``, imported once and configured for drafter."""
    global _litellm
    if _litellm is not None:
        return _litellm
    with _lock:
        if _litellm is None:
            configure_environment()
            import litellm

            litellm.telemetry = False
            litellm.suppress_debug_info = True
            litellm.set_verbose = False
            litellm.drop_params = True  # a provider that lacks a parameter (seed...) ignores it
            litellm.num_retries = 0  # retries are ours (drafter.generate.retry)
            litellm.request_timeout = 600
            for name in ("callbacks", "success_callback", "failure_callback", "input_callback",
                         "_async_success_callback", "_async_failure_callback", "service_callback"):
                if isinstance(getattr(litellm, name, None), list):
                    getattr(litellm, name).clear()
            if os.environ.get("DISABLE_AIOHTTP_TRANSPORT", "").lower() in ("1", "true", "yes"):
                litellm.disable_aiohttp_transport = True
            for logger in _QUIET_LOGGERS:
                logging.getLogger(logger).setLevel(logging.CRITICAL)
            _litellm = litellm
    return _litellm


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


def load_instructor() -> ModuleType:
    """``instructor``, imported after litellm is configured."""
    load_litellm()
    import instructor

    logging.getLogger("instructor").setLevel(logging.CRITICAL)
    return instructor
