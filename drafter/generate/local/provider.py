"""The embedded local model as a drafter backend (registered in
``drafter.generate.backends.BACKENDS`` under ``drafter-local``).

It is an ``InstructorBackend`` like any other: instructor in JSON_SCHEMA
mode, litellm, our transport layer; only the litellm provider differs (a
custom handler that runs llama.cpp in process).  Calls run one at a time
(``max_concurrency=1``): the model uses every core for each call.
"""

from __future__ import annotations

import threading

from ..instructor_backend import InstructorBackend
from ..modes import JSON_SCHEMA
from ..retry import RetryPolicy
from .model import MODEL_ID, check_runtime
from .runtime import LocalConfig

PROVIDER = "drafter-local"
N_CTX_OUTPUT_LIMIT = 4096

_handlers: dict[LocalConfig, object] = {}
_lock = threading.Lock()


def handler_for(config: LocalConfig):
    """The litellm handler for ``config`` (imports litellm and registers the provider)."""
    from ..llm import register_custom_provider
    from .handler import LocalHandler

    with _lock:
        handler = _handlers.get(config)
        if handler is None:
            handler = _handlers[config] = LocalHandler(config)
    info = {
        f"{PROVIDER}/{MODEL_ID}": {
            "litellm_provider": PROVIDER, "mode": "chat",
            "max_tokens": config.n_ctx, "max_input_tokens": config.n_ctx,
            "max_output_tokens": min(N_CTX_OUTPUT_LIMIT, config.n_ctx),
            "input_cost_per_token": 0.0, "output_cost_per_token": 0.0,
            "cache_creation_input_token_cost": 0.0, "cache_read_input_token_cost": 0.0,
        }
    }
    register_custom_provider(PROVIDER, handler, info)
    return handler


class LocalBackend(InstructorBackend):
    """``drafter-local/gemma3-270m``: no key, no network, priced at zero."""

    def __init__(self, model: str = f"{PROVIDER}/{MODEL_ID}", *, config: LocalConfig | None = None, **kwargs):
        kwargs.setdefault("mode", JSON_SCHEMA)
        kwargs.setdefault("price_zero", True)
        kwargs.setdefault("timeout", None)
        kwargs.setdefault("max_concurrency", 1)
        kwargs.setdefault("max_output_tokens", N_CTX_OUTPUT_LIMIT)
        # Nothing to rate-limit in process; a crash of the runtime is not retried either.
        kwargs.setdefault("policy", RetryPolicy(attempts={}))
        super().__init__(model, None, **kwargs)
        self.config = config or LocalConfig()
        self.handler = None

    def check(self) -> None:
        """Raise a one-line ConfigError if the local runtime is not installed or crashes on this
        machine (a test run in a child process, once per install: probe.py)."""
        check_runtime()
        from ...config import models_dir
        from .model import model_path
        from .probe import ensure_runtime_works

        ensure_runtime_works(model_path(), self.config.n_threads, models_dir())

    def prepare(self) -> None:
        if self.handler is None:
            check_runtime()
            self.handler = handler_for(self.config)

    async def generate(self, call):
        """As any backend, with the worst-case output budget: the grammar bounds every
        string, so a long answer is never cut off (and costs nothing but time)."""
        from dataclasses import replace

        from ...schema.genmodels import model_schema
        from ..engine import tokens_for_schema

        budget = tokens_for_schema(model_schema(call.response_model), string_share=1.0)
        call = replace(call, max_tokens=min(N_CTX_OUTPUT_LIMIT, max(call.max_tokens, budget)))
        return await super().generate(call)

    def cache_identity(self) -> dict:
        return {**super().cache_identity(), "local": self.config.identity()}


def make_backend(spec) -> LocalBackend:
    from ..backends import _cache_for

    from ...errors import ConfigError

    model = spec.model if "/" in spec.model else f"{PROVIDER}/{MODEL_ID}"
    if model.split("/", 1)[1] != MODEL_ID:
        raise ConfigError(f"unknown embedded model {model!r}; the embedded model is {PROVIDER}/{MODEL_ID}")
    config = LocalConfig.from_mapping(spec.settings.extra.get("local"))
    return LocalBackend(model, config=config, mode=spec.mode, cache=_cache_for(spec))
