"""The engine: DAG, concurrency bound, events, partial drafts, cache, usage, cancellation."""

from __future__ import annotations

import asyncio

import pytest

from drafter.errors import OutputTruncated, ProviderError
from drafter.generate.cache import ResponseCache
from drafter.generate.engine import Engine
from drafter.generate.types import RoleRequest, SectionState, Usage
from drafter.schema.sections import GENERATED_SECTIONS
from drafter.generate.profile import RoleProfile
from drafter.testing import FakeBackend, fill_model

from .conftest import FakeCompletion, fill_from_request, rate_limit_error

ALL = [s.key for s in GENERATED_SECTIONS]
REQUEST = RoleRequest("Staff Site Reliability Engineer", level="staff", depth="brief")
PROFILE = fill_model(RoleProfile, "SRE")  # given: no profile call in tests that count the backend's answers


class Recorder:
    def __init__(self):
        self.events = []

    def __call__(self, event):
        self.events.append(event)

    def states(self, key):
        return [e.state for e in self.events if e.section == key]


async def test_full_draft_every_section_once_with_usage_recorded():
    backend = FakeBackend()
    rec = Recorder()
    result = await Engine(backend).draft(REQUEST, on_event=rec)
    assert result.complete and result.failed == {}
    # one profile call, then one call per section; the scorecard is assembled, not asked for
    assert backend.calls[0].section == "profile"
    assert sorted(c.section for c in backend.calls[1:]) == sorted(k for k in ALL if k != "scorecard")
    gen = result.blueprint.generation
    assert gen.missing_sections == [] and len(gen.sections) == 21 and gen.sections[0].section == "profile"
    assert gen.prompt_tokens == 20 * 100 and gen.completion_tokens == 20 * 50
    assert gen.depth == "brief" and gen.model == "fake/model" and gen.prompt_version
    assert gen.profile and gen.profile["core_skills"]
    assert rec.states("profile") == [SectionState.queued, SectionState.running, SectionState.done]
    for key in ALL:
        assert rec.states(key)[0] is SectionState.queued
        assert rec.states(key)[-1] is SectionState.done
        assert SectionState.running in rec.states(key)


async def test_concurrency_bound_is_the_maximum_in_flight():
    backend = FakeBackend(delay=0.01)
    await Engine(backend, concurrency=3).draft(REQUEST)
    assert backend.max_in_flight == 3


async def test_backend_can_lower_the_bound():
    backend = FakeBackend(delay=0.005)
    backend.max_concurrency = 1  # e.g. the embedded model: one call at a time
    engine = Engine(backend, concurrency=8)
    await engine.draft(REQUEST, sections=["summary", "mission", "kpis"])
    assert engine.concurrency == 1 and backend.max_in_flight == 1


async def test_profile_first_then_every_section_at_once():
    backend = FakeBackend(delay=0.01)
    await Engine(backend, concurrency=20).draft(REQUEST)
    order = [c.section for c in backend.calls]
    assert order[0] == "profile" and "scorecard" not in order
    # no section waits for another: all 19 model-written sections are in flight together
    assert backend.max_in_flight == 19


async def test_every_section_prompt_carries_the_profile_and_hiring_assesses_its_skills():
    profile = {"family": "Site Reliability Engineering", "level": "Staff individual contributor",
               "scope": "Owns reliability across several product teams.", "domains": ["Incident response", "Capacity"],
               "core_skills": ["SLO design", "Kubernetes operations", "Incident command", "Capacity modelling"],
               "core_tools": ["Prometheus", "PagerDuty"], "themes": ["error budgets", "toil reduction", "blameless culture"]}
    backend = FakeBackend(answers={"profile": [profile]})
    result = await Engine(backend).draft(REQUEST, sections=["technical_skills", "hiring", "kpis"])
    for call in backend.calls[1:]:
        text = call.messages[-1]["content"]
        assert "<role_profile>" in text and "Capacity modelling" in text and "PagerDuty" in text
    hiring = next(c for c in backend.calls if c.section == "hiring").messages[-1]["content"]
    assert "core skills" in hiring and "role_profile" in hiring
    assert result.blueprint.generation.profile["core_skills"][0] == "SLO design"


async def test_a_given_profile_is_reused_without_a_call():
    profile = PROFILE
    backend = FakeBackend()
    result = await Engine(backend).draft(REQUEST, sections=["kpis"], profile=profile)
    assert [c.section for c in backend.calls] == ["kpis"]
    assert result.blueprint.generation.profile == profile.model_dump(mode="json")


