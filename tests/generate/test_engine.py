"""The engine: DAG, concurrency bound, events, partial drafts, cache, usage, cancellation."""

from __future__ import annotations

import asyncio

import pytest

from drafter.errors import OutputTruncated, ProviderError
from drafter.generate.cache import ResponseCache
from drafter.generate.engine import Engine
from drafter.generate.types import RoleRequest, SectionState, Usage
from drafter.schema.sections import GENERATED_SECTIONS
from drafter.testing import FakeBackend

from .conftest import FakeCompletion, fill_from_request, rate_limit_error

ALL = [s.key for s in GENERATED_SECTIONS]
REQUEST = RoleRequest("Staff Site Reliability Engineer", level="staff", depth="brief")


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
    assert sorted(c.section for c in backend.calls) == sorted(ALL)
    gen = result.blueprint.generation
    assert gen.missing_sections == [] and len(gen.sections) == 20
    assert gen.prompt_tokens == 20 * 100 and gen.completion_tokens == 20 * 50
    assert gen.depth == "brief" and gen.model == "fake/model" and gen.prompt_version
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


async def test_dependants_receive_their_dependencies():
    backend = FakeBackend()
    await Engine(backend).draft(REQUEST)
    order = [c.section for c in backend.calls]
    # hiring runs after both skills sections
    assert order.index("hiring") > order.index("technical_skills")
    assert order.index("hiring") > order.index("soft_skills")
    # the scorecard comes after every section it summarises
    for dep in ("summary", "mission", "responsibilities", "deliverables", "goals", "kpis",
                "technical_skills", "soft_skills", "tools", "career_path"):
        assert order.index("scorecard") > order.index(dep)


async def test_hiring_prompt_holds_the_drafted_skill_names():
    backend = FakeBackend(answers={"technical_skills": [None]})
    result = await Engine(backend).draft(REQUEST, sections=["technical_skills", "soft_skills", "hiring"])
    skill_names = [s.name for s in result.blueprint.technical_skills.must_have]
    soft_names = [s.name for s in result.blueprint.soft_skills.skills]
    hiring_call = next(c for c in backend.calls if c.section == "hiring")
    text = str(hiring_call.messages)
    assert all(name in text for name in skill_names + soft_names)
    mission_call = next(c for c in backend.calls if c.section == "technical_skills")
    assert skill_names[0] not in str(mission_call.messages)


async def test_partial_draft_keeps_the_rest_and_names_missing_sections():
    backend = FakeBackend(answers={"kpis": [ProviderError("openai/gpt-4o-mini: 500 server error after 4 attempts")],
                                   "tools": [OutputTruncated("tools", 510)]})
    rec = Recorder()
    result = await Engine(backend).draft(REQUEST, on_event=rec)
    assert not result.complete
    assert set(result.failed) == {"kpis", "tools"}
    assert "500 server error" in result.failed["kpis"]
    assert "max_tokens=510" in result.failed["tools"]
    bp = result.blueprint
    assert bp.kpis is None and bp.tools is None and bp.summary is not None and bp.scorecard is not None
    assert bp.generation.missing_sections == ["kpis", "tools"]
    statuses = {s.section: s.status for s in bp.generation.sections}
    assert statuses["kpis"] == "failed" and statuses["summary"] == "done"
    failed_event = [e for e in rec.events if e.section == "kpis"][-1]
    assert failed_event.state is SectionState.failed and "500" in failed_event.message


async def test_failed_attempts_usage_is_in_the_draft_totals(make_backend):
    """A section that fails after 3 invalid answers still costs 3 answers' tokens."""
    bad = {"core_mission": "x", "strategic_importance": ["a", "b", "c"], "primary_outcomes": ["y"]}
    fake = FakeCompletion(bad, bad, bad, prompt_tokens=200, completion_tokens=50)
    engine = Engine(make_backend(fake), cache=False)
    result = await engine.draft(REQUEST, sections=["mission"])
    assert "did not validate after 3 attempts" in result.failed["mission"]
    gen = result.blueprint.generation
    assert gen.prompt_tokens == 600 and gen.completion_tokens == 150
    row = gen.sections[0]
    assert row.status == "failed" and row.attempts == 3 and row.completion_tokens == 150


async def test_retry_events_reach_the_handler(make_backend):
    fake = FakeCompletion(rate_limit_error("2"), default=fill_from_request)
    rec = Recorder()
    await Engine(make_backend(fake), cache=False).draft(REQUEST, sections=["mission"], on_event=rec)
    running = [e for e in rec.events if e.state is SectionState.running]
    assert running[0].attempt == 1 and running[0].message is None
    assert running[1].attempt == 2 and "429" in running[1].message
    assert rec.states("mission")[-1] is SectionState.done


async def test_cache_hit_makes_no_backend_call_and_costs_nothing(tmp_path):
    cache = ResponseCache(tmp_path / "cache")
    first = FakeBackend()
    r1 = await Engine(first, cache=cache).draft(REQUEST)
    assert len(first.calls) == 20
    second = FakeBackend()
    rec = Recorder()
    r2 = await Engine(second, cache=cache).draft(REQUEST, on_event=rec)
    assert second.calls == []
    assert r2.blueprint.model_dump(exclude={"generation"}) == r1.blueprint.model_dump(exclude={"generation"})
    assert all(s.status == "cached" for s in r2.blueprint.generation.sections)
    assert r2.usage.total_tokens == 0 and r2.blueprint.generation.prompt_tokens == 0
    assert rec.states("kpis")[-1] is SectionState.cached
    assert cache.hits == 20


async def test_a_different_request_is_not_a_hit(tmp_path):
    cache = ResponseCache(tmp_path / "cache")
    await Engine(FakeBackend(), cache=cache).draft(REQUEST, sections=["mission"])
    other = FakeBackend()
    await Engine(other, cache=cache).draft(RoleRequest("Data Engineer", depth="brief"), sections=["mission"])
    assert len(other.calls) == 1
    deeper = FakeBackend()
    await Engine(deeper, cache=cache).draft(RoleRequest(REQUEST.title, level="staff", depth="standard"),
                                            sections=["mission"])
    assert len(deeper.calls) == 1


async def test_engine_uses_the_backends_cache_unless_turned_off(tmp_path):
    cache = ResponseCache(tmp_path / "cache")
    backend = FakeBackend()
    backend.cache = cache  # what get_backend attaches unless --no-cache
    await Engine(backend).draft(REQUEST, sections=["mission"])
    await Engine(backend).draft(REQUEST, sections=["mission"])
    assert len(backend.calls) == 1
    await Engine(backend, cache=False).draft(REQUEST, sections=["mission"])
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
    result = await engine.draft(REQUEST, sections=["kpis"])
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
            if call.section != "summary":
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


async def test_base_sections_serve_as_dependencies():
    from drafter.testing import sample_blueprint

    base = sample_blueprint("Staff SRE", depth="brief")
    backend = FakeBackend()
    result = await Engine(backend).draft(REQUEST, sections=["hiring"], base=base)
    assert [c.section for c in backend.calls] == ["hiring"]
    assert base.technical_skills.must_have[0].name in str(backend.calls[0].messages)
    assert result.blueprint.kpis == base.kpis


def test_usage_add_keeps_unknown_cost_unknown():
    total = Usage()
    total.add(Usage(prompt_tokens=5, cost_usd=None))
    assert total.cost_usd is None
    total.add(Usage(prompt_tokens=5, cost_usd=0.25))
    assert total.cost_usd == 0.25 and total.prompt_tokens == 10
