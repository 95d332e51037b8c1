"""Markdown to blocks, through markdown-it-py (CommonMark + GFM tables; front matter plugin).

Block structure comes from the parser, source lines from its token maps:

* ``#`` and setext headings; bullet and numbered lists (any marker, tabs after
  the marker, nesting by the marker's column; a second paragraph stays in its item as a
  further line); GFM pipe tables (``\\|`` escapes, ragged rows padded); block
  quotes and paragraphs; fenced and indented code (kept verbatim); thematic
  breaks.
* Front matter (``---`` YAML) is not content: ``frontmatter`` reads it before.
* HTML blocks: ``<!-- drafter: k=v -->`` comments carry metadata (``META``);
  an HTML table or other markup is read with the HTML reader (line numbers
  kept); ``<style>``/``<script>`` are skipped; an embedded video/iframe and a
  Hugo shortcode line (``{{% ... %}}``) are dropped as ``NOISE``.
* Inline markup is reduced to plain text; a bold lead-in ending with a colon
  becomes the block's label, an all-bold first line of an item a name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .blocks import HEADING, ITEM, META, NOISE, PARA, RULE, TABLE, Block, clean, labelled_para
from .inline import B0, B1, BR, is_all_bold, plain_lines, split_lead, strip_marks

_SHORTCODE = re.compile(r"\{\{[<%].*?[%>]\}\}", re.S)
_TABLE_OPEN = re.compile(r"^ {0,3}<table\b", re.I)


@lru_cache(maxsize=1)
def _parser():
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    # Our own files never need a link reference definition; CommonMark's rule is costly on long documents.
    return md


def _parse_meta(body: str) -> dict:
    body = body.strip()
    if not body.lower().startswith("drafter:"):
        return {}
    out = {}
    for m in re.finditer(r"(\w+)=(\"[^\"]*\"|\S+)", body[len("drafter:") :]):
        v = m.group(2)
        out[m.group(1)] = v[1:-1] if v.startswith('"') else v
    return out


def inline_raw(token) -> tuple[list[str], bool]:
    """The raw lines (bold and break marks kept) of an inline token; second value: the text had markup."""
    lines = [""]
    for child in token.children or ():
        t = child.type
        if t == "text":
            lines[-1] += child.content
        elif t == "code_inline":
            lines[-1] += child.content
        elif t == "softbreak":
            lines.append("")
        elif t == "hardbreak":
            lines[-1] += BR
        elif t == "strong_open":
            lines[-1] += B0
        elif t == "strong_close":
            lines[-1] += B1
        elif t == "image":
            lines[-1] += child.content or ""
        elif t == "html_inline":
            tag = child.content.lower()
            if re.match(r"<br\s*/?>", tag):
                lines[-1] += BR
        # em / link / strikethrough open and close marks carry no text
    return [_SHORTCODE.sub("", ln) for ln in lines], False


def plain(text: str) -> str:
    """Plain text of an inline Markdown string (used by callers that hold raw Markdown)."""
    tokens = _parser().parseInline(text)
    if not tokens:
        return clean(text)
    lines, _ = inline_raw(tokens[0])
    return clean(strip_marks(" ".join(lines)))


class _Reader:
    def __init__(self, source: str, line_offset: int) -> None:
        self.src_lines = source.split("\n")
        self.offset = line_offset
        self.blocks: list[Block] = []
        self.lists: list[list] = []  # [ordered, next number]
        self.items: list[list] = []  # [Block, has_text, marker indent]
        self.skip_until = -1  # source lines already read as one HTML chunk

    def line(self, token) -> int | None:
        return token.map[0] + 1 + self.offset if token.map else None

    def indent(self, index: int) -> int:
        raw = self.src_lines[index] if 0 <= index < len(self.src_lines) else ""
        e = raw.expandtabs(4)
        return len(e) - len(e.lstrip(" "))

    # ------------------------------------------------------------------ paragraphs
    def paragraph(self, para_open, inline) -> None:
        lines, _ = inline_raw(inline)
        line = self.line(para_open)
        if _SHORTCODE.fullmatch(inline.content.strip() or " "):
            code = " ".join(inline.content.split())
            self.blocks.append(Block(NOISE, text=f"template shortcode {code[:60]!r} at line {line}", line=line))
            return
        if not "".join(strip_marks(ln) for ln in lines).strip():
            return
        if self.items:
            self.item_text(para_open, lines)
            return
        joined = "\n".join(lines)
        first = lines[0].split(BR)
        label, rest, _ = split_lead(first[0])
        others = [clean(strip_marks(x)) for x in [*first[1:], *lines[1:]]]
        others = [x for x in others if x]
        dash = [x for x in others if re.match(r"^[–—]\s", x)]
        if dash and len(dash) == len(others):
            block = Block(PARA, text=rest, line=line, label=label, bullets=[re.sub(r"^[–—]\s+", "", x) for x in dash])
        else:
            block = labelled_para(clean(" ".join([rest, *others])), line, label)
        if is_all_bold(joined.replace("\n", " ")):
            block.meta["bold_only"] = True
        self.blocks.append(block)

    def item_text(self, para_open, lines: list[str]) -> None:
        entry = self.items[-1]
        item, has_text, marker = entry
        if has_text:
            # A second paragraph inside the same item: one more line of the item.
            item.lines.extend(plain_lines(BR.join(lines)) if any(BR in x for x in lines) else [plain_join(lines)])
            return
        entry[1] = True
        start = para_open.map[0] if para_open.map else None
        first = lines[0].split(BR)
        label, rest, bold = split_lead(first[0])
        item.label, item.text, item.bold = label, rest, bold
        for extra in first[1:]:
            if clean(strip_marks(extra)):
                item.lines.append(clean(strip_marks(extra)))
        for k, raw in enumerate(lines[1:], start=1):
            parts = [clean(strip_marks(p)) for p in raw.split(BR)]
            parts = [p for p in parts if p]
            if not parts:
                continue
            lazy = start is not None and self.indent(start + k) <= marker and not item.lines
            if lazy:
                item.text = clean(f"{item.text} {parts[0]}")
                item.lines.extend(parts[1:])
            else:
                item.lines.extend(parts)

    # ------------------------------------------------------------------ html
    def html(self, token) -> None:
        content = token.content
        stripped = content.strip()
        line = self.line(token)
        if stripped.startswith("<!--"):
            m = re.match(r"^<!--(.*?)-->\s*$", stripped, re.S)
            meta = _parse_meta(m.group(1)) if m else {}
            if meta:
                self.blocks.append(Block(META, line=line, meta=meta))
            return
        low = stripped.lower()
        if low.startswith(("<style", "<script", "<link", "<meta")):
            return
        if re.search(r"<(iframe|video|embed|object)\b", low) and not re.search(r"<(p|ul|ol|table|h[1-6])\b", low):
            src = re.search(r"src=[\"']([^\"']+)", content)
            what = f"embedded media ({src.group(1)})" if src else "embedded media"
            self.blocks.append(Block(NOISE, text=f"{what} at line {line}", line=line))
            return
        from .html import read_html

        start = token.map[0] if token.map else 0
        if _TABLE_OPEN.match(content) and not re.search(r"</table>", content, re.I):
            # A table with blank lines inside: read up to its end tag as one HTML chunk.
            end = _table_end(self.src_lines, start)
            content = "\n".join(self.src_lines[start : end + 1])
            self.skip_until = end
        blocks = read_html(content, line_offset=start + self.offset)
        self.blocks.extend(blocks)

    # ------------------------------------------------------------------ walk
    def run(self, tokens) -> list[Block]:  # noqa: C901
        i, n = 0, len(tokens)
        while i < n:
            tok = tokens[i]
            t = tok.type
            if tok.map and tok.map[0] <= self.skip_until and t not in ("list_item_close",):
                if tok.nesting == 1:
                    i = _close_index(tokens, i) + 1
                else:
                    i += 1
                continue
            if t == "heading_open":
                inline = tokens[i + 1]
                lines, _ = inline_raw(inline)
                text = clean(strip_marks(" ".join(lines)))
                if text:
                    self.blocks.append(Block(HEADING, text=text, line=self.line(tok), level=int(tok.tag[1])))
                i += 3
                continue
            if t == "paragraph_open":
                self.paragraph(tok, tokens[i + 1])
                i += 3
                continue
            if t in ("bullet_list_open", "ordered_list_open"):
                ordered = t == "ordered_list_open"
                start = tok.attrGet("start")
                self.lists.append([ordered, int(start) if start is not None else 1])
            elif t in ("bullet_list_close", "ordered_list_close"):
                if self.lists:
                    self.lists.pop()
            elif t == "list_item_open":
                ordered, number = self.lists[-1] if self.lists else [False, 1]
                if ordered and tok.info and tok.info.isdigit():
                    number = int(tok.info)
                marker = self.indent(tok.map[0]) if tok.map else 0
                # Nesting by the marker's column (as people indent), at least one deeper than the parent
                # item: "10. **Name**" followed by "   - sub" (3 spaces) is read as a child, as written.
                level = marker
                if self.items and level <= self.items[-1][0].level:
                    level = self.items[-1][0].level + 1
                item = Block(
                    ITEM,
                    line=self.line(tok),
                    level=level,
                    ordered=ordered,
                    number=number if ordered else None,
                )
                if self.lists:
                    self.lists[-1][1] = number + 1
                self.blocks.append(item)
                self.items.append([item, False, marker])
            elif t == "list_item_close":
                if self.items:
                    self.items.pop()
            elif t in ("fence", "code_block"):
                text = tok.content.strip("\n")
                if text.strip():
                    if self.items and t == "code_block":
                        self.items[-1][0].lines.append(clean(text))
                    else:
                        self.blocks.append(Block(PARA, text=text, line=self.line(tok), meta={"verbatim": True}))
            elif t == "hr":
                self.blocks.append(Block(RULE, line=self.line(tok)))
            elif t == "html_block":
                self.html(tok)
            elif t == "table_open":
                i = self.table(tokens, i)
                continue
            i += 1
        return self.blocks

    def table(self, tokens, i: int) -> int:
        rows: list[list[str]] = []
        row_lines: list[int | None] = []
        line = self.line(tokens[i])
        row: list[str] | None = None
        j = i + 1
        while j < len(tokens) and tokens[j].type != "table_close":
            tok = tokens[j]
            if tok.type == "tr_open":
                row = []
                row_lines.append(self.line(tok))
            elif tok.type == "inline" and row is not None:
                lines, _ = inline_raw(tok)
                row.append(clean(strip_marks(" ".join(lines))))
            elif tok.type == "tr_close" and row is not None:
                rows.append(row)
                row = None
            j += 1
        if rows:
            self.blocks.append(Block(TABLE, line=line, rows=rows, meta={"row_lines": row_lines}))
        return j + 1


def plain_join(lines: list[str]) -> str:
    return clean(" ".join(strip_marks(x) for x in lines))


def _close_index(tokens, i: int) -> int:
    depth = 0
    for j in range(i, len(tokens)):
        depth += tokens[j].nesting
        if depth <= 0:
            return j
    return len(tokens) - 1


def _table_end(lines: list[str], start: int) -> int:
    depth = 0
    for k in range(start, len(lines)):
        low = lines[k].lower()
        depth += len(re.findall(r"<table\b", low)) - len(re.findall(r"</table>", low))
        if depth <= 0 and k > start:
            return k
    return len(lines) - 1


def read_markdown(text: str, *, line_offset: int = 0) -> list[Block]:
    """Blocks from a Markdown document (front matter, if any, is skipped: see ``frontmatter``)."""
    from .frontmatter import split_front_matter

    fm = split_front_matter(text)
    if fm is not None:
        text = fm.body
    tokens = _parser().parse(text)
    return _Reader(text, line_offset).run(tokens)


__all__ = ["read_markdown", "plain", "inline_raw"]
