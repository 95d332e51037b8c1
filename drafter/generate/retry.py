"""Transport retries: the ONE place that retries 429s, 5xx, timeouts and
dropped connections, with back-off that honours ``Retry-After``.

Who retries what (never multiplied):

* this module: rate limits (429), server errors (5xx), timeouts and
  connection errors, per HTTP attempt;
* instructor: validation errors only (it feeds the error back to the model);
* litellm and the OpenAI SDK: nothing (``num_retries=0``, ``max_retries=0``).

Authentication errors, bad requests and truncated answers are not retried.

``RateGate`` is shared by every call of an engine (and by every engine of a
batch): when one call gets a 429, every call through the gate waits until it
reopens, instead of each call hammering the provider on its own.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from ..errors import DrafterError, ProviderError

Sleep = Callable[[float], Awaitable[None]]
Clock = Callable[[], float]

RATE_LIMIT = "rate_limit"
SERVER = "server"
TIMEOUT = "timeout"
CONNECTION = "connection"


class RateGate:
    """A shared back-off gate: closed for a while after a 429, for every caller.

    ``clock`` and ``sleep`` are injectable so tests run without real sleeping.
    """

    def __init__(self, *, clock: Clock = time.monotonic, sleep: Sleep | None = None):
        self._clock = clock
        self._sleep = sleep or asyncio.sleep
        self._reopen_at = 0.0
        self.closures = 0  # how many times a 429 closed the gate (for reports and tests)
        self.waited = 0.0  # total seconds callers slept at the gate

    @property
    def remaining(self) -> float:
        """Seconds until the gate reopens (0 when open)."""
        return max(0.0, self._reopen_at - self._clock())

    def close_for(self, seconds: float) -> None:
        """Keep every caller out for ``seconds`` from now (never shortens a closure)."""
        until = self._clock() + max(0.0, seconds)
        if until > self._reopen_at:
            self._reopen_at = until
            self.closures += 1

    async def wait(self) -> None:
        """Return when the gate is open (at once if it is)."""
        while True:
            left = self._reopen_at - self._clock()
            if left <= 0:
                return
            self.waited += left
            await self._sleep(left)


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry each kind of transport failure."""

    attempts: dict[str, int] = field(
        default_factory=lambda: {RATE_LIMIT: 6, SERVER: 4, TIMEOUT: 3, CONNECTION: 3}
    )
    base_delay: float = 1.0  # first back-off, doubled per attempt
    max_delay: float = 30.0  # cap of the exponential back-off
    max_retry_after: float = 120.0  # a server asking for a longer wait is not retried
    jitter: float = 0.25  # +- fraction of the delay, so parallel callers do not retry in lock-step
    connection_delay: float = 0.5  # first back-off after a refused connection

    def max_attempts(self, kind: str) -> int:
        return max(1, self.attempts.get(kind, 1))

    def backoff(self, kind: str, attempt: int, rng: random.Random | None = None) -> float:
        """Exponential back-off with jitter for the ``attempt``-th failure (1-based)."""
        base = self.connection_delay if kind == CONNECTION else self.base_delay
        delay = min(self.max_delay, base * (2 ** (attempt - 1)))
        if self.jitter:
            delay *= 1 + (rng or random).uniform(-self.jitter, self.jitter)
        return max(0.0, delay)


# ---------------------------------------------------------------- classification


def _status(exc: BaseException) -> int | None:
    status = getattr(exc, "status_code", None)
    if status is None:
        status = getattr(getattr(exc, "response", None), "status_code", None)
    try:
        return int(status) if status is not None else None
    except (TypeError, ValueError):
        return None


def _chain(exc: BaseException):
    """``exc`` and every exception behind it (causes, contexts, litellm's original_exception)."""
    seen: set[int] = set()
    queue = [exc]
    while queue:
        current = queue.pop(0)
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        queue.extend((current.__cause__, current.__context__, getattr(current, "original_exception", None)))


def _is_connection_error(exc: BaseException) -> bool:
    names = {type(e).__name__ for e in _chain(exc)}
    if names & {"ConnectError", "ConnectionRefusedError", "ConnectionResetError", "RemoteProtocolError",
                "ClientConnectorError", "ServerDisconnectedError", "ReadError", "WriteError"}:
        return True
    return any(isinstance(e, ConnectionError) for e in _chain(exc))


