"""Blocks to a ``Blueprint``: noise, title, sections, groups, then one builder per section.

1. **Noise** (plain text only): everything before the document's title line
   ("X: Role Blueprint, ..." or the first heading) is site noise; so are
   logo lines and "first image" placeholders, a "More Careers" tail, and
   comment/advert blocks after the last section.  Removed noise is reported
   as ``info`` findings and kept in ``source.ignored_noise``.
2. **Sections**: headings that map to a section (``mapper.section_for``)
   start a part; deeper headings start groups inside it.  Plain-text career
   guides have no heading markup: a short line followed by a paragraph that
   names a section is a section heading, other short lines are sub-headings.
3. **Builders** (``builders``) turn each part into its section model;
   whatever maps nowhere becomes ``Blueprint.unmapped`` plus a warning.
"""

from __future__ import annotations

import re

from ..findings import Finding, Severity
from ..schema.enums import DocumentKind
from ..schema.models import Blueprint, RoleMeta, SourceInfo, UnmappedContent
from ..schema.sections import BLUEPRINT_SECTIONS
from .blocks import HEADING, ITEM, META, PARA, RULE, TABLE, Block, clean, nest
from .builders import build_section, fill_meta
from .mapper import exact_section, normalise, section_for
from .parts import Ctx, Group, Part
from .text import TITLE_LINE, split_glued_headings


# --------------------------------------------------------------------------- noise

_NOISE_LINE = re.compile(
    r"^(?:logo\w*|(?:first|second|third|fourth|\w+) image|image|advertisement|sponsored|ad)$", re.I
)
_TAIL_MARKERS = re.compile(
    r"^(?:more careers|subscribe|notify of|\d+\s+comments?|comments|leave a (?:reply|comment)|newest|"
    r"oldest(?: most voted)?|inline feedbacks|view all comments|would love your thoughts.*|related (?:posts|articles)|"
    r"share this:?|certification courses|you may also like|recommended (?:posts|courses)|post navigation)$",
    re.I,
)


def _describe(blocks: list[Block]) -> str:
    first = next((b for b in blocks if b.kind != RULE), None)
    lines = [b.line for b in blocks if b.line is not None]
    gaps = [b - a for a, b in zip(lines, lines[1:])]
    if lines and gaps and max(gaps) > 5 and len(lines) <= 6:
        span = "lines " + ", ".join(map(str, lines)) if len(lines) > 1 else f"line {lines[0]}"
    else:
        span = (
            f"lines {min(lines)}–{max(lines)}"
            if lines and min(lines) != max(lines)
            else (f"line {lines[0]}" if lines else "")
        )
    preview = first.all_text().split("\n")[0] if first else ""
    preview = preview if len(preview) <= 50 else preview[:47] + "..."
    return f"{span}: {preview!r}" if span else repr(preview)


def remove_noise(blocks: list[Block], ctx: Ctx) -> tuple[list[Block], list[str]]:
    """Drop site noise from plain-text documents; returns (kept, descriptions)."""
    removed: list[str] = []

    def report(what: str, chunk: list[Block]) -> None:
        if chunk:
            desc = f"{what} ({len(chunk)} block{'s' if len(chunk) > 1 else ''}, {_describe(chunk)})"
            removed.append(desc)
            ctx.note(Severity.info, "noise-removed", f"removed {desc}", line=chunk[0].line)

    # Placeholders and logo lines anywhere.
    kept, placeholders = [], []
    for b in blocks:
        if b.kind in (HEADING, PARA) and not b.bullets and _NOISE_LINE.match(b.full.strip()):
            placeholders.append(b)
        else:
            kept.append(b)
    blocks = kept

    # Head: everything before the title line (or the first section heading).
    start = next((i for i, b in enumerate(blocks) if b.kind == HEADING and b.meta.get("title_line")), None)
    if start is None:
        start = next((i for i, b in enumerate(blocks) if b.kind == HEADING and b.number), None)
        if start is not None:
            # A short line just before the first numbered heading may be the title.
            j = start - 1
            if j >= 0 and blocks[j].kind == HEADING and not blocks[j].number:
                start = j
    if start:
        report("site noise before the title", blocks[:start])
        blocks = blocks[start:]

    # Tail: "More Careers" and comment widgets; an advert block right before them.
    tail = next(
        (
            i
            for i, b in enumerate(blocks)
            if b.kind in (HEADING, PARA) and not b.bullets and _TAIL_MARKERS.match(b.full.strip())
        ),
        None,
    )
    if tail is not None:
        cut = tail
        # Walk back over an advert block (a heading plus short lines) that follows the last real content.
        last_numbered = max((i for i, b in enumerate(blocks[:tail]) if b.kind == HEADING and b.number), default=None)
        if last_numbered is not None:
            j = tail - 1
            while j > last_numbered and blocks[j].kind in (PARA, HEADING):
                j -= 1
            # Only content after the last section's structured body (table/list) counts as advert.
            if j > last_numbered and blocks[j].kind in (TABLE, ITEM):
                cut = j + 1
        report(
            "site noise after the last section"
            if not blocks[tail].full.lower().startswith("more careers")
            else "the 'More Careers' tail",
            blocks[cut:],
        )
        blocks = blocks[:cut]
    if placeholders:
        report("image placeholders and logo lines", placeholders)
    return blocks, removed


