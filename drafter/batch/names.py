"""Safe file names for batch items.

A name is built only from letters, digits, ``-`` and ``_``: it can never hold
a path separator, ``..``, a leading dot or a Windows device name, and it is
capped in length (long names keep a short hash so that they stay distinct).
``inside(directory, name)`` is the belt-and-braces check every writer makes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..slugs import slugify

MAX_STEM_BYTES = 120  # leaves room for ".partial.json" and a "-NN" suffix under the usual 255-byte limit

_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def _cap(stem: str, limit: int = MAX_STEM_BYTES) -> str:
    if len(stem.encode("utf-8")) <= limit:
        return stem
    digest = hashlib.sha1(stem.encode("utf-8")).hexdigest()[:8]
    room = limit - len(digest) - 1
    cut = stem.encode("utf-8")[:room].decode("utf-8", errors="ignore").rstrip("-")
    return f"{cut}-{digest}"


def item_stem(title: str, parts: list[tuple[str, str]] | None = None) -> str:
    """``<title-slug>[--<axis>-<value>...]``, safe and capped.  ``parts`` are (axis, value) pairs."""
    stem = slugify(title)
    for axis, value in parts or []:
        stem += f"--{slugify(axis).replace('-', '_')}-{slugify(value, fallback='none')}"
    stem = _cap(stem)
    if stem.split(".")[0].lower() in _WINDOWS_RESERVED:
        stem = f"{stem}-role"
    return stem


def unique_stem(stem: str, taken: set[str]) -> str:
    """``stem``, or ``stem-2``, ``stem-3``... whichever is not in ``taken``.

    ``taken`` holds case-folded names (file systems that ignore case would
    otherwise merge two items); the caller adds the result to it.
    """
    if stem.casefold() not in taken:
        return stem
    n = 2
    while True:
        candidate = _cap(stem, MAX_STEM_BYTES - len(str(n)) - 1) + f"-{n}"
        if candidate.casefold() not in taken:
            return candidate
        n += 1


def is_safe_name(name: str) -> bool:
    """True for a bare file name that cannot leave its directory."""
    return bool(name) and name not in (".", "..") and not name.startswith(".") and "/" not in name and "\\" not in name and "\x00" not in name and ".." not in name


def inside(directory: Path, name: str) -> Path:
    """``directory / name``, refusing anything that would resolve outside ``directory``."""
    if not is_safe_name(name):
        raise ValueError(f"unsafe file name {name!r}")
    base = directory.resolve()
    path = (base / name).resolve()
    if path.parent != base:
        raise ValueError(f"{name!r} escapes {directory}")
    return base / name
