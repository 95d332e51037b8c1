"""The role profile (drafted first, shown to every section) and the scorecard assembled by code."""

from __future__ import annotations

import pytest

from drafter.errors import DrafterError
from drafter.generate.engine import Engine
from drafter.generate.local.prompt import few_shot_layout
from drafter.generate.profile import RoleProfile, profile_call, profile_from_blueprint
from drafter.generate.scorecard import ScorecardIncomplete, assemble_scorecard
from drafter.generate.types import RoleRequest
from drafter.schema.genmodels import generation_model
from drafter.schema.markers import Depth
from drafter.schema.models import FinalScorecard
from drafter.testing import FakeBackend, sample_blueprint


def test_profile_call_is_small_and_names_the_role():
    call = profile_call(RoleRequest("Registered Nurse", depth="brief"))
    user = call.messages[-1]["content"]
    assert call.section == "profile" and call.max_tokens < 1200
    assert "Registered Nurse" in user and "core_skills" in user and "themes" in user
    # no engineering example for a nurse: the generic structure-only profile, and a pattern for the embedded model
    assert user.count("<example ") == 1
    assert '<example role="Team Member (generic example)" level="mid" kind="structure">' in user
    region = user[user.index("<example "): user.index("</example>")]
    assert "Platform" not in region and "Engineer" not in region
    assert few_shot_layout(call.messages).endswith("\n\nRole: Registered Nurse (mid level)\n")


def test_profile_call_of_an_engineering_role_shows_a_derived_example():
    call = profile_call(RoleRequest("Senior Site Reliability Platform Engineer", depth="brief"))
    user = call.messages[-1]["content"]
    assert "<example" in user
    # the embedded model sees it as a pattern to continue
    layout = few_shot_layout(call.messages)
    assert layout is not None and layout.rstrip().endswith("Role: Senior Site Reliability Platform Engineer (senior level)")


def test_profile_from_a_blueprint_reuses_its_names():
    bp = sample_blueprint("Staff Platform Engineer", depth="standard")
    profile = profile_from_blueprint(bp)
    assert profile is not None
    assert profile.core_skills[0] == bp.technical_skills.must_have[0].name
    assert profile.core_tools[0] == bp.tools.rows[0].name
    bp.tools = None
    assert profile_from_blueprint(bp) is None


def test_section_prompt_for_the_local_model_keeps_the_profile():
    from drafter.generate import prompts
    from drafter.schema.sections import BY_KEY

    profile = RoleProfile(family="Nursing", level="Mid-level individual contributor", scope="Cares for a ward's patients.",
                          domains=["Acute care"], core_skills=["Patient assessment", "Medication administration"],
                          core_tools=["Epic EHR"], themes=["patient safety"])
    messages = prompts.build_messages(BY_KEY["kpis"], RoleRequest("Registered Nurse", depth="brief"),
                                      depth=Depth.brief, dependencies={}, profile=profile)
    assert "Medication administration" in messages[-1]["content"]
    layout = few_shot_layout(messages)
    if layout is not None:  # only when examples are shown
        assert "Profile of the next role" in layout and "Epic EHR" in layout


@pytest.mark.parametrize("depth", list(Depth))
def test_scorecard_is_valid_for_the_depth_and_reuses_section_names(depth):
    bp = sample_blueprint("Staff Platform Engineer", depth=depth)
    skills = bp.technical_skills
    for i, skill in enumerate(skills.must_have + skills.good_to_have + skills.advanced + skills.emerging):
        skill.name = f"Skill {i}"  # the filler repeats names across lists; a draft's are distinct
    card = assemble_scorecard(bp, depth)
    # it passes the strict generation model of the depth (lengths and counts)
    generation_model(FinalScorecard, depth).model_validate(card.model_dump(mode="json", exclude={"notes", "extra_rows"}))
    assert card.role_title == "Staff Platform Engineer"
    assert card.top_kpis[0] == bp.kpis.rows[0].name
    assert set(card.top_tools) <= {t.name for t in bp.tools.rows}
    assert card.top_soft_skills == [s.name for s in bp.soft_skills.skills][: len(card.top_soft_skills)]
    assert card.role_purpose and bp.mission.core_mission.startswith(card.role_purpose.rstrip("…").rstrip(".")[:20])
    assert card.career_progression and bp.career_path.next_roles[0] in card.career_progression


def test_scorecard_names_what_it_misses():
    bp = sample_blueprint("Staff Platform Engineer", depth="brief")
    bp.kpis = None
    bp.mission = None
    with pytest.raises(ScorecardIncomplete, match="mission, kpis"):
        assemble_scorecard(bp, "brief")


async def test_regenerating_the_scorecard_reassembles_it_without_a_call():
    bp = sample_blueprint("Staff Platform Engineer", depth="brief")
    bp.kpis.rows[0].name = "Renamed metric"
    backend = FakeBackend()
    engine = Engine(backend)
    request = RoleRequest("Staff Platform Engineer", depth="brief")
    card = await engine.draft_section(request, "scorecard", blueprint=bp)
    assert backend.calls == [] and card.top_kpis[0] == "Renamed metric"
    with pytest.raises(DrafterError, match="assembled from the other sections"):
        await engine.draft_section(request, "scorecard", blueprint=bp, feedback="shorter")


async def test_regenerating_a_section_reuses_the_stored_profile():
    backend = FakeBackend()
    engine = Engine(backend)
    request = RoleRequest("Staff Platform Engineer", depth="brief")
    result = await engine.draft(request, sections=["kpis", "mission"])
    stored = result.blueprint.generation.profile
    await engine.draft_section(request, "kpis", blueprint=result.blueprint, feedback="more cost focus")
    last = backend.calls[-1]
    assert last.section == "kpis" and stored["core_skills"][0] in last.messages[-1]["content"]
    assert [c.section for c in backend.calls].count("profile") == 1


async def test_completing_a_document_shows_its_sections_to_the_profile_call():
    """draft --from: a posting without skills or tools gets a profile call that sees what the posting says."""
    from drafter.schema.models import Blueprint

    source = sample_blueprint("Registered Nurse", depth="brief")
    base = Blueprint(meta=source.meta, responsibilities=source.responsibilities, mission=source.mission)
    base.responsibilities.operational[0] = "Give medicines on the cardiac ward and check their effects"
    backend = FakeBackend()
    result = await Engine(backend).draft(RoleRequest("Registered Nurse", depth="brief"), base=base,
                                         context=["responsibilities", "mission"])
    profile = next(c for c in backend.calls if c.section == "profile")
    user = profile.messages[-1]["content"]
    assert "<drafted_sections>" in user and "Give medicines on the cardiac ward" in user
    assert result.blueprint.tools is not None
    # resuming a partial draft (a base, no context) or a new draft: no document
    resumed = FakeBackend()
    await Engine(resumed).draft(RoleRequest("Registered Nurse", depth="brief"), base=base)
    assert "<drafted_sections>" not in next(c for c in resumed.calls if c.section == "profile").messages[-1]["content"]
    fresh = FakeBackend()
    await Engine(fresh).draft(RoleRequest("Registered Nurse", depth="brief"), sections=["kpis"])
    assert "<drafted_sections>" not in next(c for c in fresh.calls if c.section == "profile").messages[-1]["content"]
