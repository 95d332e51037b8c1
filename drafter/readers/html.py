"""HTML to blocks, through lxml's HTML parser (libxml2: implied end tags, entities, broken markup).

* Main content: when the page has ``<main>``, ``<article>`` or ``role="main"``,
  only those are read (an empty one: the whole page).
* Site chrome is dropped and reported as ``NOISE`` blocks: ``nav``, ``header``,
  ``footer``, ``aside`` and elements whose role, id or class says navigation,
  table of contents, sidebar, breadcrumbs, banner, alert ("This job posting has
  closed") or cookie notice.
  ``script``, ``style``, ``template``, forms and media are skipped silently.
* ``h1``-``h6`` become headings, ``p``/``div``/``blockquote``/``pre`` paragraphs,
  ``li`` list items (depth from list nesting, numbered from ``ol start`` /
  ``li value``), ``table`` tables (rows of ``th``/``td`` cell text; a list inside
  a cell is joined with '; '), ``hr`` rules.
* ``<strong>Label:</strong> text`` gives the block a label; a list item whose
  first line is all bold is a name; ``<br>`` and a new line followed by a dash
  split an item or paragraph into lines (see ``inline``).

Line numbers are the source lines of the elements (lxml's ``sourceline``).
"""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from .blocks import HEADING, ITEM, NOISE, RULE, TABLE, Block, clean
from .inline import B0, B1, BR, cell_text, fill_item, is_all_bold, make_para, plain_lines

_SILENT = {
    "script",
    "style",
    "form",
    "noscript",
    "svg",
    "template",
    "iframe",
    "button",
    "select",
    "input",
    "textarea",
    "video",
    "audio",
    "object",
    "embed",
    "canvas",
    "head",
    "title",
    "meta",
    "link",
}
_CHROME = {"nav", "header", "footer", "aside"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "alert"}
_CHROME_WORDS = re.compile(
    r"^(?:toc|toc-\w+|table-of-contents|sidebar|side-bar|sidenav|side-nav|leftnav|left-nav|nav|navbar|navigation|"
    r"menu|main-menu|breadcrumbs?|site-header|site-footer|page-footer|footer|cookie\w*|cookies|skip-link|"
    r"skipnav|usa-banner|usa-nav|usa-footer|usa-breadcrumb|back-breadcrumb|banner|alert|usa-alert|site-alert)$",
    re.I,
)
_BLOCK = {
    "p",
    "div",
    "blockquote",
    "pre",
    "section",
    "article",
    "main",
    "figure",
    "figcaption",
    "dd",
    "dt",
    "dl",
    "address",
    "center",
    "details",
    "summary",
    "body",
    "html",
    "tbody",
    "thead",
    "tfoot",
    "tr",
}
_HEAD = {"h1", "h2", "h3", "h4", "h5", "h6"}


def _is_chrome(el) -> str | None:
    """What kind of site chrome ``el`` is, or None."""
    tag = el.tag
    if tag == "header" and any(a.tag in ("main", "article") for a in el.iterancestors()):
        return None  # an article's own header holds its title
    if tag in _CHROME:
        return tag
    role = (el.get("role") or "").lower()
    if role in _CHROME_ROLES:
        return role
    for value in (el.get("id") or "", el.get("class") or ""):
        for word in value.split():
            if _CHROME_WORDS.match(word):
                return word
    return None


