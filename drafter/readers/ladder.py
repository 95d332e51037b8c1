"""Career ladders: a page that describes several levels becomes one blueprint per level.

A job-family page (GitLab: "Associate / Paralegal / Senior / Lead" sections,
each with its own Job Grade, Responsibilities and Requirements), a
progression framework (Monzo's "Level 1..7", read from YAML front matter into
headings), an engineering ladder ("IC1".."IC5", "M3".."M6", from headings or
a ladder table) is recognised by its *level headings*: two or more sibling
headings that are marked as ladder levels by the reader, are named like a
level ("IC3", "L2", "Level IV", "Grade 7"), or name no section themselves
while their sub-headings do ("Payroll Specialist" > "Payroll Specialist
Responsibilities").

Each level's blueprint is built from the shared content (everything outside
the level sections: the family's overview, shared responsibilities,
performance indicators, career ladder, hiring process) plus that level's own
sub-tree, its sub-headings promoted to section headings and stripped of the
level's name ("Senior Paralegal Requirements" -> "Requirements").  Its title
is the level's name (or "<family> <code>" for a bare code), and
``meta.level`` / ``meta.track`` are inferred from it.  Specialisations listed
after a "Specialties" heading are shared role variants, not levels.

>>> from drafter.readers import read_ladder
>>> [d.blueprint.meta.title for d in read_ladder("tests/readers/data/ladder_support_family.md")]
['Support Associate', 'Support Specialist', 'Senior Support Specialist']
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field

from ..roles import infer_level, infer_track
from ..schema.enums import Level, Track
from .blocks import HEADING, ITEM, PARA, TABLE, Block
from .mapper import section_for

#: A heading named like a level: IC3, L2, M5, P4, E6, "Level 3", "Level IV", "Grade 7", "Band 2".
LEVEL_CODE = re.compile(
    r"^(?:(?:IC|L|M|P|E|T|S|SE|EM)\s?-?\d{1,2}|level\s+(?:\d{1,2}|[ivx]{1,5})|grade\s+\d{1,2}|band\s+\d{1,2})"
    r"(?:\b.{0,40})?$",
    re.I,
)
#: Sections whose headings, under a level, show that the heading above is a level.
_LEVEL_CONTENT = {"responsibilities", "experience", "career_path", "technical_skills", "kpis", "summary"}
_FAMILY_SUFFIX = re.compile(
    r"\s*(?:career\s+(?:development\s+)?framework|progression\s+framework|career\s+ladder|career\s+path|"
    r"job\s+family|job\s+families|roles?(?:\s+at\s+.+)?|framework|ladder)\s*$",
    re.I,
)
_CODE_LEVEL = (
    (re.compile(r"^(?:ic|l|p|e|level\s+)?0*1\b", re.I), Level.junior),
    (re.compile(r"^(?:ic|l|p|e|level\s+)?0*2\b", re.I), Level.mid),
    (re.compile(r"^(?:ic|l|p|e|level\s+)?0*3\b", re.I), Level.senior),
    (re.compile(r"^(?:ic|l|p|e|level\s+)?0*4\b", re.I), Level.staff),
    (re.compile(r"^(?:ic|l|p|e|level\s+)?0*5\b", re.I), Level.principal),
)


@dataclass
class LevelPart:
    name: str
    line: int | None
    blocks: list[Block] = field(default_factory=list)  # the level's sub-tree, without its heading
    depth: int = 2  # heading level of the level's heading


@dataclass
class Ladder:
    levels: list[LevelPart]
    shared_before: list[Block]  # shared content before the first level
    shared_after: list[Block]  # shared content after the last level (career ladder, hiring process...)
    level_heading: int  # heading level of the level headings

    def level_blocks(self, level: LevelPart) -> list[Block]:
        """Shared content plus the level's own, its sub-headings promoted to section headings."""
        target = _section_level(self.shared_before + self.shared_after, self.level_heading)
        shift = (level.depth + 1) - target
        own: list[Block] = []
        direct = [b for b in _until_heading(level.blocks)]
        rest = level.blocks[len(direct) :]
        before = [copy.deepcopy(b) for b in self.shared_before]
        if any(b.kind in (ITEM, TABLE) for b in direct):
            # Expectations listed straight under the level ("Impact: ...", "Scope: ..."): its responsibilities.
            own.append(Block(HEADING, text="Responsibilities", line=level.line, level=target, meta={"ladder_direct": True}))
            own.extend(copy.deepcopy(direct))
        elif direct:
            # A paragraph about the level ("The Associate Paralegal reports to ..."): with the page's introduction.
            at = next((k for k, b in enumerate(before) if b.kind == HEADING and not b.meta.get("is_title")), len(before))
            before[at:at] = copy.deepcopy(direct)
        for b in rest:
            b = copy.deepcopy(b)
            if b.kind == HEADING:
                b.level = max(target, b.level - shift)
                b.text = strip_level_name(b.text, level.name)
            own.append(b)
        return before + own + [copy.deepcopy(b) for b in self.shared_after]


def _until_heading(blocks: list[Block]) -> list[Block]:
    out = []
    for b in blocks:
        if b.kind == HEADING:
            break
        out.append(b)
    return out


