"""The public role documents in ../shared/corpus (when present): every one reads, and the coverage targets hold.

The figures are those of ``../shared/tools/corpus_coverage.py`` (its ``measure``), computed in process on the
blueprint ``drafter import`` writes first for each document (for a career ladder: the first level by file name).
Skipped when ../shared is absent (CI without the corpus).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from drafter.commands.import_ import slugify
from drafter.readers import read_document

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"
TOOL = SHARED / "tools" / "corpus_coverage.py"

pytestmark = pytest.mark.skipif(not (CORPUS.is_dir() and TOOL.is_file()), reason="../shared/corpus is not here")


def _measure():
    spec = importlib.util.spec_from_file_location("corpus_coverage", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.measure


def _expected_titles() -> dict[str, str]:
    out = {}
    for line in (CORPUS / "titles.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and "\t" in line:
            name, title = line.split("\t", 1)
            out[name.strip()] = title.strip()
    return out


@pytest.fixture(scope="module")
def rows():
    measure = _measure()
    titles = _expected_titles()
    out = {}
    for path in sorted(CORPUS.iterdir()):
        if path.name in ("SOURCES.md", "titles.tsv") or path.name.startswith("."):
            continue
        doc = read_document(path)  # an InputError here fails the test: every document must read
        docs = doc.levels or [doc]
        first = min(docs, key=lambda d: slugify(d.blueprint.meta.title))
        out[path.name] = measure(json.loads(first.blueprint.model_dump_json()), titles.get(path.name))
    return out


def test_every_document_reads_and_the_targets_hold(rows):
    n = len(rows)
    assert n >= 20
    titles_ok = sum(r["title_ok"] for r in rows.values())
    in_sections = sum(r["in_sections"] for r in rows.values()) / n
    in_fields = sum(r["in_fields"] for r in rows.values()) / n
    report = {name: (r["title"], r["in_sections"], r["in_fields"]) for name, r in rows.items()}
    assert titles_ok >= 0.95 * n, report
    assert in_sections >= 0.90, report
    assert in_fields >= 0.70, report


def test_ladders_are_read_per_level():
    levels = {
        "gitlab-paralegal.md": ["Associate Paralegal", "Paralegal", "Senior Paralegal", "Lead Paralegal"],
        "monzo-customer-operations.md": ["Level 1", "Level 2"],
    }
    for name, expected in levels.items():
        doc = read_document(CORPUS / name)
        assert [d.level for d in doc.levels] == expected
        assert all(d.blueprint.meta.level is not None for d in doc.levels)
    sg = read_document(CORPUS / "sourcegraph-engineering-career-framework.md")
    assert [d.level for d in sg.levels] == ["IC1", "IC2", "IC3", "IC4", "IC5", "M3", "M4", "M5", "M6"]
    assert [d.blueprint.meta.track.value for d in sg.levels][4:6] == ["individual_contributor", "manager"]
    assert "M3" not in sg.levels[0].blueprint.model_dump_json()  # a level holds its own content only
    for name in ("the31337-lendup-principal-backend-engineer.md", "mathesar-senior-backend-engineer.md"):
        assert read_document(CORPUS / name).levels == []  # one role per page
