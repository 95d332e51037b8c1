"""The format readers on their own: HTML (lxml), Markdown (markdown-it-py), front matter, titles, level tables."""

from __future__ import annotations

import pytest

from drafter.errors import InputError
from drafter.readers import read_text
from drafter.readers.blocks import promote_label_headings
from drafter.readers.doctitle import clean_title, job_family
from drafter.readers.frontmatter import front_matter_blocks, split_front_matter
from drafter.readers.html import read_html
from drafter.readers.leveltable import expand_level_tables
from drafter.readers.markdown import read_markdown


def kinds(blocks):
    return [(b.kind, b.full) for b in blocks]


# --------------------------------------------------------------------------- HTML


def test_html_implied_end_tags_close_items_and_sections():
    blocks = read_html("<ul><li>one<li>two</ul><p>After</p><h2>Next</h2><p>para</p>")
    assert kinds(blocks) == [("item", "one"), ("item", "two"), ("para", "After"), ("heading", "Next"), ("para", "para")]


def test_html_cells_without_end_tags_and_entities():
    blocks = read_html("<table><tr><th>Metric<th>Target<tr><td>Uptime &amp; latency<td>99.9&nbsp;%</table><p>x</p>")
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows == [["Metric", "Target"], ["Uptime & latency", "99.9 %"]]


def test_html_lists_inside_cells_and_nested_lists():
    blocks = read_html("<table><tr><td>A</td><td><ul><li>x</li><li>y</li></ul></td></tr></table>")
    assert blocks[0].rows == [["A", "x; y"]] and blocks[0].meta["cells"] == [[["A"], ["x", "y"]]]
    items = [b for b in read_html("<ul><li>a<ul><li>b</li></ul><p>more of a</p></li><li>c</li></ul>")]
    assert [(b.text, b.level, b.lines) for b in items] == [("a", 0, ["more of a"]), ("b", 1, []), ("c", 0, [])]


def test_html_chrome_is_dropped_and_reported():
    page = """<html><head><title>Data Engineer | Careers at Acme</title></head><body>
<div id="toc"><h1>Site map</h1><a href="/">Home</a></div>
<nav>Jobs</nav>
<div class="content"><h1>Data Engineer</h1>
<h2>Responsibilities</h2><ul><li>Build pipelines</li></ul></div>
<footer>© Acme</footer></body></html>"""
    doc = read_text(page, name="p.html")
    assert doc.blueprint.meta.title == "Data Engineer"
    noise = [f for f in doc.findings if f.code == "noise-removed"]
    assert len(noise) == 3 and all(f.severity.value == "info" for f in noise)
    assert "Site map" not in doc.blueprint.model_dump_json(exclude={"source"}) and len(doc.blueprint.source.ignored_noise) == 3
    assert any("Site map" in n for n in doc.blueprint.source.ignored_noise)


def test_html_source_lines():
    blocks = read_html("<p>a</p>\n\n<h2>B</h2>\n<ul>\n<li>c</li>\n</ul>", line_offset=10)
    assert [b.line for b in blocks] == [11, 13, 15]


# --------------------------------------------------------------------------- Markdown


def test_markdown_plus_tab_bullets_crlf_and_label_headings():
    text = "## Head of Support\r\n\r\n### Overview\r\nWe build things.\r\n\r\nPrimary responsibilities will include:\r\n+\tHire a team\r\n+\tRun it\r\n"
    doc = read_text(text, name="job.md")
    assert doc.blueprint.meta.title == "Head of Support"
    blocks = promote_label_headings(read_markdown(text.replace("\r\n", "\n")))
    heading = next(b for b in blocks if b.meta.get("label_heading"))
    assert (heading.text, heading.level, heading.line) == ("Primary responsibilities will include", 4, 6)
    assert [b.text for b in blocks if b.kind == "item"] == ["Hire a team", "Run it"]


def test_markdown_indented_second_paragraph_stays_in_its_item():
    blocks = read_markdown("- First item\n\n  Its second paragraph.\n\n- Second item\n\nAfter the list.\n")
    assert kinds(blocks) == [("item", "First item"), ("item", "Second item"), ("para", "After the list.")]
    assert blocks[0].lines == ["Its second paragraph."]


def test_markdown_lines_come_from_the_token_map():
    blocks = read_markdown("# T\n\nPara one\ncontinued.\n\n| A | B |\n|---|---|\n| 1 | 2 |\n| 3 | 4 |\n")
    assert [(b.kind, b.line) for b in blocks] == [("heading", 1), ("para", 3), ("table", 6)]
    assert blocks[2].meta["row_lines"] == [6, 8, 9]


