"""End-to-end tests that replay real chat-completion traffic recorded from an
OpenAI-compatible server (cassettes/, one YAML per test, pytest-recording).

Recorded against llama-cpp-python's server running the embedded model (see
cassettes/recording.json); re-record with ``scripts/record_cassettes.py``
(also against any provider with a key).  Requests match on method, path and
the parsed JSON body, so a changed prompt, schema or parameter cannot replay
an old answer: the test fails and asks for a re-recording.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import pytest
from pydantic import field_validator

from drafter.config import load_settings
from drafter.errors import ProviderError, SectionFailed
from drafter.generate import open_engine
from drafter.generate.types import RoleRequest, SectionCall
from drafter.schema.genmodels import GenModel, generation_model
from drafter.schema.models import RoleMission

from .conftest import CASSETTES, schema_name

RECORDING = CASSETTES / "recording.json"
REQUEST = RoleRequest("Senior Site Reliability Engineer", depth="brief")


def recording() -> dict:
    """Which model and server the cassettes hold (DRAFTER_CASSETTE_* override it while recording)."""
    data = json.loads(RECORDING.read_text()) if RECORDING.is_file() else {}
    return {
        "model": os.environ.get("DRAFTER_CASSETTE_MODEL") or data.get("model", "gemma3-270m"),
        "api_base": os.environ.get("DRAFTER_CASSETTE_API_BASE") or data.get("api_base", "http://127.0.0.1:8080/v1"),
    }


@pytest.fixture
def engine(request):
    cassette = CASSETTES / f"{request.node.name}.yaml"
    if request.config.getoption("--record-mode") in (None, "none") and not cassette.is_file():
        pytest.fail(f"missing cassette {cassette.name}: record it with scripts/record_cassettes.py")
    rec = recording()
    engine = open_engine(load_settings(model=rec["model"], api_base=rec["api_base"], concurrency=2), no_cache=True)
    real = engine.backend._completion_fn()

    async def replay_or_explain(*args, **kwargs):
        try:
            return await real(*args, **kwargs)
        except Exception as exc:
            cause = exc
            while cause is not None and type(cause).__name__ != "CannotOverwriteExistingCassetteException":
                cause = cause.__cause__ or cause.__context__
            if cause is not None:
                pytest.fail(f"this request is not in {cassette.name} (prompt, schema or parameters changed?): "
                            "re-record with scripts/record_cassettes.py", pytrace=False)
            raise

    engine.backend._completion = replay_or_explain
    yield engine


@pytest.mark.vcr
async def test_cassette_one_section(engine):
    mission = await engine.draft_section(REQUEST, "mission")
    await engine.aclose()
    assert mission.core_mission
    assert 1 <= len(mission.primary_outcomes) <= 2


@pytest.mark.vcr
async def test_cassette_brief_draft_with_profile(engine):
    sent = []
    backend = engine.backend
    real = backend._completion_fn()

    async def spy(*args, **kwargs):
        sent.append(kwargs)
        return await real(*args, **kwargs)

    backend._completion = spy
    result = await engine.draft(REQUEST, sections=["technical_skills", "soft_skills", "hiring"])
    await engine.aclose()
    assert result.complete, result.failed
    bp = result.blueprint
    gen = bp.generation
    # the profile first, then both sections with it in their prompts (hiring assesses its core skills)
    assert schema_name(sent[0]) == "RoleProfile" and gen.profile and gen.profile["core_skills"]
    hiring_request = next(k for k in sent if schema_name(k) == "HiringCriteria")
    prompt = json.dumps(hiring_request["messages"])
    assert "<role_profile>" in prompt
    assert all(json.dumps(name)[1:-1] in prompt for name in gen.profile["core_skills"])
    # a model litellm cannot price: unknown, not $0
    assert gen.prompt_tokens > 0 and gen.completion_tokens > 0 and gen.cost_usd is None
    assert [row.section for row in gen.sections] == ["profile", "technical_skills", "soft_skills", "hiring"]
    assert all(row.status == "done" for row in gen.sections)


class Motto(GenModel):
    """A motto for the role."""

    motto: str

    @field_validator("motto")
    @classmethod
    def shouts(cls, value: str) -> str:
        if not value.isupper():
            raise ValueError("the motto must be written in CAPITAL LETTERS only")
        return value


@pytest.mark.vcr
async def test_cassette_validation_retry_feeds_the_error_back(engine):
    sent = []
    backend = engine.backend
    real = backend._completion_fn()

    async def spy(*args, **kwargs):
        sent.append(json.loads(json.dumps({"messages": kwargs.get("messages"), "tools": "tools" in kwargs})))
        return await real(*args, **kwargs)

    backend._completion = spy
    call = SectionCall(
        section="motto",
        messages=[{"role": "system", "content": "You answer with JSON."},
                  {"role": "user", "content": "Write a short motto for a Site Reliability Engineer team."}],
        response_model=Motto,
        max_tokens=60,
        request=REQUEST,
    )
    try:
        out = await backend.generate(call)
    except SectionFailed as exc:
        assert "did not validate after 3 attempts" in str(exc)
        attempts = exc.usage.attempts
    else:
        assert out.data.motto.isupper()
        attempts = out.usage.attempts
    await engine.aclose()
    assert attempts == len(sent)
    # llama-cpp-python's server rejects response_format json_schema: the backend switched to tool calls.
    answered = [s for s in sent if s["tools"] == (backend.mode == "TOOLS")]
    assert len(answered) >= 2
    assert "CAPITAL LETTERS" not in json.dumps(answered[0]["messages"])
    assert "CAPITAL LETTERS" in json.dumps(answered[1]["messages"])  # the validation error went back to the model


@pytest.mark.vcr
async def test_cassette_server_error_is_one_line_and_not_retried(engine):
    calls = []
    backend = engine.backend
    real = backend._completion_fn()

    async def spy(*args, **kwargs):
        calls.append("tools" in kwargs)
        return await real(*args, **kwargs)

    backend._completion = spy
    call = SectionCall(
        section="mission",
        messages=[{"role": "system", "content": "You write role blueprints as JSON."},
                  {"role": "user", "content": "Context: uptime, latency, incidents, on-call. " * 2000}],
        response_model=generation_model(RoleMission, "brief"),
        max_tokens=200,
        request=REQUEST,
    )
    with pytest.raises(ProviderError) as info:
        await backend.generate(call)
    await engine.aclose()
    # at most the json_schema rejection (then tool calls), and the 400 itself: never retried
    assert calls in ([False], [True], [False, True])
    assert "\n" not in str(info.value)
    assert str(info.value).startswith("openai/")


# ---------------------------------------------------------------- no secrets in cassettes

_SECRET_VALUE = re.compile(r"(sk-[A-Za-z0-9_-]{12,}|Bearer\s+\S+|org-[A-Za-z0-9]{12,}|AIza[0-9A-Za-z_-]{20,})")
_SECRET_HEADERS = {"authorization", "api-key", "x-api-key", "openai-organization", "openai-project", "cookie",
                   "set-cookie", "anthropic-organization-id"}


def _cassettes() -> list[Path]:
    return sorted(CASSETTES.glob("*.yaml"))


def test_cassettes_exist_for_every_replay_test():
    names = {p.stem for p in _cassettes()}
    expected = {name for name in globals() if name.startswith("test_cassette_")}
    assert expected <= names, f"missing cassettes: {sorted(expected - names)} (run scripts/record_cassettes.py)"


@pytest.mark.parametrize("path", _cassettes(), ids=lambda p: p.name)
def test_no_cassette_holds_a_key_cookie_or_organisation(path):
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for interaction in data["interactions"]:
        for part in ("request", "response"):
            headers = {k.lower() for k in (interaction[part].get("headers") or {})}
            assert not headers & _SECRET_HEADERS, f"{path.name}: {part} keeps {headers & _SECRET_HEADERS}"
    text = path.read_text(encoding="utf-8")
    assert not _SECRET_VALUE.search(text), f"{path.name} holds something that looks like a key"
