"""``drafter import PATH... --out DIR``: documents to Blueprint JSON plus Markdown.

Each role document becomes ``<slug>.json`` (the Blueprint, indent 2) and
``<slug>.md`` (the Markdown rendering); a career ladder (a page describing
several levels, ``readers.ladder``) becomes one pair per level, each with the
shared content plus that level's, ``meta.level`` and ``meta.track`` set; a title index becomes
``titles.csv`` (columns ``title,summary``).  Prints what it wrote and how
many findings the reader had.  An input that cannot be read is reported on
one line and the others are still imported (exit 2 at the end).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from ..errors import InputError, UsageError
from ..findings import Severity
from ..slugs import slugify


def _unique(directory: Path, stem: str, used: set[str]) -> str:
    candidate, n = stem, 2
    while candidate in used:
        candidate = f"{stem}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def titles_csv(entries) -> str:
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["title", "summary"])
    for e in entries:
        writer.writerow([e.title, e.summary or ""])
    return buf.getvalue()


def _write(path: Path, text: str) -> None:
    from ..render import write_atomic

    write_atomic(path, text.encode("utf-8"))


def _write_blueprint(out: Path, stem: str, bp, render_markdown) -> tuple[Path, Path]:
    json_path, md_path = out / f"{stem}.json", out / f"{stem}.md"
    _write(json_path, json.dumps(bp.model_dump(mode="json", exclude_none=False), indent=2, ensure_ascii=False) + "\n")
    _write(md_path, render_markdown(bp))
    return json_path, md_path


def run(paths: list[Path], out: Path) -> int:
    from ..load import blueprint_of, read_document
    from ..readers.source import walk
    from ..render.markdown import render_markdown

    console = Console(highlight=False, soft_wrap=True)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out}: exists and is not a directory")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot create the directory: {exc.strerror or exc}") from None

    files: list[Path] = []
    for p in paths:
        p = Path(p)
        files.extend(walk(p) if p.is_dir() else [p])
    used: set[str] = set()
    unreadable = 0
    written = 0
    for f in files:
        try:
            doc = read_document(f)
        except InputError as exc:
            unreadable += 1
            err.print(f"[bold red]error:[/] {escape(str(exc))}")
            continue
        counts = {s: sum(1 for x in doc.findings if x.severity == s) for s in Severity}
        summary = ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items() if n) or "no findings"
        if doc.kind == "title_index":
            stem = _unique(out, "titles", used)
            target = out / f"{stem}.csv"
            _write(target, titles_csv(doc.titles or []))
            written += 1
            console.print(f"{escape(str(f))} -> {escape(str(target))} ({len(doc.titles or [])} titles)")
            continue
        try:
            bp = blueprint_of(doc, purpose="import")
        except InputError as exc:  # blueprint JSON (or a draft) that does not validate: names the field
            unreadable += 1
            err.print(f"[bold red]error:[/] {escape(str(exc))}")
            continue
        if doc.levels:
            # A career ladder: one blueprint per level (shared content plus that level's).
            names = []
            for level in doc.levels:
                lbp = level.blueprint
                stem = _unique(out, slugify(lbp.meta.title, fallback=slugify(f"{f.stem}-{level.level}", fallback="blueprint"), max_len=80), used)
                _write_blueprint(out, stem, lbp, render_markdown)
                names.append(f"{stem}.json")
            written += 1
            console.print(
                f"{escape(str(f))} -> a career ladder of {len(doc.levels)} levels "
                f"({', '.join(escape(d.level or '?') for d in doc.levels)}): one blueprint per level in "
                f"{escape(str(out))}: {escape(', '.join(names))} ({doc.format}; {summary})"
            )
            continue
        fallback = slugify(f.stem, fallback="blueprint", max_len=80)
        stem = _unique(out, slugify(bp.meta.title, fallback=fallback, max_len=80), used)
        json_path, md_path = _write_blueprint(out, stem, bp, render_markdown)
        written += 1
        console.print(
            f"{escape(str(f))} -> {escape(str(json_path))}, {escape(md_path.name)} "
            f"({doc.format}, {bp.kind.value.replace('_', ' ')}: {escape(bp.meta.title)}; {summary})"
        )
    console.print(
        f"imported {written} of {len(files)} file{'s' if len(files) != 1 else ''} into {escape(str(out))}"
        + (f"; {unreadable} could not be read" if unreadable else "")
    )
    return 2 if unreadable else 0
