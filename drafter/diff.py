"""Compare two blueprints section by section (``drafter diff A B``, the TUI's version history).

>>> d = diff_blueprints(old_bp, new_bp)          # or diff_sections("kpis", old, new)
>>> d.changed                                     # False when nothing differs
>>> [(s.heading, s.status) for s in d.sections]

Every section is flattened into *groups* of text items with the same layout
the exports use (``drafter.render.layout``): a list field is a group of
bullets, a table a group of rows, a labelled field a group of one.  Two
versions of a group are aligned in two steps:

1. ``difflib.SequenceMatcher`` over the exact items keeps the unchanged runs
   in order;
2. the items left over on each side (across every group of the section, so an
   item that changed group is found too) are paired by ``rapidfuzz``
   similarity, best pairs first: a pair with the same text is *moved*, a pair
   with similar text is *changed* (shown with a word-level diff); the rest
   are *added* or *removed*.

The result is plain data: the renderers (``drafter.render.diff``: rich,
Markdown, HTML) and the TUI only display it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel

from .schema.models import Blueprint
from .schema.sections import SECTIONS

Op = Literal["same", "added", "removed", "changed", "moved"]
Status = Literal["same", "added", "removed", "changed"]

#: Two leftover items with at least this rapidfuzz similarity (0-100) are the
#: same item reworded; below it, one was removed and the other added.
PAIR_THRESHOLD = 62.0


@dataclass(frozen=True)
class Word:
    """A run of words in a changed item: kept, inserted or deleted."""

    op: Literal["equal", "insert", "delete"]
    text: str


@dataclass(frozen=True)
class ItemChange:
    op: Op
    old: str | None = None
    new: str | None = None
    score: float = 100.0  # similarity of old and new (changed / moved)
    moved_from: str | None = None  # the group it was in, when it changed group
    words: tuple[Word, ...] = ()  # word-level diff of a changed item

    @property
    def text(self) -> str:
        return self.new if self.new is not None else (self.old or "")


@dataclass(frozen=True)
class GroupDiff:
    heading: str  # sub-heading ("Strategic", "KPI table", "What it is"); "" for the section's own text
    changes: tuple[ItemChange, ...]

    @property
    def changed(self) -> bool:
        return any(c.op != "same" for c in self.changes)


@dataclass(frozen=True)
class SectionDiff:
    key: str
    heading: str  # "7) KPIs and Productivity Metrics"
    status: Status
    groups: tuple[GroupDiff, ...]

    def count(self, op: Op) -> int:
        return sum(1 for g in self.groups for c in g.changes if c.op == op)

    @property
    def counts(self) -> dict[str, int]:
        return {op: self.count(op) for op in ("added", "removed", "changed", "moved", "same")}

    @property
    def changed(self) -> bool:
        return self.status != "same"


@dataclass(frozen=True)
class BlueprintDiff:
    old_label: str  # what A is ("a.json", "version 2 (edited)")
    new_label: str
    old_title: str
    new_title: str
    meta: tuple[ItemChange, ...]  # "Level: senior" -> "Level: staff"
    sections: tuple[SectionDiff, ...]

    @property
    def changed(self) -> bool:
        return any(c.op != "same" for c in self.meta) or any(s.changed for s in self.sections)

    def totals(self) -> dict[str, int]:
        out = {"added": 0, "removed": 0, "changed": 0, "moved": 0, "same": 0}
        for s in self.sections:
            for op, n in s.counts.items():
                out[op] += n
        return out

    def section_counts(self) -> dict[str, int]:
        """How many sections are the same, added, removed, changed."""
        out = {"same": 0, "added": 0, "removed": 0, "changed": 0}
        for s in self.sections:
            out[s.status] += 1
        return out


# --------------------------------------------------------------------------- flattening


Groups = list[tuple[str, list[str]]]


def section_groups(key: str, section: BaseModel | None) -> Groups:
    """``section`` as ``[(heading, [item, ...]), ...]`` in the export layout."""
    if section is None:
        return []
    from .render.layout import section_view
    from .schema.sections import BY_KEY

    view = section_view(BY_KEY[key], section)
    groups: dict[str, list[str]] = {}
    for part in view.parts:
        if part.kind == "text":
            heading, items = part.heading or "", list(part.paragraphs)
        elif part.kind == "field":
            heading, items = part.label or "", [part.value]
        elif part.kind == "list":
            heading, items = part.heading or "", [_entry_text(e) for e in part.entries]
        else:  # table
            heading = part.heading or _table_heading(key)
            items = [" | ".join(_cell(c) for c in row) for row in part.rows]
        items = [i for i in items if i.strip()]
        if items:
            groups.setdefault(heading, []).extend(items)
    return list(groups.items())


def _table_heading(key: str) -> str:
    return {"kpis": "KPI table", "tools": "Tools table", "scorecard": "Scorecard"}.get(key, "Table")


def _cell(cell) -> str:
    return "; ".join(cell) if isinstance(cell, tuple) else str(cell)


def _entry_text(entry) -> str:
    bits = []
    head = entry.lead or ""
    if head and entry.text:
        bits.append(f"{head}: {entry.text}")
    else:
        bits.append(head or entry.text)
    bits += [f"{d.label}: {d.text}" for d in entry.details]
    bits += list(entry.points)
    return " — ".join(b for b in bits if b)


# --------------------------------------------------------------------------- alignment


def _similarity(a: str, b: str) -> float:
    from rapidfuzz import fuzz

    # token_sort for reordered wording; plain ratio for edits; never token_set (a short item would match a long
    # one that contains it)
    return max(fuzz.token_sort_ratio(a, b), fuzz.ratio(a, b))


def words_diff(old: str, new: str) -> tuple[Word, ...]:
    """A word-level diff of two texts (whitespace kept with the words)."""
    a = re.findall(r"\S+\s*", old)
    b = re.findall(r"\S+\s*", new)
    matcher = difflib.SequenceMatcher(None, [w.strip() for w in a], [w.strip() for w in b], autojunk=False)
    out: list[Word] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.append(Word("equal", "".join(b[j1:j2])))
            continue
        if i2 > i1:
            out.append(Word("delete", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(Word("insert", "".join(b[j1:j2])))
    return tuple(out)


@dataclass
class _Slot:
    """One position in a group's merged output: an unchanged item, or a leftover."""

    kind: Literal["same", "old", "new"]
    text: str
    group: str
    index: int  # leftover id
    change: ItemChange | None = None


