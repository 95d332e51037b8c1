"""Fixtures for the generation tests.

* ``FakeCompletion``: an async callable with litellm's ``acompletion``
  signature that answers from a queue (JSON answers, truncated answers,
  litellm exceptions), so instructor's real retry loop and drafter's
  transport layer run without HTTP.
* ``Clock``: a fake monotonic clock whose ``sleep`` advances time.
* ``vcr_config``: how cassettes/ are recorded and matched (pytest-recording).
"""

from __future__ import annotations

import asyncio
import copy
import json
import os
from pathlib import Path
from typing import Any

import pytest

# urllib3 probes IPv6 support with a socket when first imported (litellm imports it);
# importing it here, before pytest-socket blocks sockets, keeps that probe out of the tests.
import urllib3.util.connection  # noqa: F401,E402

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("DISABLE_AIOHTTP_TRANSPORT", "True")

REPO = Path(__file__).resolve().parents[2]
CASSETTES = REPO / "cassettes"

SECRET_HEADERS = ["authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie"]
STRIPPED_RESPONSE_HEADERS = {
    "set-cookie", "openai-organization", "openai-project", "x-request-id", "request-id", "cf-ray",
    "x-openai-proxy-wasm", "anthropic-organization-id", "server-timing",
}


# ---------------------------------------------------------------- fake clock


class Clock:
    """A fake monotonic clock: sleeping advances it, nothing really waits."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


@pytest.fixture
def clock() -> Clock:
    return Clock()


# ---------------------------------------------------------------- fake completion


def model_response(content: str | None = None, *, tool_args: str | None = None, finish_reason: str = "stop",
                   prompt_tokens: int = 100, completion_tokens: int = 40, model: str = "gpt-4o-mini"):
    import litellm

    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_args is not None:
        message["content"] = None
        message["tool_calls"] = [{"id": "call_1", "type": "function",
                                  "function": {"name": "answer", "arguments": tool_args}}]
    return litellm.ModelResponse(
        model=model,
        choices=[{"index": 0, "message": message, "finish_reason": finish_reason}],
        usage={"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
               "total_tokens": prompt_tokens + completion_tokens},
    )


class Truncated:
    """A queued answer that stops at max_tokens (finish_reason "length")."""

    def __init__(self, text: str = '{"core_mission": "cut off'):
        self.text = text


class FakeCompletion:
    """``await fake(**litellm_kwargs)``: answers from a queue, records every call.

    Answers: a dict/str (the JSON answer, sent as tool arguments or content to
    match the request), a ``Truncated``, or an exception instance (raised).
    ``default`` (a callable ``kwargs -> answer``) answers when the queue is empty.
    """

    def __init__(self, *answers: Any, default=None, delay: float = 0.0,
                 prompt_tokens: int = 100, completion_tokens: int = 40):
        self.answers = list(answers)
        self.default = default
        self.delay = delay
        self.prompt_tokens = prompt_tokens
        self.completion_tokens = completion_tokens
        self.calls: list[dict] = []
        self.in_flight = 0
        self.max_in_flight = 0

    async def __call__(self, *args: Any, **kwargs: Any):
        self.calls.append(copy.deepcopy(kwargs))
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            if self.answers:
                answer = self.answers.pop(0)
            elif self.default is not None:
                answer = self.default(kwargs)
            else:
                raise AssertionError("FakeCompletion: no answer queued")
            if isinstance(answer, BaseException):
                raise answer
            finish = "stop"
            if isinstance(answer, Truncated):
                text, finish = answer.text, "length"
            else:
                text = answer if isinstance(answer, str) else json.dumps(answer)
            if kwargs.get("tools"):
                return model_response(tool_args=text, finish_reason=finish if finish == "length" else "tool_calls",
                                      prompt_tokens=self.prompt_tokens, completion_tokens=self.completion_tokens,
                                      model=kwargs.get("model", "gpt-4o-mini"))
            return model_response(text, finish_reason=finish, prompt_tokens=self.prompt_tokens,
                                  completion_tokens=self.completion_tokens, model=kwargs.get("model", "gpt-4o-mini"))
        finally:
            self.in_flight -= 1


def schema_of(kwargs: dict) -> dict:
    """The JSON schema a request asked for (TOOLS or JSON_SCHEMA mode)."""
    if kwargs.get("tools"):
        return kwargs["tools"][0]["function"]["parameters"]
    return kwargs["response_format"]["json_schema"]["schema"]


def schema_name(kwargs: dict) -> str:
    """The response model's name a request carries (the tool's name, or the json_schema's)."""
    if kwargs.get("tools"):
        return kwargs["tools"][0]["function"]["name"]
    return kwargs["response_format"]["json_schema"]["name"]


