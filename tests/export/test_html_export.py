"""HTML export: one standalone, escaped, print-friendly page."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from drafter.render import render
from drafter.render.layout import KPI_COLUMNS, TOOL_COLUMNS
from drafter.schema.enums import DocumentKind
from drafter.schema.models import UnmappedContent
from drafter.schema.sections import BLUEPRINT_SECTIONS

from .conftest import CONTROL, PAYLOAD, hostile_blueprint

VOID = {"meta", "br", "hr", "img", "input", "link", "col", "area", "base", "wbr", "source"}


class Page(HTMLParser):
    """Collects tags, ids, links, text per element, and checks nesting."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.starts: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: dict[str, list[str]] = {}
        self.doctype = None
        self.feed(html)
        self.close()

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        self.starts.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        for tag in set(self.stack):
            self.text.setdefault(tag, []).append(data)

    def all(self, tag):
        return [a for t, a in self.starts if t == tag]

    def joined(self, tag) -> str:
        return "".join(self.text.get(tag, []))


def page(bp) -> tuple[str, Page]:
    html = render(bp, "html").decode("utf-8")
    return html, Page(html)


def test_standalone_document_head(bp):
    html, p = page(bp)
    assert html.startswith("<!doctype html>\n")
    assert p.doctype.lower() == "doctype html"
    assert p.errors == [] and p.stack == []
    assert p.all("html")[0]["lang"] == "en"
    assert {"charset": "utf-8"} in p.all("meta")
    assert p.joined("title") == "Staff Platform Engineer — Role blueprint"
    # self-contained: inline CSS only, nothing loaded from anywhere
    assert p.all("script") == [] and p.all("link") == [] and p.all("img") == []
    assert not re.search(r"(src|href)=\"(https?:)?//", html) and "@import" not in html and "url(" not in html
    assert len(p.all("style")) == 1


def test_sections_in_seed_numbering_with_a_toc(bp):
    _, p = page(bp)
    h2 = [a.get("id") for a in p.all("h2")]
    headings = re.findall(r"<h2 id=\"s\d+-[^\"]+-h\">([^<]+)</h2>", render(bp, "html").decode())
    assert headings == [s.heading for s in BLUEPRINT_SECTIONS]
    assert headings[6] == "7) KPIs and Productivity Metrics"
    toc_links = [a["href"] for a in p.all("a") if a.get("href", "").startswith("#")]
    section_ids = [a["id"] for a in p.all("section")]
    assert toc_links == [f"#{i}" for i in section_ids]
    assert len(section_ids) == 20 and len(set(section_ids)) == 20
    assert "toc-title" in h2


def test_sub_headings_lists_and_numbering(bp):
    html, p = page(bp)
    h3 = p.joined("h3")
    for label in (
        "Strategic responsibilities",
        "Daily activities",
        "30-day goals",
        "Must-have technical skills",
        "Internal stakeholders",
        "Can decide independently",
        "By company size",
        "Red flags",
    ):
        assert label in h3
    # responsibilities are numbered in one running count across the groups, like the seeds
    assert re.search(r"<h3>Operational responsibilities</h3>\s*<ol start=\"4\">", html)
    assert len(p.all("ul")) > 30 and len(p.all("li")) > 200


def test_real_tables_with_thead(bp):
    html, p = page(bp)
    tables = re.findall(r"<table>.*?</table>", html, re.DOTALL)
    assert len(tables) == 4  # KPIs, tools, interview scorecard, final scorecard
    assert all("<thead>" in t and "<tbody>" in t for t in tables)
    kpi_head = re.findall(r"<th scope=\"col\">([^<]*)</th>", tables[0])
    assert tuple(kpi_head) == KPI_COLUMNS
    tool_head = re.findall(r"<th scope=\"col\">([^<]*)</th>", tables[1])
    assert tool_head[0] == TOOL_COLUMNS[0] and len(tool_head) == 4
    assert tables[0].count("<tr>") == len(bp.kpis.rows) + 1
    assert '<ol class="in-cell">' in tables[3]  # top-10 lists stay lists inside the cell


def test_print_and_dark_mode_css(bp):
    html, _ = page(bp)
    css = html[html.index("<style>") : html.index("</style>")]
    assert "@media print" in css and "@media (prefers-color-scheme: dark)" in css
    printed = css[css.index("@media print") :]
    assert "break-before: page" in printed and "break-inside: avoid" in printed
    assert "text-decoration: none" in printed and "pt" in printed