# --------------------------------------------------------------------------- title


def find_title(blocks: list[Block]) -> tuple[str | None, int | None]:
    for i, b in enumerate(blocks):
        if b.kind == HEADING and b.meta.get("title_line"):
            m = TITLE_LINE.match(b.text)
            return (clean(m.group("title")) if m else b.text), i
    for i, b in enumerate(blocks):
        if b.kind == HEADING and b.level == 1:
            if normalise(b.text) in ("role blueprint", "career guide"):
                return "", i  # an untitled export
            return strip_title_suffix(b.text), i
    return None, None


def strip_title_suffix(text: str) -> str:
    m = TITLE_LINE.match(text)
    if m:
        return clean(m.group("title"))
    m = re.match(r"^(?P<title>.{1,120}?):\s*(?:Career Guide|Job Description|Role Profile)\b.*$", text, re.I)
    return clean(m.group("title")) if m else text


# --------------------------------------------------------------------------- sections


def _next_content(blocks: list[Block], i: int) -> Block | None:
    for b in blocks[i + 1 :]:
        if b.kind not in (RULE, META):
            return b
    return None


def split_parts(blocks: list[Block], ctx: Ctx, *, plain: bool, own_export: bool = False) -> list[Part]:
    """Section parts with their groups."""
    headings = [b for b in blocks if b.kind == HEADING]
    numbered = sum(1 for h in headings if h.number)
    if plain:
        if numbered:
            section_level = 2  # numbered headings; plain short lines are sub-headings
            for b in blocks:
                if b.kind == HEADING and b.meta.get("plain") and b.level != 1:
                    b.level = 3
        else:
            section_level = 2
            for i, b in enumerate(blocks):
                if b.kind != HEADING or b.level == 1 or b.meta.get("glued"):
                    continue
                key, _ = section_for(b.text, vocabulary=False)
                nxt = _next_content(blocks, i)
                if key is not None and nxt is not None and nxt.kind == PARA:
                    b.level = 2
                elif exact_section(b.text) and nxt is not None and nxt.kind != HEADING and _no_part_yet(blocks, i):
                    b.level = 2
                else:
                    b.level = 3
    else:
        # The section level is the first heading level where two or more headings name a section:
        # '# Overview' followed by '## Responsibilities' / '## Requirements' has its sections at level 2.
        levels = sorted({h.level for h in headings if not h.meta.get("is_title")} or {1})
        counts = {lvl: len(_strong_keys(headings, lvl)) for lvl in levels}
        section_level = next((lvl for lvl in levels if counts[lvl] >= 1), levels[0])
        deeper = [lvl for lvl in levels if lvl > section_level]
        alone = sum(1 for h in headings if h.level == section_level and not h.meta.get("is_title")) == 1
        if own_export:
            section_level = 2
        elif alone and counts[section_level] == 1 and deeper and counts[deeper[0]] >= 2:
            section_level = deeper[0]  # one '# Overview' above '## Responsibilities', '## Requirements', ...

    parts: list[Part] = []
    pre: list[Block] = []
    current: Part | None = None
    used: set[str] = set()
    for i, b in enumerate(blocks):
        if b.kind == HEADING and b.meta.get("is_title"):
            continue
        if b.kind == HEADING and (b.level <= section_level) and not b.meta.get("glued"):
            key, _ = section_for(b.text, number=b.number, vocabulary=not plain)
            if key is None and not plain and not own_export:
                key = _key_from_items(blocks, i)  # "What you'll bring" is unknown; "5+ years of ..." items are not
            if key:
                used.add(key)
            current = Part(key=key, heading=b.text, line=b.line, groups=[Group(_field_heading(key, b, plain or own_export), b.line)])
            parts.append(current)
            continue
        if current is None:
            pre.append(b)
            continue
        if b.kind == HEADING:
            above = [g for g in current.groups[1:] if g.depth < b.level]
            parents = (*above[-1].parents, above[-1].heading) if above and above[-1].heading else ()
            current.groups.append(Group(b.text, b.line, parents=parents, depth=b.level))
            continue
        current.groups[-1].blocks.append(b)
    if pre:
        parts.insert(0, Part(key=None, heading="", line=pre[0].line, groups=[Group(None, pre[0].line, pre)]))
    for p in parts:
        for g in p.groups:
            g.blocks = nest(g.blocks)
    return parts


