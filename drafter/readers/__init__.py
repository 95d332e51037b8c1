"""Read any supported document into a ``Blueprint`` (or a list of titles).

>>> doc = read_document("tests/data/seeds/004_30b932585fa1d141.txt")
>>> doc.format, doc.kind, doc.blueprint.meta.title
('blueprint-text', 'role_blueprint', 'Director of Machine Learning Engineering')

Formats are detected from the content, not the file name:

==================  =========================================================
``wordpress-json``  a WordPress REST post: HTML in ``content.rendered``
``drafter-json``    our own Blueprint JSON (``schema_version`` + ``meta``)
``drafter-draft``   a draft the TUI saved or autosaved (its ``blueprint``)
``docx``            a Word document (python-docx; found by its ZIP content)
``html``            an HTML page (``<article>``/``<main>`` preferred)
``markdown``        ``#`` headings or pipe tables (our export, handbooks)
``blueprint-text``  plain text with numbered ``N) Section`` headings
``career-guide-text`` plain text with unnumbered headings (career guides)
``title-index``     ``Title: Role Blueprint, ...`` lines with summaries
==================  =========================================================

YAML front matter (``---`` at the top of Markdown or HTML) is read first
(``frontmatter``): its ``title`` is the document's title, a progression
framework in it becomes level sections.  Site chrome a reader drops
(navigation, headers, footers, sidebars, embedded media, shortcodes) is
reported as ``noise-removed`` info findings and in ``source.ignored_noise``.

Every problem with the input itself (missing, empty, binary, not UTF-8, too
large, truncated JSON, not a document) raises ``InputError`` with one line.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ..errors import InputError
from ..findings import Finding, Severity
from ..schema.models import Blueprint
from .source import MAX_BYTES, decode, load_bytes

FORMATS = (
    "wordpress-json",
    "drafter-json",
    "drafter-draft",
    "docx",
    "html",
    "markdown",
    "blueprint-text",
    "career-guide-text",
    "title-index",
    "title-csv",
)


@dataclass
class Document:
    path: str | None
    format: str
    kind: str  # "role_blueprint" | "career_guide" | "title_index"
    blueprint: Blueprint | None
    titles: list | None
    findings: list[Finding] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)
    level: str | None = None  # the ladder level this document is (see ``levels``)
    levels: list["Document"] = field(default_factory=list)  # a ladder page: one document per level (ladder.py)


# --------------------------------------------------------------------------- detection

_HTML_TAGS = re.compile(r"<(?:p|div|h[1-6]|ul|ol|li|table|article|main|section|br|span|a)\b[^>]*>", re.I)
_MD_HEADING = re.compile(r"^ {0,3}#{1,6}\s+\S", re.M)
_MD_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")


def _has_pipe_table(text: str) -> bool:
    prev = ""
    for line in text.split("\n"):
        if "-" in line and "|" in line and "|" in prev and _MD_TABLE_SEP.match(line):
            return True
        prev = line
    return False


_NUMBERED_LINE = re.compile(r"^(\d{1,2})\)\s+(\S[^\n]{0,110})$", re.M)


def detect_format(text: str, *, suffix: str = "") -> str:
    """The format of a document's text (see the module docstring)."""
    head = text.lstrip("\ufeff \t\n")
    if head.startswith(("{", "[")):
        return "json"
    low = head[:2000].lower()
    suffix = suffix.lower()
    if low.startswith(("<!doctype html", "<html")) or "<body" in low:
        return "html"
    if suffix in (".md", ".markdown") and not head.startswith("<"):
        return "markdown"  # Markdown with HTML inside (an inline <table>) is still Markdown
    if len(_HTML_TAGS.findall(head[:20000])) >= 3:
        return "html"
    if suffix in (".md", ".markdown") or _MD_HEADING.search(text) or _has_pipe_table(text):
        return "markdown"
    if is_numbered_blueprint(text):
        return "blueprint-text"
    # Cheap pre-check first: the title index parser runs a regex on every line.
    if _ROLE_BLUEPRINT.search(text) and _looks_like_index(text):
        return "title-index"
    return "career-guide-text"