async def test_no_section_to_draft_makes_no_call():
    from drafter.testing import sample_blueprint

    backend = FakeBackend()
    result = await Engine(backend).draft(REQUEST, sections=[], base=sample_blueprint("Staff SRE", depth="brief"))
    assert backend.calls == [] and result.complete


async def test_a_provider_failure_on_the_profile_fails_every_section_without_more_calls():
    backend = FakeBackend(answers={"profile": [ProviderError("openai/gpt-4o-mini: 401 invalid API key")]})
    rec = Recorder()
    result = await Engine(backend).draft(REQUEST, on_event=rec)
    assert [c.section for c in backend.calls] == ["profile"]
    assert set(result.failed) == set(ALL) and set(result.failed.values()) == {"openai/gpt-4o-mini: 401 invalid API key"}
    assert rec.states("kpis")[-1] is SectionState.failed


async def test_a_failed_profile_does_not_stop_the_sections():
    backend = FakeBackend(answers={"profile": [OutputTruncated("profile", 300)]})
    rec = Recorder()
    result = await Engine(backend).draft(REQUEST, sections=["kpis", "mission"], on_event=rec)
    assert result.complete and result.blueprint.kpis is not None
    assert rec.states("profile")[-1] is SectionState.failed
    assert "without a profile" in [e for e in rec.events if e.section == "profile"][-1].message
    assert "<role_profile>" not in backend.calls[-1].messages[-1]["content"]
    statuses = {s.section: s.status for s in result.blueprint.generation.sections}
    assert statuses["profile"] == "failed" and result.blueprint.generation.profile is None


async def test_scorecard_is_assembled_from_the_drafted_sections():
    backend = FakeBackend()
    result = await Engine(backend).draft(REQUEST)
    bp = result.blueprint
    card = bp.scorecard
    assert card.role_title == REQUEST.title
    assert set(card.top_kpis) <= {k.name for k in bp.kpis.rows}
    assert set(card.top_tools) <= {t.name for t in bp.tools.rows}
    assert set(card.top_soft_skills) <= {s.name for s in bp.soft_skills.skills}
    assert set(card.top_technical_skills) <= {s.name for s in bp.technical_skills.must_have + bp.technical_skills.advanced}
    statuses = {s.section: s for s in bp.generation.sections}
    assert statuses["scorecard"].status == "done" and statuses["scorecard"].prompt_tokens == 0


async def test_partial_draft_keeps_the_rest_and_names_missing_sections():
    backend = FakeBackend(answers={"kpis": [ProviderError("openai/gpt-4o-mini: 500 server error after 4 attempts")],
                                   "tools": [OutputTruncated("tools", 510)]})
    rec = Recorder()
    result = await Engine(backend).draft(REQUEST, on_event=rec)
    assert not result.complete
    assert set(result.failed) == {"kpis", "tools", "scorecard"}
    assert "500 server error" in result.failed["kpis"]
    assert "max_tokens=510" in result.failed["tools"]
    # the scorecard summarises kpis and tools: it is not assembled without them, and says why
    assert "kpis, tools" in result.failed["scorecard"]
    bp = result.blueprint
    assert bp.kpis is None and bp.tools is None and bp.summary is not None and bp.scorecard is None
    assert bp.generation.missing_sections == ["kpis", "tools", "scorecard"]
    statuses = {s.section: s.status for s in bp.generation.sections}
    assert statuses["kpis"] == "failed" and statuses["summary"] == "done"
    failed_event = [e for e in rec.events if e.section == "kpis"][-1]
    assert failed_event.state is SectionState.failed and "500" in failed_event.message


async def test_failed_attempts_usage_is_in_the_draft_totals(make_backend):
    """A section that fails after 3 invalid answers still costs 3 answers' tokens."""
    bad = {"core_mission": "x", "strategic_importance": ["a", "b", "c"], "primary_outcomes": ["y"]}
    fake = FakeCompletion(bad, bad, bad, prompt_tokens=200, completion_tokens=50)
    engine = Engine(make_backend(fake), cache=False)
    result = await engine.draft(REQUEST, sections=["mission"], profile=PROFILE)
    assert "did not validate after 3 attempts" in result.failed["mission"]
    gen = result.blueprint.generation
    assert gen.prompt_tokens == 600 and gen.completion_tokens == 150
    row = gen.sections[0]
    assert row.status == "failed" and row.attempts == 3 and row.completion_tokens == 150


