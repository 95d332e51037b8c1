"""`drafter import`: documents to Blueprint JSON + Markdown; the committed examples/ stay in sync."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from drafter.cli import app
from drafter.slugs import slugify
from drafter.readers import read_document
from drafter.schema.models import Blueprint

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "data" / "seeds"
EXAMPLES = REPO / "examples"
EXPECTED = {
    "ai-platform-engineer",
    "director-of-machine-learning-engineering",
    "platform-engineering-director",
    "senior-platform-engineer",
}


def test_import_seeds(tmp_path):
    result = CliRunner().invoke(app, ["import", *map(str, sorted(SEEDS.glob("*.txt"))), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.stdout
    out = tmp_path / "out"
    assert {p.stem for p in out.glob("*.json")} == EXPECTED
    assert {p.stem for p in out.glob("*.md")} == EXPECTED
    assert "imported 5 of 5 files" in result.stdout
    assert "ai-platform-engineer.json" in result.stdout and "no findings" in result.stdout
    bp = Blueprint.model_validate_json(
        (out / "director-of-machine-learning-engineering.json").read_text(encoding="utf-8")
    )
    assert len(bp.kpis.rows) == 20
    text = (out / "ai-platform-engineer.json").read_text(encoding="utf-8")
    assert text.startswith('{\n  "schema_version": "1.0"')  # indent 2
    md = read_document(out / "senior-platform-engineer.md")
    assert md.blueprint.model_dump(exclude={"source"}) == Blueprint.model_validate_json(
        (out / "senior-platform-engineer.json").read_text(encoding="utf-8")
    ).model_dump(exclude={"source"})
    with open(out / "titles.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert rows[0] == ["title", "summary"] and len(rows) == 31
    assert rows[1][0] == "Head of Reliability Engineering" and rows[1][1].startswith(
        "The Head of Reliability Engineering"
    )


def test_bad_inputs_are_reported_and_the_rest_imported(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    seed = next(SEEDS.glob("003_*"))
    result = CliRunner().invoke(app, ["import", str(tmp_path / "empty.txt"), str(seed), "--out", str(tmp_path / "o")])
    assert result.exit_code == 2
    assert "empty file" in result.stderr
    assert (tmp_path / "o" / "ai-platform-engineer.json").exists()


def test_same_title_twice_gets_distinct_files(tmp_path):
    seed = next(SEEDS.glob("004_*"))
    result = CliRunner().invoke(app, ["import", str(seed), str(seed), "--out", str(tmp_path)])
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.glob("*.json")) == [
        "director-of-machine-learning-engineering-2.json",
        "director-of-machine-learning-engineering.json",
    ]


def test_out_must_be_a_directory(tmp_path):
    f = tmp_path / "file"
    f.write_text("x", encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(next(SEEDS.glob("003_*"))), "--out", str(f)])
    assert result.exit_code == 2 and "not a directory" in result.stderr


def test_slugs_are_safe():
    assert slugify("Director of ML / AI (EMEA): Zürich") == "director-of-ml-ai-emea-zurich"
    assert slugify("../../etc/passwd") == "etc-passwd"
    assert slugify("???", fallback="blueprint") == "blueprint" and len(slugify("x" * 300, max_len=80)) == 80


def test_committed_examples_are_fresh(tmp_path):
    """examples/ is what `drafter import tests/data/seeds/*.txt --out examples` writes (regenerate if this fails)."""
    result = CliRunner().invoke(app, ["import", *map(str, sorted(SEEDS.glob("*.txt"))), "--out", str(tmp_path)])
    assert result.exit_code == 0
    for name in [*(f"{s}.json" for s in EXPECTED), *(f"{s}.md" for s in EXPECTED), "titles.csv"]:
        fresh, committed = tmp_path / name, EXAMPLES / name
        assert committed.exists(), name
        if name.endswith(".json"):
            a, b = json.loads(fresh.read_text(encoding="utf-8")), json.loads(committed.read_text(encoding="utf-8"))
            a["source"]["path"] = b["source"]["path"] = None  # absolute vs relative paths
            assert a == b, f"examples/{name} is stale: run `drafter import tests/data/seeds/*.txt --out examples`"
        else:
            assert fresh.read_text(encoding="utf-8") == committed.read_text(encoding="utf-8"), (
                f"examples/{name} is stale"
            )


def test_examples_validate():
    for p in sorted(EXAMPLES.glob("*.json")):
        doc = read_document(p)
        assert doc.blueprint is not None and not [f for f in doc.findings if f.severity.value == "error"]