def is_numbered_blueprint(text: str) -> bool:
    """Plain text with 'N) Section' headings: three or more, or one that names its section exactly."""
    numbered = _NUMBERED_LINE.findall(text)
    if len(numbered) >= 3:
        return True
    if numbered:
        from ..schema.sections import BLUEPRINT_SECTIONS
        from .mapper import similarity

        for num, title in numbered:
            n = int(num)
            if 1 <= n <= len(BLUEPRINT_SECTIONS) and similarity(title, BLUEPRINT_SECTIONS[n - 1].title) >= 0.8:
                return True
    return False


_ROLE_BLUEPRINT = re.compile(r":\s*\**\s*role\s+blueprint\b", re.I)


def _looks_like_index(text: str) -> bool:
    from ..titles import looks_like_title_index

    # Only the lines that can be index headings go to the (slower) title-index regex.
    lines = [ln for ln in text.splitlines() if ln.strip()]
    candidates = [ln for ln in lines if _ROLE_BLUEPRINT.search(ln)]
    if not candidates:
        return False
    if len(candidates) < 2 and not _ROLE_BLUEPRINT.search(lines[0]):
        return False
    return looks_like_title_index(text) and _index_shape(text)


def _index_shape(text: str) -> bool:
    """A title index is headings and single paragraphs, nothing else."""
    from ..titles import parse_title_index

    entries = parse_title_index(text)
    if len(entries) >= 2:
        return True
    lines = [ln for ln in text.splitlines() if ln.strip()]
    return len(entries) == 1 and len(lines) <= 4


# --------------------------------------------------------------------------- reading


def read_document(path: str | Path, *, max_bytes: int = MAX_BYTES) -> Document:
    """Read and parse the document at ``path``; raises ``InputError`` for unreadable input."""
    name = str(path)
    data = load_bytes(path, max_bytes=max_bytes)
    from .docx import is_docx

    if is_docx(data):
        return read_docx_bytes(data, name=name, path=name)
    if Path(name).suffix.lower() == ".docx" and data.startswith(b"PK"):
        raise InputError(name, "a ZIP archive but not a Word document (no word/document.xml); re-save it as .docx")
    text = decode(data, name)
    return read_text(text, name=name, suffix=Path(name).suffix, path=name)


def read_docx_bytes(data: bytes, *, name: str = "<docx>", path: str | None = None) -> Document:
    """Parse a Word document already in memory."""
    from .docx import read_docx

    blocks = read_docx(data, name)
    return _assemble(blocks, fmt="docx", name=name, path=path)


