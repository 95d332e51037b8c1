"""Word documents (.docx) to blocks, through python-docx.

The body is read in order, paragraphs and tables interleaved:

* the ``Title`` style -> a level-1 heading marked as the title; ``Heading N``
  styles, and any paragraph with an outline level (its own or its style's) ->
  a heading of that level (``Heading 1`` -> 2 when the document has a Title);
* list paragraphs (``numPr`` on the paragraph or its style, or a ``List ...``
  style) -> list items, nested by ``ilvl``; numbered when the numbering
  format is not a bullet;
* a short paragraph that is all bold (``meta["bold_only"]``) or a label ending
  in ':' before a list or table becomes a heading later, as in every format
  (``blocks.promote_label_headings``);
* ``Label:`` in bold at the start of a paragraph -> its label;
* tables -> rows of cell text (merged cells once).

Line numbers are paragraph numbers (the n-th paragraph or table of the body),
which is what a person can count in Word's navigation pane.
"""

from __future__ import annotations

import io
import re
import zipfile

from ..errors import InputError
from .blocks import HEADING, ITEM, META, TABLE, Block, clean
from .inline import B0, B1, BR, cell_text, fill_item, is_all_bold, make_para, plain_lines

_HEADING_STYLE = re.compile(r"^(?:heading|überschrift|titre|título|kop)\s*(\d)$", re.I)
_LIST_STYLE = re.compile(r"^list(?:\s+(bullet|number|paragraph|continue))?(?:\s*\d)?$", re.I)


