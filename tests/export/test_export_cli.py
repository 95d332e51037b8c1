"""`drafter export FILE --to FMT [-o OUT]` as a user runs it."""

from __future__ import annotations

import io
import json
from pathlib import Path

import docx
import pytest

from drafter import fsio
from drafter.cli import app
from drafter.commands import export as export_cmd
from drafter.errors import ExportError, UsageError
from drafter.render import FORMATS
from drafter.schema.models import Blueprint

TEXT_FORMATS = [f for f in FORMATS if f != "docx"]


def invoke(cli, *args):
    return cli.invoke(app, ["export", *map(str, args)])


@pytest.mark.parametrize("fmt", ["json", "html", "docx", "jsonld"])
def test_default_output_goes_next_to_the_file(cli, bp_file, fmt):
    result = invoke(cli, bp_file, "--to", fmt)
    assert result.exit_code == 0, result.output
    suffix = ".export.json" if fmt == "json" else f".{fmt}"
    target = bp_file.with_name(f"staff-platform-engineer{suffix}")
    assert target.is_file() and target.stat().st_size > 500
    assert f"wrote {target} ({fmt}, " in result.stderr
    assert result.stdout == ""


def test_json_to_json_never_overwrites_the_input(cli, bp_file):
    before = bp_file.read_bytes()
    result = invoke(cli, bp_file, "--to", "json")
    assert result.exit_code == 0
    assert bp_file.read_bytes() == before
    out = bp_file.with_name("staff-platform-engineer.export.json")
    assert Blueprint.model_validate_json(out.read_bytes()) == Blueprint.model_validate_json(before)


def test_explicit_output_equal_to_input_is_refused(cli, bp_file):
    before = bp_file.read_bytes()
    result = invoke(cli, bp_file, "--to", "json", "-o", bp_file)
    assert result.exit_code == 1
    assert "refusing to overwrite the input file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert bp_file.read_bytes() == before


def test_output_into_a_folder(cli, bp_file, tmp_path):
    out_dir = tmp_path / "exports"
    out_dir.mkdir()
    result = invoke(cli, bp_file, "--to", "html", "-o", out_dir)
    assert result.exit_code == 0
    assert (out_dir / "staff-platform-engineer.html").is_file()


def test_explicit_output_file(cli, bp_file, tmp_path):
    target = tmp_path / "HR" / "role.docx"
    target.parent.mkdir()
    result = invoke(cli, bp_file, "-t", "docx", "--output", target)
    assert result.exit_code == 0
    assert docx.Document(str(target)).core_properties.title == "Staff Platform Engineer"


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_stdout_for_text_formats(cli, bp_file, fmt):
    if fmt == "md":
        pytest.importorskip("drafter.render.markdown")
    result = invoke(cli, bp_file, "--to", fmt, "-o", "-")
    assert result.exit_code == 0, result.stderr
    assert "Staff Platform Engineer" in result.stdout
    assert "wrote" not in result.stderr
    if fmt in ("json", "jsonld"):
        json.loads(result.stdout)
    assert sorted(p.name for p in bp_file.parent.iterdir()) == [bp_file.name]


def test_docx_to_a_pipe_is_allowed(cli, bp_file):
    result = invoke(cli, bp_file, "--to", "docx", "-o", "-")
    assert result.exit_code == 0
    assert docx.Document(io.BytesIO(result.stdout_bytes)).paragraphs[0].text == "Staff Platform Engineer"


def test_docx_to_a_terminal_is_refused(bp_file, monkeypatch):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    monkeypatch.setattr(export_cmd.sys, "stdout", Terminal())
    with pytest.raises(
        UsageError, match="docx is a binary format and stdout is a terminal; write it to a file with -o FILE.docx"
    ):
        export_cmd.run(bp_file, "docx", Path("-"))


def test_docx_to_a_terminal_exit_code(cli, bp_file, monkeypatch):
    monkeypatch.setattr(export_cmd, "_stdout_is_terminal", lambda: True)
    result = invoke(cli, bp_file, "--to", "docx", "-o", "-")
    assert result.exit_code == 2
    assert "binary format" in result.stderr and result.stdout_bytes == b""


