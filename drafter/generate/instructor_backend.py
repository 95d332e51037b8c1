"""The real backend: one instructor call through litellm per section.

    InstructorBackend("openai/gpt-4o-mini", mode="TOOLS").generate(call)

Layers, each with one job:

* instructor (``from_litellm``) sends the section's Pydantic model in the
  provider's mode and validates the answer; on a validation error it feeds the
  error back to the model and asks again (``validation_retries``), nothing else;
* ``_attempt`` is the completion function instructor calls: it waits at the
  shared ``RateGate``, retries transport failures (``retry.call_with_retries``),
  counts tokens, cost and time of every HTTP attempt (failed validations
  included), and turns ``finish_reason == "length"`` into ``OutputTruncated``
  before instructor could parse or retry it;
* litellm talks to the provider with ``num_retries=0`` and ``max_retries=0``
  (the OpenAI SDK's own retries) so retries never stack.

litellm and instructor are imported on the first ``generate``, not before.
"""

from __future__ import annotations

import asyncio
import copy
import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from pydantic import ValidationError

from ..errors import DrafterError, OutputTruncated, ProviderError, SectionFailed
from .retry import (
    RateGate,
    RetryPolicy,
    call_with_retries,
    drafter_error_in,
    to_provider_error,
    unsupported_response_format,
)
from .types import SectionCall, SectionOutput, Usage

DEFAULT_VALIDATION_RETRIES = 2


