"""Markdown to blocks: our own export and generic headed Markdown (a company handbook page).

Supported: ATX (``##``) and setext headings, bullet and numbered lists nested
by indentation (with continuation lines), pipe tables (``\\|`` escapes),
paragraphs, block quotes, fenced code blocks (kept verbatim), thematic
breaks, front matter (skipped) and HTML comments (``<!-- drafter: k=v -->``
carry metadata; others are ignored).  Inline markup is reduced to plain
text; a bold lead-in ending with a colon becomes the block's label.
"""

from __future__ import annotations

import re

from .blocks import HEADING, ITEM, META, PARA, RULE, TABLE, Block, clean, labelled_para, strip_markdown

_ATX = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)\s*$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?:(?P<bullet>[-*+•])|(?P<num>\d{1,9})[.)])(?:\s+(?P<text>.*)|$)")
_FENCE = re.compile(r"^ {0,3}(```+|~~~+)\s*(\S*)")
_RULE = re.compile(r"^ {0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_TABLE_SEP = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_COMMENT = re.compile(r"^\s*<!--(.*?)-->\s*$")
_LEAD_BOLD = re.compile(r"^\s*(\*\*|__)(?P<label>[^*_]+?)\s*(?::\s*\1|\1\s*:)\s*(?P<rest>.*)$")
_ALL_BOLD = re.compile(r"^\s*(\*\*|__)(?P<name>.+?)\1\s*$")


def _indent(s: str) -> int:
    e = s.expandtabs(4)
    return len(e) - len(e.lstrip(" "))


def split_row(line: str) -> list[str]:
    """Cells of a pipe-table row; ``\\|`` is a literal pipe."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    cells, cur, i = [], [], 0
    while i < len(s):
        ch = s[i]
        if ch == "\\" and i + 1 < len(s) and s[i + 1] == "|":
            cur.append("\\|")
            i += 2
            continue
        if ch == "|":
            cells.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    cells.append("".join(cur))
    return [plain(c.replace("<br>", " ").replace("<br/>", " ")) for c in cells]


def plain(text: str) -> str:
    return clean(strip_markdown(text))


def _lead(raw: str) -> tuple[str | None, str, bool]:
    m = _LEAD_BOLD.match(raw)
    if m:
        return plain(m.group("label")), plain(m.group("rest")), False
    m = _ALL_BOLD.match(raw)
    if m and "**" not in m.group("name"):
        return None, plain(m.group("name")), True
    return None, plain(raw), False


def _parse_meta(body: str) -> dict:
    body = body.strip()
    if not body.lower().startswith("drafter:"):
        return {}
    out = {}
    for m in re.finditer(r"(\w+)=(\"[^\"]*\"|\S+)", body[len("drafter:") :]):
        v = m.group(2)
        out[m.group(1)] = v[1:-1] if v.startswith('"') else v
    return out


def read_markdown(text: str) -> list[Block]:
    lines = text.split("\n")
    blocks: list[Block] = []
    n = len(lines)
    i = 0
    # YAML front matter.
    if lines and lines[0].strip() == "---":
        for j in range(1, min(n, 200)):
            if lines[j].strip() in ("---", "..."):
                i = j + 1
                break
    para: list[str] = []
    para_line = 0

    def flush_para() -> None:
        nonlocal para
        if para:
            blocks.append(_make_para(para, para_line))
            para = []

    while i < n:
        raw = lines[i]
        number = i + 1
        if not raw.strip():
            flush_para()
            i += 1
            continue
        m = _COMMENT.match(raw)
        if m:
            flush_para()
            meta = _parse_meta(m.group(1))
            if meta:
                blocks.append(Block(META, line=number, meta=meta))
            i += 1
            continue
        if raw.lstrip().startswith("<!--"):
            flush_para()
            j = i
            while j < n and "-->" not in lines[j]:
                j += 1
            i = j + 1
            continue
        m = _FENCE.match(raw)
        if m:
            flush_para()
            fence = m.group(1)
            body = []
            j = i + 1
            close = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")
            while j < n and not close.match(lines[j]):
                body.append(lines[j])
                j += 1
            blocks.append(Block(PARA, text="\n".join(body).strip("\n"), line=number, meta={"verbatim": True}))
            i = j + 1
            continue
        m = _ATX.match(raw)
        if m:
            flush_para()
            blocks.append(Block(HEADING, text=plain(m.group(2)), line=number, level=len(m.group(1))))
            i += 1
            continue
        if para and _SETEXT.match(raw) and len(para) == 1:
            level = 1 if raw.strip().startswith("=") else 2
            blocks.append(Block(HEADING, text=plain(para[0]), line=para_line, level=level))
            para = []
            i += 1
            continue
        if _RULE.match(raw):
            flush_para()
            blocks.append(Block(RULE, line=number))
            i += 1
            continue
        if "|" in raw and i + 1 < n and _TABLE_SEP.match(lines[i + 1]) and raw.count("|") >= 1:
            flush_para()
            rows = [split_row(raw)]
            j = i + 2
            while j < n and lines[j].strip() and "|" in lines[j]:
                rows.append(split_row(lines[j]))
                j += 1
            width = len(rows[0])
            rows = [r + [""] * (width - len(r)) if len(r) < width else r for r in rows]
            row_lines = [number, *range(i + 3, j + 1)]
            blocks.append(Block(TABLE, line=number, rows=rows, meta={"row_lines": row_lines}))
            i = j
            continue
        m = _ITEM.match(raw)
        if m and (m.group("text") is not None or m.group("bullet") or m.group("num")):
            flush_para()
            indent = _indent(m.group("indent"))
            content = m.group("text") or ""
            label, rest, bold = _lead(content)
            item = Block(
                ITEM,
                text=rest,
                line=number,
                level=indent,
                ordered=m.group("num") is not None,
                number=int(m.group("num")) if m.group("num") else None,
                label=label,
                bold=bold,
            )
            # Continuation lines: indented, not a new item, not blank.
            j = i + 1
            while (
                j < n
                and lines[j].strip()
                and not _ITEM.match(lines[j])
                and not _ATX.match(lines[j])
                and not _COMMENT.match(lines[j])
                and ("|" not in lines[j] or _indent(lines[j]) > indent)
            ):
                if _indent(lines[j]) <= indent and not lines[j].startswith(" "):
                    # Lazy continuation of the item's text.
                    item.text = clean(item.text + " " + plain(lines[j]))
                else:
                    item.lines.append(plain(lines[j]))
                j += 1
            blocks.append(item)
            i = j
            continue
        if raw.lstrip().startswith(">"):
            flush_para()
            body = []
            j = i
            while j < n and lines[j].lstrip().startswith(">"):
                body.append(re.sub(r"^\s*>\s?", "", lines[j]))
                j += 1
            blocks.append(_make_para(body, number))
            i = j
            continue
        if not para:
            para_line = number
        para.append(raw)
        i += 1
    flush_para()
    return blocks


def _make_para(raw_lines: list[str], line: int) -> Block:
    first = raw_lines[0]
    label, rest, _ = _lead(first)
    others = [plain(x) for x in raw_lines[1:]]
    dash = [x for x in others if re.match(r"^[–—]\s", x)]
    if dash and len(dash) == len(others):
        return Block(PARA, text=rest, line=line, label=label, bullets=[re.sub(r"^[–—]\s+", "", x) for x in dash])
    return labelled_para(clean(" ".join([rest, *others])), line, label)
