"""InstructorBackend over a fake litellm completion: instructor's real retry loop
and drafter's transport layer, without HTTP."""

from __future__ import annotations

import json

import pytest

from drafter.errors import OutputTruncated, ProviderError, SectionFailed
from drafter.generate.types import RoleRequest, SectionCall
from drafter.schema.genmodels import generation_model
from drafter.schema.models import RoleMission

from .conftest import (
    FakeCompletion,
    Truncated,
    auth_error,
    connection_refused,
    rate_limit_error,
    server_error,
)

MISSION = generation_model(RoleMission, "brief")
GOOD = {"core_mission": "Keep production reliable.", "strategic_importance": ["Uptime is revenue."],
        "primary_outcomes": ["Fewer incidents"]}
# Too many items for the brief depth (max 2): valid JSON, invalid answer.
BAD = {**GOOD, "strategic_importance": ["a", "b", "c"]}


def call(**kw) -> SectionCall:
    return SectionCall(
        section="mission",
        messages=[{"role": "system", "content": "You write role blueprints."},
                  {"role": "user", "content": "Write the mission."}],
        response_model=MISSION,
        max_tokens=kw.pop("max_tokens", 400),
        request=RoleRequest("Staff SRE", depth="brief"),
        **kw,
    )


async def test_valid_answer_in_tools_mode(make_backend):
    fake = FakeCompletion(GOOD)
    out = await make_backend(fake).generate(call())
    assert out.data.core_mission == "Keep production reliable."
    sent = fake.calls[0]
    assert sent["tools"][0]["function"]["parameters"]["properties"]["strategic_importance"]["maxItems"] == 2
    # Retries are never stacked: litellm and the OpenAI SDK retry nothing.
    assert sent["num_retries"] == 0 and sent["max_retries"] == 0
    assert sent["drop_params"] is True  # per call, not litellm.drop_params (a host's global)
    assert sent["max_tokens"] == 400
    assert out.usage.attempts == 1 and out.usage.prompt_tokens == 100 and out.usage.completion_tokens == 40


async def test_json_schema_mode_sends_response_format(make_backend):
    fake = FakeCompletion(GOOD)
    await make_backend(fake, model="openai/local", mode="JSON_SCHEMA", api_base="http://127.0.0.1:8080/v1").generate(call())
    sent = fake.calls[0]
    assert "tools" not in sent
    assert sent["response_format"]["type"] == "json_schema"
    assert sent["response_format"]["json_schema"]["schema"]["required"] == ["core_mission", "strategic_importance",
                                                                           "primary_outcomes"]
    assert sent["api_base"] == "http://127.0.0.1:8080/v1"


def test_plain_json_mode_is_refused():
    from drafter.generate.instructor_backend import InstructorBackend

    with pytest.raises(ValueError):
        InstructorBackend("drafter-local/gemma3-270m", mode="JSON")


async def test_validation_error_is_fed_back_and_the_second_answer_wins(make_backend):
    fake = FakeCompletion(BAD, GOOD)
    notes = []
    out = await make_backend(fake).generate(call(on_retry=lambda attempt, note: notes.append((attempt, note))))
    assert out.data.strategic_importance == ["Uptime is revenue."]
    assert len(fake.calls) == 2
    second = json.dumps(fake.calls[1]["messages"])
    assert "strategic_importance" in second and "at most 2" in second  # the error went back to the model
    assert len(fake.calls[1]["messages"]) > len(fake.calls[0]["messages"])
    assert notes and notes[0][0] == 2 and "did not validate" in notes[0][1]


async def test_usage_counts_every_attempt_including_failed_validations(make_backend):
    fake = FakeCompletion(BAD, BAD, GOOD, prompt_tokens=120, completion_tokens=30)
    out = await make_backend(fake).generate(call())
    assert out.usage.attempts == 3
    assert out.usage.prompt_tokens == 360 and out.usage.completion_tokens == 90
    assert out.usage.cost_usd is not None and out.usage.cost_usd > 0  # litellm knows gpt-4o-mini's price


async def test_validation_retries_exhausted_is_a_section_failure_with_usage(make_backend):
    fake = FakeCompletion(BAD, BAD, BAD)
    with pytest.raises(SectionFailed) as info:
        await make_backend(fake).generate(call())
    assert "did not validate after 3 attempts" in str(info.value)
    assert "strategic_importance" in str(info.value)
    assert info.value.usage.attempts == 3 and info.value.usage.completion_tokens == 120
    assert len(fake.calls) == 3  # validation_retries=2: three attempts, never more


async def test_429_with_retry_after_waits_as_asked_then_succeeds(make_backend, clock):
    fake = FakeCompletion(rate_limit_error("7"), GOOD)
    notes = []
    backend = make_backend(fake)
    out = await backend.generate(call(on_retry=lambda a, n: notes.append(n)))
    assert out.data.core_mission
    assert clock.sleeps == [7.0]  # exactly what Retry-After said, no jitter
    assert backend.gate.closures == 1
    assert out.usage.attempts == 2
    assert "429" in notes[0] and "7.0 s" in notes[0]


async def test_retry_after_ms_is_honoured(make_backend, clock):
    fake = FakeCompletion(rate_limit_error("1500", header="retry-after-ms"), GOOD)
    await make_backend(fake).generate(call())
    assert clock.sleeps == [1.5]


