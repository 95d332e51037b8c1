"""Plain text to blocks: the seeds' blueprint text (004) and career guides (000, 001).

Line by line:

* ``N) Title`` at the start of a line: a numbered section heading;
* ``•``/``-``/``*``/``–`` or ``1.``/``1)`` after optional indentation: a list
  item, nested by indentation; indented lines right under an item are its
  further lines ("Description: ...");
* a line made of known table column titles ("Metric name What it measures
  ...") starts a flattened table: the following lines up to a blank line are
  its rows (split into cells later, by ``tables``);
* a short line without closing punctuation: a heading candidate (its level is
  decided by ``assemble``, which knows what the headings mean);
* anything else: a paragraph.

Career guides glue sub-headings to the end of the previous line ("...
stakeholders Technical Skills:"); ``split_glued_headings`` cuts them off.
"""

from __future__ import annotations

import re

from .blocks import HEADING, ITEM, PARA, TABLE, Block, clean, split_dash_run, split_label
from .tables import match_header

_NUM_HEADING = re.compile(r"^(\d{1,2})\)\s+(\S.{0,110})$")
_ITEM = re.compile(
    r"^(?P<indent>[ \t]*)(?:(?P<bullet>[•·▪◦●■□‣⁃*]|[-–—](?=\s))|(?P<num>\d{1,3})[.)])\s+(?P<text>\S.*)$"
)
TITLE_LINE = re.compile(r"^(?P<title>.{1,120}?):\s*Role Blueprint\b.*$", re.I)


def _indent(raw: str) -> int:
    return len(raw.expandtabs(4)) - len(raw.expandtabs(4).lstrip())


def is_heading_candidate(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 120 or len(s.split()) > 14:
        return False
    if s[-1] in ".!?,;:":
        return False
    if not (s[0].isupper() or s[0].isdigit() or s[0] in "“\"'"):
        return False
    return True


def make_para(text: str, line: int | None) -> Block:
    """A paragraph, with its lead-in label and inline dash run split off."""
    lead, bullets = split_dash_run(text)
    if bullets:
        label, rest = split_label(lead, max_words=14) if lead.endswith(":") else split_label(lead)
        if label is not None and not rest:
            return Block(PARA, text="", line=line, label=label, bullets=bullets)
        return Block(PARA, text=lead, line=line, bullets=bullets)
    label, rest = split_label(clean(text))
    if label is not None and rest:
        return Block(PARA, text=rest, line=line, label=label)
    return Block(PARA, text=clean(text), line=line)


def read_plain(text: str) -> list[Block]:
    lines = text.split("\n")
    blocks: list[Block] = []
    i, n = 0, len(lines)
    while i < n:
        raw = lines[i]
        number = i + 1
        if not raw.strip():
            i += 1
            continue
        stripped = clean(raw)
        indent = _indent(raw)

        m = _NUM_HEADING.match(raw)
        if m and indent == 0 and not stripped.endswith((".", ":", ";")):
            blocks.append(Block(HEADING, text=clean(m.group(2)), line=number, level=2, number=int(m.group(1))))
            i += 1
            continue

        header = match_header(stripped) if indent == 0 else None
        if header:
            rows, row_lines = [header], [number]
            j = i + 1
            while j < n and lines[j].strip():
                rows.append([clean(lines[j])])
                row_lines.append(j + 1)
                j += 1
            blocks.append(Block(TABLE, line=number, rows=rows, flat=True, meta={"row_lines": row_lines}))
            i = j
            continue

        m = _ITEM.match(raw)
        if m:
            item = Block(
                ITEM,
                text=clean(m.group("text")),
                line=number,
                level=_indent(m.group("indent")),
                ordered=m.group("num") is not None,
                number=int(m.group("num")) if m.group("num") else None,
            )
            j = i + 1
            # Further lines: indented deeper than the item, no bullet, no blank line between.
            while j < n and lines[j].strip() and not _ITEM.match(lines[j]) and _indent(lines[j]) > item.level:
                item.lines.append(clean(lines[j]))
                j += 1
            blocks.append(item)
            i = j
            continue

        if TITLE_LINE.match(stripped) and indent == 0:
            blocks.append(Block(HEADING, text=stripped, line=number, level=1, meta={"title_line": True}))
        elif is_heading_candidate(stripped) and indent == 0:
            blocks.append(Block(HEADING, text=stripped, line=number, level=3, meta={"plain": True}))
        else:
            blocks.append(make_para(stripped, number))
        i += 1
    return blocks


# --------------------------------------------------------------------------- glued headings

_SMALL = {"of", "the", "and", "or", "but", "for", "to", "in", "on", "a", "an", "with", "as", "at", "by", "vs"}


def _trailing_title_phrase(text: str) -> tuple[str, str] | None:
    """('...stakeholders', 'Technical Skills') for '...stakeholders Technical Skills:'."""
    if not text.endswith(":"):
        return None
    body = text[:-1].rstrip()
    # A parenthetical at the end belongs to the phrase: "Certifications (Optional but Beneficial)".
    paren = ""
    m = re.search(r"\s*(\([^()]*\))$", body)
    if m:
        paren, body = " " + m.group(1), body[: m.start()]
    words = body.split(" ")
    k = len(words)
    while k > 0:
        w = words[k - 1]
        if "(" in w or ")" in w:
            break
        if w[:1].isupper() and not w.endswith((".", ",", ";", ":")):
            k -= 1
            continue
        if w.lower() in _SMALL and k < len(words):
            k -= 1
            continue
        break
    # Small words cannot start the phrase.
    while k < len(words) and words[k].lower() in _SMALL:
        k += 1
    phrase = " ".join(words[k:])
    if not phrase or len(phrase.split()) > 7:
        return None
    head = " ".join(words[:k]).rstrip()
    return head, phrase + paren


def split_glued_headings(blocks: list[Block]) -> list[Block]:  # noqa: C901
    """Cut sub-headings glued to the end of a line off into heading blocks.

    '...strategic thinking. Key Aspects of the Role:' -> para + heading;
    '...platform offerings. Qualifications typically include:' -> item + heading.
    Used for career-guide text only, where the web page lost its line breaks.
    """
    out: list[Block] = []
    for i, b in enumerate(blocks):
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if nxt is None or nxt.kind != ITEM:
            out.append(b)
            continue
        if b.kind not in (PARA, ITEM) or b.bullets or b.lines:
            out.append(b)
            continue
        text = b.full
        found = _trailing_title_phrase(text)
        if found is None and text.endswith(":") and b.kind == ITEM:
            # The last sentence is a lead-in: "... offerings. Qualifications typically include:"
            m = re.search(r"^(.*[.!?])\s+([A-Z][^.!?]{2,80}:)$", text)
            if m:
                found = (m.group(1), m.group(2)[:-1])
        if found is None or not found[0].strip():
            out.append(b)
            continue
        head, phrase = found
        first = Block(
            b.kind,
            text=head.strip(),
            line=b.line,
            level=b.level,
            number=b.number,
            ordered=b.ordered,
            children=b.children,
        )
        if b.kind == PARA:
            first = make_para(head.strip(), b.line)
        out.append(first)
        out.append(Block(HEADING, text=phrase.strip(), line=b.line, level=4, meta={"glued": True}))
    return out