def _is_timeout(exc: BaseException) -> bool:
    return any(
        isinstance(e, (asyncio.TimeoutError, TimeoutError)) or type(e).__name__ in (
            "Timeout", "APITimeoutError", "ReadTimeout", "ConnectTimeout", "WriteTimeout", "PoolTimeout", "TimeoutException"
        )
        for e in _chain(exc)
    )


def drafter_error_in(exc: BaseException) -> DrafterError | None:
    """A DrafterError anywhere in ``exc``'s chain (litellm wraps what custom providers raise)."""
    return next((e for e in _chain(exc) if isinstance(e, DrafterError)), None)


def unsupported_response_format(exc: BaseException) -> bool:
    """The server rejected the request's ``response_format`` (e.g. llama-cpp-python's
    server accepts only "text" and "json_object"): retrying the same request cannot help."""
    for error in _chain(exc):
        if _status(error) in (400, 415, 422, 500, 501):
            text = " ".join(str(e) for e in _chain(error)).lower()
            if "response_format" in text and "json_schema" in text:
                return True
    return False


def classify(exc: BaseException) -> str | None:
    """The retryable kind of ``exc`` (``"rate_limit"``, ``"server"``, ``"timeout"``,
    ``"connection"``), or None when retrying cannot help."""
    if drafter_error_in(exc) is not None or unsupported_response_format(exc):
        return None
    status = _status(exc)
    if status == 429:
        return RATE_LIMIT
    if _is_timeout(exc) and status in (None, 408, 500, 504):
        return TIMEOUT
    if status in (None, 500) and _is_connection_error(exc):
        # litellm reports a refused connection as a 500 (or APIConnectionError); the cause tells.
        return CONNECTION
    if type(exc).__name__ == "APIConnectionError" or status is None:
        return None  # litellm's wrapper for unexpected errors: retrying will not help
    if status >= 500 or status == 408:
        return SERVER
    return None


def _headers(exc: BaseException) -> dict[str, str]:
    out: dict[str, str] = {}
    for source in (
        getattr(getattr(exc, "response", None), "headers", None),
        getattr(exc, "litellm_response_headers", None),
        getattr(exc, "headers", None),
    ):
        if source:
            try:
                for key, value in source.items():
                    out.setdefault(str(key).lower(), str(value))
            except AttributeError:
                continue
    return out


def retry_after(exc: BaseException, *, now: float | None = None) -> float | None:
    """Seconds the server asked us to wait (``retry-after-ms``, ``retry-after``), if any."""
    headers = _headers(exc)
    ms = headers.get("retry-after-ms")
    if ms:
        try:
            return max(0.0, float(ms) / 1000.0)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


# ---------------------------------------------------------------- error messages

_API_KEY_VARS = {
    "openai": "OPENAI_API_KEY", "azure": "AZURE_API_KEY", "anthropic": "ANTHROPIC_API_KEY",
    "gemini": "GEMINI_API_KEY", "groq": "GROQ_API_KEY", "mistral": "MISTRAL_API_KEY",
    "deepseek": "DEEPSEEK_API_KEY", "xai": "XAI_API_KEY", "openrouter": "OPENROUTER_API_KEY",
    "together_ai": "TOGETHERAI_API_KEY", "fireworks_ai": "FIREWORKS_AI_API_KEY", "cohere": "COHERE_API_KEY",
    "cohere_chat": "COHERE_API_KEY", "perplexity": "PERPLEXITYAI_API_KEY", "litellm_proxy": "LITELLM_PROXY_API_KEY",
}


def api_key_variable(model: str) -> str | None:
    """The environment variable that holds the key for ``model``'s provider, when known."""
    prefix = model.split("/", 1)[0] if "/" in model else "openai"
    return _API_KEY_VARS.get(prefix)