def read_text(text: str, *, name: str = "<text>", suffix: str = "", path: str | None = None) -> Document:
    """Parse a document already in memory (``name`` is used in messages)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise InputError(name, "empty document")
    if "\x00" in text:
        raise InputError(name, "binary content (NUL characters), not a text document")
    if suffix.lower() in (".csv", ".tsv"):
        return _read_titles_csv(text, name, path, suffix)
    from .frontmatter import front_matter_blocks, split_front_matter

    fm = split_front_matter(text)
    fm_blocks = front_matter_blocks(fm)
    if fm is not None:
        text = fm.body
    fmt = detect_format(text, suffix=suffix)
    if fm is not None and fmt not in ("html", "json"):
        fmt = "markdown"  # front matter is a Markdown (static site) convention
    if fmt == "json":
        return _read_json(text, name, path)
    if fmt == "html":
        from .html import html_title, read_html

        return _assemble(
            fm_blocks + read_html(text),
            fmt="html",
            name=name,
            path=path,
            fallback_title=_page_title(html_title(text)),
            front_matter=fm,
        )
    if fmt == "markdown":
        from .markdown import read_markdown

        return _assemble(fm_blocks + read_markdown(text), fmt="markdown", name=name, path=path, front_matter=fm)
    if fmt == "title-index":
        return _read_index(text, name, path)
    from .text import read_plain

    return _assemble(read_plain(text), fmt=fmt, name=name, path=path, plain=True)


def _page_title(title: str | None) -> str | None:
    """'Senior Platform Engineer | Careers at Acme' -> 'Senior Platform Engineer'."""
    from .doctitle import clean_title

    return clean_title(title) or None


def _assemble(
    blocks,
    *,
    fmt: str,
    name: str,
    path: str | None,
    title: str | None = None,
    plain: bool = False,
    url: str | None = None,
    fallback_title: str | None = None,
    front_matter=None,
) -> Document:
    from .assemble import build
    from .blocks import NOISE

    noise = [b for b in blocks if b.kind == NOISE]
    blocks = [b for b in blocks if b.kind != NOISE]
    if not any(b.kind in ("heading", "para", "item", "table") for b in blocks):
        raise InputError(name, f"no readable content (read as {fmt})")
    if not plain:
        blocks, title = _structure(blocks, title=title, front_matter=front_matter)
    ladder = None
    if not plain:
        from .ladder import find_ladder

        ladder = find_ladder(blocks)
    bp, findings, lines = build(
        blocks, fmt=fmt, path=path, title=title, plain=plain, url=url, fallback_title=fallback_title
    )
    if noise:
        for b in noise:
            findings.append(Finding(Severity.info, "noise-removed", f"removed {b.text}", line=b.line, path=path))
        bp.source.ignored_noise = [*bp.source.ignored_noise, *(b.text for b in noise)]
    if front_matter is not None and front_matter.error:
        findings.append(Finding(Severity.warning, "front-matter", front_matter.error, line=1, path=path))
    if not any(getattr(bp, s) is not None for s in _section_keys()):
        raise InputError(name, f"not a role blueprint or career guide: no section heading recognised (read as {fmt})")
    doc = Document(
        path=path, format=fmt, kind=bp.kind.value, blueprint=bp, titles=None, findings=findings, lines=lines
    )
    if ladder is not None:
        from .ladder import read_levels

        doc.levels = read_levels(ladder, doc, fmt=fmt, path=path, url=url)
    return doc


def read_ladder(path: str | Path) -> list[Document]:
    """The levels of a career-ladder page, one ``Document`` per level (empty when the page describes one role)."""
    return read_document(path).levels


def _structure(blocks, *, title: str | None, front_matter) -> tuple[list, str | None]:
    """Headings for labels alone on their line, and the document's title (not for our own export)."""
    from .blocks import META, Block, promote_label_headings
    from .doctitle import clean_title, job_family, mark_title
    from .frontmatter import fm_title

    if any(b.kind == META and "schema" in b.meta for b in blocks):
        return blocks, title  # our own Markdown: read exactly as written
    from .leveltable import expand_level_tables

    blocks = promote_label_headings(expand_level_tables(blocks))
    heading_title = mark_title(blocks)
    doc_title = next((b.meta["doc_title"] for b in blocks if b.kind == META and "doc_title" in b.meta), None)
    if doc_title:
        blocks = [b for b in blocks if not (b.kind == META and "doc_title" in b.meta)]
        heading_title = heading_title or clean_title(doc_title)
    raw = fm_title(front_matter)
    family = job_family(raw) or job_family(heading_title)
    if family:
        blocks.insert(0, Block(META, meta={"role_family": family}))
    if title is None:
        title = clean_title(raw) if raw else heading_title
    return blocks, title


def _section_keys() -> tuple[str, ...]:
    from ..schema.sections import SECTIONS

    return tuple(s.key for s in SECTIONS)