def is_docx(data: bytes) -> bool:
    """A ZIP archive that holds ``word/document.xml``."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return "word/document.xml" in zf.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return False


def _open(data: bytes, name: str):
    from docx import Document as open_docx

    try:
        return open_docx(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds (KeyError, XMLSyntaxError, BadZipFile, ...)
        detail = " ".join(str(exc).split())[:80]
        what = {
            "KeyError": "a part of the file is missing",
            "XMLSyntaxError": "its XML is damaged",
            "BadZipFile": "the ZIP archive is damaged",
        }.get(type(exc).__name__, type(exc).__name__)
        detail = f" ({detail})" if detail else ""
        raise InputError(name, f"not a readable Word document: {what}{detail}; re-save it as .docx") from None


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _style_chain(style):
    seen = 0
    while style is not None and seen < 10:
        yield style
        style = getattr(style, "base_style", None)
        seen += 1


def _outline_level(p) -> int | None:
    """0-based outline level of a paragraph (its own pPr, else its style's), None when body text."""
    ppr = p._p.pPr
    candidates = [ppr] if ppr is not None else []
    for st in _style_chain(p.style):
        el = st.element.pPr if hasattr(st.element, "pPr") else None
        if el is not None:
            candidates.append(el)
    for el in candidates:
        node = el.find(_qn("w:outlineLvl"))
        if node is not None:
            try:
                lvl = int(node.get(_qn("w:val")))
            except (TypeError, ValueError):
                continue
            return lvl if 0 <= lvl < 9 else None
    return None


def _num_pr(p):
    """(numId, ilvl) when the paragraph is in a numbered or bulleted list."""
    ppr = p._p.pPr
    sources = [ppr] if ppr is not None else []
    for st in _style_chain(p.style):
        el = st.element.pPr if hasattr(st.element, "pPr") else None
        if el is not None:
            sources.append(el)
    for el in sources:
        num = el.find(_qn("w:numPr"))
        if num is None:
            continue
        num_id = num.find(_qn("w:numId"))
        ilvl = num.find(_qn("w:ilvl"))
        nid = num_id.get(_qn("w:val")) if num_id is not None else None
        if nid == "0":
            return None  # numbering switched off
        try:
            level = int(ilvl.get(_qn("w:val"))) if ilvl is not None else 0
        except (TypeError, ValueError):
            level = 0
        return nid, max(0, min(level, 8))
    return None


class _Numbering:
    """numId + ilvl -> whether the list is numbered (decimal, letters, roman) or bulleted."""

    def __init__(self, doc) -> None:
        self.formats: dict[tuple[str, int], str] = {}
        try:
            part = doc.part.numbering_part
        except (KeyError, NotImplementedError, AttributeError):
            return
        root = part.element
        abstract: dict[str, dict[int, str]] = {}
        for an in root.findall(_qn("w:abstractNum")):
            aid = an.get(_qn("w:abstractNumId"))
            levels = {}
            for lvl in an.findall(_qn("w:lvl")):
                fmt = lvl.find(_qn("w:numFmt"))
                try:
                    levels[int(lvl.get(_qn("w:ilvl")))] = fmt.get(_qn("w:val")) if fmt is not None else "bullet"
                except (TypeError, ValueError):
                    continue
            abstract[aid] = levels
        for num in root.findall(_qn("w:num")):
            nid = num.get(_qn("w:numId"))
            ref = num.find(_qn("w:abstractNumId"))
            if ref is None:
                continue
            for lvl, fmt in abstract.get(ref.get(_qn("w:val")), {}).items():
                self.formats[(nid, lvl)] = fmt

    def ordered(self, nid: str | None, lvl: int) -> bool:
        fmt = self.formats.get((nid, lvl), "bullet") if nid else "bullet"
        return fmt not in ("bullet", "none", "")


def _raw(p) -> str:
    """A paragraph's text with bold and break marks (see ``inline``)."""
    out: list[str] = []
    para_bold = _style_bold(p.style)
    for child in p._p.iter():
        tag = child.tag
        if tag == _qn("w:r"):
            continue
        if tag == _qn("w:t"):
            run = child.getparent()
            bold = _run_bold(run, para_bold)
            text = child.text or ""
            out.append(f"{B0}{text}{B1}" if bold and text.strip() else text)
        elif tag == _qn("w:tab"):
            out.append(" ")
        elif tag in (_qn("w:br"), _qn("w:cr")):
            out.append(BR)
    raw = "".join(out)
    return re.sub(f"{B1}(\\s*){B0}", r"\1", raw)  # adjacent bold runs are one run


def _style_bold(style) -> bool:
    for st in _style_chain(style):
        try:
            if st.font is not None and st.font.bold is not None:
                return bool(st.font.bold)
        except AttributeError:
            return False
    return False


def _run_bold(run_el, para_bold: bool) -> bool:
    rpr = run_el.find(_qn("w:rPr")) if run_el is not None else None
    if rpr is not None:
        b = rpr.find(_qn("w:b"))
        if b is not None:
            val = b.get(_qn("w:val"))
            return val not in ("0", "false", "off")
    return para_bold


def _heading_level(p, has_title: bool) -> int | None:
    name = (p.style.name if p.style is not None else "") or ""
    if name.lower() in ("title",):
        return 0
    m = _HEADING_STYLE.match(name.strip())
    if m:
        n = int(m.group(1))
        return min(6, n + 1 if has_title else n) if n >= 1 else None
    lvl = _outline_level(p)
    if lvl is not None:
        return min(6, lvl + 2 if has_title else lvl + 1)
    if name.lower() == "subtitle":
        return None
    return None


def read_docx(data: bytes, name: str = "<docx>") -> list[Block]:
    """Blocks from the bytes of a .docx file; ``InputError`` when it cannot be opened."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = _open(data, name)
    numbering = _Numbering(doc)
    body = doc.element.body
    elements = [el for el in body.iterchildren() if el.tag in (_qn("w:p"), _qn("w:tbl"))]
    paragraphs = [Paragraph(el, doc) if el.tag == _qn("w:p") else Table(el, doc) for el in elements]
    has_title = any(
        isinstance(p, Paragraph) and p.style is not None and (p.style.name or "").lower() == "title" for p in paragraphs
    )
    blocks: list[Block] = []
    core_title = _core_title(doc)
    if core_title:
        blocks.append(Block(META, meta={"doc_title": core_title}))
    counters: dict[tuple[str | None, int], int] = {}
    for index, p in enumerate(paragraphs, start=1):
        if isinstance(p, Table):
            rows, cells = _table_rows(p)
            if rows:
                meta = {"row_lines": [index] * len(rows), "cells": cells}
                blocks.append(Block(TABLE, line=index, rows=rows, meta=meta))
            continue
        raw = _raw(p)
        text = clean(raw.replace(B0, "").replace(B1, "").replace(BR, " "))
        if not text:
            continue
        level = _heading_level(p, has_title)
        if level == 0:
            blocks.append(Block(HEADING, text=text, line=index, level=1, meta={"docx_title": True}))
            continue
        if level is not None:
            blocks.append(Block(HEADING, text=text, line=index, level=level))
            continue
        num = _num_pr(p)
        style = (p.style.name if p.style is not None else "") or ""
        if num is not None or _LIST_STYLE.match(style.strip()):
            nid, ilvl = num if num is not None else (None, 0)
            m = re.search(r"(\d)\s*$", style)
            if ilvl == 0 and m and style.lower().startswith("list"):
                ilvl = max(0, int(m.group(1)) - 1)  # "List Bullet 2": the second level
            ordered = numbering.ordered(nid, ilvl) or "number" in style.lower()
            key = (nid, ilvl)
            counters[key] = counters.get(key, 0) + 1
            for (other_nid, other_lvl) in list(counters):
                if other_nid == nid and other_lvl > ilvl:
                    counters.pop((other_nid, other_lvl))  # a deeper list restarts under a new parent
            item = Block(ITEM, line=index, level=ilvl, ordered=ordered, number=counters[key] if ordered else None)
            fill_item(item, raw)
            blocks.append(item)
            continue
        block = make_para(raw, index)
        if is_all_bold(raw):
            block.meta["bold_only"] = True
        blocks.append(block)
    return blocks


def _core_title(doc) -> str | None:
    """The title in the file's properties, without the file-name clutter Word leaves there."""
    try:
        title = doc.core_properties.title or ""
    except (AttributeError, ValueError, KeyError):
        return None
    title = re.sub(r"\.docx?$", "", clean(title), flags=re.I)
    title = re.sub(
        r"\b(?:job description|applicant (?:information )?pack|role profile|person specification|jd|v\d+(?:\.\d+)*)\b",
        " ",
        title,
        flags=re.I,
    )
    title = clean(re.sub(r"^microsoft word\s*-\s*", "", title, flags=re.I))
    return title.strip(" -_,;:") or None


def _table_rows(table) -> tuple[list[list[str]], list[list[list[str]]]]:
    """Rows of cell text, and each cell's lines.  A cell merged with the one above (vMerge) repeats its text."""
    from docx.text.paragraph import Paragraph

    rows: list[list[str]] = []
    lines: list[list[list[str]]] = []
    above: list[tuple[str, list[str]]] = []
    for tr in table._tbl.tr_lst:
        cells: list[str] = []
        cell_lines: list[list[str]] = []
        for col, tc in enumerate(tr.tc_lst):
            tcpr = tc.tcPr
            vmerge = tcpr.find(_qn("w:vMerge")) if tcpr is not None else None
            if vmerge is not None and vmerge.get(_qn("w:val")) in (None, "continue") and col < len(above):
                text, sub = above[col]
            else:
                parts = [_raw(Paragraph(p_el, table._parent)) for p_el in tc.iter(_qn("w:p"))]
                raw = BR.join(parts)
                text, sub = cell_text(raw), plain_lines(raw)
            cells.append(text)
            cell_lines.append(sub)
        above = list(zip(cells, cell_lines))
        if any(cells):
            rows.append(cells)
            lines.append(cell_lines)
    return rows, lines


__all__ = ["is_docx", "read_docx"]
