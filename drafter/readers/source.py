"""Loading a document's bytes safely and decoding them to text.

Every way a file can be unreadable becomes an ``InputError`` with one line
that says what is wrong and, where it helps, what to do:

* a missing path, a directory, a permission problem;
* a file over ``MAX_BYTES`` (checked with ``stat`` before anything is read);
* an empty file (or only whitespace);
* a binary file (NUL bytes in the first block, or a known binary signature);
* text that is not UTF-8 (the offending byte and its offset are named).

UTF-8 with or without a BOM and UTF-16 with a BOM are accepted.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..errors import InputError

MAX_BYTES = 10 * 1024 * 1024  # 10 MiB: far above any real blueprint (the seeds are < 80 KB)

_BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF file"),
    (b"PK\x03\x04", "a ZIP archive, not a Word .docx"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "an executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xd0\xcf\x11\xe0", "an old Office document"),
)


def human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1024 or unit == "GB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024  # type: ignore[assignment]
    return f"{n} bytes"  # pragma: no cover


def load_bytes(path: str | Path, *, max_bytes: int = MAX_BYTES) -> bytes:
    """The file's bytes, or ``InputError`` (missing, directory, unreadable, too large)."""
    p = Path(path)
    name = str(path)
    try:
        st = p.stat()
    except FileNotFoundError:
        raise InputError(name, "no such file") from None
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    if p.is_dir():
        raise InputError(name, "is a directory (pass the directory itself to `drafter validate`, which walks it)")
    if st.st_size > max_bytes:
        raise InputError(
            name,
            f"file is {human_size(st.st_size)}, over the {human_size(max_bytes)} limit for a document; not read",
        )
    try:
        with open(p, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(name, "permission denied") from None
    except IsADirectoryError:
        raise InputError(name, "is a directory") from None
    except OSError as exc:
        raise InputError(name, f"cannot read: {exc.strerror or exc}") from None
    if len(data) > max_bytes:  # grew while we looked, or a special file
        raise InputError(name, f"file is over the {human_size(max_bytes)} limit for a document; not read")
    return data


def decode(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8 (BOM optional) or UTF-16 with a BOM; else ``InputError``."""
    if not data.strip():
        raise InputError(name, "empty file" if not data else "empty file (only whitespace)")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                name, f"not valid UTF-16 text (bad data at byte offset {exc.start})", hint="re-save the file as UTF-8"
            ) from None
        return _check_text(text, name)
    for signature, what in _BINARY_SIGNATURES:
        if data.startswith(signature):
            raise InputError(name, f"binary file ({what}), not a text document")
    head = data[:8192]
    nul = head.find(b"\x00")
    if nul >= 0:
        raise InputError(name, f"binary file (NUL byte at offset {nul}), not a text document")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(
            name,
            f"not UTF-8 text: byte {data[exc.start]:#04x} at offset {exc.start} (line {line}); "
            "re-save the file as UTF-8",
            hint="re-save the file as UTF-8",
        ) from None
    return _check_text(text, name)


def _check_text(text: str, name: str) -> str:
    if not text.strip():
        raise InputError(name, "empty file (only whitespace)")
    if "\x00" in text:
        raise InputError(name, "binary file (contains NUL characters), not a text document")
    # Normalise newlines once, so that line numbers are the ones an editor shows.
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> str:
    """Read and decode ``path`` (see module docstring); raises ``InputError``."""
    return decode(load_bytes(path, max_bytes=max_bytes), str(path))


def is_hidden(path: Path) -> bool:
    return path.name.startswith(".")


def is_batch_bookkeeping(path: Path) -> bool:
    """Files ``drafter batch`` writes beside the blueprints: its manifest and partial drafts."""
    if path.name.endswith(".partial.json"):
        return True
    if path.name == "manifest.json":
        try:
            with path.open("rb") as fh:
                head = fh.read(4096)
        except OSError:
            return False
        return b'"items"' in head and b'"version"' in head
    return False


def walk(directory: Path) -> list[Path]:
    """Every document under ``directory``, sorted; hidden files and folders and
    batch bookkeeping (manifest.json, *.partial.json) are skipped."""
    out: list[Path] = []
    for root, dirs, files in os.walk(directory):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        for f in sorted(files):
            path = Path(root) / f
            if not f.startswith(".") and not is_batch_bookkeeping(path):
                out.append(path)
    return out
