"""Career-ladder tables read as level sections.

Career frameworks are often one table of levels by competency.  Two shapes:

* levels across (``| | IC3 | IC4 | IC5 |``, then one row per competency, rows
  with a single cell naming a group of competencies);
* levels down (``| Level | Proficiency | Execution | ... |``, then per level a
  row naming it, optionally a summary row, and a row of cells).

``expand_level_tables(blocks)`` replaces such a table with the blocks a ladder
page would have: a heading per level (``meta["ladder_level"]``, one level below
the heading above the table; ``## Levels`` first when there is none), a heading
per competency under it, and one item per line of the cell.  Other tables are
left as they are.
"""

from __future__ import annotations

import re

from .blocks import HEADING, ITEM, TABLE, Block, clean, split_label

LEVEL_NAME = re.compile(
    r"^(?:(?:IC|M|L|P|E|T|G|GS|SE|EM)\s?-?\d{1,2}[A-Z]?|level\s+[\w.]+|"
    r"(?:associate|junior|intermediate|mid|mid-level|senior|staff|principal|distinguished|lead|fellow|entry(?:-level)?|"
    r"senior staff|sr\.?|jr\.?)(?:\s+[\w/&-]+){0,4})$",
    re.I,
)
_LEVEL_COLUMN = {"level", "levels", "grade", "job grade", "band", "career level"}


def _is_level(text: str) -> bool:
    return bool(text) and len(text) <= 60 and bool(LEVEL_NAME.match(clean(text)))


def _cell_lines(b: Block, r: int, c: int) -> list[str]:
    cells = b.meta.get("cells")
    if cells and r < len(cells) and c < len(cells[r]):
        return [x for x in cells[r][c] if x]
    row = b.rows[r]
    return [row[c]] if c < len(row) and row[c] else []


def _items(lines: list[str], line: int | None) -> list[Block]:
    out = []
    for text in lines:
        label, rest = split_label(text)
        if label is not None and rest:
            out.append(Block(ITEM, text=rest, label=label, line=line))
        else:
            out.append(Block(ITEM, text=text, line=line))
    return out


def _row_line(b: Block, r: int) -> int | None:
    lines = b.meta.get("row_lines") or []
    return lines[r] if r < len(lines) and lines[r] else b.line


def _across(b: Block, base: int) -> list[Block] | None:
    header = b.rows[0]
    levels = [(j, h) for j, h in enumerate(header) if j > 0 and h]
    if len(levels) < 2 or not all(_is_level(h) for _, h in levels) or (header[0] and _is_level(header[0])):
        return None
    out: list[Block] = []
    for j, name in levels:
        out.append(Block(HEADING, text=name, line=b.line, level=base + 1, meta={"ladder_level": name}))
        for r in range(1, len(b.rows)):
            row = b.rows[r]
            filled = [c for c in row if c]
            line = _row_line(b, r)
            if len(filled) == 1 and row and row[0]:
                out.append(Block(HEADING, text=row[0], line=line, level=base + 2, meta={"ladder_group": True}))
                continue
            lines = _cell_lines(b, r, j)
            if not lines:
                continue
            label = row[0] if row and row[0] else "Summary"
            out.append(Block(HEADING, text=label, line=line, level=base + 3))
            out.extend(_items(lines, line))
    return out


def _down(b: Block, base: int) -> list[Block] | None:
    header = b.rows[0]
    if not header or clean(header[0]).lower() not in _LEVEL_COLUMN:
        return None
    firsts = [row[0] for row in b.rows[1:] if row]
    if sum(1 for f in firsts if _is_level(f)) < 2:
        return None
    columns = header[1:]
    out: list[Block] = []
    current = None
    for r in range(1, len(b.rows)):
        row = b.rows[r]
        line = _row_line(b, r)
        offset = 0
        if row and row[0] and row[0] == current:
            offset = 1  # the level cell spans several rows (repeated by the reader)
        elif row and _is_level(row[0]):
            current = row[0]
            out.append(Block(HEADING, text=current, line=line, level=base + 1, meta={"ladder_level": current}))
            offset = 1
        if current is None:
            continue
        cells = list(range(offset, len(row)))
        if len(cells) == 1 and len(columns) > 1:
            lines = _cell_lines(b, r, cells[0])
            if lines:
                out.append(Block(HEADING, text="Summary", line=line, level=base + 2))
                out.extend(_items(lines, line))
            continue
        for k, c in enumerate(cells):
            lines = _cell_lines(b, r, c)
            if not lines:
                continue
            name = columns[k] if k < len(columns) and columns[k] else "Notes"
            out.append(Block(HEADING, text=name, line=line, level=base + 2))
            out.extend(_items(lines, line))
    return out


def expand_level_tables(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    last_level = 1
    for b in blocks:
        if b.kind == HEADING:
            out.append(b)
            if not b.meta.get("is_title"):
                last_level = b.level
            continue
        if b.kind != TABLE or len(b.rows) < 2 or b.flat:
            out.append(b)
            continue
        has_heading = any(x.kind == HEADING and not x.meta.get("is_title") and x.level >= 2 for x in out)
        base = last_level if has_heading else 2
        expanded = _across(b, base) or _down(b, base)
        if not expanded:
            out.append(b)
            continue
        if not has_heading:
            out.append(Block(HEADING, text="Levels", line=b.line, level=2, meta={"ladder": True}))
        out.extend(expanded)
    return out


__all__ = ["expand_level_tables", "LEVEL_NAME"]
