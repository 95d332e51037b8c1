"""Every kind of bad input is one clear InputError, never a traceback."""

from __future__ import annotations

import os

import pytest

from drafter.errors import InputError
from drafter.readers import read_document, read_text
from drafter.readers import source


def _reason(path) -> str:
    with pytest.raises(InputError) as info:
        read_document(path)
    msg = str(info.value)
    assert "\n" not in msg and msg.startswith(str(path))
    return info.value.reason


def test_empty_file(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert _reason(p) == "empty file"
    p.write_text("  \n\t\n", encoding="utf-8")
    assert _reason(p) == "empty file (only whitespace)"


def test_binary_file(tmp_path):
    p = tmp_path / "blob.txt"
    p.write_bytes(b"abc\x00\x01\x02def")
    assert _reason(p) == "binary file (NUL byte at offset 3), not a text document"
    pdf = tmp_path / "role.pdf"
    pdf.write_bytes(b"%PDF-1.7\n...")
    assert "PDF" in _reason(pdf)


def test_docx_is_refused_clearly(tmp_path):
    p = tmp_path / "role.docx"
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert "ZIP archive" in _reason(p)


def test_truncated_json(seed, tmp_path):
    p = tmp_path / "cut.json"
    p.write_bytes(seed["003"].read_bytes()[:5000])
    reason = _reason(p)
    assert reason.startswith("truncated JSON") and "line 1, column" in reason


def test_invalid_json_and_unsupported_json(tmp_path):
    p = tmp_path / "bad.json"
    p.write_text('{"a": 1,, "b": 2}', encoding="utf-8")
    assert _reason(p).startswith("invalid JSON: Expecting property name")
    p.write_text('{"a": 1}', encoding="utf-8")
    assert "not a supported document" in _reason(p)
    p.write_text("[1, 2]", encoding="utf-8")
    assert "JSON list of 2 entries" in _reason(p)


def test_wrong_encoding(tmp_path):
    p = tmp_path / "latin1.txt"
    p.write_bytes("1) Role Summary\n\nCafé au lait.\n".encode("latin-1"))
    reason = _reason(p)
    assert "not UTF-8 text: byte 0xe9 at offset 20 (line 3)" in reason
    assert "re-save the file as UTF-8" in reason


def test_utf8_bom_and_utf16_bom_are_fine(seed, tmp_path):
    text = seed["004"].read_text(encoding="utf-8")
    bom8 = tmp_path / "bom8.txt"
    bom8.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(text.encode("utf-16"))  # with BOM
    for p in (bom8, utf16):
        doc = read_document(p)
        assert doc.blueprint.meta.title == "Director of Machine Learning Engineering"
        assert len(doc.blueprint.kpis.rows) == 20


def test_windows_line_endings(seed, tmp_path):
    p = tmp_path / "crlf.txt"
    p.write_bytes(seed["004"].read_bytes().replace(b"\n", b"\r\n"))
    doc = read_document(p)
    assert len(doc.blueprint.tools.rows) == 32 and doc.lines["kpis"] == 221


def test_too_large_is_refused_without_reading(tmp_path, monkeypatch):
    p = tmp_path / "huge.txt"
    with open(p, "wb") as fh:  # 50 MB, sparse: cheap to create
        fh.truncate(50 * 1024 * 1024)
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda *a, **k: opened.append(a[0]) or real_open(*a, **k))
    reason = _reason(p)
    assert reason == "file is 50.0 MB, over the 10.0 MB limit for a document; not read"
    assert str(p) not in map(str, opened)


def test_directory_missing_path_permission(tmp_path, monkeypatch):
    assert _reason(tmp_path).startswith("is a directory")
    assert _reason(tmp_path / "nope.txt") == "no such file"
    p = tmp_path / "secret.txt"
    p.write_text("x", encoding="utf-8")

    def deny(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(source, "open", deny, raising=False)
    assert _reason(p) == "permission denied"


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True, reason="root can read anything")
def test_real_permission_error(tmp_path):
    p = tmp_path / "locked.txt"
    p.write_text("1) Role Summary", encoding="utf-8")
    p.chmod(0)
    assert _reason(p) == "permission denied"


def test_read_text_guards():
    with pytest.raises(InputError, match="empty document"):
        read_text("   ", name="x")
    with pytest.raises(InputError, match="NUL"):
        read_text("a\x00b", name="x")