class InstructorBackend:
    """Answers SectionCalls with instructor + litellm (any litellm model string)."""

    needs_litellm = True  # callers may start ``llm.preload()`` as soon as a draft is likely

    def __init__(
        self,
        model: str,
        api_base: str | None = None,
        *,
        mode: str = "TOOLS",
        completion: Callable[..., Awaitable[Any]] | None = None,
        api_key: str | None = None,
        validation_retries: int = DEFAULT_VALIDATION_RETRIES,
        policy: RetryPolicy | None = None,
        gate: RateGate | None = None,
        sleep: Callable[[float], Awaitable[None]] | None = None,
        timeout: float | None = 120.0,
        params: dict[str, Any] | None = None,
        price_zero: bool = False,
        max_output_tokens: int | None = None,
        max_concurrency: int | None = None,
        cache=None,
        label: str | None = None,
        fallback_mode: str | None = None,
    ):
        if mode == "JSON":
            raise ValueError("plain JSON mode enforces nothing; use JSON_SCHEMA or TOOLS")
        self.model = model
        self.api_base = api_base
        self.mode = mode
        self._completion = completion
        self.api_key = api_key
        self.validation_retries = validation_retries
        self.policy = policy or RetryPolicy()
        self.gate = gate or RateGate()
        self.sleep = sleep
        self.timeout = timeout
        self.params = dict(params or {})  # extra sampling parameters (seed, top_p...), part of cache keys
        self.price_zero = price_zero
        self.max_output_tokens = max_output_tokens
        self.max_concurrency = max_concurrency  # the engine runs at most this many calls at once
        self.cache = cache  # a ResponseCache the engine uses (None: no caching)
        self.label = label or model
        # Used once, for good, if the server rejects the mode's request format
        # (an OpenAI-compatible server without response_format json_schema).
        self.fallback_mode = fallback_mode
        self._limits_checked = max_output_tokens is not None
        self.closed = False

    # ------------------------------------------------------------------ identity

    def cache_identity(self) -> dict[str, Any]:
        """What besides model, messages and schema decides the answer."""
        return {"mode": self.mode, "validation_retries": self.validation_retries, **self.params}

    def check(self) -> None:
        """Fail early, in one line, when the provider's API key is not set (before any call)."""
        import os

        from ..errors import ConfigError
        from .retry import api_key_variable

        if self.api_key or self.api_base:
            return
        var = api_key_variable(self.model)
        if var is None:
            return  # a provider with other credentials (cloud profiles...): litellm will say
        alternatives = {"GEMINI_API_KEY": ("GEMINI_API_KEY", "GOOGLE_API_KEY")}.get(var, (var,))
        if not any(os.environ.get(name) for name in alternatives):
            raise ConfigError(f"{self.model}: {var} is not set",
                              hint=f"export {var}=..., or pass --api-base for a local OpenAI-compatible server")

    # ------------------------------------------------------------------ hooks for subclasses

    def prepare(self) -> None:
        """Called before the first request (register providers, load models...)."""

    # ------------------------------------------------------------------ generate

    def _completion_fn(self):
        if self._completion is None:
            from .llm import load_litellm

            self._completion = load_litellm().acompletion
        return self._completion

    def _model_limit(self) -> int | None:
        if not self._limits_checked:
            self._limits_checked = True
            try:
                from .llm import load_litellm

                info = load_litellm().get_model_info(self.model)
                limit = info.get("max_output_tokens") or info.get("max_tokens")
                self.max_output_tokens = int(limit) if limit else None
            except Exception:  # noqa: BLE001 - unknown model: no known limit
                self.max_output_tokens = None
        return self.max_output_tokens

    def _cost(self, response: Any) -> float | None:
        if self.price_zero:
            return 0.0
        try:
            from .llm import load_litellm

            cost = load_litellm().completion_cost(completion_response=response, model=self.model)
        except Exception:  # noqa: BLE001 - unknown price
            return None
        return float(cost) if cost is not None else None

    def _transport_params(self) -> dict[str, Any]:
        # Per call, never litellm's globals: no litellm / OpenAI SDK retries (ours own them), and a provider
        # that lacks a parameter (seed...) ignores it.
        params: dict[str, Any] = {"num_retries": 0, "max_retries": 0, "drop_params": True}
        if self.api_base:
            params["api_base"] = self.api_base
        if self.api_key:
            params["api_key"] = self.api_key
        if self.timeout:
            params["timeout"] = self.timeout
        return params

    async def generate(self, call: SectionCall) -> SectionOutput:
        usage = Usage()
        while True:
            mode = self.mode
            try:
                return await self._generate(call, mode, usage)
            except ProviderError as exc:
                if not (self.fallback_mode and self.fallback_mode != mode and unsupported_response_format(exc)):
                    raise
                if self.mode == mode:  # another section may have switched already
                    self.mode = self.fallback_mode
                if call.on_retry is not None:
                    note = call.on_retry(usage.attempts + 1, f"the server rejects {mode} requests; using {self.mode}")
                    if hasattr(note, "__await__"):
                        await note

    async def _generate(self, call: SectionCall, mode: str, usage: Usage) -> SectionOutput:
        from .modes import instructor_mode

        instructor = await provider_client()
        self.prepare()
        completion = self._completion_fn()
        limit = self._model_limit()
        max_tokens = min(call.max_tokens, limit) if limit else call.max_tokens
        state: dict[str, Any] = {"note": None}
        gate = call.gate or self.gate

        async def notify(attempt: int, note: str) -> None:
            if call.on_retry is not None:
                result = call.on_retry(attempt, note)
                if hasattr(result, "__await__"):
                    await result

        async def attempt(*args: Any, **kwargs: Any) -> Any:
            """One instructor attempt: an HTTP request, with transport retries."""
            if state["note"]:
                await notify(usage.attempts + 1, state["note"])
                state["note"] = None
            kwargs.update(self._transport_params())

            async def send() -> Any:
                usage.attempts += 1
                t0 = time.perf_counter()
                try:
                    response = await completion(*args, **kwargs)
                finally:
                    usage.seconds += time.perf_counter() - t0
                self._count(response, usage)
                if _finish_reason(response) == "length":
                    raise OutputTruncated(call.section, max_tokens)
                return response

            return await call_with_retries(
                send, model=self.label, api_base=self.api_base, policy=self.policy, gate=gate,
                sleep=self.sleep, on_retry=notify,
            )

        def on_parse_error(error: Exception, **info: Any) -> None:
            if not info.get("is_last_attempt"):
                state["note"] = f"the answer did not validate ({_summarise(error, 100)}); asking again"

        client = instructor.from_litellm(attempt, mode=instructor_mode(mode), async_client=True)
        hooks = instructor.hooks.Hooks()
        hooks.on("parse:error", on_parse_error)
        sampling: dict[str, Any] = dict(self.params)
        if call.temperature is not None:
            sampling["temperature"] = call.temperature
        try:
            data = await client.chat.completions.create(
                model=self.model,
                messages=copy.deepcopy(call.messages),
                response_model=call.response_model,
                max_retries=self.validation_retries,
                max_tokens=max_tokens,
                hooks=hooks,
                **sampling,
            )
        except DrafterError as exc:
            exc.usage = usage  # type: ignore[attr-defined]
            raise
        except Exception as exc:  # noqa: BLE001 - mapped to one-line errors
            error = self._map_error(exc, call, max_tokens, usage)
            error.usage = usage  # type: ignore[attr-defined]
            if error.__cause__ is not None:
                raise error  # keeps its own cause (the provider's exception)
            raise error from exc
        return SectionOutput(data=data, usage=usage)

    def _count(self, response: Any, usage: Usage) -> None:
        raw = getattr(response, "usage", None)
        if raw is None and isinstance(response, dict):
            raw = response.get("usage")
        if raw is not None:
            get = raw.get if isinstance(raw, dict) else (lambda k, d=None: getattr(raw, k, d))
            usage.prompt_tokens += int(get("prompt_tokens", 0) or 0)
            usage.completion_tokens += int(get("completion_tokens", 0) or 0)
        cost = self._cost(response)
        if cost is not None:
            usage.cost_usd = (usage.cost_usd or 0.0) + cost

    def _map_error(self, exc: Exception, call: SectionCall, max_tokens: int, usage: Usage) -> DrafterError:
        inner = drafter_error_in(exc)
        if inner is not None:
            return inner
        name = type(exc).__name__
        if name == "IncompleteOutputException":
            return OutputTruncated(call.section, max_tokens)
        if name == "InstructorRetryException":
            cause = exc.__cause__ or exc
            inner = drafter_error_in(cause)
            if inner is not None:
                return inner
            if _is_validation_error(cause):
                n = getattr(exc, "n_attempts", None) or (self.validation_retries + 1)
                return SectionFailed(
                    call.section, f"the model's answer did not validate after {n} attempts: {_summarise(cause)}"
                )
            return to_provider_error(cause, model=self.label, api_base=self.api_base, attempts=max(usage.attempts, 1))
        return to_provider_error(exc, model=self.label, api_base=self.api_base, attempts=max(usage.attempts, 1))

    async def aclose(self) -> None:
        self.closed = True
        if self.cache is not None:
            self.cache.close()