async def test_retry_events_reach_the_handler(make_backend):
    fake = FakeCompletion(rate_limit_error("2"), default=fill_from_request)
    rec = Recorder()
    await Engine(make_backend(fake), cache=False).draft(REQUEST, sections=["mission"], on_event=rec, profile=PROFILE)
    running = [e for e in rec.events if e.state is SectionState.running]
    assert running[0].attempt == 1 and running[0].message is None
    assert running[1].attempt == 2 and "429" in running[1].message
    assert rec.states("mission")[-1] is SectionState.done


async def test_cache_hit_makes_no_backend_call_and_costs_nothing(tmp_path):
    cache = ResponseCache(tmp_path / "cache")
    first = FakeBackend()
    r1 = await Engine(first, cache=cache).draft(REQUEST)
    assert len(first.calls) == 20  # the profile and 19 sections
    second = FakeBackend()
    rec = Recorder()
    r2 = await Engine(second, cache=cache).draft(REQUEST, on_event=rec)
    assert second.calls == []
    assert r2.blueprint.model_dump(exclude={"generation"}) == r1.blueprint.model_dump(exclude={"generation"})
    assert all(s.status == "cached" for s in r2.blueprint.generation.sections if s.section != "scorecard")
    assert r2.usage.total_tokens == 0 and r2.blueprint.generation.prompt_tokens == 0
    assert rec.states("kpis")[-1] is SectionState.cached
    assert cache.hits == 20


async def test_a_different_request_is_not_a_hit(tmp_path):
    cache = ResponseCache(tmp_path / "cache")
    await Engine(FakeBackend(), cache=cache).draft(REQUEST, sections=["mission"], profile=PROFILE)
    other = FakeBackend()
    await Engine(other, cache=cache).draft(RoleRequest("Data Engineer", depth="brief"), sections=["mission"], profile=PROFILE)
    assert len(other.calls) == 1
    deeper = FakeBackend()
    await Engine(deeper, cache=cache).draft(RoleRequest(REQUEST.title, level="staff", depth="standard"),
                                            sections=["mission"], profile=PROFILE)
    assert len(deeper.calls) == 1


async def test_engine_uses_the_backends_cache_unless_turned_off(tmp_path):
    cache = ResponseCache(tmp_path / "cache")
    backend = FakeBackend()
    backend.cache = cache  # what get_backend attaches unless --no-cache
    await Engine(backend).draft(REQUEST, sections=["mission"], profile=PROFILE)
    await Engine(backend).draft(REQUEST, sections=["mission"], profile=PROFILE)
    assert len(backend.calls) == 1
    await Engine(backend, cache=False).draft(REQUEST, sections=["mission"], profile=PROFILE)
    assert len(backend.calls) == 2


async def test_no_cache_neither_reads_nor_writes(tmp_path):
    from drafter.config import load_settings
    from drafter.generate.backends import get_backend

    backend = get_backend(load_settings(model="openai/gpt-4o-mini"), no_cache=True)
    assert backend.cache is None
    backend = get_backend(load_settings(model="openai/gpt-4o-mini"))
    assert isinstance(backend.cache, ResponseCache)


async def test_regenerating_with_feedback_asks_the_model_again(tmp_path):
    cache = ResponseCache(tmp_path / "cache")
    backend = FakeBackend()
    engine = Engine(backend, cache=cache)
    result = await engine.draft(REQUEST, sections=["kpis"], profile=PROFILE)
    again = await engine.draft_section(REQUEST, "kpis", blueprint=result.blueprint, feedback="more SLO focus")
    assert len(backend.calls) == 2
    assert "more SLO focus" in str(backend.calls[1].messages)
    assert again.rows


async def test_draft_section_raises_the_providers_error():
    backend = FakeBackend(answers={"kpis": [ProviderError("openai/gpt-4o-mini: 401 invalid API key")]})
    with pytest.raises(ProviderError, match="401"):
        await Engine(backend).draft_section(REQUEST, "kpis")


async def test_cancellation_stops_every_section_and_keeps_the_partial():
    hold = asyncio.Event()

    class Slow(FakeBackend):
        async def generate(self, call):
            if call.section not in ("profile", "summary"):
                await hold.wait()
            return await super().generate(call)

    backend = Slow()
    rec = Recorder()
    engine = Engine(backend, concurrency=4)
    task = asyncio.create_task(engine.draft(REQUEST, on_event=rec))
    while not any(e.section == "summary" and e.state is SectionState.done for e in rec.events):
        await asyncio.sleep(0)
    task.cancel()
    with pytest.raises(asyncio.CancelledError) as info:
        await task
    partial = info.value.draft_result
    assert partial.blueprint.summary is not None
    assert partial.failed["kpis"] == "cancelled"
    assert "kpis" in partial.blueprint.generation.missing_sections
    assert SectionState.cancelled in rec.states("kpis")