def _key_from_items(blocks: list[Block], i: int) -> str | None:
    """The section the first items under an unknown heading point at (vocabulary.toml's item cues)."""
    from .vocabulary import items_section

    items = []
    for b in blocks[i + 1 :]:
        if b.kind == HEADING:
            break
        if b.kind == ITEM:
            items.append(b.full)
        if len(items) >= 6:
            break
    return items_section(items) if len(items) >= 2 else None


def _field_heading(key: str | None, b: Block, plain: bool = False) -> str | None:
    """'### 60-day goals' taken as a section heading names a field of it: its content belongs to that field."""
    from .mapper import field_for

    if key is None or b.number or exact_section(b.text):
        return None
    f, score = field_for(key, b.text, vocabulary=not plain)
    return b.text if f is not None and score >= 0.8 else None


def _strong_keys(headings: list[Block], level: int) -> set[str]:
    """Distinct sections that headings of one level name clearly."""
    keys = set()
    for h in headings:
        if h.level == level and not h.meta.get("is_title"):
            key, score = section_for(h.text, number=h.number)
            if key and score >= 0.8:
                keys.add(key)
    return keys


def _no_part_yet(blocks: list[Block], i: int) -> bool:
    return not any(b.kind == HEADING and b.level == 2 for b in blocks[:i])


# --------------------------------------------------------------------------- career-guide clean-up

# Words that start the closing paragraph a web page glued onto the last bullet.
_STARTERS = {
    "The",
    "This",
    "These",
    "Those",
    "By",
    "In",
    "As",
    "Overall",
    "Ultimately",
    "Together",
    "Implementing",
    "Addressing",
    "Developing",
    "Mastering",
    "Following",
    "Understanding",
}


def split_conclusion(text: str) -> tuple[str, str | None]:
    """('...preferred', 'The Platform Engineering Director plays ...') for a run-on last bullet."""
    words = text.split(" ")
    for k in range(2, len(words)):
        prev, word = words[k - 1], words[k]
        rest = " ".join(words[k:])
        if len(rest) < 80 or not rest.rstrip().endswith((".", "!")):
            continue
        if word in _STARTERS and re.search(r"[A-Za-z0-9)%]$", prev):
            return " ".join(words[:k]), rest
    # A finished bullet followed by more sentences: '...job prospects. The market for ...'
    m = re.search(r"^(.{15,}?[a-z0-9)%][.!?])\s+([A-Z].{60,}[.!])$", text)
    if m:
        return m.group(1), m.group(2)
    return text, None


def fix_career_guide(parts: list[Part]) -> list[Part]:
    """Career guides: split the closing paragraph off the last bullet; find the untitled trends part."""
    out: list[Part] = []
    for part in parts:
        # The untitled industry-trends part hides inside the salary section.
        if part.key == "salary":
            for gi, g in enumerate(part.groups):
                idx = next(
                    (
                        i
                        for i, b in enumerate(g.blocks)
                        if b.kind == PARA
                        and re.search(r"\btrends?\b", b.full, re.I)
                        and (gi > 0 or any(x.kind == ITEM for x in g.blocks[:i]))
                    ),
                    None,
                )
                if idx is not None:
                    trend_intro = g.blocks[idx:]
                    g.blocks = g.blocks[:idx]
                    trends = Part(
                        key="trends",
                        heading="Industry Trends",
                        line=trend_intro[0].line,
                        groups=[Group(None, trend_intro[0].line, trend_intro), *part.groups[gi + 1 :]],
                    )
                    part.groups = part.groups[: gi + 1]
                    out.append(part)
                    out.append(trends)
                    break
            else:
                out.append(part)
        else:
            out.append(part)
    for part in out:
        _split_last_bullet(part)
    return out