class _Walker:
    def __init__(self, line_offset: int = 0) -> None:
        self.offset = line_offset
        self.blocks: list[Block] = []
        self.buf: list[str] = []
        self.buf_line: int | None = None
        self.lists: list[list] = []  # [ordered, next number]
        self.items: list[Block] = []  # open <li> blocks
        self.item_has_text: list[bool] = []

    # ------------------------------------------------------------------ helpers
    def line(self, el) -> int | None:
        n = getattr(el, "sourceline", None)
        return n + self.offset if n else None

    def text(self, s: str | None, el) -> None:
        if not s:
            return
        if not s.strip() and not self.buf:
            return
        if self.buf_line is None:
            self.buf_line = self.line(el)
        self.buf.append(s)

    def flush(self) -> None:
        raw = "".join(self.buf)
        line = self.buf_line
        self.buf, self.buf_line = [], None
        if not clean(raw.replace(B0, "").replace(B1, "").replace(BR, " ")):
            return
        if self.items and not self.item_has_text[-1]:
            fill_item(self.items[-1], raw)
            self.item_has_text[-1] = True
            return
        if self.items:
            # A second paragraph inside the same <li>: more lines of the item.
            self.items[-1].lines.extend(plain_lines(raw))
            return
        block = make_para(raw, line)
        if is_all_bold(raw):
            block.meta["bold_only"] = True
        self.blocks.append(block)

    def noise(self, el, what: str) -> None:
        text = clean(" ".join(el.itertext()))
        if not text:
            return
        preview = text if len(text) <= 50 else text[:47] + "..."
        line = self.line(el)
        where = f"line {line}: " if line else ""
        self.blocks.append(Block(NOISE, text=f"page {what} ({where}{preview!r})", line=line))

    # ------------------------------------------------------------------ walking
    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else None
        if tag is None:  # comment or processing instruction: only its tail counts
            return
        tag = tag.lower()
        if tag in _SILENT:
            return
        chrome = _is_chrome(el)
        if chrome:
            self.flush()
            self.noise(el, "navigation" if chrome in ("nav", "navigation") else chrome)
            return
        handler = getattr(self, f"_{tag}", None)
        if handler is not None:
            handler(el)
        elif tag in _HEAD:
            self._heading(el, int(tag[1]))
        elif tag in _BLOCK:
            self.flush()
            self.children(el)
            self.flush()
        else:
            self.children(el)

    def children(self, el) -> None:
        self.text(el.text, el)
        for child in el:
            self.walk(child)
            self.text(child.tail, child)

    def _br(self, el) -> None:
        self.buf.append(BR)

    def _strong(self, el) -> None:
        self.buf.append(B0)
        self.children(el)
        self.buf.append(B1)

    _b = _strong

    def _hr(self, el) -> None:
        self.flush()
        self.blocks.append(Block(RULE, line=self.line(el)))

    def _heading(self, el, level: int) -> None:
        self.flush()
        text = clean(" ".join(_texts(el)))
        if text:
            self.blocks.append(Block(HEADING, text=text, line=self.line(el), level=level))

    def _list(self, el, ordered: bool) -> None:
        self.flush()
        start = el.get("start")
        try:
            first = int(start) if start else 1
        except ValueError:
            first = 1
        self.lists.append([ordered, first])
        self.children(el)
        self.flush()
        self.lists.pop()

    def _ul(self, el) -> None:
        self._list(el, False)

    def _ol(self, el) -> None:
        self._list(el, True)

    _menu = _ul

    def _li(self, el) -> None:
        self.flush()
        ordered, number = self.lists[-1] if self.lists else [False, 1]
        value = el.get("value")
        if ordered and value and value.isdigit():
            number = int(value)
        item = Block(
            ITEM,
            line=self.line(el),
            level=max(0, len(self.lists) - 1),
            ordered=ordered,
            number=number if ordered else None,
        )
        if self.lists:
            self.lists[-1][1] = number + 1
        self.blocks.append(item)
        self.items.append(item)
        self.item_has_text.append(False)
        self.children(el)
        self.flush()
        self.items.pop()
        self.item_has_text.pop()

    def _table(self, el) -> None:
        self.flush()
        rows: list[list[str]] = []
        cell_lines: list[list[list[str]]] = []
        row_lines: list[int | None] = []
        for tr in _rows(el):
            cells, lines = [], []
            for cell in tr:
                if not isinstance(cell.tag, str) or cell.tag.lower() not in ("td", "th"):
                    continue
                raw = _cell_raw(cell)
                cells.append(cell_text(raw))
                lines.append(plain_lines(raw))
            if any(cells):
                rows.append(cells)
                cell_lines.append(lines)
                row_lines.append(self.line(tr))
        if rows:
            meta = {"row_lines": row_lines, "cells": cell_lines}
            self.blocks.append(Block(TABLE, line=self.line(el), rows=rows, meta=meta))


def _cell_raw(el) -> str:
    out: list[str] = []

    def rec(e) -> None:
        tag = e.tag.lower() if isinstance(e.tag, str) else None
        if tag is None:
            return
        if tag in _SILENT:
            return
        if tag == "br":
            out.append(BR)
            return
        block = tag in _BLOCK or tag in _HEAD or tag in ("li", "ul", "ol", "table")
        if block:
            out.append(BR)
        if tag in ("strong", "b"):
            out.append(B0)
        out.append(e.text or "")
        for c in e:
            rec(c)
            out.append(c.tail or "")
        if tag in ("strong", "b"):
            out.append(B1)
        if block:
            out.append(BR)

    out.append(el.text or "")
    for c in el:
        rec(c)
        out.append(c.tail or "")
    return "".join(out)


def _rows(table):
    """The table's own rows (not those of nested tables), in order."""
    for child in table:
        if not isinstance(child.tag, str):
            continue
        tag = child.tag.lower()
        if tag == "tr":
            yield child
        elif tag in ("thead", "tbody", "tfoot"):
            for tr in child:
                if isinstance(tr.tag, str) and tr.tag.lower() == "tr":
                    yield tr


def _texts(el):
    """Text of an element without its skipped children (scripts, styles)."""
    if el.text:
        yield el.text
    for c in el:
        if isinstance(c.tag, str) and c.tag.lower() not in _SILENT:
            yield from _texts(c)
        if c.tail:
            yield c.tail


def parse(text: str):
    """The lxml document tree of an HTML page or fragment (None when there is nothing to parse)."""
    # lxml refuses str input with an XML encoding declaration; a leading BOM is no content.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text.lstrip("\ufeff"))
    if not text.strip():
        return None
    parser = lxml_html.HTMLParser(recover=True, remove_comments=True, remove_pis=True)
    try:
        return lxml_html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return None


def _main_content(root) -> list:
    found = root.xpath("//main | //article | //*[@role='main']")
    # Outermost only: an <article> inside <main> is read once.
    return [el for el in found if not any(a in found for a in el.iterancestors())]


def read_html(text: str, *, line_offset: int = 0) -> list[Block]:
    """Blocks from an HTML document or fragment."""
    root = parse(text)
    if root is None:
        return []
    scopes = _main_content(root)
    if scopes:
        w = _Walker(line_offset)
        for el in scopes:
            w.walk(el)
        w.flush()
        if any(b.kind not in (RULE, NOISE) for b in w.blocks):
            return w.blocks
    w = _Walker(line_offset)
    w.walk(root)
    w.flush()
    return w.blocks


def html_title(text: str) -> str | None:
    """The page's ``<title>`` text (None when absent)."""
    m = re.search(r"<title[^>]*>(.*?)</title>", text, re.I | re.S)
    if not m:
        return None
    import html as _html

    return clean(_html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))) or None