def _section_level(shared: list[Block], level_heading: int) -> int:
    levels = [b.level for b in shared if b.kind == HEADING and not b.meta.get("is_title") and b.level > 1]
    return min(levels) if levels else max(2, level_heading - 1) if level_heading > 2 else level_heading


def strip_level_name(heading: str, name: str) -> str:
    """'Senior Paralegal Requirements' under 'Senior Paralegal' -> 'Requirements'."""
    h = heading.strip()
    if h.lower().startswith(name.lower()):
        rest = h[len(name) :].strip(" ,:-–—")
        if rest:
            return rest
    return h


def _subtree(blocks: list[Block], i: int) -> int:
    """Index just past the sub-tree of the heading at ``i``."""
    lvl = blocks[i].level
    j = i + 1
    while j < len(blocks) and not (blocks[j].kind == HEADING and blocks[j].level <= lvl):
        j += 1
    return j


def _names_level(b: Block) -> bool:
    return b.meta.get("ladder_level") is not None or bool(LEVEL_CODE.match(b.text.strip()))


def _is_level_heading(blocks: list[Block], i: int) -> bool:
    b = blocks[i]
    if _names_level(b):
        return True
    text = b.text.strip()
    key, score = section_for(text)
    if key is not None and score >= 0.7:
        return False
    end = _subtree(blocks, i)
    children = [x for x in blocks[i + 1 : end] if x.kind == HEADING]
    if sum(1 for c in children if _names_level(c)) >= 2:
        return False  # "Management Levels" holds levels; it is not one
    hits = {section_for(strip_level_name(c.text, text))[0] for c in children}
    return len(hits & _LEVEL_CONTENT) >= 2 or ("responsibilities" in hits or "experience" in hits) and len(children) <= 2


def find_ladder(blocks: list[Block]) -> Ladder | None:
    """The levels of a ladder page, or None when the page describes one role.

    Every group of two or more sibling level headings counts, at any depth
    ("IC1".."IC5" and, under "Management Levels", "M3".."M6").
    """
    blocks = copy.deepcopy(blocks)  # building the whole page nests items in place: keep the levels' own copy
    heads = [i for i, b in enumerate(blocks) if b.kind == HEADING and not b.meta.get("is_title")]
    found: list[tuple[list[int], int, int | None]] = []
    covered: set[int] = set()
    for lvl in sorted({blocks[i].level for i in heads}):
        idx = [i for i in heads if blocks[i].level == lvl and i not in covered]
        # Siblings under one parent: split where a shallower heading intervenes.
        groups: list[list[int]] = []
        for i in idx:
            if groups and not any(
                blocks[k].kind == HEADING and blocks[k].level < lvl for k in range(groups[-1][-1] + 1, i)
            ):
                groups[-1].append(i)
            else:
                groups.append([i])
        for sib in groups:
            levels = []
            stop = None
            for i in sib:
                key, score = section_for(blocks[i].text)
                if key == "variants" and score >= 0.7:
                    stop = i  # "Specialties": what follows are shared variants, not levels
                    break
                if _is_level_heading(blocks, i):
                    levels.append(i)
            if len(levels) >= 2:
                found.append((levels, lvl, stop))
                for i in levels:
                    covered.update(range(i, _subtree(blocks, i)))
    return _cut(blocks, found) if found else None


def _cut(blocks: list[Block], found: list[tuple[list[int], int, int | None]]) -> Ladder:
    parts: list[tuple[int, LevelPart]] = []
    inside: set[int] = set()
    stops = []
    for levels, lvl, stop in found:
        for i in levels:
            end = _subtree(blocks, i)
            if stop is not None and i < stop < end:
                end = stop
            inside.update(range(i, end))
            parts.append(
                (i, LevelPart(name=blocks[i].text.strip(), line=blocks[i].line, blocks=blocks[i + 1 : end], depth=lvl))
            )
        if stop is not None:
            stops.append(blocks[stop].level)
    parts.sort(key=lambda x: x[0])
    first = parts[0][0]
    # Shared: everything outside the levels, before the first level and after it (kept in place order).
    before = list(blocks[:first])
    after = [b for k, b in enumerate(blocks) if k >= first and k not in inside]
    for stop_level in stops:
        after = _specialties(after, stop_level)
    lvl = found[0][1]
    before, after = _all_levels(before, lvl), _all_levels(after, lvl)
    return Ladder(levels=[p for _, p in parts], shared_before=before, shared_after=after, level_heading=lvl)


_ALL_LEVELS = re.compile(r"^(?:all|every|each|any)\s+levels?$|^(?:for\s+)?everyone$|^shared expectations$", re.I)


def _all_levels(blocks: list[Block], lvl: int) -> list[Block]:
    """'All Levels' next to the levels: what every level is expected to do (responsibilities)."""
    out = []
    for b in blocks:
        if b.kind == HEADING and b.level == lvl and _ALL_LEVELS.match(b.text.strip()):
            b = copy.copy(b)
            b.text = f"Responsibilities ({b.text.strip()})"
        out.append(b)
    return out


