"""Word documents: written with python-docx here, and with pandoc when it is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from drafter.readers import read_document
from drafter.readers.docx import read_docx

docx = pytest.importorskip("docx")


def content(bp) -> dict:
    """The blueprint without source details and line numbers (DOCX lines are paragraph numbers)."""

    def strip(o):
        if isinstance(o, dict):
            return {k: strip(v) for k, v in o.items() if k != "line"}
        if isinstance(o, list):
            return [strip(v) for v in o]
        return o

    return strip(bp.model_dump(exclude={"source", "generation"}))


def _write(path: Path) -> Path:
    d = docx.Document()
    d.add_paragraph("Staff Data Engineer", style="Title")
    d.add_heading("Role Summary", level=1)
    p = d.add_paragraph()
    p.add_run("What the role is:").bold = True
    p.add_run(" Owns the data platform end to end.")
    d.add_heading("Responsibilities", level=1)
    d.add_paragraph("Design pipelines", style="List Bullet")
    d.add_paragraph("Review schemas", style="List Bullet")
    d.add_paragraph("Mentor engineers", style="List Bullet 2")
    d.add_paragraph("Requirements", style="Normal").runs[0].bold = True
    d.add_paragraph("5 years of SQL", style="List Number")
    d.add_paragraph("Python", style="List Number")
    d.add_heading("Key Performance Indicators", level=1)
    t = d.add_table(rows=2, cols=3)
    for cell, text in zip(t.rows[0].cells, ("Metric", "Target", "Frequency")):
        cell.text = text
    for cell, text in zip(t.rows[1].cells, ("Pipeline uptime", "99.9%", "Monthly")):
        cell.text = text
    d.save(path)
    return path


def test_python_docx_file_blocks(tmp_path):
    blocks = read_docx(_write(tmp_path / "role.docx").read_bytes())
    got = [(b.kind, b.level, b.full) for b in blocks if b.kind != "meta"]
    assert got[:4] == [
        ("heading", 1, "Staff Data Engineer"),
        ("heading", 2, "Role Summary"),
        ("para", 0, "What the role is: Owns the data platform end to end."),
        ("heading", 2, "Responsibilities"),
    ]
    items = [b for b in blocks if b.kind == "item"]
    assert [(b.text, b.level, b.ordered, b.number) for b in items] == [
        ("Design pipelines", 0, False, None),
        ("Review schemas", 0, False, None),
        ("Mentor engineers", 1, False, None),
        ("5 years of SQL", 0, True, 1),
        ("Python", 0, True, 2),
    ]
    assert next(b for b in blocks if b.kind == "para" and b.meta.get("bold_only")).text == "Requirements"
    table = next(b for b in blocks if b.kind == "table")
    assert table.rows == [["Metric", "Target", "Frequency"], ["Pipeline uptime", "99.9%", "Monthly"]]


def test_python_docx_file_reads_as_a_blueprint(tmp_path):
    doc = read_document(_write(tmp_path / "role.docx"))
    bp = doc.blueprint
    assert doc.format == "docx" and bp.meta.title == "Staff Data Engineer"
    assert bp.summary.what_it_is == "Owns the data platform end to end."
    assert bp.kpis.rows[0].name == "Pipeline uptime" and bp.kpis.rows[0].frequency == "Monthly"
    assert "Design pipelines" in bp.model_dump_json()


MARKDOWN = """# Senior Analyst

## Overview

Turns data into decisions.

## Responsibilities

- Build dashboards
- Run experiments
  - Write up results

## Requirements

1. 3 years of SQL
2. Statistics

| Metric | Target |
|---|---|
| Report freshness | Daily |
"""


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_docx_reads_like_its_markdown(tmp_path):
    src = tmp_path / "role.md"
    src.write_text(MARKDOWN, encoding="utf-8")
    out = tmp_path / "role.docx"
    subprocess.run(["pandoc", str(src), "-o", str(out)], check=True, timeout=60)
    assert content(read_document(out).blueprint) == content(read_document(src).blueprint)


def test_committed_pandoc_fixture(data_dir):
    """A small file pandoc wrote (tests/readers/data/pandoc_role.docx, from MARKDOWN above)."""
    doc = read_document(data_dir / "pandoc_role.docx")
    src = read_document(data_dir / "pandoc_role.md")
    assert doc.format == "docx" and doc.blueprint.meta.title == "Senior Analyst"
    assert content(doc.blueprint) == content(src.blueprint)