def fill_from_request(kwargs: dict) -> dict:
    """A valid answer for whatever schema the request carries (placeholder text)."""
    from drafter.testing import fill_schema

    schema = schema_of(kwargs)
    return fill_schema(schema, "Staff SRE", name=schema_name(kwargs))


def rate_limit_error(retry_after: str | None = None, *, header: str = "retry-after"):
    import httpx
    import litellm

    headers = {header: retry_after} if retry_after is not None else {}
    response = httpx.Response(429, headers=headers,
                              request=httpx.Request("POST", "https://api.example.test/v1/chat/completions"))
    return litellm.RateLimitError(message="Rate limit reached", llm_provider="openai", model="gpt-4o-mini",
                                  response=response)


def server_error(status: int = 500):
    import httpx
    import litellm

    if status == 503:
        return litellm.ServiceUnavailableError(message="overloaded", llm_provider="openai", model="gpt-4o-mini")
    response = httpx.Response(status, request=httpx.Request("POST", "https://api.example.test/v1/chat/completions"))
    return litellm.InternalServerError(message="The server had an error", llm_provider="openai",
                                       model="gpt-4o-mini", response=response)


def auth_error():
    import litellm

    return litellm.AuthenticationError(message="Incorrect API key provided", llm_provider="openai",
                                       model="gpt-4o-mini")


def connection_refused():
    import httpx
    import litellm

    try:
        try:
            raise ConnectionRefusedError(111, "Connection refused")
        except ConnectionRefusedError as inner:
            raise httpx.ConnectError("[Errno 111] Connection refused") from inner
    except httpx.ConnectError as exc:
        err = litellm.APIConnectionError(message="Connection error.", llm_provider="openai", model="gpt-4o-mini")
        err.__cause__ = exc
        return err


@pytest.fixture
def make_backend(clock):
    """Build an InstructorBackend over a FakeCompletion, with the fake clock."""
    from drafter.generate.instructor_backend import InstructorBackend
    from drafter.generate.retry import RateGate

    def make(completion: FakeCompletion, *, model: str = "openai/gpt-4o-mini", mode: str = "TOOLS", **kwargs):
        kwargs.setdefault("gate", RateGate(clock=clock, sleep=clock.sleep))
        kwargs.setdefault("sleep", clock.sleep)
        return InstructorBackend(model, kwargs.pop("api_base", None), mode=mode, completion=completion, **kwargs)

    return make


# ---------------------------------------------------------------- cassettes (pytest-recording)


def _json_body(r1, r2) -> None:
    """Requests match only if their JSON bodies are equal (parsed, so key order does not matter)."""
    def parse(request):
        body = request.body
        if body is None:
            return None
        if isinstance(body, bytes):
            body = body.decode("utf-8")
        try:
            return json.loads(body)
        except ValueError:
            return body

    assert parse(r1) == parse(r2), "request body differs from the recorded one (re-record: scripts/record_cassettes.py)"


def _scrub_response(response: dict) -> dict:
    headers = response.get("headers") or {}
    for name in list(headers):
        if name.lower() in STRIPPED_RESPONSE_HEADERS:
            del headers[name]
    return response


@pytest.fixture(scope="module")
def vcr_config():
    # record_mode comes from pytest-recording's --record-mode (default "none": replay only).
    return {
        "match_on": ["method", "path", "json_body"],
        "filter_headers": SECRET_HEADERS,
        "before_record_response": _scrub_response,
        "decode_compressed_response": True,
    }


@pytest.fixture(scope="module")
def vcr_cassette_dir() -> str:
    return str(CASSETTES)


def pytest_recording_configure(config, vcr):
    vcr.register_matcher("json_body", _json_body)