def _align_section(old: Groups, new: Groups) -> tuple[GroupDiff, ...]:
    old_map = dict(old)
    new_map = dict(new)
    # Headings in the new version's order, old-only groups where they were.
    headings = _merge_order([h for h, _ in old], [h for h, _ in new])

    slots: dict[str, list[_Slot]] = {}
    old_left: list[_Slot] = []
    new_left: list[_Slot] = []
    for heading in headings:
        a, b = old_map.get(heading, []), new_map.get(heading, [])
        out: list[_Slot] = []
        matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                out += [_Slot("same", t, heading, -1) for t in b[j1:j2]]
                continue
            for t in a[i1:i2]:
                slot = _Slot("old", t, heading, len(old_left))
                old_left.append(slot)
                out.append(slot)
            for t in b[j1:j2]:
                slot = _Slot("new", t, heading, len(new_left))
                new_left.append(slot)
                out.append(slot)
        slots[heading] = out

    pairs = _pair(old_left, new_left)
    paired_old = set(pairs.values())
    groups = []
    for heading in headings:
        changes: list[ItemChange] = []
        for slot in slots[heading]:
            if slot.kind == "same":
                changes.append(ItemChange("same", slot.text, slot.text))
            elif slot.kind == "old":
                if slot.index not in paired_old:
                    changes.append(ItemChange("removed", old=slot.text))
            else:
                partner = pairs.get(slot.index)
                if partner is None:
                    changes.append(ItemChange("added", new=slot.text))
                    continue
                o = old_left[partner]
                moved_from = o.group if o.group != heading else None
                if o.text == slot.text:
                    changes.append(ItemChange("moved", o.text, slot.text, 100.0, moved_from))
                else:
                    score = _similarity(o.text, slot.text)
                    changes.append(ItemChange("changed", o.text, slot.text, round(score, 1), moved_from,
                                              words_diff(o.text, slot.text)))
        if changes:
            groups.append(GroupDiff(heading, tuple(changes)))
    return tuple(groups)