def test_jsonld_prints_the_publishing_note(cli, bp_file):
    result = invoke(cli, bp_file, "--to", "jsonld")
    assert result.exit_code == 0
    note = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert len(note) == 1 and "hiringOrganization" in note[0] and "jobLocation" in note[0]
    doc = json.loads(bp_file.with_suffix(".jsonld").read_text())
    assert "hiringOrganization" not in doc


def test_missing_input_is_one_line_exit_2(cli, tmp_path):
    result = invoke(cli, tmp_path / "nope.json", "--to", "html")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "nope.json" in result.stderr
    assert "Traceback" not in result.output


def test_missing_output_folder_is_one_line_exit_1(cli, bp_file, tmp_path):
    result = invoke(cli, bp_file, "--to", "html", "-o", tmp_path / "missing" / "x.html")
    assert result.exit_code == 1
    assert "does not exist" in result.stderr and result.stderr.count("\n") == 1


def test_unwritable_output_is_one_line_exit_1(cli, bp_file, tmp_path, monkeypatch):
    import drafter.render as render_mod

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(fsio.os, "open", denied)
    result = invoke(cli, bp_file, "--to", "json", "-o", tmp_path / "x.json")
    assert result.exit_code == 1
    assert "cannot write" in result.stderr and "Permission denied" in result.stderr


def test_unknown_format_is_rejected_by_the_cli(cli, bp_file):
    result = invoke(cli, bp_file, "--to", "pdf")
    assert result.exit_code == 2
    assert not bp_file.with_suffix(".pdf").exists()


def test_not_a_blueprint_is_an_input_error(cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"hello": "world"}')
    result = invoke(cli, bad, "--to", "html")
    assert result.exit_code == 2
    assert "bad.json" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "bad.html").exists()


def test_output_path_rules(tmp_path):
    src = tmp_path / "role.json"
    assert export_cmd.output_path(src, "html", None) == tmp_path / "role.html"
    assert export_cmd.output_path(src, "json", None) == tmp_path / "role.export.json"
    assert export_cmd.output_path(tmp_path / "README", "md", None) == tmp_path / "README.md"
    assert export_cmd.output_path(tmp_path / "seed.txt", "md", None) == tmp_path / "seed.md"
    with pytest.raises(ExportError, match="refusing"):
        export_cmd.output_path(src, "md", tmp_path / "sub" / ".." / "role.json")


def test_a_draft_with_validation_errors_is_still_exported(cli, tmp_path):
    draft = tmp_path / "draft.json"
    draft.write_text('{"schema_version": "1.0", "meta": {"title": "Draft Role"}}', encoding="utf-8")
    result = invoke(cli, draft, "--to", "html")
    assert result.exit_code == 0
    assert (tmp_path / "draft.html").is_file()
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert notes == [
        f"note: {draft} has 20 validation errors; exported anyway (run `drafter validate {draft}` for details)"
    ]
    assert "This section has not been written yet." in (tmp_path / "draft.html").read_text()


def test_a_clean_document_gets_no_validation_note(cli, bp_file):
    result = invoke(cli, bp_file, "--to", "html")
    assert result.exit_code == 0 and "validation error" not in result.stderr


def test_title_index_is_refused_with_a_hint(cli, tmp_path):
    index = tmp_path / "titles.txt"
    index.write_bytes(
        (Path(__file__).resolve().parents[1] / "data" / "seeds" / "002_c9a4da374dfe7368.txt").read_bytes()
    )
    result = invoke(cli, index, "--to", "html")
    assert result.exit_code == 2
    assert "a list of 30 job titles, not a blueprint" in result.stderr and "drafter batch" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["titles.txt"]


def test_export_never_imports_litellm_or_textual(bp_file):
    import subprocess
    import sys

    code = (
        "import sys; from pathlib import Path; from drafter.commands.export import run; "
        f"run(Path({str(bp_file)!r}), 'docx', None); run(Path({str(bp_file)!r}), 'md', None); "
        "print(','.join(m for m in ('litellm', 'instructor', 'textual', 'openai') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
    assert bp_file.with_suffix(".docx").is_file() and bp_file.with_suffix(".md").is_file()
