"""The shipped prompts with the shipped examples (examples/*.json, made from the seeds)."""

from __future__ import annotations

import pytest

from drafter.generate import fewshot, prompts
from drafter.generate.tokens import count_tokens
from drafter.generate.types import RoleRequest
from drafter.schema.enums import Level
from drafter.schema.markers import Depth
from drafter.schema.sections import BY_KEY, GENERATED_SECTIONS

DIRECTOR_ML = "director-of-machine-learning-engineering"
AI_PLATFORM = "ai-platform-engineer"
SENIOR_GUIDE = "senior-platform-engineer"
DIRECTOR_GUIDE = "platform-engineering-director"


@pytest.fixture(scope="module")
def shipped():
    examples = fewshot.load_examples(strict=True)
    if not examples:
        pytest.fail("examples/ holds no example blueprints")
    return {e.key: e for e in examples}


def test_every_shipped_example_loads_with_its_level(shipped):
    assert {DIRECTOR_ML, AI_PLATFORM, SENIOR_GUIDE, DIRECTOR_GUIDE} <= set(shipped)
    assert shipped[DIRECTOR_ML].level is Level.director
    assert shipped[SENIOR_GUIDE].level is Level.senior
    assert all(shipped[DIRECTOR_ML].has(s.key) for s in GENERATED_SECTIONS)


def test_every_section_has_an_example(shipped):
    for spec in GENERATED_SECTIONS:
        assert fewshot.rank_examples(spec, RoleRequest(title="Platform Engineer")), spec.key


def _picked(key: str, title: str, depth: str = "standard") -> tuple[str, ...]:
    return prompts.build_prompt(BY_KEY[key], RoleRequest(title=title), depth=depth, dependencies={}).examples


def test_director_and_ic_pick_their_closest_examples(shipped):
    assert _picked("summary", "Director of Data Engineering")[0] == DIRECTOR_ML
    assert _picked("kpis", "Head of Platform Engineering")[0] == DIRECTOR_ML
    assert _picked("summary", "Senior Platform Engineer")[0] == AI_PLATFORM
    assert _picked("soft_skills", "Senior Platform Engineer")[0] == SENIOR_GUIDE
    assert _picked("soft_skills", "Platform Engineering Director")[0] == DIRECTOR_GUIDE


def test_career_guides_are_used_only_where_they_fill_the_section(shipped):
    # the guides' summary has no mission-style paragraphs: it must not be shown as a summary example
    assert SENIOR_GUIDE not in _picked("summary", "Senior Platform Engineer")
    assert DIRECTOR_GUIDE not in _picked("summary", "Platform Engineering Director")


@pytest.mark.parametrize("depth", [d.value for d in Depth])
def test_budgets_hold_with_real_example_text(shipped, depth):
    settings = prompts.prompt_settings()
    bp = shipped[DIRECTOR_ML].blueprint
    for title in ("Director of Data Engineering", "Senior Platform Engineer"):
        for spec in GENERATED_SECTIONS:
            p = prompts.build_prompt(
                spec, RoleRequest(title=title), depth=depth,
                dependencies={d: getattr(bp, d) for d in spec.depends_on},
            )
            assert 0 < p.tokens["examples"] <= settings.examples_budget(depth), (title, spec.key)
            assert p.tokens["dependencies"] <= settings.dependencies_budget(depth)
            user = p.messages[1]["content"]
            region = user[user.index("<example ") : user.rindex("</example>") + len("</example>")]
            assert count_tokens(region) <= settings.examples_budget(depth) + 5
            assert p.tokens["total"] < 3500, (title, spec.key, p.tokens)


def test_a_draft_is_far_smaller_than_pasting_the_seeds(shipped, seeds_dir):
    seeds = "\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(seeds_dir.glob("*.txt")))
    request = RoleRequest(title="Director of Data Engineering")
    bp = shipped[DIRECTOR_ML].blueprint
    ours = sum(
        prompts.build_prompt(s, request, depth="full", dependencies={d: getattr(bp, d) for d in s.depends_on}).tokens["total"]
        for s in GENERATED_SECTIONS
    )
    baseline = count_tokens(seeds) * len(GENERATED_SECTIONS)
    assert baseline / ours >= 4 * 5  # the issue asks for 4x; keep a wide margin