def test_every_field_is_escaped(hostile):
    html, p = page(hostile)
    assert p.errors == [] and p.stack == []
    # the only elements are the template's: no injected <script>, no evaluated template syntax
    assert p.all("script") == []
    assert "<script>" not in html and "alert(1)</script>" not in html
    assert "{{ 7*7 }}" in p.joined("body") and "49" not in p.joined("body")
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &#34;dq&#34; &#39;sq&#39;"
    count = html.count(escaped)
    assert count > 250  # every string field of the complete blueprint
    # text read back by the parser is exactly the original, in every kind of element
    for tag in ("title", "h1", "h3", "li", "th", "td", "p"):
        assert PAYLOAD in p.joined(tag), tag
    assert "VP <Eng>" in p.joined("dd") and "Platform & Infra" in p.joined("dd")
    assert "<dd>VP &lt;Eng&gt;</dd>" in html
    meta_desc = next(a["content"] for a in p.all("meta") if a.get("name") == "description")
    assert PAYLOAD in meta_desc  # attribute values are escaped too


def test_hostile_text_in_notes_unmapped_and_other_groups(hostile):
    html, p = page(hostile)
    assert f"Note for kpis: {PAYLOAD}" in p.joined("p")
    assert f"Extra group {PAYLOAD}" in p.joined("h3")
    appendix = html[html.index('id="appendix-unmapped"') :]
    assert "Appendix: Unmapped content" in appendix
    assert "Leftover &lt;script&gt;" in appendix and "line 12, in KPIs and Productivity Metrics" in appendix
    assert '<a href="#appendix-unmapped">' in html


def test_control_characters_are_dropped_not_fatal():
    bp = hostile_blueprint(extra=" tail" + CONTROL + "end")
    html, p = page(bp)
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", html)
    assert "tailend" in p.joined("h1")


def test_multiline_text_keeps_line_breaks(bp):
    bp.hiring.exercises[0].description = "Design a path with:\n– registry\n– canary <b>"
    html, _ = page(bp)
    assert "Design a path with:<br>\n– registry<br>\n– canary &lt;b&gt;" in html


def test_missing_sections_are_marked_and_empty_ones_skipped(bp):
    bp.kpis = None
    html, p = page(bp)
    section = html[html.index('id="s7-') : html.index('id="s8-')]
    assert "is-missing" in section and "This section has not been written yet." in section
    assert len(p.all("section")) == 20


def test_career_guide_shows_its_parts_and_salary_table(guide):
    html, p = page(guide)
    headings = re.findall(r"<h2 id=\"[^\"]+-h\">([^<]+)</h2>", html)
    assert headings == [
        "1) Role Summary",
        "3) Core Responsibilities",
        "14) Required Experience and Qualifications",
        "Market Demand",
        "Salary Ranges (US Market, 2024)",
        "Industry Trends",
        "Best Practices",
    ]
    assert "Career guide" in p.joined("title")
    salary = html[html.index('id="salary-ranges"') :]
    assert "$184,594 – $222,992 per year" in salary and "$203,410 per year" in salary
    assert "Factors affecting salary" in salary


def test_metadata_block(bp):
    bp.meta.role_family = "Platform Engineering"
    bp.meta.industry = "fintech"
    _, p = page(bp)
    dt = p.text.get("dt", [])
    dd = p.text.get("dd", [])
    meta = dict(zip(dt, dd))
    assert meta["Document"] == "Role blueprint"
    assert meta["Role family"] == "Platform Engineering" and meta["Industry"] == "fintech"


def test_unmapped_without_heading(bp):
    bp.unmapped = [UnmappedContent(text="stray line")]
    html, _ = page(bp)
    assert "Untitled passage" in html and "stray line" in html


@pytest.mark.parametrize("kind", list(DocumentKind))
def test_empty_blueprint_renders(kind):
    from drafter.schema.models import Blueprint, RoleMeta

    bp = Blueprint(kind=kind, meta=RoleMeta(title="Empty"))
    html, p = page(bp)
    assert p.errors == [] and '<h1 id="top">Empty</h1>' in html


def test_sub_headings_are_the_shared_field_headings(bp):
    """HTML/DOCX use the same sub-headings as the Markdown export (drafter.readers.fields)."""
    from drafter.readers.fields import heading_for
    from drafter.render.layout import build

    checked = 0
    for section in build(bp).sections:
        for part in section.parts:
            if part.kind == "list" and part.heading and part.field not in ("other_groups", "groups", "points"):
                assert part.heading == heading_for(section.key, part.field), (section.key, part.field)
                checked += 1
            if part.kind == "field":
                assert part.label == heading_for(section.key, part.field), (section.key, part.field)
                checked += 1
    assert checked > 60