def _pair(old: list[_Slot], new: list[_Slot]) -> dict[int, int]:
    """new leftover index -> old leftover index, best similarity first, above the threshold."""
    if not old or not new:
        return {}
    candidates = []
    for i, n in enumerate(new):
        for j, o in enumerate(old):
            s = _similarity(n.text, o.text)
            if s >= PAIR_THRESHOLD:
                candidates.append((s, n.group == o.group, -abs(i - j), i, j))
    candidates.sort(reverse=True)
    out: dict[int, int] = {}
    used: set[int] = set()
    for _s, _g, _d, i, j in candidates:
        if i in out or j in used:
            continue
        out[i] = j
        used.add(j)
    return out


def _merge_order(old: list[str], new: list[str]) -> list[str]:
    """Headings in the new order, with old-only headings after the heading they followed."""
    out = list(new)
    for i, h in enumerate(old):
        if h in out:
            continue
        prev = next((old[k] for k in range(i - 1, -1, -1) if old[k] in out), None)
        out.insert(out.index(prev) + 1 if prev is not None else 0, h)
    return out


# --------------------------------------------------------------------------- public API


def diff_sections(key: str, old: BaseModel | None, new: BaseModel | None, *, heading: str | None = None) -> SectionDiff:
    """The differences between two versions of section ``key`` (either may be None)."""
    from .schema.sections import BY_KEY

    spec = BY_KEY[key]
    groups = _align_section(section_groups(key, old), section_groups(key, new))
    if old is None and new is None:
        status: Status = "same"
    elif old is None:
        status = "added"
    elif new is None:
        status = "removed"
    else:
        status = "changed" if any(g.changed for g in groups) else "same"
    return SectionDiff(key, heading or spec.heading, status, groups)


def _meta_items(bp: Blueprint) -> list[tuple[str, str]]:
    from .render.layout import build

    skip = {"Drafted with", "Source"}
    return [(k, v) for k, v in build(bp).meta if k not in skip] + [("Title", bp.meta.title)]


def diff_blueprints(
    old: Blueprint,
    new: Blueprint,
    *,
    old_label: str = "A",
    new_label: str = "B",
    sections: list[str] | None = None,
) -> BlueprintDiff:
    """Section by section: every section either blueprint has (or ``sections``), in document order."""
    wanted = set(sections) if sections else None
    out: list[SectionDiff] = []
    for spec in SECTIONS:
        if wanted is not None and spec.key not in wanted:
            continue
        a, b = getattr(old, spec.key), getattr(new, spec.key)
        if a is None and b is None:
            continue
        out.append(diff_sections(spec.key, a, b))
    old_meta, new_meta = dict(_meta_items(old)), dict(_meta_items(new))
    meta: list[ItemChange] = []
    for name in dict.fromkeys([*new_meta, *old_meta]):
        a, b = old_meta.get(name), new_meta.get(name)
        la, lb = (f"{name}: {a}" if a else None), (f"{name}: {b}" if b else None)
        if a == b:
            meta.append(ItemChange("same", la, lb))
        elif a is None:
            meta.append(ItemChange("added", new=lb))
        elif b is None:
            meta.append(ItemChange("removed", old=la))
        else:
            meta.append(ItemChange("changed", la, lb, _similarity(la, lb), None, words_diff(la, lb)))
    return BlueprintDiff(old_label, new_label, old.meta.title, new.meta.title, tuple(meta), tuple(out))


__all__ = [
    "BlueprintDiff",
    "GroupDiff",
    "ItemChange",
    "PAIR_THRESHOLD",
    "SectionDiff",
    "Word",
    "diff_blueprints",
    "diff_sections",
    "section_groups",
    "words_diff",
]
