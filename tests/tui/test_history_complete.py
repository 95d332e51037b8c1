"""The version history shows each version's diff before restoring; "Complete this document" drafts only
the missing sections, with the document's sections as context."""

from __future__ import annotations

import json

from drafter.render import render
from drafter.testing import sample_blueprint
from drafter.tui.screens.draft import DraftScreen
from drafter.tui.screens.history import HistoryScreen, version_diff

from .helpers import settle, wait_until


async def test_history_shows_the_diff_then_restores(make_app, drafted):
    session = drafted
    old = session.section("mission")
    new = old.model_copy(update={"core_mission": "Keep every platform team shipping safely.",
                                 "primary_outcomes": old.primary_outcomes + ["A brand new outcome."]})
    session.set_section("mission", new, "edited")
    d = version_diff(session, "mission", 0)
    removed = [c.old for g in d.groups for c in g.changes if c.op == "removed"]
    assert d.changed and "A brand new outcome." in removed  # restoring version 1 drops the new outcome

    app = make_app(session=session)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = app.screen
        assert isinstance(screen, DraftScreen)
        screen.select_section("mission")
        await wait_until(pilot, lambda: screen.view.key == "mission", what="mission shown")
        await settle(pilot)
        await pilot.press("h")
        assert isinstance(app.screen, HistoryScreen)
        await settle(pilot)
        assert "This is the current version." in app.screen.shown_text
        await pilot.press("up")
        await settle(pilot)
        text = app.screen.shown_text
        assert "Restoring this version would change" in text
        assert "A brand new outcome." in text
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert session.section("mission") == old
        assert len(session.versions("mission").versions) == 2  # nothing dropped


async def test_complete_this_document_drafts_only_missing(make_app, backend, tmp_path):
    bp = sample_blueprint("Payroll Specialist", depth="brief")
    keep = {"summary", "responsibilities", "kpis", "technical_skills", "experience"}
    for spec_key in [k for k in type(bp).model_fields if k not in keep]:
        if spec_key in ("schema_version", "kind", "meta", "unmapped", "source", "generation"):
            continue
        setattr(bp, spec_key, None)
    bp.kpis.rows[0].name = "Payroll accuracy, as the person wrote it"
    doc = tmp_path / "payroll.md"
    doc.write_bytes(render(bp, "md"))

    app = make_app(target=str(doc))
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, DraftScreen)
        session = screen.session
        titles = [c.title for c in app.get_system_commands(screen)]
        assert "Complete this document" in titles
        await pilot.press("d")
        await settle(pilot)
        drafted = sorted({c.section for c in backend.calls})
        assert len(drafted) == 15 and not keep & set(drafted)
        # every new section saw the document's sections as context
        kpis_call = next(c for c in backend.calls if c.section == "goals")
        assert "Payroll accuracy, as the person wrote it" in json.dumps(kpis_call.messages)
        assert session.section("kpis").rows[0].name == "Payroll accuracy, as the person wrote it"
        prov = session.blueprint.generation.provenance
        assert {k for k, v in prov.items() if v == "document"} == keep
        assert len([v for v in prov.values() if v == "drafted"]) == 15
