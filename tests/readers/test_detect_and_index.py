"""Format detection by content, the title index, our own JSON, HTML pages."""

from __future__ import annotations

import json

import pytest

from drafter.errors import InputError
from drafter.readers import detect_format, read_document, read_text
from drafter.testing import sample_blueprint


@pytest.mark.parametrize(
    "number, fmt",
    [
        ("000", "career-guide-text"),
        ("001", "career-guide-text"),
        ("002", "title-index"),
        ("003", "json"),
        ("004", "blueprint-text"),
    ],
)
def test_seeds_are_detected_by_content(seed, number, fmt):
    assert detect_format(seed[number].read_text(encoding="utf-8"), suffix=".txt") == fmt


def test_detection_ignores_misleading_extensions(seed, tmp_path):
    wrong = tmp_path / "blueprint.md"
    wrong.write_bytes(seed["003"].read_bytes())  # WordPress JSON named .md
    assert read_document(wrong).format == "wordpress-json"


def test_title_index(doc002):
    assert (doc002.format, doc002.kind, doc002.blueprint) == ("title-index", "title_index", None)
    assert len(doc002.titles) == 30
    first = doc002.titles[0]
    assert first.title == "Head of Reliability Engineering" and first.line == 1
    assert first.summary.startswith("The Head of Reliability Engineering is accountable")
    assert "**" not in first.summary
    assert doc002.titles[-1].title == "DevOps Manager"


def test_drafter_json_round_trip():
    bp = sample_blueprint()
    doc = read_text(bp.model_dump_json(indent=2), name="x.json")
    assert doc.format == "drafter-json" and doc.blueprint == bp and doc.findings == []


def test_drafter_json_wrong_types_become_findings():
    data = json.loads(sample_blueprint().model_dump_json())
    data["kpis"]["rows"] = "not a list"
    data["summary"]["horizon"] = "Someday"
    del data["mission"]["core_mission"]
    doc = read_text(json.dumps(data), name="bad.json")
    assert doc.blueprint is None
    found = {(f.section, f.field, f.code) for f in doc.findings}
    assert ("kpis", "rows", "wrong-type") in found
    assert ("summary", "horizon", "wrong-type") in found
    assert ("mission", "core_mission", "missing-field") in found
    assert all(f.severity.value == "error" for f in doc.findings)


def test_wordpress_list_of_one_post(seed):
    post = json.loads(seed["003"].read_text(encoding="utf-8"))
    doc = read_text(json.dumps([post]), name="posts.json")
    assert doc.format == "wordpress-json" and doc.blueprint.meta.title == "AI Platform Engineer"


HTML_PAGE = """<!doctype html>
<html><head><title>Staff SRE | Careers at Acme</title><style>h2{color:red}</style></head>
<body>
<nav><ul><li>Home</li><li>Jobs</li></ul></nav>
<header><h1>Acme careers</h1></header>
<main>
<h1>Staff Site Reliability Engineer</h1>
<h2>Overview</h2>
<p>You keep <em>Acme</em> up. The role owns SLOs for the payments platform.</p>
<h2>Responsibilities</h2>
<h3>Operational responsibilities</h3>
<ul><li>Run the incident process</li><li>Own the error budget policy</li></ul>
<h2>Key Performance Indicators</h2>
<table><tr><th>Metric</th><th>Target</th><th>Frequency</th></tr>
<tr><td>Availability</td><td>99.95%</td><td>Monthly</td></tr></table>
</main>
<aside>Related jobs: Staff SWE</aside>
<footer>© Acme</footer>
<script>var x = "<h2>Not a heading</h2>";</script>
</body></html>"""


def test_html_page_prefers_main_and_skips_chrome():
    doc = read_text(HTML_PAGE, name="page.html")
    bp = doc.blueprint
    assert doc.format == "html"
    assert bp.meta.title == "Staff Site Reliability Engineer"
    assert bp.summary.what_it_is.startswith("You keep Acme up.")
    assert bp.responsibilities.operational == ["Run the incident process", "Own the error budget policy"]
    assert (bp.kpis.rows[0].name, bp.kpis.rows[0].target, bp.kpis.rows[0].frequency) == (
        "Availability",
        "99.95%",
        "Monthly",
    )
    dump = bp.model_dump_json()
    for chrome in ("Home", "Related jobs", "© Acme", "Not a heading", "color:red"):
        assert chrome not in dump
    assert bp.summary.typical_interactions == []


def test_plain_text_without_sections_is_not_a_document():
    with pytest.raises(InputError, match="no section heading recognised"):
        read_text("Just some notes\n\nabout nothing in particular.", name="notes.txt")


def test_every_seed_through_its_format_reader(seed):
    """The format-specific readers on their own (read_document is tested per seed elsewhere)."""
    from drafter.readers.html import read_html
    from drafter.readers.markdown import read_markdown
    from drafter.readers.text import read_plain
    from drafter.render.markdown import render_markdown
    from drafter.titles import parse_title_index

    for number in ("000", "001", "004"):
        blocks = read_plain(seed[number].read_text(encoding="utf-8"))
        kinds = {b.kind for b in blocks}
        assert {"heading", "para", "item"} <= kinds, number
    assert len(parse_title_index(seed["002"].read_text(encoding="utf-8"))) == 30
    post = json.loads(seed["003"].read_text(encoding="utf-8"))
    assert sum(1 for b in read_html(post["content"]["rendered"]) if b.kind == "table") == 4
    for number in ("000", "001", "003", "004"):
        md = render_markdown(read_document(seed[number]).blueprint)
        headings = [b for b in read_markdown(md) if b.kind == "heading" and b.level == 2]
        assert len(headings) >= 10, number