async def provider_client():
    """``instructor`` with litellm behind it, imported off the event loop (a TUI stays responsive).

    A background ``llm.preload()`` already under way is joined, not repeated.
    """
    from . import llm

    if llm.loaded():
        return llm.load_instructor()
    llm.preload()
    return await asyncio.to_thread(llm.load_instructor)


def _finish_reason(response: Any) -> str | None:
    try:
        choice = response.choices[0]
    except (AttributeError, IndexError, KeyError, TypeError):
        try:
            choice = response["choices"][0]
        except (KeyError, IndexError, TypeError):
            return None
    reason = getattr(choice, "finish_reason", None)
    if reason is None and isinstance(choice, dict):
        reason = choice.get("finish_reason")
    return reason


def _is_validation_error(exc: BaseException) -> bool:
    return isinstance(exc, (ValidationError, json.JSONDecodeError)) or type(exc).__name__ in (
        "ResponseParsingError", "AsyncValidationError", "ValidationError"
    )


def _summarise(error: BaseException, limit: int = 200) -> str:
    """The first validation problem, in one short line."""
    if isinstance(error, ValidationError):
        errors = error.errors()
        if errors:
            first = errors[0]
            where = ".".join(str(p) for p in first.get("loc", ())) or "answer"
            text = f"{where}: {first.get('msg', 'invalid')}"
            if len(errors) > 1:
                text += f" (and {len(errors) - 1} more)"
        else:
            text = "invalid answer"
    elif isinstance(error, json.JSONDecodeError):
        text = f"not valid JSON ({error.msg} at char {error.pos})"
    else:
        text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"
