"""``drafter ladder``: one blueprint per level, drafted together, plus the progression table."""

from __future__ import annotations

import asyncio
import io
import json
from collections import Counter

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.errors import UsageError
from drafter.generate.engine import Engine
from drafter.generate.ladder import (
    SHARED_SECTIONS, base_title, draft_ladder, load_ladder, parse_levels, plan_ladder, save_ladder,
)
from drafter.render.progression import progression, render_docx, render_html, render_markdown
from drafter.schema.enums import Level, Track
from drafter.testing import FakeBackend


def test_parse_levels_defaults_tracks_and_errors():
    assert parse_levels(None, None) == ([Level.junior, Level.mid, Level.senior, Level.staff, Level.principal],
                                        Track.individual_contributor)
    levels, track = parse_levels(None, "manager")
    assert [lvl.value for lvl in levels] == ["manager", "senior_manager", "director", "vp"]
    assert track == Track.manager
    assert parse_levels("staff,Senior,jr", None)[0] == [Level.junior, Level.senior, Level.staff]  # sorted
    assert parse_levels("manager,senior manager,director,VP", None)[1] == Track.manager
    for bad, message in (("senior", "at least two"), ("senior,senior", "twice"), ("senior,wizard", "unknown level"),
                         ("senior,director", "mix")):
        with pytest.raises(UsageError, match=message):
            parse_levels(bad, None)


def test_titles_per_level():
    assert base_title("Senior Platform Engineer") == "Platform Engineer"
    assert base_title("Data Scientist II") == "Data Scientist"
    ic = plan_ladder("Senior Platform Engineer", "junior,mid,senior,staff,principal")
    assert [r.title for r in ic.rungs] == ["Junior Platform Engineer", "Platform Engineer", "Senior Platform Engineer",
                                           "Staff Platform Engineer", "Principal Platform Engineer"]
    mgr = plan_ladder("Platform Engineer", None, track="manager")
    assert [r.title for r in mgr.rungs] == ["Platform Engineering Manager", "Senior Platform Engineering Manager",
                                            "Director of Platform Engineering", "VP of Platform Engineering"]
    assert all(r.request.track == "manager" for r in mgr.rungs)
    assert "Level 3 of 4" in mgr.rungs[2].request.context


def test_ladder_shares_sections_once_and_drafts_levels_together():
    plan = plan_ladder("Platform Engineer", "junior,mid,senior,staff,principal", depth="brief")
    backend = FakeBackend(delay=0.01)
    ladder = asyncio.run(draft_ladder(Engine(backend, concurrency=6), plan))
    counts = Counter(c.section for c in backend.calls)
    assert all(counts[k] == 1 for k in SHARED_SECTIONS)  # drafted once for the family
    assert counts["kpis"] == 5 and counts["decision_rights"] == 5  # once per level
    assert len(backend.calls) == len(SHARED_SECTIONS) + 5 * (20 - len(SHARED_SECTIONS)) == ladder.calls
    assert backend.max_in_flight <= 6  # one bound over every level
    assert backend.max_in_flight > 3  # levels run together, not one after the other
    assert ladder.failed == {}
    tools = [r.blueprint.tools for r in ladder.rungs]
    assert all(t == tools[0] for t in tools)  # the same at every level
    assert [r.blueprint.meta.level for r in ladder.rungs] == list(plan.levels)
    assert len({r.blueprint.kpis.rows[0].name for r in ladder.rungs}) == 5  # differs per level
    # each level's calls carry its own level and the shared sections as context
    senior_calls = [c for c in backend.calls if c.request.title == "Senior Platform Engineer"]
    assert len(senior_calls) == 17 and all("Level 3 of 5" in json.dumps(c.messages) for c in senior_calls)
    assert all("Name 1 for Platform Engineer" in json.dumps(c.messages) for c in senior_calls
               if c.section in ("technical_skills", "summary"))


