"""Lists of job titles: plain text, CSV, or a title index like the seeds' 002.

``read_titles_file(path)`` reads any of the three and returns a ``TitleList``:
the entries to draft plus notes about what was dropped (blank lines,
duplicates) or refused (empty, overlong or control characters), each with its
line number.  A file that cannot be a list of titles at all (missing, binary,
not UTF-8, a CSV without a title column, no titles) raises ``InputError`` with
one line.

The title index format (002)::

    Head of Platform Engineering: Role Blueprint, Responsibilities, Skills, KPIs, and Career Path
    The Head of Platform Engineering is accountable for ...

Each heading gives a title; the paragraph under it becomes the ``summary``
(context for drafting), with markdown ``**`` removed.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator, Literal

from .errors import InputError
from .roles import level_choices, parse_level, parse_track
from .schema.enums import Track

MAX_TITLE_LEN = 120
MAX_FIELD_LEN = 4000  # notes / summary: longer is cut with a note

Format = Literal["text", "csv", "index"]
NoteKind = Literal["blank", "duplicate", "refused", "ignored"]


@dataclass(frozen=True)
class TitleEntry:
    """One title to draft, with optional request fields from a CSV row."""

    title: str
    summary: str | None = None  # context: the index paragraph, or a CSV summary/context column
    line: int | None = None  # 1-based line in the source file
    level: str | None = None
    track: str | None = None  # "ic" or "manager"
    company_size: str | None = None
    industry: str | None = None
    notes: str | None = None

    def key(self) -> tuple:
        """Identity for duplicate detection: the title (case and spacing folded) and request fields."""
        fold = lambda s: " ".join(s.split()).casefold() if s else ""  # noqa: E731
        return (fold(self.title), fold(self.level), fold(self.track), fold(self.company_size), fold(self.industry))


@dataclass(frozen=True)
class TitleNote:
    """Something dropped or refused while reading, for the user."""

    kind: NoteKind
    message: str
    line: int | None = None

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass
class TitleList:
    entries: list[TitleEntry] = field(default_factory=list)
    notes: list[TitleNote] = field(default_factory=list)
    format: Format = "text"
    source: str = "<text>"

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[TitleEntry]:
        return iter(self.entries)

    @property
    def refused(self) -> list[TitleNote]:
        return [n for n in self.notes if n.kind == "refused"]


# ---------------------------------------------------------------- validation

_CONTROL_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}


def normalize_title(raw: str) -> str:
    """NFC, whitespace collapsed, markdown bold removed."""
    text = unicodedata.normalize("NFC", raw).replace("**", "").replace("\u00a0", " ")
    # Only spaces are collapsed: tabs and other control characters stay so that they can be refused.
    return re.sub(r" {2,}", " ", text).strip(" ")


def title_problem(title: str) -> str | None:
    """Why ``title`` cannot be drafted, or None when it is fine."""
    if not title.strip():
        return "empty title"
    bad = [ch for ch in title if unicodedata.category(ch) in _CONTROL_CATEGORIES]
    if bad:
        return f"title contains control character {ord(bad[0]):#06x}"
    if len(title) > MAX_TITLE_LEN:
        return f"title is {len(title)} characters long (at most {MAX_TITLE_LEN})"
    return None


def _clean_field(value: str | None, *, multiline: bool = False) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFC", value).replace("**", "")
    keep = "\n\t" if multiline else ""
    text = "".join(ch if ch in keep or unicodedata.category(ch) not in _CONTROL_CATEGORIES else " " for ch in text)
    text = "\n".join(" ".join(part.split()) for part in text.splitlines()).strip() if multiline else " ".join(text.split())
    return text or None




# ---------------------------------------------------------------- the title index (002)

_INDEX_HEADING = re.compile(
    r"""^\s*(?:[#>*\-•]+\s*)?          # optional markdown heading / bullet
        (?:\*\*)?\s*(?P<title>[^\n:]*?[^\s:*])\s*(?:\*\*)?\s*   # the title
        :\s*(?:\*\*)?\s*role\s+blueprint\b   # ": Role Blueprint"
    """,
    re.IGNORECASE | re.VERBOSE,
)


def _heading(line: str) -> str | None:
    m = _INDEX_HEADING.match(line)
    return m.group("title") if m else None


def looks_like_title_index(text: str) -> bool:
    """True when ``text`` is shaped like the seeds' title index: ``<Title>: Role Blueprint, ...`` lines."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    headings = [ln for ln in lines if _heading(ln)]
    if not headings:
        return False
    return len(headings) >= 2 or _heading(lines[0]) is not None


def parse_title_index(text: str) -> list[TitleEntry]:
    """Every ``<Title>: Role Blueprint...`` heading with the paragraph below it as its summary.

    Lines before the first heading (site noise) are ignored.  No validation or
    de-duplication: ``read_titles_file`` / ``parse_titles`` do that.
    """
    entries: list[TitleEntry] = []
    current: tuple[str, int] | None = None
    body: list[str] = []

    def flush() -> None:
        if current is not None:
            summary = _clean_field(" ".join(b.strip() for b in body if b.strip()))
            entries.append(TitleEntry(title=normalize_title(current[0]), summary=summary, line=current[1]))

    for number, line in enumerate(text.splitlines(), start=1):
        title = _heading(line)
        if title is not None:
            flush()
            current, body = (title, number), []
        elif current is not None:
            body.append(line)
    flush()
    return entries


# ---------------------------------------------------------------- plain text

_BULLET = re.compile(r"^\s*(?:[-*•+]\s+|\d{1,4}[.)]\s+)")


def _parse_text(text: str) -> tuple[list[TitleEntry], list[TitleNote]]:
    entries: list[TitleEntry] = []
    blanks: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            blanks.append(number)
            continue
        if line.lstrip().startswith("#"):
            continue  # a comment
        entries.append(TitleEntry(title=normalize_title(_BULLET.sub("", line, count=1)), line=number))
    # Trailing blank lines at the end of a file are not worth a note.
    last = max((e.line or 0 for e in entries), default=0)
    blanks = [b for b in blanks if b < last]
    notes = []
    if blanks:
        shown = ", ".join(map(str, blanks[:10])) + (", ..." if len(blanks) > 10 else "")
        word = "line" if len(blanks) == 1 else "lines"
        notes.append(TitleNote("blank", f"dropped {len(blanks)} blank {word} ({shown})", line=blanks[0]))
    return entries, notes


# ---------------------------------------------------------------- CSV

_TITLE_COLUMNS = ("title", "job_title", "role", "role_title", "position")
_FIELD_COLUMNS = {
    "level": "level", "seniority": "level",
    "track": "track",
    "company_size": "company_size", "size": "company_size",
    "industry": "industry",
    "notes": "notes", "note": "notes",
    "summary": "summary", "context": "summary", "description": "summary",
}


def _column_key(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", name.strip().strip("\ufeff").strip().lower())


def _pick_dialect(text: str) -> csv.Dialect | type[csv.Dialect]:
    sample = text[:64 * 1024]
    header = sample.splitlines()[0] if sample else ""
    candidates: list = []
    try:
        candidates.append(csv.Sniffer().sniff(sample, delimiters=",;\t|"))
    except csv.Error:
        pass
    # Fall back on the delimiter the header line uses most.
    counts = sorted(((header.count(d), d) for d in ",;\t|"), reverse=True)
    for n, delim in counts:
        if n:
            candidates.append(type("Dialect", (csv.excel,), {"delimiter": delim}))
    candidates.append(csv.excel)
    for dialect in candidates:
        cols = next(csv.reader([header], dialect), [])
        if any(_column_key(c) in _TITLE_COLUMNS for c in cols):
            return dialect
    return candidates[0]


def _parse_csv(text: str, source: str) -> tuple[list[TitleEntry], list[TitleNote]]:
    dialect = _pick_dialect(text)
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = next(reader, None)
        while header is not None and not any(c.strip() for c in header):
            header = next(reader, None)
        if header is None:
            raise InputError(source, "no titles found (the CSV file is empty)")
        keys = [_column_key(c) for c in header]
        title_idx = next((keys.index(c) for c in _TITLE_COLUMNS if c in keys), None)
        if title_idx is None:
            shown = ", ".join(repr(c.strip()) for c in header[:6] if c.strip()) or "none"
            raise InputError(source, f"CSV has no 'title' column (header columns: {shown})")
        columns: dict[int, str] = {}
        ignored: list[str] = []
        for i, key in enumerate(keys):
            if i == title_idx:
                continue
            if key in _FIELD_COLUMNS and _FIELD_COLUMNS[key] not in columns.values():
                columns[i] = _FIELD_COLUMNS[key]
            elif key:
                ignored.append(header[i].strip())
        notes: list[TitleNote] = []
        if ignored:
            notes.append(TitleNote("ignored", f"ignored column(s): {', '.join(ignored)}", line=reader.line_num))
        entries: list[TitleEntry] = []
        blanks: list[int] = []
        while True:
            start = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            if not any(c.strip() for c in row):
                blanks.append(start)
                continue
            title = row[title_idx] if title_idx < len(row) else ""
            values = {name: (row[i] if i < len(row) else None) for i, name in columns.items()}
            fields = {
                name: _clean_field(value, multiline=name in ("notes", "summary")) for name, value in values.items()
            }
            track = fields.get("track")
            if track is not None:
                parsed = parse_track(track)
                if parsed is None:
                    notes.append(
                        TitleNote("refused", f"refused {normalize_title(title)!r}: track must be 'ic' or 'manager', not {track!r}", line=start)
                    )
                    continue
                fields["track"] = "ic" if parsed == Track.individual_contributor else "manager"
            level = fields.get("level")
            if level is not None:
                parsed_level = parse_level(level)
                if parsed_level is None:
                    notes.append(
                        TitleNote("refused", f"refused {normalize_title(title)!r}: unknown level {level!r} (levels: {level_choices()})", line=start)
                    )
                    continue
                fields["level"] = parsed_level.value
            for name in ("notes", "summary"):
                if fields.get(name) and len(fields[name]) > MAX_FIELD_LEN:
                    fields[name] = fields[name][:MAX_FIELD_LEN].rstrip()
                    notes.append(TitleNote("ignored", f"{name} cut to {MAX_FIELD_LEN} characters", line=start))
            entries.append(TitleEntry(title=normalize_title(title), line=start, **fields))
    except csv.Error as exc:
        raise InputError(source, f"line {reader.line_num}: malformed CSV: {exc}") from None
    if blanks:
        last = max((e.line or 0 for e in entries), default=0)
        blanks = [b for b in blanks if b < last]
        if blanks:
            word = "row" if len(blanks) == 1 else "rows"
            notes.append(TitleNote("blank", f"dropped {len(blanks)} blank {word}", line=blanks[0]))
    return entries, notes


# ---------------------------------------------------------------- putting it together


def _finish(entries: list[TitleEntry], notes: list[TitleNote]) -> tuple[list[TitleEntry], list[TitleNote]]:
    """Refuse bad titles and drop duplicates (the first occurrence wins)."""
    kept: list[TitleEntry] = []
    seen: dict[tuple, TitleEntry] = {}
    for entry in entries:
        problem = title_problem(entry.title)
        if problem is not None:
            shown = entry.title if len(entry.title) <= 40 else entry.title[:37] + "..."
            label = f" {shown!r}" if entry.title.strip() else ""
            notes.append(TitleNote("refused", f"refused{label}: {problem}", line=entry.line))
            continue
        key = entry.key()
        first = seen.get(key)
        if first is not None:
            where = f"line {first.line}" if first.line else "an earlier entry"
            notes.append(TitleNote("duplicate", f"dropped duplicate {entry.title!r} (same as {where})", line=entry.line))
            continue
        seen[key] = entry
        kept.append(entry)
    notes.sort(key=lambda n: (n.line or 0))
    return kept, notes


def _reads_like_prose(line: str) -> bool:
    words = len(line.split())
    return len(line.strip()) > MAX_TITLE_LEN or words > 12 or (line.rstrip().endswith((".", "!", "?")) and words > 6)


def _check_plain_text(text: str, source: str) -> None:
    """Refuse a document that is not a list of titles (a blueprint, an article, JSON) before it becomes
    hundreds of items: one paragraph line in a list is a refused title, many mean the wrong file."""
    head = text.lstrip()[:1]
    if head in ("{", "["):
        raise InputError(
            source, "looks like a JSON document, not a list of titles",
            hint="put one job title per line, or use a CSV with a title column",
        )
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), start=1) if ln.strip() and not ln.lstrip().startswith("#")]
    prose = [n for n, ln in lines if _reads_like_prose(ln)]
    if len(prose) >= 3 and len(prose) >= 0.1 * len(lines):
        raise InputError(
            source,
            f"does not look like a list of titles: {len(prose)} of {len(lines)} lines read like sentences "
            f"(e.g. line {prose[0]})",
            hint="put one job title per line, or use a CSV with a title column",
        )


