"""The transport retry layer and the shared back-off gate, in isolation."""

from __future__ import annotations

import asyncio
import email.utils

import pytest

from drafter.errors import OutputTruncated, ProviderError
from drafter.generate.retry import (
    RateGate,
    RetryPolicy,
    call_with_retries,
    classify,
    retry_after,
    to_provider_error,
)

from .conftest import auth_error, connection_refused, rate_limit_error, server_error


class Status(Exception):
    def __init__(self, status, headers=None):
        super().__init__(f"status {status}")
        self.status_code = status
        self.headers = headers or {}


def test_retry_after_forms():
    assert retry_after(Status(429, {"retry-after": "12"})) == 12.0
    assert retry_after(Status(429, {"Retry-After-Ms": "250"})) == 0.25
    when = email.utils.formatdate(1_000_030, usegmt=True)
    assert retry_after(Status(429, {"retry-after": when}), now=1_000_000) == pytest.approx(30.0)
    assert retry_after(Status(429)) is None
    assert retry_after(Status(429, {"retry-after": "soon"})) is None
    assert retry_after(rate_limit_error("3")) == 3.0  # litellm keeps the provider's headers on .response


def test_classification():
    assert classify(rate_limit_error()) == "rate_limit"
    assert classify(server_error(500)) == "server"
    assert classify(server_error(503)) == "server"
    assert classify(connection_refused()) == "connection"
    assert classify(asyncio.TimeoutError()) == "timeout"
    assert classify(auth_error()) is None
    assert classify(Status(400)) is None
    assert classify(OutputTruncated("kpis", 500)) is None  # never retried blindly
    assert classify(ValueError("bug")) is None


async def test_gate_makes_every_caller_wait_until_it_reopens(clock):
    gate = RateGate(clock=clock, sleep=clock.sleep)
    gate.close_for(5)
    gate.close_for(2)  # a shorter closure never shortens the wait
    assert gate.remaining == 5 and gate.closures == 1
    await asyncio.gather(gate.wait(), gate.wait())
    assert clock.now >= 5 and gate.remaining == 0
    await gate.wait()  # open: no sleep
    assert clock.now == pytest.approx(5, abs=5)


async def test_a_429_closes_the_shared_gate_for_everyone(clock):
    gate = RateGate(clock=clock, sleep=clock.sleep)
    sent = []

    async def limited():
        sent.append(("a", clock.now))
        if len(sent) == 1:
            raise Status(429, {"retry-after": "9"})
        return "ok"

    async def other():
        sent.append(("b", clock.now))
        return "ok"

    assert await call_with_retries(limited, model="m", gate=gate, sleep=clock.sleep) == "ok"
    assert await call_with_retries(other, model="m", gate=gate, sleep=clock.sleep) == "ok"
    assert sent[1][1] >= 9 and sent[2][1] >= 9


async def test_non_retryable_errors_fail_at_once(clock):
    calls = []

    async def send():
        calls.append(1)
        raise Status(400)

    with pytest.raises(ProviderError, match="^m: 400"):
        await call_with_retries(send, model="m", sleep=clock.sleep, gate=RateGate(clock=clock, sleep=clock.sleep))
    assert len(calls) == 1 and clock.sleeps == []


async def test_policy_limits_each_kind(clock):
    calls = []

    async def send():
        calls.append(1)
        raise asyncio.TimeoutError()

    policy = RetryPolicy(attempts={"timeout": 2})
    with pytest.raises(ProviderError, match="timed out after 2 attempts"):
        await call_with_retries(send, model="m", policy=policy, sleep=clock.sleep,
                                gate=RateGate(clock=clock, sleep=clock.sleep))
    assert len(calls) == 2


async def test_cancellation_is_not_swallowed(clock):
    async def send():
        raise asyncio.CancelledError()

    with pytest.raises(asyncio.CancelledError):
        await call_with_retries(send, model="m", sleep=clock.sleep)


def test_error_messages_are_one_line():
    assert str(to_provider_error(auth_error(), model="anthropic/claude-3-5-haiku")) == (
        "anthropic/claude-3-5-haiku: 401 invalid API key (set ANTHROPIC_API_KEY)"
    )
    err = to_provider_error(connection_refused(), model="openai/x", api_base="http://127.0.0.1:9/v1")
    assert str(err) == "http://127.0.0.1:9/v1: connection refused"
    assert "\n" not in str(to_provider_error(server_error(), model="m", attempts=4))
    truncated = OutputTruncated("kpis", 10)
    assert to_provider_error(truncated, model="m") is truncated
