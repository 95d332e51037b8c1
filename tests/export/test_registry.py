"""The export registry: formats, extensions, render() and the atomic write."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

import drafter.render as render_mod
from drafter import fsio
from drafter.errors import ExportError
from drafter.render import FORMATS, default_filename, export_blueprint, extension, is_binary, render


def test_formats_and_extensions():
    assert FORMATS == ("md", "json", "html", "docx", "jsonld")
    assert [extension(f) for f in FORMATS] == [".md", ".json", ".html", ".docx", ".jsonld"]
    assert [f for f in FORMATS if is_binary(f)] == ["docx"]


def test_cli_choices_match_registry():
    from drafter.cli import ExportFormat

    assert tuple(f.value for f in ExportFormat) == FORMATS


@pytest.mark.parametrize("fmt", FORMATS)
def test_render_gives_bytes_for_every_format(bp, fmt):
    data = render(bp, fmt)
    assert isinstance(data, bytes) and len(data) > 500
    if fmt == "docx":
        assert data[:2] == b"PK"
    else:
        text = data.decode("utf-8")
        assert "Staff Platform Engineer" in text


def test_unknown_format_is_a_one_line_export_error(bp):
    with pytest.raises(ExportError, match=r"unknown export format 'pdf'; choose one of: md, json, html, docx, jsonld"):
        render(bp, "pdf")
    with pytest.raises(ExportError):
        extension("txt")


def test_renderer_crash_becomes_export_error(bp, monkeypatch):
    import drafter.render.html as html_mod

    def boom(_bp):
        raise ValueError("template exploded")

    monkeypatch.setattr(html_mod, "render_html", boom)
    with pytest.raises(ExportError, match="could not render html: ValueError: template exploded"):
        render(bp, "html")


def test_default_filename(bp):
    assert default_filename(bp, "html") == "staff-platform-engineer.html"
    bp.meta.title = "Director, ML Engineering (EMEA) / Ünïcode"
    assert default_filename(bp, "docx") == "director-ml-engineering-emea-unicode.docx"
    bp.meta.title = "!!!"
    assert default_filename(bp, "md") == "blueprint.md"


def test_export_blueprint_writes_atomically_and_leaves_no_temp_files(bp, tmp_path):
    target = tmp_path / "out.html"
    assert export_blueprint(bp, "html", target) == target
    assert target.read_bytes() == render(bp, "html")
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]
    # a new file gets the usual permissions (umask applied), not mkstemp's 0600
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask


def test_export_blueprint_keeps_mode_of_replaced_file(bp, tmp_path):
    target = tmp_path / "out.json"
    target.write_text("old")
    target.chmod(0o640)
    export_blueprint(bp, "json", target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text().startswith('{\n  "schema_version"')


def test_failed_render_keeps_previous_file(bp, tmp_path, monkeypatch):
    target = tmp_path / "out.html"
    target.write_text("previous export")

    def boom(_bp):
        raise RuntimeError("no")

    import drafter.render.html as html_mod

    monkeypatch.setattr(html_mod, "render_html", boom)
    with pytest.raises(ExportError):
        export_blueprint(bp, "html", target)
    assert target.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.html"]


def test_failed_write_keeps_previous_file_and_cleans_up(bp, tmp_path, monkeypatch):
    target = tmp_path / "out.md"
    target.write_text("previous")

    def no_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(fsio.os, "replace", no_replace)
    with pytest.raises(ExportError, match="cannot write .*out.json: No space left on device"):
        export_blueprint(bp, "json", tmp_path / "out.json")
    assert target.read_text() == "previous"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.md"]


def test_export_blueprint_missing_folder_or_folder_target(bp, tmp_path):
    with pytest.raises(ExportError, match="does not exist"):
        export_blueprint(bp, "json", tmp_path / "nope" / "x.json")
    with pytest.raises(ExportError, match="is a folder"):
        export_blueprint(bp, "json", tmp_path)


def test_unwritable_folder_is_export_error(bp, tmp_path, monkeypatch):
    real_open = os.open

    def denied(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(fsio.os, "open", denied)
    with pytest.raises(ExportError, match=r"cannot write .*x\.json: Permission denied$"):
        export_blueprint(bp, "json", tmp_path / "x.json")
    assert list(tmp_path.iterdir()) == []


def test_importing_the_registry_is_light():
    """The TUI and batch import drafter.render at start-up: no docx, no litellm, no jinja2."""
    code = (
        "import sys, drafter.render; "
        "heavy = [m for m in ('docx', 'litellm', 'jinja2', 'lxml', 'instructor') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_html_and_json_exports_do_not_import_docx_or_litellm():
    code = (
        "import sys; from drafter.render import render; from drafter.testing import sample_blueprint; "
        "bp = sample_blueprint(); render(bp, 'html'); render(bp, 'json'); render(bp, 'jsonld'); "
        "print(','.join(m for m in ('docx', 'litellm') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