def _specialties(blocks: list[Block], lvl: int) -> list[Block]:
    """Headings at the level of 'Specialties' after it: each becomes a role variant (a label and its items)."""
    out: list[Block] = []
    in_spec = False
    current: Block | None = None
    for b in blocks:
        if b.kind == HEADING and b.level < lvl:
            in_spec, current = False, None
            out.append(b)
            continue
        if b.kind == HEADING and b.level == lvl:
            key, score = section_for(b.text)
            if key == "variants" and score >= 0.7:
                in_spec, current = True, None
                b = copy.copy(b)
                b.level = max(2, lvl - 1)  # a section of its own, next to the ladder, not a level
                out.append(b)
                continue
            if in_spec and (key is None or score < 0.7):
                current = Block(ITEM, text="", label=b.text.strip(), line=b.line, level=0)
                out.append(current)
                continue
            in_spec, current = False, None
            out.append(b)
            continue
        if in_spec and b.kind == HEADING:
            if current is not None and (
                b.text.lower().startswith(current.label.lower()) or section_for(b.text)[1] >= 0.7
            ):
                continue  # "Paralegal (Corporate) Responsibilities", "... Performance Indicators": its items follow
            current = Block(ITEM, text="", label=b.text.strip(), line=b.line, level=0)
            out.append(current)
            continue
        if in_spec and current is not None:
            if b.kind == ITEM:
                current.children.append(_as_child(b))
            elif b.kind == PARA and b.full.strip():
                current.children.append(Block(ITEM, text=b.full, line=b.line, level=1))
            continue
        out.append(b)
    return out


def _as_child(b: Block) -> Block:
    c = copy.deepcopy(b)
    c.level = max(1, c.level)
    return c


def level_title(name: str, family: str) -> str:
    """'Senior Paralegal' stays; a bare code gets the family: 'IC3' -> 'Engineering IC3'."""
    if LEVEL_CODE.match(name) and len(name.split()) <= 3:
        fam = _FAMILY_SUFFIX.sub("", family or "").strip()
        return f"{fam} {name}".strip() if fam else name
    return name


def level_meta(name: str, title: str) -> tuple[Level | None, Track | None]:
    code = name.strip()
    track = None
    if re.match(r"^(?:M|EM)\s?-?\d", code):
        track = Track.manager
    elif re.match(r"^(?:IC|L|P|E)\s?-?\d", code, re.I):
        track = Track.individual_contributor
    level = infer_level(title) or infer_level(name)
    m = re.match(r"^(?:M|EM)\s?-?(\d{1,2})\b", code)
    if level is None and m:
        n = int(m.group(1))
        level = {4: Level.senior_manager, 5: Level.director, 6: Level.senior_director}.get(
            n, Level.manager if n < 4 else Level.vp
        )
    if level is None and re.match(r"^(?:IC|L|P|E|level\s+)\s?-?\d", code, re.I):
        digits = re.sub(r"^\D+", "", code)
        level = next((lv for rx, lv in _CODE_LEVEL if rx.match(digits)), None)
    return level, track or infer_track(title, None, level)


def _fill_between(metas: list[tuple[Level | None, Track | None]]) -> list[tuple[Level | None, Track | None]]:
    """'Paralegal' between 'Associate Paralegal' (junior) and 'Senior Paralegal' (senior) is mid-level."""
    out = list(metas)
    order = list(Level)
    for i, (level, track) in enumerate(out):
        if level is not None or i == 0 or i == len(out) - 1:
            continue
        lo, hi = out[i - 1][0], next((m[0] for m in out[i + 1 :] if m[0] is not None), None)
        if lo is None or hi is None:
            continue
        between = [lv for lv in order[order.index(lo) + 1 : order.index(hi)] if lv.default_track == lo.default_track]
        if between:
            out[i] = (between[0], track or between[0].default_track)
    return out


def read_levels(ladder: Ladder, whole, *, fmt: str, path: str | None, url: str | None) -> list:
    """One ``Document`` per level: shared content plus the level's, titled and levelled."""
    from . import Document
    from .assemble import build

    family = whole.blueprint.meta.title if whole.blueprint is not None else ""
    out = []
    metas = [level_meta(lv.name, level_title(lv.name, family)) for lv in ladder.levels]
    metas = _fill_between(metas)
    for lv, (level, track) in zip(ladder.levels, metas):
        title = level_title(lv.name, family)
        bp, findings, lines = build(ladder.level_blocks(lv), fmt=fmt, path=path, title=title, url=url)
        bp.meta.level = level or bp.meta.level
        bp.meta.track = track or bp.meta.track
        if whole.blueprint is not None:
            bp.meta.role_family = whole.blueprint.meta.role_family or bp.meta.role_family
            bp.source = whole.blueprint.source
        out.append(
            Document(
                path=path, format=fmt, kind=bp.kind.value, blueprint=bp, titles=None, findings=findings,
                lines=lines, level=lv.name,
            )
        )
    return out


__all__ = ["read_levels", "Ladder", "LevelPart", "find_ladder", "level_title", "level_meta", "strip_level_name"]
