"""Loading example blueprints and choosing the closest ones per section."""

from __future__ import annotations

import logging

import pytest

from drafter.generate import fewshot
from drafter.generate.tokens import count_tokens
from drafter.generate.types import RoleRequest
from drafter.schema.enums import Level, Track
from drafter.schema.genmodels import list_bounds
from drafter.schema.sections import BY_KEY, GENERATED_SECTIONS


def test_family_words_match_engineer_and_engineering():
    a = fewshot.family_words("Senior Platform Engineer")
    b = fewshot.family_words("Platform Engineering Director")
    assert a == b == frozenset({"platfo", "engine"})
    assert fewshot.family_words("ML Engineer") >= {"machin", "learni"}


def test_loads_every_synthetic_example(examples_here):
    examples = fewshot.load_examples(strict=True)
    assert [e.key for e in examples] == sorted(e.key for e in examples)
    by_key = {e.key: e for e in examples}
    assert by_key["004_director_ml_engineering"].level is Level.director
    assert by_key["003_ai_platform_engineer"].level is None  # 'AI Platform Engineer' names no level
    assert by_key["001_senior_platform_guide"].track is Track.individual_contributor
    assert not by_key["000_platform_director_guide"].has("kpis")


def _keys(spec_key: str, request: RoleRequest, depth="standard", floor=None) -> list[str]:
    return [c.example.key for c in fewshot.rank_examples(BY_KEY[spec_key], request, depth=depth, floor=floor)]


def test_director_request_gets_director_examples_first(examples_here):
    req = RoleRequest(title="Director of Data Engineering")
    assert _keys("summary", req)[:2] == ["000_platform_director_guide", "004_director_ml_engineering"]
    # only full blueprints have KPIs: the director one wins over the IC one
    assert _keys("kpis", req) == ["004_director_ml_engineering", "003_ai_platform_engineer"]


def test_ic_request_gets_ic_examples_first(examples_here):
    req = RoleRequest(title="Senior Platform Engineer")
    assert _keys("summary", req)[:2] == ["001_senior_platform_guide", "003_ai_platform_engineer"]
    assert _keys("kpis", req)[0] == "003_ai_platform_engineer"


def test_explicit_level_beats_the_title(examples_here):
    # 'Platform Engineering Lead' at director level: the level given by the user decides
    req = RoleRequest(title="Platform Lead", level="director", track="manager")
    assert _keys("summary", req)[0] == "000_platform_director_guide"


def test_only_examples_with_the_section_qualify(examples_here, guide_sections):
    req = RoleRequest(title="Senior Platform Engineer")
    for spec in GENERATED_SECTIONS:
        keys = _keys(spec.key, req)
        guides = {"000_platform_director_guide", "001_senior_platform_guide"}
        if spec.key in guide_sections:
            assert guides <= set(keys)
        else:
            assert not guides & set(keys), spec.key


def test_selection_is_deterministic(examples_here):
    req = RoleRequest(title="Engineering Manager")
    first = fewshot.select_examples(BY_KEY["tools"], req, depth="full", budget=900)
    second = fewshot.select_examples(BY_KEY["tools"], req, depth="full", budget=900)
    assert [(s.example.key, s.text) for s in first] == [(s.example.key, s.text) for s in second]


@pytest.mark.parametrize("depth", ["brief", "standard", "full"])
def test_example_shows_only_that_section_at_the_depth_length(examples_here, depth):
    ex = next(e for e in fewshot.load_examples() if e.key == "004_director_ml_engineering")
    spec = BY_KEY["technical_skills"]
    data = fewshot.example_section(ex, spec, depth)
    bounds = list_bounds(spec.model, depth)
    assert set(data) <= set(bounds)  # generated fields only: no notes, no other_groups
    for name, items in data.items():
        assert len(items) == bounds[name][1]  # trimmed to the depth's maximum
        assert all("importance_note" not in item for item in items)  # skipped fields are left out
    text = fewshot.compact_json(data)
    assert "DIRML-technical_skills" in text
    assert "DIRML-soft_skills" not in text and "DIRML-tools" not in text