def _split_last_bullet(part: Part) -> None:
    last_group = next((g for g in reversed(part.groups) if g.blocks), None)
    if last_group is None:
        return
    last = last_group.blocks[-1]
    if last.kind != ITEM:
        return
    while last.children:
        last = last.children[-1]
    head, tail = split_conclusion(last.text)
    if tail:
        last.text = head
        last_group.blocks.append(Block(PARA, text=tail, line=last.line, meta={"conclusion": True}))


# --------------------------------------------------------------------------- the whole document


def build(
    blocks: list[Block],
    *,
    fmt: str,
    path: str | None,
    title: str | None = None,
    plain: bool = False,
    url: str | None = None,
    fallback_title: str | None = None,
) -> tuple[Blueprint, list[Finding], dict[str, int]]:
    ctx = Ctx(path=path, kind=DocumentKind.role_blueprint, fmt=fmt)
    noise: list[str] = []
    meta_blocks = [b for b in blocks if b.kind == META]
    blocks = [b for b in blocks if b.kind != META or b.meta.get("kind") == "unmapped"]
    if plain:
        blocks, noise = remove_noise(blocks, ctx)
    found_title, title_at = find_title(blocks)
    if (
        title_at is not None
        and found_title
        and section_for(blocks[title_at].text, vocabulary=not plain)[0]
        and not blocks[title_at].meta.get("title_line")
        and strip_title_suffix(blocks[title_at].text) == blocks[title_at].text
    ):
        found_title, title_at = None, None  # "# Overview" as the first heading is a section, not the title
    if plain and not found_title:
        first = next((i for i, b in enumerate(blocks) if b.kind == HEADING), None)
        if first is not None and not section_for(blocks[first].text, vocabulary=False)[0]:
            blocks[first].level = 1
            found_title, title_at = blocks[first].text, first
    if title_at is not None:
        blocks[title_at].meta["is_title"] = True
    ctx.title = title or found_title or ("" if found_title == "" else fallback_title) or ""

    numbered = sum(1 for b in blocks if b.kind == HEADING and b.number)
    career = False
    if plain and fmt == "career-guide-text":
        career = True
        blocks = split_glued_headings(blocks)
    own_export = any("schema" in b.meta for b in meta_blocks)
    ctx.own_export = own_export
    parts = split_parts(blocks, ctx, plain=plain, own_export=own_export)
    keys = {p.key for p in parts if p.key}
    doc_meta = _doc_meta(meta_blocks)
    if doc_meta.get("kind") in ("career_guide", "role_blueprint"):
        ctx.kind = DocumentKind(doc_meta["kind"])
    elif career or (
        not numbered
        and keys & {"market_demand", "trends", "best_practices"}  # pay alone is part of any job post
        and not keys & {"kpis", "tools", "decision_rights", "scorecard"}
    ):
        ctx.kind = DocumentKind.career_guide
    if ctx.kind == DocumentKind.career_guide and plain:
        parts = fix_career_guide(parts)

    # Merge parts that map to the same section (a document that repeats a heading).
    merged: dict[str, Part] = {}
    order: list[Part] = []
    for p in parts:
        if p.key and p.key in merged:
            if p.groups and p.groups[0].heading is None:
                p.groups[0].heading = p.heading  # the repeated heading becomes a sub-heading
            merged[p.key].groups.extend(p.groups)
            continue
        if p.key:
            merged[p.key] = p
        order.append(p)

    sections: dict = {}
    for p in order:
        if p.key is None and normalise(p.heading) == "unmapped content":
            _read_unmapped(p, ctx)
            continue
        if p.key is None:
            if p.heading or any(g.blocks for g in p.groups):
                blocks_all = [
                    b
                    for g in p.groups
                    for b in ([Block(HEADING, text=g.heading, line=g.line)] if g.heading else []) + g.blocks
                ]
                if p.heading:
                    ctx.leftover(None, p.heading, blocks_all)
                else:
                    rest = _leading_content(blocks_all, ctx, keep=not plain and "summary" not in merged)
                    if rest:
                        # A page's introduction (or its front-matter description) with no summary section: the summary.
                        intro = Part(key="summary", heading="", line=rest[0].line, groups=[Group(None, rest[0].line, rest)])
                        ctx.mark("summary", intro.line)
                        model = build_section(intro, ctx)
                        if model is not None:
                            sections["summary"] = model
            continue
        ctx.mark(p.key, p.line)
        model = build_section(p, ctx)
        if model is not None:
            sections[p.key] = model

    meta = fill_meta(ctx, sections, doc_meta)
    source = SourceInfo(path=path, format=fmt, url=url, ignored_noise=noise)
    bp = Blueprint(kind=ctx.kind, meta=meta, unmapped=ctx.unmapped, source=source, **sections)
    return bp, ctx.findings, ctx.lines


