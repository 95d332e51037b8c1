"""Inline text with bold and line-break marks, shared by the HTML, Markdown and DOCX readers.

A format reader walks its parsed tree and writes each block's inline content as
one *raw* string: text, with ``B0``/``B1`` around bold runs and ``BR`` for a
hard line break.  The functions here turn raw strings into block fields the
same way for every format:

* ``**Label:** text`` (bold lead-in ending in a colon) -> ``label`` + ``text``;
* a first line that is all bold -> a *name* (``bold=True``: skills, exercises);
* further lines (after ``BR``, or a new line that starts a dash) -> ``lines``
  of an item, or ``bullets`` of a paragraph when they are dash items.
"""

from __future__ import annotations

import re

from .blocks import ITEM, PARA, Block, clean, labelled_para

B0, B1, BR = "\x01", "\x02", "\x03"  # bold start / end, hard line break


def strip_marks(text: str) -> str:
    return text.replace(B0, "").replace(B1, "").replace(BR, " ")


def split_raw(raw: str) -> list[str]:
    """Logical lines: split at BR and at new lines that start a dash or bullet; other new lines are spaces."""
    raw = re.sub(r"\n(?!\s*[–—•\-]\s)", " ", raw.replace("\r", ""))
    return re.split(rf"[ \t]*(?:{BR}|\n)[ \t]*", raw)


def raw_lines(raw: str) -> list[str]:
    return [p for p in split_raw(raw) if strip_marks(p).strip()]


def plain_lines(raw: str) -> list[str]:
    return [t for t in (clean(strip_marks(p)) for p in split_raw(raw)) if t]


_LEAD = re.compile(rf"^\s*{B0}(?P<label>[^{B0}{B1}]+?)\s*(?::\s*{B1}|{B1}\s*:)\s*(?P<rest>.*)$", re.S)
_ALL_BOLD = re.compile(rf"^\s*{B0}(?P<name>[^{B0}{B1}]+){B1}\s*$")


def split_lead(first_line_raw: str) -> tuple[str | None, str, bool]:
    """(label, rest, bold_name) for the first raw line of a block."""
    m = _LEAD.match(first_line_raw)
    if m:
        return clean(m.group("label")), clean(strip_marks(m.group("rest"))), False
    m = _ALL_BOLD.match(first_line_raw)
    if m:
        return None, clean(m.group("name")), True
    return None, clean(strip_marks(first_line_raw)), False


def is_all_bold(raw: str) -> bool:
    """The whole raw text is bold (possibly in several runs): a bold label paragraph."""
    text = raw.strip()
    if not text.startswith(B0):
        return False
    outside = re.sub(rf"{B0}[^{B0}{B1}]*{B1}", "", text)
    return not strip_marks(outside).strip() and bool(clean(strip_marks(text)))


def fill_item(item: Block, raw: str) -> None:
    """The first text of a list item: label / name / text, then further lines."""
    lines = raw_lines(raw)
    if not lines:
        return
    label, rest, bold = split_lead(lines[0])
    item.label, item.text, item.bold = label, rest, bold
    item.lines.extend(clean(strip_marks(x)) for x in lines[1:])


def make_para(raw: str, line: int | None) -> Block:
    """A paragraph from raw text: label, and dash lines as bullets."""
    lines = raw_lines(raw)
    label, rest, _ = split_lead(lines[0]) if lines else (None, "", False)
    others = [clean(strip_marks(x)) for x in lines[1:]]
    dash = [x for x in others if re.match(r"^[–—•\-]\s", x)]
    if dash:
        body = " ".join([rest] + [x for x in others if x not in dash]).strip()
        bullets = [re.sub(r"^[–—•\-]\s+", "", x) for x in dash]
        return Block(PARA, text=body, line=line, label=label, bullets=bullets)
    return labelled_para(" ".join([rest, *others]).strip(), line, label)


def cell_text(raw: str) -> str:
    """A table cell's text on one line: its lines joined ('; ' between list-like lines)."""
    out = ""
    for part in plain_lines(raw):
        if not out:
            out = part
        elif out[-1] in ".!?:;,":
            out = f"{out} {part}"
        else:
            out = f"{out}; {part}"
    return out


__all__ = [
    "B0",
    "B1",
    "BR",
    "ITEM",
    "cell_text",
    "fill_item",
    "is_all_bold",
    "make_para",
    "plain_lines",
    "split_lead",
    "strip_marks",
]