def test_strings_are_cut_to_their_caps():
    assert fewshot.shorten("word " * 100, 50).endswith("…")
    assert len(fewshot.shorten("word " * 100, 50)) <= 50
    assert fewshot.shorten("First sentence here. Second one is longer than that.", 30) == "First sentence here."
    assert fewshot.shorten("short", 50) == "short"


def test_budget_is_kept_and_examples_shrink_before_they_are_dropped(examples_here):
    # the budget mechanics, without the closeness floor (which keeps only one director example here)
    spec = BY_KEY["kpis"]
    req = RoleRequest(title="Director of Data Engineering")
    full = fewshot.select_examples(spec, req, depth="full", budget=100_000, floor=None)
    assert len(full) == 2 and not any(s.shortened for s in full)
    one = full[0].tokens
    tight = fewshot.select_examples(spec, req, depth="full", budget=one // 2, floor=None)
    assert tight[0].shortened and tight[0].example.key == full[0].example.key
    assert sum(s.tokens for s in tight) <= one // 2
    assert all(len(s.data["rows"]) >= 10 for s in tight[1:])  # a second example keeps the depth's minimum
    alone = fewshot.select_examples(spec, req, depth="full", budget=one // 3, floor=None)
    assert len(alone) == 1 and 1 <= len(alone[0].data["rows"]) < 10
    assert fewshot.select_examples(spec, req, depth="full", budget=5, floor=None) == []


def test_render_callback_is_what_the_budget_counts(examples_here):
    spec = BY_KEY["mission"]
    req = RoleRequest(title="Senior Platform Engineer")
    shots = fewshot.select_examples(spec, req, budget=400, render=lambda ex, data: f"<x>{ex.title}</x>")
    assert shots and all(s.text.startswith("<x>") and s.tokens == count_tokens(s.text) for s in shots)


def test_invalid_example_is_skipped_with_a_warning(tmp_path, synthetic_examples_dir, caplog):
    folder = tmp_path / "ex"
    folder.mkdir()
    good = synthetic_examples_dir / "004_director_ml_engineering.json"
    (folder / good.name).write_bytes(good.read_bytes())
    (folder / "999_broken.json").write_text('{"meta": {}}', encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="drafter.prompts"):
        examples = fewshot.load_examples(folder)
    assert [e.key for e in examples] == ["004_director_ml_engineering"]
    assert "999_broken.json" in caplog.text
    with pytest.raises(ValueError, match="999_broken.json"):
        fewshot.load_examples(folder, strict=True)


def test_no_examples_folder_means_no_examples(tmp_path):
    assert fewshot.load_examples(tmp_path / "missing") == ()


@pytest.mark.parametrize(
    "title, expected",
    [
        ("Registered Nurse", set()),
        ("VP of People", set()),
        ("Account Executive", set()),
        ("Senior Product Manager", set()),
        ("Senior Site Reliability Engineer", {"001_senior_platform_guide", "003_ai_platform_engineer"}),
        ("Director of Data Engineering", {"000_platform_director_guide", "004_director_ml_engineering"}),
    ],
)
def test_examples_only_above_the_closeness_floor(examples_here, title, expected):
    """Other job families get no engineering examples; an infrastructure role keeps its worked examples,
    and a level more than MAX_LEVEL_GAP rungs away is not shown."""
    req = RoleRequest(title)
    shown = set(_keys("responsibilities", req, floor=fewshot.CLOSENESS_FLOOR))
    assert shown == expected
    assert set(_keys("responsibilities", req, floor=None)) >= {"001_senior_platform_guide", "000_platform_director_guide"}


def test_closeness_orders_family_then_words(examples_here):
    pool = {e.key: e for e in fewshot.load_examples()}
    sre = fewshot.Target.of(RoleRequest("Senior Platform Engineer"))
    nurse = fewshot.Target.of(RoleRequest("Senior Nurse"))
    same = fewshot.closeness(sre, pool["001_senior_platform_guide"])
    related = fewshot.closeness(fewshot.Target.of(RoleRequest("Senior Security Engineer")), pool["001_senior_platform_guide"])
    assert same > related >= fewshot.CLOSENESS_FLOOR > fewshot.closeness(nurse, pool["001_senior_platform_guide"]) == 0.0
