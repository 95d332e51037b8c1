"""HTML to blocks, with the standard library's ``html.parser`` (keeps line numbers).

* If the page has an ``<article>`` or ``<main>``, only its content is read;
  ``nav``, ``header``, ``footer``, ``aside``, ``script``, ``style``, ``form``,
  ``noscript``, ``svg`` and ``template`` are always skipped.
* ``h1``-``h6`` become headings, ``p``/``div``/``blockquote``/``pre`` paragraphs,
  ``li`` list items (nested by list depth, numbered from ``ol start``),
  ``table`` tables (``th``/``td`` cells), ``hr`` rules.
* ``<strong>Label:</strong> text`` gives the block a label; a list item whose
  first line is all bold is a name ("Cloud infrastructure fundamentals" in a
  skills list).  ``<br>`` and a new line followed by a dash split an item or
  paragraph into lines ("– Description: ...").
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from .blocks import HEADING, ITEM, PARA, RULE, TABLE, Block, clean, labelled_para

_SKIP = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "svg",
    "template",
    "iframe",
    "button",
    "select",
}
_BLOCK = {"p", "div", "blockquote", "pre", "section", "article", "main", "figure", "figcaption", "dd", "dt", "address"}
_HEAD = {"h1", "h2", "h3", "h4", "h5", "h6"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "source", "wbr", "col", "area", "base", "embed", "param", "track"}
_B0, _B1, _BR = "\x01", "\x02", "\x03"  # bold start / end, <br> sentinels


class _Parser(HTMLParser):
    def __init__(self, scoped: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.scoped = scoped  # only read inside <article>/<main>
        self.scope_depth = 0
        self.skip_depth = 0
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.buf_line: int | None = None
        self.heading: tuple[int, int] | None = None  # (level, line)
        self.lists: list[list] = []  # [ordered, next number]
        self.items: list[Block] = []  # open <li> blocks
        self.item_has_text: list[bool] = []
        self.table: list[list[str]] | None = None
        self.table_line: int | None = None
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.pre = 0

    # ------------------------------------------------------------------ helpers
    @property
    def active(self) -> bool:
        return self.skip_depth == 0 and (not self.scoped or self.scope_depth > 0)

    def _flush(self) -> None:
        raw = "".join(self.buf)
        line = self.buf_line
        self.buf, self.buf_line = [], None
        if self.cell is not None:
            self.cell.append(raw)
            return
        if not _strip_sentinels(raw).strip():
            return
        if self.heading is not None:
            text = clean(_strip_sentinels(raw))
            self.blocks.append(Block(HEADING, text=text, line=self.heading[1], level=self.heading[0]))
            return
        if self.items and not self.item_has_text[-1]:
            _fill_item(self.items[-1], raw)
            self.item_has_text[-1] = True
            return
        if self.items:
            # A second paragraph inside the same <li>: more lines of the item.
            self.items[-1].lines.extend(_lines(raw))
            return
        self.blocks.append(_make_para(raw, line))

    def _start_text(self) -> None:
        if self.buf_line is None:
            self.buf_line = self.getpos()[0]

    # ------------------------------------------------------------------ events
    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("article", "main"):
            self.scope_depth += 1
        if tag in _SKIP:
            if tag not in _VOID:
                self.skip_depth += 1
            return
        if not self.active:
            return
        if tag == "br":
            self.buf.append(_BR)
            return
        if tag in ("strong", "b"):
            self.buf.append(_B0)
            return
        if tag == "hr":
            self._flush()
            self.blocks.append(Block(RULE, line=self.getpos()[0]))
            return
        if tag in _HEAD:
            self._flush()
            self.heading = (int(tag[1]), self.getpos()[0])
            return
        if tag in ("ul", "ol"):
            self._flush()
            start = dict(attrs).get("start")
            try:
                first = int(start) if start else 1
            except ValueError:
                first = 1
            self.lists.append([tag == "ol", first])
            return
        if tag == "li":
            self._flush()
            ordered, number = self.lists[-1] if self.lists else [False, 1]
            value = dict(attrs).get("value")
            if ordered and value and value.isdigit():
                number = int(value)
            item = Block(
                ITEM,
                line=self.getpos()[0],
                level=max(0, len(self.lists) - 1),
                ordered=ordered,
                number=number if ordered else None,
            )
            if self.lists:
                self.lists[-1][1] = number + 1
            self.blocks.append(item)
            self.items.append(item)
            self.item_has_text.append(False)
            return
        if tag == "table":
            self._flush()
            self.table, self.table_line = [], self.getpos()[0]
            return
        if tag == "tr" and self.table is not None:
            self.row = []
            return
        if tag in ("td", "th") and self.row is not None:
            self._flush()
            self.cell = []
            return
        if tag == "pre":
            self.pre += 1
        if tag in _BLOCK:
            self._flush()

    def handle_startendtag(self, tag: str, attrs) -> None:
        if tag in _SKIP:
            return
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip_depth = max(0, self.skip_depth - 1)
            return
        if tag in ("article", "main"):
            if self.active:
                self._flush()
            self.scope_depth = max(0, self.scope_depth - 1)
            return
        if not self.active:
            return
        if tag in ("strong", "b"):
            self.buf.append(_B1)
            return
        if tag in _HEAD:
            self._flush()
            self.heading = None
            return
        if tag == "li":
            self._flush()
            if self.items:
                self.items.pop()
                self.item_has_text.pop()
            return
        if tag in ("ul", "ol"):
            self._flush()
            if self.lists:
                self.lists.pop()
            return
        if tag in ("td", "th") and self.cell is not None:
            self._flush()
            text = clean(_strip_sentinels("".join(self.cell)))
            self.cell = None
            if self.row is not None:
                self.row.append(text)
            return
        if tag == "tr" and self.row is not None:
            if self.table is not None and any(c for c in self.row):
                self.table.append(self.row)
            self.row = None
            return
        if tag == "table" and self.table is not None:
            if self.table:
                self.blocks.append(Block(TABLE, line=self.table_line, rows=self.table))
            self.table, self.row, self.cell = None, None, None
            return
        if tag == "pre":
            self.pre = max(0, self.pre - 1)
        if tag in _BLOCK:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self.active or not data:
            return
        if not data.strip() and not self.buf:
            return
        self._start_text()
        self.buf.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def _strip_sentinels(text: str) -> str:
    return text.replace(_B0, "").replace(_B1, "").replace(_BR, " ")


def _split_raw(raw: str) -> list[str]:
    """Logical lines: split at <br> and at new lines that start a dash or bullet; other new lines are spaces."""
    raw = re.sub(r"\n(?!\s*[–—•\-]\s)", " ", raw.replace("\r", ""))
    return re.split(rf"[ \t]*(?:{_BR}|\n)[ \t]*", raw)


def _lines(raw: str) -> list[str]:
    out = []
    for part in _split_raw(raw):
        text = clean(_strip_sentinels(part))
        if text:
            out.append(text)
    return out


_LEAD = re.compile(rf"^\s*{_B0}(?P<label>[^{_B0}{_B1}]+?)\s*(?::\s*{_B1}|{_B1}\s*:)\s*(?P<rest>.*)$", re.S)
_ALL_BOLD = re.compile(rf"^\s*{_B0}(?P<name>[^{_B0}{_B1}]+){_B1}\s*$")


def _split_lead(first_line_raw: str) -> tuple[str | None, str, bool]:
    """(label, rest, bold_name) for the first raw line of a block."""
    m = _LEAD.match(first_line_raw)
    if m:
        return clean(m.group("label")), clean(_strip_sentinels(m.group("rest"))), False
    m = _ALL_BOLD.match(first_line_raw)
    if m:
        return None, clean(m.group("name")), True
    return None, clean(_strip_sentinels(first_line_raw)), False


def _raw_lines(raw: str) -> list[str]:
    return [p for p in _split_raw(raw) if _strip_sentinels(p).strip()]


def _fill_item(item: Block, raw: str) -> None:
    lines = _raw_lines(raw)
    if not lines:
        return
    label, rest, bold = _split_lead(lines[0])
    item.label, item.text, item.bold = label, rest, bold
    item.lines.extend(clean(_strip_sentinels(x)) for x in lines[1:])


def _make_para(raw: str, line: int | None) -> Block:
    lines = _raw_lines(raw)
    label, rest, _ = _split_lead(lines[0]) if lines else (None, "", False)
    others = [clean(_strip_sentinels(x)) for x in lines[1:]]
    dash = [x for x in others if re.match(r"^[–—•\-]\s", x)]
    if dash:
        body = " ".join([rest] + [x for x in others if x not in dash]).strip()
        bullets = [re.sub(r"^[–—•\-]\s+", "", x) for x in dash]
        return Block(PARA, text=body, line=line, label=label, bullets=bullets)
    return labelled_para(" ".join([rest, *others]).strip(), line, label)


def read_html(text: str, *, line_offset: int = 0) -> list[Block]:
    """Blocks from an HTML document or fragment."""
    scoped = bool(re.search(r"<(article|main)\b", text, re.I))
    parser = _Parser(scoped)
    parser.feed(text)
    parser.close()
    blocks = parser.blocks
    if scoped and not any(b.kind != RULE for b in blocks):
        parser = _Parser(False)  # an empty <main>: read the whole page instead
        parser.feed(text)
        parser.close()
        blocks = parser.blocks
    if line_offset:
        for b in blocks:
            if b.line is not None:
                b.line += line_offset
    return blocks


def html_title(text: str) -> str | None:
    m = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
    if not m:
        return None
    import html as _html

    return clean(_html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))) or None