async def test_unknown_section_is_refused():
    from drafter.errors import DrafterError

    with pytest.raises(DrafterError):
        await Engine(FakeBackend()).draft(REQUEST, sections=["salary"])


async def test_base_sections_give_the_profile_and_context():
    from drafter.testing import sample_blueprint

    base = sample_blueprint("Staff SRE", depth="brief")
    backend = FakeBackend()
    result = await Engine(backend).draft(REQUEST, sections=["hiring"], base=base)
    # no profile call: the profile is read off base's skills and tools
    assert [c.section for c in backend.calls] == ["hiring"]
    assert base.technical_skills.must_have[0].name in str(backend.calls[0].messages)
    assert result.blueprint.kpis == base.kpis
    backend = FakeBackend()
    await Engine(backend).draft(REQUEST, sections=["hiring"], base=base, context=["kpis"])
    assert base.kpis.rows[0].name in str(backend.calls[0].messages)


def test_usage_add_keeps_unknown_cost_unknown():
    total = Usage()
    total.add(Usage(prompt_tokens=5, cost_usd=None))
    assert total.cost_usd is None
    total.add(Usage(prompt_tokens=5, cost_usd=0.25))
    assert total.cost_usd == 0.25 and total.prompt_tokens == 10


async def test_large_sections_are_drafted_as_parallel_parts_at_standard_depth():
    backend = FakeBackend()
    request = RoleRequest("Staff Site Reliability Engineer", depth="standard")
    result = await Engine(backend, concurrency=8, split=True).draft(request, sections=["hiring", "kpis"], profile=PROFILE)
    hiring_calls = [c for c in backend.calls if c.section == "hiring"]
    assert len(hiring_calls) == 2 and [c.section for c in backend.calls].count("kpis") == 1
    fields = [set(c.response_model.model_fields) for c in hiring_calls]
    assert fields[0].isdisjoint(fields[1]) and "scorecard" in fields[0] | fields[1]
    assert "writes only these fields" in hiring_calls[0].messages[-1]["content"]
    hiring = result.blueprint.hiring
    assert hiring.assess and hiring.scorecard and hiring.red_flags  # merged into one section
    row = next(s for s in result.blueprint.generation.sections if s.section == "hiring")
    assert row.attempts == 2 and row.prompt_tokens == 200
    # brief depth, one call at a time, or a regeneration: one call per section
    backend = FakeBackend()
    await Engine(backend, concurrency=8, split=True).draft(REQUEST, sections=["hiring"], profile=PROFILE)
    backend2 = FakeBackend()
    await Engine(backend2, concurrency=1, split=True).draft(request, sections=["hiring"], profile=PROFILE)
    backend3 = FakeBackend()  # batches (the default) keep one call per section
    await Engine(backend3, concurrency=8).draft(request, sections=["hiring"], profile=PROFILE)
    assert len(backend.calls) == 1 and len(backend2.calls) == 1 and len(backend3.calls) == 1


async def test_a_failed_part_fails_its_section_with_both_parts_usage():
    backend = FakeBackend(answers={"hiring": [None, ProviderError("openai/gpt-4o-mini: 500 server error")]})
    request = RoleRequest("Staff Site Reliability Engineer", depth="standard")
    result = await Engine(backend, concurrency=8, split=True).draft(request, sections=["hiring"], profile=PROFILE)
    assert "500 server error" in result.failed["hiring"] and result.blueprint.hiring is None


def test_a_part_call_shows_only_its_fields_of_the_examples():
    from drafter.generate.engine import part_call

    engine = Engine(FakeBackend())
    from drafter.schema.sections import BY_KEY
    from drafter.schema.markers import Depth

    request = RoleRequest("Senior Platform Engineer", depth="standard")
    call = engine.build_call(BY_KEY["technical_skills"], request, Depth.standard, {})
    assert "<example" in call.messages[-1]["content"] and '"emerging"' in call.messages[-1]["content"]
    part = part_call(call, ("must_have",))
    text = part.messages[-1]["content"]
    example = text[text.index("<example"):text.index("</example>")]
    assert '"must_have"' in example and '"emerging"' not in example
    assert list(part.response_model.model_fields) == ["must_have"]