def _read_json(text: str, name: str, path: str | None) -> Document:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        end = text.rstrip()
        truncated = not end.endswith(("}", "]")) or exc.pos >= len(end)
        what = "truncated JSON (the file ends before the document does)" if truncated else "invalid JSON"
        raise InputError(name, f"{what}: {exc.msg} (line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise InputError(name, "invalid JSON: nested too deeply") from None
    if isinstance(data, list):
        posts = [d for d in data if isinstance(d, dict)]
        if len(posts) == 1 and len(data) == 1:
            data = posts[0]
        else:
            raise InputError(
                name, f"a JSON list of {len(data)} entries; expected one document (a WordPress post or a blueprint)"
            )
    if not isinstance(data, dict):
        raise InputError(name, "JSON but not a document (expected an object)")
    content = data.get("content")
    if isinstance(content, dict) and isinstance(content.get("rendered"), str):
        return _read_wordpress(data, name, path)
    if data.get("format") == "drafter-draft" and isinstance(data.get("blueprint"), dict):
        # A draft saved or autosaved by the TUI (drafter.store): its blueprint, read like drafter JSON.
        doc = _read_drafter_json(data["blueprint"], name, path)
        doc.format = "drafter-draft"
        return doc
    if "schema_version" in data and "meta" in data:
        return _read_drafter_json(data, name, path)
    raise InputError(
        name,
        "JSON but not a supported document (expected a WordPress post with content.rendered, "
        "a drafter blueprint with schema_version and meta, or a drafter draft)",
    )


def _read_wordpress(data: dict, name: str, path: str | None) -> Document:
    import html as _html

    from .assemble import strip_title_suffix
    from .html import read_html

    body = data["content"]["rendered"]
    if not body.strip():
        raise InputError(name, "WordPress post with an empty content.rendered")
    title = data.get("title")
    title = title.get("rendered") if isinstance(title, dict) else title if isinstance(title, str) else None
    title = strip_title_suffix(_html.unescape(re.sub(r"<[^>]+>", "", title))).strip() if title else None
    blocks = read_html(body)
    # Line numbers inside content.rendered do not point into the JSON file (one long line): drop them.
    doc = _assemble(blocks, fmt="wordpress-json", name=name, path=path, title=title, url=data.get("link"))
    doc.lines = {}
    doc.findings = [Finding(f.severity, f.code, f.message, f.section, f.field, None, f.path) for f in doc.findings]
    if doc.blueprint is not None:
        for u in doc.blueprint.unmapped:
            u.line = None
    return doc


def _read_drafter_json(data: dict, name: str, path: str | None) -> Document:
    findings: list[Finding] = []
    try:
        bp = Blueprint.model_validate(data)
        kind = bp.kind.value
    except ValidationError as exc:
        bp = None
        for err in exc.errors()[:50]:
            loc = [str(x) for x in err["loc"]]
            section = loc[0] if loc else None
            fld = _loc_path(loc[1:]) if len(loc) > 1 else None
            findings.append(
                Finding(
                    Severity.error,
                    "wrong-type" if err["type"] != "missing" else "missing-field",
                    f"{_loc_path(loc) or 'document'}: {err['msg']}",
                    section=section,
                    field=fld,
                    path=path,
                )
            )
        kind = data.get("kind") if data.get("kind") in ("role_blueprint", "career_guide") else "role_blueprint"
    return Document(path=path, format="drafter-json", kind=kind, blueprint=bp, titles=None, findings=findings, lines={})


def _loc_path(loc: list[str]) -> str:
    out = ""
    for part in loc:
        if part.isdigit():
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def _read_titles_csv(text: str, name: str, path: str | None, suffix: str) -> Document:
    """A CSV list of titles (``title,summary``, as ``drafter import`` writes it)."""
    from ..titles import parse_titles

    titles = parse_titles(text, fmt="csv", source=name, suffix=suffix)
    findings = [
        Finding(
            Severity.warning if n.kind in ("duplicate", "refused") else Severity.info,
            f"titles-{n.kind}",
            n.message,
            line=n.line,
            path=path,
        )
        for n in titles.notes
    ]
    return Document(
        path=path,
        format="title-csv",
        kind="title_index",
        blueprint=None,
        titles=list(titles.entries),
        findings=findings,
        lines={},
    )


def _read_index(text: str, name: str, path: str | None) -> Document:
    from ..titles import parse_title_index

    entries = parse_title_index(text)
    if not entries:
        raise InputError(name, "a title index with no entries")
    return Document(
        path=path, format="title-index", kind="title_index", blueprint=None, titles=entries, findings=[], lines={}
    )


__all__ = ["Document", "FORMATS", "MAX_BYTES", "detect_format", "read_document", "read_ladder", "read_text"]