def detect_format(text: str, suffix: str = "") -> Format:
    """'csv' for .csv/.tsv files, 'index' for text shaped like 002, else 'text'."""
    suffix = suffix.lower()
    if suffix in (".csv", ".tsv"):
        return "csv"
    if looks_like_title_index(text):
        return "index"
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    cols = [_column_key(c) for c in re.split(r"[,;\t|]", first)]
    if len(cols) > 1 and any(c in _TITLE_COLUMNS for c in cols):
        return "csv"
    return "text"


def parse_titles(text: str, *, fmt: Format | None = None, source: str = "<text>", suffix: str = "") -> TitleList:
    """Parse titles from text already in memory (see ``read_titles_file``)."""
    text = text.lstrip("\ufeff")
    fmt = fmt or detect_format(text, suffix)
    if fmt == "csv":
        entries, notes = _parse_csv(text, source)
    elif fmt == "index":
        entries, notes = parse_title_index(text), []
    else:
        _check_plain_text(text, source)
        entries, notes = _parse_text(text)
    entries, notes = _finish(entries, notes)
    if not entries:
        if notes and any(n.kind == "refused" for n in notes):
            first = next(n for n in notes if n.kind == "refused")
            raise InputError(source, f"no usable titles ({first})")
        raise InputError(source, "no titles found")
    return TitleList(entries=entries, notes=notes, format=fmt, source=source)


def read_titles_file(path: str | Path) -> TitleList:
    """Read a .txt / .csv / title-index file into a ``TitleList``; bad files raise ``InputError``.

    Reading and decoding are the document readers' (same size limit, encodings and
    one-line errors as ``drafter validate``)."""
    from .readers.source import decode, load_bytes

    p = Path(path)
    source = str(path)
    data = load_bytes(p)
    if not data.strip():
        raise InputError(source, "no titles found (the file is empty)")
    text = decode(data, source)
    return parse_titles(text, source=source, suffix=p.suffix)


__all__ = [
    "MAX_TITLE_LEN",
    "TitleEntry",
    "TitleList",
    "TitleNote",
    "detect_format",
    "looks_like_title_index",
    "normalize_title",
    "parse_title_index",
    "parse_titles",
    "read_titles_file",
    "title_problem",
]