def test_markdown_html_table_shortcodes_and_iframes():
    text = (
        "# Framework\n\n<style>\n.x { color: red }\n</style>\n\n"
        "<table>\n  <tr>\n   <td>\n   </td>\n   <td><strong>IC3</strong>\n   </td>\n\n"
        "   <td>IC4\n   </td>\n  </tr>\n  <tr>\n   <td>Scope</td>\n   <td>Team</td>\n   <td>Org</td>\n  </tr>\n</table>\n\n"
        "{{% job-families/sales/performance %}}\n\n"
        '<figure>\n  <iframe src="https://video.example/x"></iframe>\n</figure>\n\nEnd.\n'
    )
    blocks = read_markdown(text)
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows == [["", "IC3", "IC4"], ["Scope", "Team", "Org"]] and table.line == 7
    noise = [b.text for b in blocks if b.kind == "noise"]
    assert noise == [
        "template shortcode '{{% job-families/sales/performance %}}' at line 24",
        "embedded media (https://video.example/x) at line 26",
    ]
    content = str([kinds([b]) for b in blocks if b.kind != "noise"])
    assert "color" not in content and "job-families" not in content
    assert blocks[-1].full == "End."


# --------------------------------------------------------------------------- front matter and titles


LADDER = """---
title: "🙂 People"
levels: 2
topics:
  - name: "communication: giving and receiving feedback"
    content:
      - level: 1
        criteria:
          - "Shares what they work on."
      - level: 2
        criteria:
          -\t"Gives feedback upwards."
        exampleCriteria:
          - criteria: "Runs retros"
            examples:
              - "A retro after each launch"
---
"""


def test_front_matter_ladder_becomes_level_sections():
    fm = split_front_matter(LADDER)
    assert fm.data["title"] == "🙂 People" and fm.body.count("\n") == LADDER.count("\n")
    blocks = front_matter_blocks(fm)
    got = [(b.kind, b.level, b.text, b.line) for b in blocks]
    assert got == [
        ("heading", 2, "Levels", 9),
        ("heading", 3, "Level 1", 9),
        ("heading", 4, "Communication", 9),
        ("item", 0, "Shares what they work on.", 9),
        ("heading", 3, "Level 2", 12),
        ("heading", 4, "Communication", 12),
        ("item", 0, "Gives feedback upwards.", 12),
        ("item", 0, "Runs retros", 14),
        ("item", 1, "A retro after each launch", 16),
    ]
    assert read_text(LADDER, name="people.md").blueprint.meta.title == "People"


def test_front_matter_title_and_description():
    doc = read_text(
        "---\ntitle: Payroll Roles\ndescription: Pays people on time.\n---\n\n## Responsibilities\n\n- Run payroll\n",
        name="payroll.md",
    )
    assert doc.blueprint.meta.title == "Payroll" and doc.blueprint.meta.role_family == "Payroll"


@pytest.mark.parametrize(
    "raw, title",
    [
        ("Office of Acquisition - Contract Specialist | Join the Technology Transformation Services", "Contract Specialist"),
        ("2021-04 - Product Designer", "Product Designer"),
        ("🛠️ Backend Engineering Framework", "Backend Engineering"),
        ("Senior Platform Engineer | Careers at Acme", "Senior Platform Engineer"),
        ("Staff SRE - Acme Careers", "Staff SRE"),
        ("FinOps Engineering Roles at GitLab", "FinOps Engineering"),
        ("Product Marketing Career Development Framework", "Product Marketing"),
    ],
)
def test_clean_title(raw, title):
    assert clean_title(raw) == title


def test_job_family():
    assert job_family("FinOps Engineering Roles at GitLab") == "FinOps Engineering"
    assert job_family("Senior FinOps Engineer") is None


# --------------------------------------------------------------------------- level tables


def test_levels_across_table_becomes_level_sections():
    blocks = read_markdown("# PMM\n\n| | IC3 | IC4 |\n|---|---|---|\n| Scope | Team | Org |\n| Impact | Some | More |\n")
    out = expand_level_tables(blocks)
    got = [(b.kind, b.level, b.text) for b in out]
    assert got[:5] == [("heading", 1, "PMM"), ("heading", 2, "Levels"), ("heading", 3, "IC3"), ("heading", 5, "Scope"), ("item", 0, "Team")]
    assert [b.meta.get("ladder_level") for b in out if b.meta.get("ladder_level")] == ["IC3", "IC4"]
    plain = read_markdown("| Metric | Target |\n|---|---|\n| Uptime | 99.9 |\n")
    assert expand_level_tables(plain) == plain


def test_bad_docx_bytes_get_one_line(tmp_path):
    from drafter.readers import read_document

    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    with pytest.raises(InputError) as exc:
        read_document(bad)
    assert "\n" not in str(exc.value) and "docx" in str(exc.value).lower()
