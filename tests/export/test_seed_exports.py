"""Exports of the real seed documents and of the committed examples."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import docx
import pytest

from drafter.cli import app
from drafter.readers import read_document
from drafter.render import FORMATS, render
from drafter.schema.models import Blueprint
from drafter.schema.sections import BLUEPRINT_SECTIONS

from .test_html_export import Page

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "data" / "seeds"
AI_PLATFORM = SEEDS / "003_7bdd3c690054fc7b.txt"  # WordPress JSON
DIRECTOR_MLE = SEEDS / "004_30b932585fa1d141.txt"  # plain text
CAREER_GUIDE = SEEDS / "000_9617be8be7ae19c4.txt"  # career guide text
EXAMPLES = sorted((REPO / "examples").glob("*.json"))


def without_source(bp: Blueprint) -> Blueprint:
    return bp.model_copy(update={"source": None})


@pytest.fixture(scope="module")
def seed_blueprints() -> dict[str, Blueprint]:
    return {p.name[:3]: read_document(p).blueprint for p in (AI_PLATFORM, DIRECTOR_MLE, CAREER_GUIDE)}


@pytest.mark.parametrize("seed", [AI_PLATFORM, DIRECTOR_MLE], ids=["003", "004"])
def test_exported_markdown_validates(cli, tmp_path, seed):
    src = tmp_path / seed.name
    src.write_bytes(seed.read_bytes())
    result = cli.invoke(app, ["export", str(src), "--to", "md"])
    assert result.exit_code == 0, result.output
    md = src.with_suffix(".md")
    assert md.read_text(encoding="utf-8").count("\n## ") >= 20
    checked = cli.invoke(app, ["validate", str(md)])
    assert checked.exit_code == 0, checked.output
    # the same blueprint (Markdown does not carry the source's provenance)
    assert without_source(read_document(md).blueprint) == without_source(read_document(src).blueprint)


@pytest.mark.parametrize("seed", [AI_PLATFORM, DIRECTOR_MLE, CAREER_GUIDE], ids=["003", "004", "000"])
def test_exported_json_is_the_same_blueprint(cli, tmp_path, seed):
    src = tmp_path / seed.name
    src.write_bytes(seed.read_bytes())
    out = tmp_path / "out.json"
    assert cli.invoke(app, ["export", str(src), "--to", "json", "-o", str(out)]).exit_code == 0
    assert Blueprint.model_validate_json(out.read_bytes()) == read_document(src).blueprint
    assert cli.invoke(app, ["validate", str(out)]).exit_code == 0


def test_html_of_the_wordpress_seed(seed_blueprints):
    bp = seed_blueprints["003"]
    html = render(bp, "html").decode()
    page = Page(html)
    assert page.errors == [] and page.all("script") == []
    headings = re.findall(r"<h2 id=\"s\d+-[^\"]+-h\">([^<]+)</h2>", html)
    assert headings == [s.heading for s in BLUEPRINT_SECTIONS]
    tables = re.findall(r"<table>.*?</table>", html, re.DOTALL)
    assert len(tables) == 4
    assert tables[0].count("<tr>") == len(bp.kpis.rows) + 1
    assert tables[1].count("<tr>") == len(bp.tools.rows) + 1
    body = page.joined("body")
    assert "Platform adoption rate" in body and "Container & orchestration" in body
    assert "&amp;" in tables[1]  # "Container & orchestration", escaped
    # the seed's numbering: responsibilities continue across groups
    assert re.search(r"<h3>Operational responsibilities</h3>\s*<ol start=\"6\">", html)


def test_docx_of_the_plain_text_seed(seed_blueprints):
    bp = seed_blueprints["004"]
    doc = docx.Document(io.BytesIO(render(bp, "docx")))
    names = {s.style_id: s.name for s in doc.styles}
    h1 = [p.text for p in doc.paragraphs if names.get(p._p.style) == "Heading 1"]
    assert h1 == [s.heading for s in BLUEPRINT_SECTIONS]
    kpi, tools, dims, final = doc.tables
    assert len(kpi.rows) == len(bp.kpis.rows) + 1 and len(tools.rows) == len(bp.tools.rows) + 1
    assert len(dims.rows) == len(bp.hiring.scorecard) + 1
    assert final.rows[1].cells[1].text == bp.scorecard.role_title
    assert doc.core_properties.title == "Director of Machine Learning Engineering"


def test_jsonld_of_the_seeds(seed_blueprints):
    ai = json.loads(render(seed_blueprints["003"], "jsonld"))
    assert ai["title"] == "AI Platform Engineer"
    assert ai["experienceRequirements"]["monthsOfExperience"] == 36  # "3–7 years ..."
    assert ai["educationRequirements"]["credentialCategory"] == "bachelor degree"
    assert ai["experienceInPlaceOfEducation"] is True  # "... or equivalent practical experience"
    assert len(ai["responsibilities"]) >= 20 and len(ai["skills"]) >= 15
    director = json.loads(render(seed_blueprints["004"], "jsonld"))
    assert director["experienceRequirements"]["monthsOfExperience"] == 144  # "12–18+ years"
    guide = json.loads(render(seed_blueprints["000"], "jsonld"))
    assert guide["baseSalary"]["@type"] == "MonetaryAmount"
    assert guide["baseSalary"]["value"]["unitText"] == "YEAR"
    assert guide["baseSalary"]["value"]["minValue"] < guide["baseSalary"]["value"]["maxValue"]
    for doc in (ai, director, guide):
        assert "hiringOrganization" not in doc and "jobLocation" not in doc


def test_career_guide_seed_keeps_its_unmapped_content_in_the_appendix(seed_blueprints):
    from drafter.schema.models import UnmappedContent

    bp = seed_blueprints["000"].model_copy(deep=True)
    bp.unmapped = [UnmappedContent(heading="Our office dog", text="His name is Biscuit.", line=3)]
    html = render(bp, "html").decode()
    appendix = html[html.index('id="appendix-unmapped"') :]
    assert "Appendix: Unmapped content" in appendix
    assert all(Page(f"<p>{u.text[:40]}</p>") for u in bp.unmapped)
    assert bp.unmapped[0].text.split()[0] in appendix


def test_the_examples_exist():
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("example", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_every_example_exports_to_every_format(example, tmp_path):
    from drafter.render import export_blueprint, extension

    bp = read_document(example).blueprint
    for fmt in FORMATS:
        out = export_blueprint(bp, fmt, tmp_path / f"x{extension(fmt)}")
        assert out.stat().st_size > 1000
    assert Blueprint.model_validate_json((tmp_path / "x.json").read_bytes()) == bp
