"""The live lint score in the TUI: sidebar and section score, inline flags, jumping, rewriting with a finding,
and the reviewed mark that edits set."""

from __future__ import annotations

import json

from drafter.schema import models as m
from drafter.tui.screens.dialogs import FeedbackDialog
from drafter.tui.screens.draft import DraftScreen

from .helpers import settle, wait_until


def _flag(session) -> None:
    """Put an exclusionary phrase in the responsibilities and one must-have too many."""
    bp = session.blueprint
    bp.responsibilities.operational = ["Hire a rockstar engineer for the on-call rota."] + bp.responsibilities.operational
    skill = bp.technical_skills.must_have[0]
    bp.technical_skills.must_have = [skill.model_copy(update={"name": f"Skill {i}"}) for i in range(8)]


async def test_score_flags_jump_and_rewrite_with_a_finding(make_app, backend, drafted):
    _flag(drafted)
    app = make_app(session=drafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen: DraftScreen = app.screen
        await wait_until(pilot, lambda: screen.score is not None, what="the score")
        sidebar = screen.query_one("#score").render().plain
        assert "8 must-haves" in sidebar and "grade " in sidebar and "⚑2" in sidebar
        assert screen.score.must_haves == 8

        # ] jumps to the first flagged section, whose score line and flags show above its text
        screen.select_section("summary")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: screen.view.key == "responsibilities", what="the flagged section")
        await settle(pilot)
        inline = screen.query_one("#section-lint").render().plain
        assert inline.startswith("Score ") and "grade" in inline
        assert "DL201 'rockstar'" in inline and "→ name the skill" in inline
        await pilot.press("right_square_bracket")
        await wait_until(pilot, lambda: screen.view.key == "technical_skills", what="the next flagged section")
        await settle(pilot)
        assert "DL301 8 must-have skills" in screen.query_one("#section-lint").render().plain

        # f: regenerate the section with the finding as feedback (editable before it goes)
        screen.select_section("responsibilities")
        await wait_until(pilot, lambda: screen.view.key == "responsibilities", what="responsibilities")
        await pilot.press("f")
        assert isinstance(app.screen, FeedbackDialog)
        feedback = app.screen.query_one("#feedback").value
        assert feedback.startswith("Fix this wording finding (DL201): 'rockstar'")
        await pilot.press("enter")
        await settle(pilot)
        call = backend.calls[-1]
        assert call.section == "responsibilities" and "rockstar" in json.dumps(call.messages)
        history = drafted.versions("responsibilities")
        assert history.versions[-1].label.startswith("regenerated: Fix this wording finding (DL201)")
        # the fake backend's answer has no rockstar: the flag and its count go away
        await wait_until(pilot, lambda: "⚑1" in screen.query_one("#score").render().plain, what="the score to update")
        assert "DL201" not in screen.query_one("#section-lint").render().plain


async def test_rewrite_from_the_findings_panel(make_app, backend, drafted):
    _flag(drafted)
    app = make_app(session=drafted)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen: DraftScreen = app.screen
        await pilot.press("v")
        await settle(pilot)
        panel = screen.query_one("#findings")
        index = next(i for i, f in enumerate(panel.findings) if f.code == "DL301")
        panel.focus()
        panel.highlighted = index
        await pilot.press("f")
        assert isinstance(app.screen, FeedbackDialog) and app.screen.key == "technical_skills"
        assert "DL301" in app.screen.query_one("#feedback").value
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen and len(backend.calls) == 0  # cancelled: nothing regenerated


def test_edits_mark_sections_reviewed_and_regeneration_unmarks(drafted):
    drafted.blueprint.generation = m.GenerationInfo(
        model="fake", sections=[m.SectionUsage(section=k) for k in ("summary", "mission")]
    )
    codes = lambda: [(f.section, f.code) for f in drafted.lint_findings() if f.code == "DL601"]  # noqa: E731
    assert codes() == [("summary", "DL601"), ("mission", "DL601")]
    token = drafted.begin_edit("summary")
    drafted.apply_edit(token, "summary", drafted.section("summary").model_copy(update={"what_it_is": "Edited."}))
    assert drafted.blueprint.generation.reviewed == ["summary"]
    assert codes() == [("mission", "DL601")]
    drafted.set_section("summary", drafted.section("summary").model_copy(), "regenerated: shorter")
    assert drafted.blueprint.generation.reviewed == []
    drafted.restore_previous("summary")  # back to the edited version: reviewed again
    assert drafted.blueprint.generation.reviewed == ["summary"]
