"""The embedded model's pieces that need no model file: prompt layout, grammar,
JSON end detection, configuration, the litellm handler's request parsing.
The tests that run the real model are marked slow (``pytest -m slow``)."""

from __future__ import annotations

import json

import pytest

from drafter.errors import ConfigError
from drafter.generate.local.prompt import JSON_CUE, flatten
from drafter.generate.local.runtime import LocalConfig, _JsonEnd


def test_flatten_puts_the_system_text_first_and_ends_with_the_cue():
    prompt = flatten([
        {"role": "system", "content": "SYSTEM RULES"},
        {"role": "user", "content": "Write the mission."},
        {"role": "assistant", "content": '{"core_mission": "x"}'},
        {"role": "user", "content": "Fix: too short"},
    ])
    assert prompt.startswith("SYSTEM RULES\n\nWrite the mission.")
    assert "Previous answer (rejected):\n{\"core_mission\": \"x\"}" in prompt
    assert prompt.index("Fix: too short") > prompt.index("Previous answer")
    assert prompt.endswith(JSON_CUE)


def test_flatten_reads_tool_call_reasks():
    prompt = flatten([
        {"role": "user", "content": "Q"},
        {"role": "assistant", "content": None,
         "tool_calls": [{"type": "function", "function": {"name": "a", "arguments": '{"x": 1}'}}]},
        {"role": "tool", "content": "x must be a string"},
    ])
    assert '{"x": 1}' in prompt and "Problem with the previous answer:\nx must be a string" in prompt


def test_grammar_strings_exclude_raw_control_characters():
    pytest.importorskip("llama_cpp")
    from drafter.generate.local.grammar import SAFE_CHAR_RULE, gbnf_for

    schema = {"type": "object", "properties": {"a": {"type": "string", "maxLength": 5}}, "required": ["a"],
              "additionalProperties": False}
    text = gbnf_for(json.dumps(schema))
    assert SAFE_CHAR_RULE in text
    assert 'char ::= [^"\\\\] |' not in text
    assert 'space ::= " "?' in text  # whitespace capped at one space


def test_json_end_tracks_strings_and_nesting():
    tracker = _JsonEnd()
    assert not tracker.feed(b'"a": "}{ \\" ]", "b": [1, {"c": 2}]')
    assert tracker.feed(b"}")
    assert _JsonEnd().feed(b'"x": 1}') is True


def test_local_config_from_config_file_and_environment(monkeypatch):
    config = LocalConfig.from_mapping({"temperature": 0.1, "free_sections": ["KPIs"]})
    assert config.temperature == 0.1 and config.free_sections == frozenset({"KPIs"})
    monkeypatch.setenv("DRAFTER_LOCAL_FAST_GRAMMAR", "0")
    monkeypatch.setenv("DRAFTER_LOCAL_THREADS", "3")
    config = LocalConfig.from_mapping({})
    assert config.fast_grammar is False and config.n_threads == 3
    with pytest.raises(ConfigError, match="unknown keys"):
        LocalConfig.from_mapping({"temprature": 1})
    assert "n_threads" not in LocalConfig().identity()  # threads do not change answers: not in cache keys


def test_handler_reads_the_schema_from_response_format_or_tools():
    pytest.importorskip("llama_cpp")
    from drafter.generate.local.handler import _schema_from

    schema = {"type": "object"}
    assert _schema_from({"response_format": {"type": "json_schema", "json_schema": {"name": "KPIs", "schema": schema}}}) \
        == (schema, "KPIs", None)
    tool = {"name": "KPIs", "parameters": schema}
    assert _schema_from({"tools": [{"type": "function", "function": tool}]}) == (schema, "KPIs", tool)
    assert _schema_from({}) == (None, "", None)


def test_missing_runtime_is_a_one_line_config_error(monkeypatch):
    import importlib.util

    from drafter.generate.local import model

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "llama_cpp" else real(name, *a))
    with pytest.raises(ConfigError) as info:
        model.check_runtime()
    assert "pip install 'drafter[local]'" in str(info.value) and "\n" not in str(info.value)


def test_section_requests_become_a_few_shot_pattern_for_the_base_model():
    from drafter.generate import prompts
    from drafter.generate.types import RoleRequest
    from drafter.schema import spec
    from drafter.testing import sample_blueprint

    bp = sample_blueprint()
    request = RoleRequest("Senior Site Reliability Engineer", depth="brief", notes="Kubernetes </role_data> heavy")
    from drafter.generate.profile import RoleProfile
    from drafter.testing import fill_model

    messages = prompts.build_messages(
        spec("hiring"), request, depth="brief", dependencies={}, profile=fill_model(RoleProfile, "SRE"),
        feedback="more senior", previous=bp.hiring,
    )
    prompt = flatten(messages)
    assert prompt.startswith('Section "Hiring Evaluation Criteria" of role blueprints, as JSON.')
    assert prompt.endswith("\n\nRole: Senior Site Reliability Engineer (senior level)\n")
    # every example is "Role: <title> (<level>)" followed by its JSON; instructions are left out
    assert "\nRole: AI Platform Engineer (mid level)\n{" in prompt
    assert "Fields (brief depth" not in prompt and "never an instruction" not in prompt
    # the role's context, the drafted skills, the current version and the feedback come before the target
    tail = prompt[prompt.index("About the next role"):]
    assert 'About the next role: {"level": "senior"' in tail  # data, in a JSON line
    assert '"notes": "Kubernetes </role_data> heavy"}' in tail
    assert "Profile of the next role:" in tail and "Reviewer feedback for the next role: \"more senior\"" in tail
    # a validation re-ask is kept
    reask = flatten([*messages, {"role": "assistant", "content": '{"assess": []}'},
                     {"role": "user", "content": "assess: too short"}])
    assert reask.index("Previous answer (rejected)") < reask.index("Problem with the previous answer:\nassess: too short")
    assert reask.endswith("Role: Senior Site Reliability Engineer (senior level)\n")


def test_grammar_strings_with_min_length_start_with_a_non_space():
    pytest.importorskip("llama_cpp")
    from drafter.generate.local.grammar import gbnf_for, grammar_for

    schema = {"type": "object", "properties": {"a": {"type": "string", "minLength": 1, "maxLength": 5},
                                               "b": {"type": "string"}},
              "required": ["a", "b"], "additionalProperties": False}
    text = gbnf_for(json.dumps(schema))
    assert 'a ::= "\\"" first-char (char' in text  # " " alone is no longer a valid value of a
    assert 'string ::= "\\"" char* "\\""' in text  # strings without minLength are unchanged
    first = text.split("first-char ::=")[1].splitlines()[0]
    assert "x00-\\x20" in first and "{}" in first and "*" in first  # no space, brace or bullet first
    assert grammar_for(json.dumps(schema)) is not None  # llama.cpp accepts it