def test_failed_shared_section_is_drafted_per_level():
    plan = plan_ladder("Platform Engineer", "junior,senior", depth="brief")
    backend = FakeBackend({"tools": [RuntimeError("provider said no")]})
    ladder = asyncio.run(draft_ladder(Engine(backend), plan))
    assert "tools" not in ladder.shared
    assert Counter(c.section for c in backend.calls)["tools"] == 3  # failed once, then once per level
    assert all(r.blueprint.tools is not None for r in ladder.rungs)


def _ladder(levels="junior,mid,senior"):
    plan = plan_ladder("Product <Designer>", levels, depth="brief")
    return asyncio.run(draft_ladder(Engine(FakeBackend()), plan))


def test_progression_table_in_markdown_html_and_docx():
    ladder = _ladder()
    table = progression(ladder.rungs, shared=ladder.shared)
    assert [c.level for c in table.columns] == ["Junior", "Mid", "Senior"]
    dims = [r.dimension for r in table.rows]
    for want in ("Scope", "Years of experience", "Decides alone", "KPIs owned", "Promotion to the next level"):
        assert want in dims
    assert len(table.steps) == 2 and table.steps[0].label == "Junior → Mid"
    md = render_markdown(table)
    assert "| **Years of experience** |" in md and "## The same at every level" in md
    assert "&lt;Designer>" in md  # angle brackets are not raw HTML in Markdown
    html = render_html(table)
    assert "<Designer>" not in html and "&lt;Designer&gt;" in html
    from docx import Document

    doc = Document(io.BytesIO(render_docx(table)))
    assert len(doc.tables[0].columns) == 4 and "Junior" in doc.tables[0].rows[0].cells[1].text


def test_save_and_load_ladder(tmp_path):
    ladder = _ladder("junior,senior")
    save_ladder(ladder, tmp_path)
    saved = load_ladder(tmp_path)
    assert [r.title for r in saved.rungs] == [r.title for r in ladder.rungs]
    assert saved.rungs[1].blueprint.kpis == ladder.rungs[1].blueprint.kpis


@pytest.fixture
def fake_engine(monkeypatch):
    backend = FakeBackend()
    monkeypatch.setattr("drafter.generate.open_engine",
                        lambda settings, no_cache=False, gate=None: Engine(backend, concurrency=settings.concurrency))
    return backend