def _read_unmapped(part: Part, ctx: Ctx) -> None:
    """Our own Markdown's 'Unmapped content' part: one group per entry, text in a fenced block."""
    for g in part.groups:
        meta = next((b.meta for b in g.blocks if b.kind == META), {})
        body = [b for b in g.blocks if b.kind != META]
        verbatim = [b.text for b in body if b.kind == PARA and b.meta.get("verbatim")]
        if g.heading is None and not verbatim:
            continue  # the explanatory sentence under the heading
        text = "\n".join(verbatim) if verbatim else "\n".join(b.all_text() for b in body)
        heading = None if meta.get("heading") == "none" else g.heading
        line = int(meta["line"]) if str(meta.get("line", "")).isdigit() else None
        section = meta.get("section")
        ctx.unmapped.append(UnmappedContent(heading=heading, text=text, line=line, section=section))
        where = f"under {heading!r}" if heading else "content"
        ctx.note(
            Severity.warning,
            "unmapped-content",
            f"{where} maps to no section or field (kept as unmapped)",
            section=section,
            line=g.line,
        )


def _doc_meta(meta_blocks: list[Block]) -> dict:
    out: dict = {}
    for b in meta_blocks:
        if b.meta.get("kind") != "unmapped":
            out.update(b.meta)
    return out


def _leading_content(blocks: list[Block], ctx: Ctx, *, keep: bool = False) -> list[Block]:
    """Content before the first section: a metadata list (our Markdown) or unmapped text.

    With ``keep``, the text is returned (the caller makes it the summary) instead of kept as unmapped.
    """
    rest = []
    for b in blocks:
        if b.kind == ITEM and b.label and normalise(b.label) in _META_LABELS:
            ctx.facts[_META_LABELS[normalise(b.label)]] = b.text
        elif b.kind == PARA and not b.text.strip() and not b.bullets and not b.label:
            continue
        elif b.kind == PARA and not b.bullets and _meta_line(b.full, ctx):
            continue
        else:
            rest.append(b)
    if rest and keep and any(b.kind in (PARA, ITEM) for b in rest):
        return rest
    if rest:
        # An introduction before the first heading: keep it.
        ctx.leftover(None, None, rest)
    return []


_META_LABELS = {
    "document": "kind",
    "kind": "kind",
    "level": "level",
    "track": "track",
    "reports to": "reports_to",
    "role family": "role_family",
    "company size": "company_size",
    "industry": "industry",
    "title": "title",
    "job family": "role_family",
    "family": "role_family",
    "reporting to": "reports_to",
    "reporting line": "reports_to",
    "seniority": "seniority",
    "team": "team",
    "department": "department",
    "location": "location",
}


def _meta_line(text: str, ctx: Ctx) -> bool:
    """'Job family: X · Level: P2 (mid-level) · Reports to: Y': a line of labelled facts (all labels known)."""
    parts = [p.strip() for p in re.split(r"\s+[·|•]\s+", text) if p.strip()]
    facts = {}
    for p in parts:
        m = re.match(r"^([^:]{1,30}):\s*(.+)$", p)
        if not m or normalise(m.group(1)) not in _META_LABELS:
            return False
        facts[_META_LABELS[normalise(m.group(1))]] = m.group(2).strip()
    if not facts:
        return False
    for k, v in facts.items():
        if k == "level":
            ctx.facts.setdefault("seniority", v)
        elif k not in ("team", "department", "location"):
            ctx.facts.setdefault(k, v)
        else:
            ctx.facts.setdefault(k, v)
    return True


__all__ = ["build", "Ctx", "Part", "Group", "BLUEPRINT_SECTIONS", "RoleMeta"]
