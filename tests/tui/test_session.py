"""DraftSession: versions, drafting events, dirty tracking and saving (no UI)."""

from __future__ import annotations

from drafter import store
from drafter.generate.types import DraftResult, RoleRequest, SectionEvent, SectionState
from drafter.schema.enums import Level, Track
from drafter.schema.markers import Depth
from drafter.schema.models import GenerationInfo
from drafter.testing import sample_blueprint, sample_section
from drafter.tui.session import DraftSession, Status, request_from_blueprint


def new_session(settings) -> DraftSession:
    return DraftSession.new(RoleRequest(title="Site Reliability Engineer", depth=Depth.brief), settings)


def test_new_session_is_empty_and_clean(settings):
    session = new_session(settings)
    assert session.title == "Site Reliability Engineer"
    assert session.progress() == (0, 0, 20)
    assert all(session.status[k] == Status.empty for k in session.keys)
    assert len(session.keys) == 20
    assert not session.dirty and not session.busy


def test_events_fill_sections_and_track_failures(settings):
    session = new_session(settings)
    session.start_sections(["summary", "kpis"])
    assert session.busy and session.status["kpis"] == Status.queued
    section = sample_section("summary", depth="brief")
    assert session.apply_event(SectionEvent("summary", SectionState.running, attempt=1)) is False
    assert session.status["summary"] == Status.running
    assert session.apply_event(SectionEvent("summary", SectionState.done, result=section)) is True
    assert session.section("summary") is section and session.status["summary"] == Status.done
    assert session.apply_event(SectionEvent("kpis", SectionState.failed, message="model timed out")) is False
    assert session.status["kpis"] == Status.failed and session.reasons["kpis"] == "model timed out"
    assert session.draft.failed == {"kpis": "model timed out"}
    assert session.progress() == (1, 1, 20)
    assert session.dirty
    # the first draft of a section is not a "version" yet: nothing to restore
    assert session.versions("summary").versions == []


def test_cancel_pending_leaves_nothing_running(settings):
    session = new_session(settings)
    session.start_sections(["summary", "mission"])
    session.apply_event(SectionEvent("summary", SectionState.done, result=sample_section("summary")))
    session.apply_event(SectionEvent("mission", SectionState.running))
    session.cancel_pending()
    assert session.status["summary"] == Status.done
    assert session.status["mission"] == Status.cancelled
    assert not session.busy


def test_versions_are_never_dropped_by_restoring(settings):
    session = DraftSession.from_blueprint(sample_blueprint("SRE", depth="brief"), settings, source="sre.md")
    original = session.section("kpis")
    regenerated = sample_section("kpis", "SRE more senior", depth="brief")
    session.set_section("kpis", regenerated, "regenerated: more senior")
    history = session.versions("kpis")
    assert [v.label for v in history.versions] == ["as opened", "regenerated: more senior"]
    assert session.restore_previous("kpis") and session.section("kpis") == original
    assert not session.restore_previous("kpis")  # nothing older
    assert session.restore_next("kpis") and session.section("kpis") == regenerated
    assert session.restore("kpis", 0)
    # a new version after restoring an old one is added at the end; the others stay
    edited = sample_section("kpis", "SRE edited", depth="brief")
    session.set_section("kpis", edited, "edited")
    assert [v.label for v in session.versions("kpis").versions] == ["as opened", "regenerated: more senior", "edited"]
    assert session.versions("kpis").current == 2


def test_an_editing_session_adds_one_version_and_amends_it(settings):
    session = DraftSession.from_blueprint(sample_blueprint("SRE", depth="brief"), settings)
    token = session.begin_edit("mission")
    first = sample_section("mission", "first", depth="brief")
    second = sample_section("mission", "second", depth="brief")
    session.apply_edit(token, "mission", first)
    session.apply_edit(token, "mission", second)
    history = session.versions("mission")
    assert [v.label for v in history.versions] == ["as opened", "edited"]
    assert session.section("mission") == second and history.versions[1].section == second
    other = session.begin_edit("mission")
    session.apply_edit(other, "mission", first)
    assert [v.label for v in session.versions("mission").versions] == ["as opened", "edited", "edited"]


def test_redrafting_a_section_keeps_the_previous_version(settings):
    session = new_session(settings)
    first = sample_section("summary", "one", depth="brief")
    again = sample_section("summary", "two", depth="brief")
    session.apply_event(SectionEvent("summary", SectionState.done, result=first))
    session.apply_event(SectionEvent("summary", SectionState.done, result=again))
    assert [v.label for v in session.versions("summary").versions] == ["drafted", "drafted again"]
    # a failed redraft keeps the content
    session.apply_event(SectionEvent("summary", SectionState.failed, message="boom"))
    assert session.status["summary"] == Status.done and session.section("summary") == again


def test_finish_draft_keeps_provenance_and_missing(settings):
    session = new_session(settings)
    session.apply_event(SectionEvent("summary", SectionState.done, result=sample_section("summary")))
    bp = sample_blueprint()
    bp.generation = GenerationInfo(model="fake/model", depth="brief")
    session.finish_draft(DraftResult(blueprint=bp, failed={"kpis": "bad JSON", "tools": "cancelled"}))
    assert session.blueprint.generation.model == "fake/model"
    assert "kpis" in session.blueprint.generation.missing_sections
    assert session.status["kpis"] == Status.failed and session.reasons["kpis"] == "bad JSON"
    assert session.status["tools"] != Status.failed


def test_save_autosave_and_dirty(settings):
    session = new_session(settings)
    session.apply_event(SectionEvent("summary", SectionState.done, result=sample_section("summary")))
    assert session.dirty and session.needs_autosave
    auto = session.write_autosave(session.encode())
    assert auto == store.autosave_path(session.draft.id) and auto.exists()
    assert not session.needs_autosave and session.dirty
    path = session.save()
    assert path.exists() and not auto.exists() and not session.dirty
    assert session.saved_path == path
    # an autosave snapshot taken before the save is not written after it
    stale = (session.changes, store.encode_draft(session.draft))
    assert session.write_autosave(stale) is None
    reopened = DraftSession.open_stored(session.draft.id, settings)
    assert reopened.section("summary") == session.section("summary")
    assert not reopened.dirty and not reopened.recovered
    assert reopened.request == session.request


def test_recovered_session_is_dirty(settings):
    session = new_session(settings)
    session.apply_event(SectionEvent("summary", SectionState.done, result=sample_section("summary")))
    session.write_autosave(session.encode())
    reopened = DraftSession.open_stored(session.draft.id, settings)
    assert reopened.recovered and reopened.dirty


def test_request_from_a_document_uses_its_metadata(settings):
    bp = sample_blueprint("Director of ML Engineering")
    bp.meta.level = Level.director
    bp.meta.track = Track.manager
    bp.meta.industry = "healthcare"
    bp.generation = GenerationInfo(model="m", depth="full", inputs={"notes": "EU only"})
    request = request_from_blueprint(bp, "brief")
    assert request == RoleRequest(
        title="Director of ML Engineering", level="director", track="manager", industry="healthcare",
        notes="EU only", depth=Depth.full,
    )
    bp.generation = None
    assert request_from_blueprint(bp, "brief").depth == Depth.brief


def test_career_guide_parts_are_listed_after_the_twenty(settings):
    bp = sample_blueprint("SRE")
    from drafter.schema.models import SalaryInfo

    bp.salary = SalaryInfo(market="US Market, 2024")
    session = DraftSession.from_blueprint(bp, settings)
    assert session.keys[-1] == "salary" and len(session.keys) == 21
    assert session.status["salary"] == Status.done
