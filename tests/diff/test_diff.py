"""drafter.diff: alignment of items (difflib + rapidfuzz), sections, and the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app
from drafter.diff import diff_blueprints, diff_sections, section_groups, words_diff
from drafter.render.diff import render_html, render_markdown, render_rich, summary_line
from drafter.schema import models as m
from drafter.testing import sample_blueprint

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"


def _resp(**groups) -> m.CoreResponsibilities:
    return m.CoreResponsibilities(**groups)


def _ops(section_diff, heading):
    group = next(g for g in section_diff.groups if g.heading == heading)
    return [(c.op, c.old, c.new) for c in group.changes]


def test_identical_sections_are_same():
    a = _resp(strategic=["Set the platform roadmap.", "Own the standards."])
    d = diff_sections("responsibilities", a, a.model_copy(deep=True))
    assert d.status == "same"
    assert d.counts["same"] == 2 and d.counts["added"] == 0


def test_added_removed_and_reworded_items_are_aligned():
    a = _resp(strategic=["Set the platform roadmap for the year.", "Own the engineering standards.", "Run audits."])
    b = _resp(strategic=["Set the platform roadmap for the next year.", "Own the engineering standards.",
                         "Mentor two engineers."])
    d = diff_sections("responsibilities", a, b)
    ops = _ops(d, section_groups("responsibilities", a)[0][0])
    assert ("same", "Own the engineering standards.", "Own the engineering standards.") in ops
    changed = [o for o in ops if o[0] == "changed"]
    assert changed == [("changed", "Set the platform roadmap for the year.",
                        "Set the platform roadmap for the next year.")]
    assert ("removed", "Run audits.", None) in ops
    assert ("added", None, "Mentor two engineers.") in ops
    assert d.status == "changed"


def test_reordered_items_are_moved_not_added_and_removed():
    items = ["Alpha item about budgets.", "Beta item about vendors.", "Gamma item about hiring plans."]
    a = _resp(operational=items)
    b = _resp(operational=[items[2], items[0], items[1]])
    d = diff_sections("responsibilities", a, b)
    assert d.counts["added"] == d.counts["removed"] == 0
    assert d.counts["moved"] == 1 and d.counts["same"] == 2


def test_item_that_changed_group_is_moved_with_its_origin():
    a = _resp(strategic=["Define the cost model for shared clusters."], operational=["Run the weekly review."])
    b = _resp(strategic=[], operational=["Run the weekly review.", "Define the cost model for shared clusters."])
    d = diff_sections("responsibilities", a, b)
    moved = [c for g in d.groups for c in g.changes if c.op == "moved"]
    assert len(moved) == 1 and moved[0].moved_from and moved[0].moved_from.lower().startswith("strategic")
    assert d.counts["added"] == 0 and d.counts["removed"] == 0


def test_unrelated_items_are_not_paired():
    a = _resp(governance=["Chair the change advisory board."])
    b = _resp(governance=["Write quarterly hiring plans."])
    d = diff_sections("responsibilities", a, b)
    assert d.counts == {"added": 1, "removed": 1, "changed": 0, "moved": 0, "same": 0}


def test_words_diff_marks_inserted_and_deleted_words():
    words = words_diff("Reduce cost by 10% quarterly", "Reduce cloud cost by 15% quarterly")
    assert [(w.op, w.text.strip()) for w in words if w.op != "equal"] == [
        ("insert", "cloud"), ("delete", "10%"), ("insert", "15%")]


def test_section_added_and_removed():
    bp = sample_blueprint("Platform Engineer")
    other = bp.model_copy(deep=True)
    other.kpis = None
    d = diff_blueprints(bp, other)
    kpis = next(s for s in d.sections if s.key == "kpis")
    assert kpis.status == "removed" and kpis.count("removed") == len(bp.kpis.rows)
    back = diff_blueprints(other, bp)
    assert next(s for s in back.sections if s.key == "kpis").status == "added"
    assert d.section_counts()["removed"] == 1 and d.section_counts()["same"] == 19


def test_identical_blueprints_have_no_differences():
    bp = sample_blueprint()
    d = diff_blueprints(bp, bp.model_copy(deep=True))
    assert not d.changed and summary_line(d) == "no differences"


def test_meta_changes_are_reported():
    from drafter.schema.enums import Level

    a = sample_blueprint()
    b = a.model_copy(deep=True)
    b.meta.level = Level.staff
    d = diff_blueprints(a, b)
    assert [c.op for c in d.meta if c.op != "same"] == ["added"]
    assert d.changed


def _seeds():
    a = EXAMPLES / "ai-platform-engineer.json"
    b = EXAMPLES / "director-of-machine-learning-engineering.json"
    return a, b


def test_seed_blueprints_diff_every_section():
    from drafter.load import load_blueprint

    a, b = _seeds()
    d = diff_blueprints(load_blueprint(a).blueprint, load_blueprint(b).blueprint)
    assert len(d.sections) == 20
    assert all(s.status == "changed" for s in d.sections)
    text = render_markdown(d)
    assert "## 7) KPIs and Productivity Metrics (changed)" in text
    assert "```diff" in text


def test_html_is_escaped_and_standalone():
    a = sample_blueprint()
    b = a.model_copy(deep=True)
    b.mission.primary_outcomes = ["<script>alert(1)</script> & more"]
    html = render_html(diff_blueprints(a, b))
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    assert html.startswith("<!doctype html>") and "<link" not in html and "src=" not in html


def test_rich_render_shows_changes():
    from rich.console import Console

    a = _resp(strategic=["Set the platform roadmap for the year."])
    b = _resp(strategic=["Set the platform roadmap for the next year."])
    bp_a, bp_b = sample_blueprint(), sample_blueprint()
    bp_a.responsibilities, bp_b.responsibilities = a, b
    console = Console(record=True, width=100, no_color=True)
    console.print(render_rich(diff_blueprints(bp_a, bp_b)))
    out = console.export_text()
    assert "3) Core Responsibilities  [changed]" in out
    assert "~ Set the platform roadmap for the next year." in out  # inserted word shown inline


# --------------------------------------------------------------------------- CLI


def test_cli_diff_seeds_exit_1_and_writes_html(tmp_path):
    a, b = _seeds()
    out = tmp_path / "diff.html"
    result = CliRunner().invoke(app, ["diff", str(a), str(b), "-o", str(out)])
    assert result.exit_code == 1, result.output
    html = out.read_text()
    assert "AI Platform Engineer" in html and "Director of Machine Learning Engineering" in html
    assert "<del>" in html and "<ins>" in html


def test_cli_diff_same_file_exit_0(tmp_path):
    a, _ = _seeds()
    result = CliRunner().invoke(app, ["diff", str(a), str(a)])
    assert result.exit_code == 0
    assert "no differences" in result.output


def test_cli_diff_markdown_to_stdout_and_section_filter():
    a, b = _seeds()
    result = CliRunner().invoke(app, ["diff", str(a), str(b), "--format", "md", "--section", "7"])
    assert result.exit_code == 1
    assert "## 7) KPIs and Productivity Metrics" in result.output
    assert "## 1) Role Summary" not in result.output


def test_cli_diff_reads_markdown_and_draft_versions(tmp_path):
    """A Markdown export of A against A: no differences; a saved draft against its autosave: the change."""
    from drafter import store
    from drafter.render import render

    a, _ = _seeds()
    from drafter.load import load_blueprint

    bp = load_blueprint(a).blueprint
    md = tmp_path / "a.md"
    md.write_bytes(render(bp, "md"))
    assert CliRunner().invoke(app, ["diff", str(a), str(md)]).exit_code == 0

    draft = store.Draft(id=store.new_draft_id(bp.meta.title), blueprint=bp)
    saved = store.save_draft(draft)
    draft.blueprint.mission.core_mission = "A different mission."
    auto = store.autosave_draft(draft)
    result = CliRunner().invoke(app, ["diff", str(saved), str(auto), "--format", "md"])
    assert result.exit_code == 1
    assert "+ A different mission." in result.output


@pytest.mark.parametrize("args, message", [
    (["missing.json", "missing.json"], "missing.json"),
    (["{a}", "{a}", "--section", "nope"], "unknown section"),
    (["{a}", "{a}", "-o", "{tmp}/x.pdf"], "cannot tell the format"),
    (["{a}", "{titles}"], "job titles"),
])
def test_cli_diff_bad_input_is_one_line_exit_2(tmp_path, args, message):
    a, _ = _seeds()
    args = [x.format(a=a, tmp=tmp_path, titles=EXAMPLES / "titles.csv") for x in args]
    result = CliRunner().invoke(app, ["diff", *args])
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