async def test_429_without_retry_after_backs_off_exponentially(make_backend, clock):
    fake = FakeCompletion(rate_limit_error(), rate_limit_error(), GOOD)
    await make_backend(fake).generate(call())
    assert len(clock.sleeps) == 2
    assert 0.75 <= clock.sleeps[0] <= 1.25 and 1.5 <= clock.sleeps[1] <= 2.5  # 1 s, 2 s, +-25% jitter


async def test_500_then_success(make_backend, clock):
    fake = FakeCompletion(server_error(500), server_error(503), GOOD)
    out = await make_backend(fake).generate(call())
    assert out.data.core_mission and len(fake.calls) == 3
    assert len(clock.sleeps) == 2


async def test_server_errors_exhausted_give_a_one_line_provider_error(make_backend):
    fake = FakeCompletion(*[server_error(500) for _ in range(10)])
    with pytest.raises(ProviderError) as info:
        await make_backend(fake).generate(call())
    assert len(fake.calls) == 4  # the policy's limit for 5xx, not instructor's times litellm's
    message = str(info.value)
    assert message.startswith("openai/gpt-4o-mini: 500 server error after 4 attempts")
    assert "\n" not in message


async def test_rate_limit_asking_for_too_long_a_wait_is_not_retried(make_backend):
    fake = FakeCompletion(rate_limit_error("3600"), GOOD)
    with pytest.raises(ProviderError) as info:
        await make_backend(fake).generate(call())
    assert len(fake.calls) == 1 and "3600" in str(info.value)


async def test_auth_error_is_not_retried_and_names_the_key(make_backend):
    fake = FakeCompletion(auth_error(), GOOD)
    with pytest.raises(ProviderError) as info:
        await make_backend(fake).generate(call())
    assert len(fake.calls) == 1
    assert str(info.value) == "openai/gpt-4o-mini: 401 invalid API key (set OPENAI_API_KEY)"


async def test_connection_refused_names_the_server(make_backend):
    fake = FakeCompletion(*[connection_refused() for _ in range(5)])
    with pytest.raises(ProviderError) as info:
        await make_backend(fake, model="openai/local", api_base="http://127.0.0.1:9/v1").generate(call())
    assert str(info.value) == "http://127.0.0.1:9/v1: connection refused after 3 attempts"


async def test_truncation_is_its_own_error_and_is_not_retried(make_backend):
    fake = FakeCompletion(Truncated(), GOOD)
    with pytest.raises(OutputTruncated) as info:
        await make_backend(fake).generate(call(max_tokens=300))
    assert len(fake.calls) == 1
    assert info.value.max_tokens == 300 and "cut off at max_tokens=300" in str(info.value)
    assert info.value.usage.completion_tokens == 40  # the cut-off answer's tokens are counted


async def test_max_tokens_is_clamped_to_the_models_output_limit(make_backend):
    fake = FakeCompletion(GOOD)
    await make_backend(fake, max_output_tokens=256).generate(call(max_tokens=900))
    assert fake.calls[0]["max_tokens"] == 256


async def test_local_models_cost_zero_and_unknown_prices_are_none(make_backend):
    out = await make_backend(FakeCompletion(GOOD), model="openai/my-server-model",
                             api_base="http://10.0.0.5/v1").generate(call())
    assert out.usage.cost_usd is None
    out = await make_backend(FakeCompletion(GOOD), model="openai/my-server-model", price_zero=True,
                             api_base="http://127.0.0.1:8080/v1").generate(call())
    assert out.usage.cost_usd == 0.0


async def test_the_shared_gate_holds_back_other_calls(make_backend, clock):
    """After one call's 429, a second call through the same gate waits for the gate to reopen."""
    from drafter.generate.retry import RateGate

    gate = RateGate(clock=clock, sleep=clock.sleep)
    gate.close_for(12.0)
    fake = FakeCompletion(GOOD)
    await make_backend(fake, gate=gate).generate(call())
    assert clock.now >= 12.0 and clock.sleeps == [12.0]


async def test_server_without_json_schema_support_falls_back_to_tools_once(make_backend):
    """llama-cpp-python's server answers response_format json_schema with an error: switch to TOOLS."""
    import httpx
    import litellm

    rejection = litellm.InternalServerError(
        message="Input should be 'text' or 'json_object' (loc: body.response_format.type, input: json_schema)",
        llm_provider="openai", model="local",
        response=httpx.Response(500, request=httpx.Request("POST", "http://127.0.0.1:8080/v1/chat/completions")),
    )
    fake = FakeCompletion(rejection, GOOD, GOOD)
    notes = []
    backend = make_backend(fake, model="openai/local", mode="JSON_SCHEMA", api_base="http://127.0.0.1:8080/v1",
                           fallback_mode="TOOLS")
    out = await backend.generate(call(on_retry=lambda a, n: notes.append(n)))
    assert out.data.core_mission and backend.mode == "TOOLS"
    assert len(fake.calls) == 2  # the rejection was not retried as a 500
    assert "response_format" in fake.calls[0] and "tools" in fake.calls[1]
    assert "using TOOLS" in notes[0]
    await backend.generate(call())
    assert "tools" in fake.calls[2]  # remembered for the next sections
    assert out.usage.attempts == 2


async def test_without_a_fallback_the_rejection_is_a_one_line_error(make_backend):
    import httpx
    import litellm

    rejection = litellm.BadRequestError(message="response_format json_schema is not supported", llm_provider="openai",
                                        model="x", response=httpx.Response(400, request=httpx.Request("POST", "http://x")))
    fake = FakeCompletion(rejection)
    with pytest.raises(ProviderError, match="400"):
        await make_backend(fake, mode="JSON_SCHEMA").generate(call())
    assert len(fake.calls) == 1