def test_cli_ladder_writes_blueprints_and_tables(fake_engine, tmp_path):
    out = tmp_path / "ladder"
    result = CliRunner().invoke(app, ["ladder", "Platform Engineer", "--levels", "junior,senior,staff", "--out",
                                      str(out), "--depth", "brief"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["01-junior-platform-engineer.json", "01-junior-platform-engineer.md",
                     "02-senior-platform-engineer.json", "02-senior-platform-engineer.md",
                     "03-staff-platform-engineer.json", "03-staff-platform-engineer.md",
                     "ladder.json", "progression.docx", "progression.html", "progression.md"]
    assert "3 levels; shared once: tools, tech_stack, variants" in result.stderr
    calls = len(fake_engine.calls)
    (out / "progression.md").unlink()
    result = CliRunner().invoke(app, ["ladder", "--table", str(out)])
    assert result.exit_code == 0 and (out / "progression.md").is_file()
    assert len(fake_engine.calls) == calls  # no model call


@pytest.mark.parametrize("args, message", [
    (["Platform Engineer", "--levels", "senior,director"], "mix"),
    (["Platform Engineer", "--levels", "senior,wizard"], "unknown level"),
    (["--table", "{tmp}"], "not a ladder folder"),
    ([], "give a TITLE"),
])
def test_cli_ladder_bad_input(fake_engine, tmp_path, args, message):
    result = CliRunner().invoke(app, ["ladder", *[a.format(tmp=tmp_path) for a in args]])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output
    assert fake_engine.calls == []


def test_batch_ladder_drafts_a_ladder_per_title_and_resumes(fake_engine, tmp_path):
    titles = tmp_path / "titles.txt"
    titles.write_text("Platform Engineer\nProduct Designer\n")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(titles), "--out", str(out), "--ladder", "junior,senior",
                                      "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "Junior Platform Engineer, Senior Platform Engineer" in result.output and fake_engine.calls == []
    result = CliRunner().invoke(app, ["batch", str(titles), "--out", str(out), "--ladder", "junior,senior",
                                      "--depth", "brief"])
    assert result.exit_code == 0, result.output
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == ["platform-engineer-individual-contributor-ladder",
                       "product-designer-individual-contributor-ladder"]
    for folder in folders:
        assert (out / folder / "progression.html").is_file() and (out / folder / "ladder.json").is_file()
    assert len(fake_engine.calls) == 2 * (3 + 2 * 17)
    again = CliRunner().invoke(app, ["batch", str(titles), "--out", str(out), "--ladder", "junior,senior"])
    assert again.exit_code == 0 and "skip" in again.stderr
    assert len(fake_engine.calls) == 2 * (3 + 2 * 17)  # finished ladders are not redone
    bad = CliRunner().invoke(app, ["batch", str(titles), "--out", str(out), "--ladder", "junior,senior",
                                   "--variants", "industry=fintech,health"])
    assert bad.exit_code == 2 and "cannot be combined" in bad.output


def _level_doc(title: str, level: Level, keep: tuple[str, ...]):
    from drafter.schema.models import Blueprint
    from drafter.testing import sample_blueprint

    bp = sample_blueprint(title, depth="brief")
    for name in Blueprint.model_fields:
        if name not in keep and name not in ("schema_version", "kind", "meta", "unmapped", "source", "generation"):
            setattr(bp, name, None)
    bp.meta.level, bp.meta.track = level, Track.individual_contributor
    return bp


def test_complete_an_imported_ladder_keeps_each_level_and_shares_tools(tmp_path):
    from drafter.generate.ladder import complete_ladder

    docs = [_level_doc("Senior Paralegal", Level.senior, ("summary", "responsibilities", "tools")),
            _level_doc("Paralegal", Level.mid, ("summary", "responsibilities", "experience"))]
    backend = FakeBackend()
    ladder = asyncio.run(complete_ladder(Engine(backend, concurrency=4), docs, depth="brief"))
    assert [r.title for r in ladder.rungs] == ["Paralegal", "Senior Paralegal"]  # ordered by level
    counts = Counter(c.section for c in backend.calls)
    assert counts["tools"] == 0  # the senior page's tools are shared with the mid level, not drafted
    assert counts["tech_stack"] == 1 and counts["variants"] == 1  # nobody had them: drafted once
    assert counts["summary"] == 0 and counts["responsibilities"] == 0  # kept as written
    assert counts["kpis"] == 2  # missing at both levels
    mid, senior = ladder.rungs[0].blueprint, ladder.rungs[1].blueprint
    assert mid.tools == docs[0].tools == senior.tools
    assert mid.summary == docs[1].summary and senior.responsibilities == docs[0].responsibilities
    assert senior.generation.provenance["summary"] == "document"
    assert senior.generation.provenance["kpis"] == "drafted"
    from drafter.generate.complete import missing_sections

    assert missing_sections(mid) == [] and missing_sections(senior) == []


def test_cli_ladder_from_documents(fake_engine, tmp_path):
    from drafter.render import render

    files = []
    for title, level in (("Paralegal", Level.mid), ("Senior Paralegal", Level.senior)):
        path = tmp_path / f"{title.replace(' ', '-')}.md"
        path.write_bytes(render(_level_doc(title, level, ("summary", "responsibilities")), "md"))
        files += ["--from", str(path)]
    out = tmp_path / "ladder"
    result = CliRunner().invoke(app, ["ladder", *files, "--out", str(out), "--depth", "brief"])
    assert result.exit_code == 0, result.output
    assert (out / "progression.md").is_file() and (out / "ladder.json").is_file()
    same = CliRunner().invoke(app, ["ladder", "--from", files[1], "--from", files[1], "--out", str(out)])
    assert same.exit_code == 2 and "different level" in same.output