def _short(text: str, limit: int = 160) -> str:
    text = re.sub(r"\s+", " ", text or "").strip()
    text = re.sub(r"^(litellm\.\w+:\s*)+", "", text)
    text = re.sub(r"^\w+Exception - ", "", text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(exc: BaseException) -> str:
    """A short reason for ``exc``, for progress lines: "429 rate limited", "connection refused"..."""
    kind = classify(exc)
    status = _status(exc)
    if kind == RATE_LIMIT:
        return "429 rate limited"
    if kind == TIMEOUT:
        return "timed out"
    if kind == CONNECTION:
        names = {type(e).__name__ for e in _chain(exc)}
        if "ConnectionRefusedError" in names or "refused" in str(exc).lower() or any(
            "refused" in str(e).lower() for e in _chain(exc)
        ):
            return "connection refused"
        return "connection failed"
    if status:
        return f"{status} {_short(str(exc), 80)}"
    return _short(str(exc) or type(exc).__name__, 80)


def to_provider_error(exc: BaseException, *, model: str, api_base: str | None = None, attempts: int = 1) -> DrafterError:
    """One-line ``ProviderError`` for a provider exception (DrafterErrors pass through)."""
    inner = drafter_error_in(exc)
    if inner is not None:
        return inner
    kind = classify(exc)
    status = _status(exc)
    where = api_base if (kind == CONNECTION and api_base) else model
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    if kind == CONNECTION:
        return ProviderError(f"{where}: {describe(exc)}{tries}", retryable=True,
                             hint="is the server running? check --api-base / DRAFTER_API_BASE")
    if kind == TIMEOUT:
        return ProviderError(f"{model}: the request timed out{tries}", status=status, retryable=True)
    if kind == RATE_LIMIT:
        wait = retry_after(exc)
        extra = f" (the server asks to wait {wait:.0f} s)" if wait else ""
        return ProviderError(f"{model}: 429 rate limited{tries}{extra}", status=429, retryable=True,
                             hint="lower --concurrency or try again later")
    name = type(exc).__name__
    if status == 401 or name == "AuthenticationError":
        var = api_key_variable(model)
        return ProviderError(f"{model}: 401 invalid API key" + (f" (set {var})" if var else ""), status=401)
    if status == 403 or name == "PermissionDeniedError":
        return ProviderError(f"{model}: 403 permission denied: {_short(str(exc))}", status=403)
    if status == 404 or name == "NotFoundError":
        return ProviderError(f"{model}: 404 model or endpoint not found: {_short(str(exc))}", status=404)
    if name == "ContextWindowExceededError":
        return ProviderError(f"{model}: the prompt does not fit the model's context window", status=status)
    if kind == SERVER:
        return ProviderError(f"{model}: {status or 500} server error{tries}: {_short(str(exc))}", status=status,
                             retryable=True)
    if status:
        return ProviderError(f"{model}: {status} {_short(str(exc))}", status=status)
    return ProviderError(f"{model}: {type(exc).__name__}: {_short(str(exc))}")


# ---------------------------------------------------------------- the retry loop

RetryNote = Callable[[int, str], Awaitable[None] | None]


async def call_with_retries(
    send: Callable[[], Awaitable[Any]],
    *,
    model: str,
    api_base: str | None = None,
    policy: RetryPolicy | None = None,
    gate: RateGate | None = None,
    sleep: Sleep | None = None,
    on_retry: RetryNote | None = None,
    rng: random.Random | None = None,
) -> Any:
    """``await send()``, retrying transport failures per ``policy``.

    Before every attempt the call waits at ``gate``.  A 429 closes the gate
    for Retry-After (or the back-off) so that every call sharing it waits; a
    5xx, timeout or dropped connection backs off this call only.  Errors that
    retrying cannot fix, and the last failure, become one-line ProviderErrors.
    """
    policy = policy or RetryPolicy()
    gate = gate or RateGate()
    sleep = sleep or asyncio.sleep
    failures: dict[str, int] = {}
    attempt = 0
    while True:
        attempt += 1
        await gate.wait()
        try:
            return await send()
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # noqa: BLE001 - classified below
            kind = classify(exc)
            if kind is None:
                raise to_provider_error(exc, model=model, api_base=api_base, attempts=attempt) from exc
            failures[kind] = failures.get(kind, 0) + 1
            if failures[kind] >= policy.max_attempts(kind):
                raise to_provider_error(exc, model=model, api_base=api_base, attempts=attempt) from exc
            asked = retry_after(exc)
            if asked is not None and asked > policy.max_retry_after:
                raise to_provider_error(exc, model=model, api_base=api_base, attempts=attempt) from exc
            delay = asked if asked is not None else policy.backoff(kind, failures[kind], rng)
            if on_retry is not None:
                note = on_retry(attempt + 1, f"{describe(exc)}; retrying in {delay:.1f} s")
                if asyncio.iscoroutine(note):
                    await note
            if kind == RATE_LIMIT:
                gate.close_for(delay)  # everyone waits, this call included (at the top of the loop)
            else:
                await sleep(delay)
