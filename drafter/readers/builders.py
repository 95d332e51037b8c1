"""One builder per section: a ``Part`` (heading, groups of blocks) to its section model.

Most sections are *list sections*: each sub-heading maps to a field by
meaning (``mapper.field_for``) and its bullets become the field's items;
labelled paragraphs ("Core mission: ...") map the same way by their label;
sub-headings that map to no field become ``other_groups``; paragraphs that
fit no field become ``notes``.  Structured fields (skills, stakeholders,
authority, variants, exercises, scorecard dimensions, KPI and tool tables,
the final scorecard, salary figures) have their own item parsers.
Nothing is dropped: what no field takes goes to ``Blueprint.unmapped``.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, ValidationError

from ..findings import Severity
from ..roles import infer_level, infer_role_family, infer_track, parse_level, parse_track
from ..schema import models as m
from ..schema.enums import Commonality, DocumentKind, Horizon, Importance
from ..schema.sections import BY_KEY
from .parts import Ctx, Group, Part
from .blocks import ITEM, PARA, RULE, TABLE, Block, clean, join_lines, split_label
from ..schema.fields import UNGROUPED_FIELDS
from .fields import DEFAULT_FIELD, F, field_spec
from .mapper import exact_section, field_for, is_notes_heading, normalise, section_for
from .mapper import heading_number as _heading_number


def mapper_number(heading: str) -> int | None:
    return _heading_number(heading)[0]
from .tables import scorecard_field, split_kpi_row, split_scorecard_row, split_tool_row, table_kind
from .values import enum_with_note, parse_salary, split_duration

PLAIN_FORMATS = {"blueprint-text", "career-guide-text", "text"}


def _vocab(ctx: Ctx) -> bool:
    """The phrasings of vocabulary.toml apply to real documents, not to the seeds' plain text."""
    return ctx.fmt not in PLAIN_FORMATS and not ctx.own_export  # drafter's own Markdown reads back as written


# --------------------------------------------------------------------------- item helpers


def item_label(b: Block, ctx: Ctx, *, max_words: int = 9) -> tuple[str | None, str]:
    """(label, rest) of an item: the bold lead-in, or (plain text only) a 'Label: text' prefix."""
    if b.label is not None:
        return b.label, b.text
    if ctx.fmt in PLAIN_FORMATS:
        return split_label(b.text, max_words=max_words)
    return None, b.text


def item_string(b: Block) -> str:
    """One string for a list item: its text, further lines, and children ('Head: child; child')."""
    return clean(_item_string(b))


def _item_string(b: Block) -> str:
    text = b.full
    if b.lines:
        text = join_lines([text, *b.lines])
    if b.bullets:
        text = join_lines([text, *(f"– {x}" for x in b.bullets)])
    if b.children:
        kids = "; ".join(item_string(c) for c in b.children)
        if not text:
            text = kids
        elif text.endswith(":"):
            text = f"{text} {kids}"
        else:
            text = f"{text}: {kids}"
    return text


def sub_fields(b: Block) -> list[tuple[str | None, str, int | None]]:
    """An item's labelled sub-lines, from its further lines and its child items."""
    out = []
    for line in b.lines:
        line = re.sub(r"^[–—•\-]\s*", "", line)
        label, rest = split_label(line)
        out.append((label, rest, b.line))
    for c in b.children:
        if c.label is not None:
            out.append((c.label, join_lines([c.text, *c.lines]), c.line))
        else:
            label, rest = split_label(re.sub(r"^[–—•\-]\s*", "", c.text))
            out.append((label, join_lines([rest, *c.lines]) if label else join_lines([c.text, *c.lines]), c.line))
    return out


def _lab(label: str | None) -> str:
    return normalise(label or "")


class Acc:
    """Accumulates a section's fields, notes and other groups."""

    def __init__(self, key: str, ctx: Ctx, model: type[m.Section]):
        self.key, self.ctx, self.model = key, ctx, model
        self.data: dict[str, Any] = {}
        self.notes: list[str] = []
        self.other: list[m.NamedList] = []
        self.has_other = "other_groups" in model.model_fields

    # -- generic pieces
    def add(self, name: str, values: list, line: int | None, lines: list[int | None] | None = None) -> None:
        cur = self.data.setdefault(name, [])
        start = len(cur)
        cur.extend(values)
        self.ctx.mark(f"{self.key}.{name}", line)
        for i, ln in enumerate(lines or []):
            self.ctx.mark(f"{self.key}.{name}[{start + i}]", ln)

    def set_text(self, name: str, text: str, line: int | None) -> None:
        text = clean(text)
        if not text:
            return
        if self.data.get(name):
            self.data[name] = f"{self.data[name]} {text}"
        else:
            self.data[name] = text
        self.ctx.mark(f"{self.key}.{name}", line)

    def note(self, text: str) -> None:
        text = clean(text)
        if text:
            self.notes.append(text)

    def other_group(self, title: str, blocks: list[Block], line: int | None) -> None:
        if not self.has_other:
            for b in blocks:
                if b.kind == PARA and b.meta.get("conclusion"):
                    self.note(b.full)
            self.ctx.leftover(self.key, title, [b for b in blocks if not b.meta.get("conclusion")])
            return
        items = []
        for b in blocks:
            if b.kind == ITEM:
                items.append(item_string(b))
            elif b.kind == PARA:
                if b.meta.get("conclusion"):
                    self.note(b.full)
                    continue
                if b.full.strip():
                    items.append(b.full)
                items.extend(b.bullets)
            elif b.kind == TABLE:
                items.extend(" | ".join(r) for r in b.rows)
        items = [clean(i) for i in items if clean(i)]
        idx = len(self.other)
        self.other.append(m.NamedList(title=title, items=items))
        self.ctx.mark(f"{self.key}.other_groups[{idx}]", line)

    def make(self) -> BaseModel | None:
        data = dict(self.data)
        if self.notes:
            data["notes"] = self.notes
        if self.other:
            data["other_groups"] = self.other
        try:
            return self.model.model_validate(data)
        except ValidationError as exc:  # a builder bug must not lose the section
            self.ctx.note(
                Severity.error,
                "reader-error",
                f"could not build {self.key}: {exc.errors()[0]['msg']}",
                section=self.key,
            )
            return None


# --------------------------------------------------------------------------- consuming a group for a field


def consume(
    acc: Acc, f: F, blocks: list[Block], line: int | None, *, heading: str | None = None, label_used: bool = False
) -> None:
    kind = f.kind
    ctx = acc.ctx
    if acc.key == "experience" and f.name in ("items", "preferred") and any(b.kind == ITEM for b in blocks):
        # Must-haves: years, degrees and certifications still go to their own fields.
        items = [b for b in blocks if b.kind == ITEM]
        kept = _classify_experience(acc, items) if f.name == "items" else items
        blocks = [b for b in blocks if b.kind != ITEM or b in kept]
    if acc.key == "salary" and f.name == "benefits":
        paid = [b for b in blocks if b.kind == ITEM and _is_pay(b.full)]
        if paid:
            _salary_items(acc, field_spec("salary", "ranges"), paid, line, None)  # type: ignore[arg-type]
            blocks = [b for b in blocks if b not in paid]
    if kind == "list":
        has_items = any(b.kind == ITEM for b in blocks)
        values, lines = [], []
        for b in blocks:
            if b.kind == ITEM:
                values.append(item_string(b))
                lines.append(b.line)
            elif b.kind == PARA:
                lead = b.text if label_used else b.full
                if b.meta.get("conclusion"):
                    acc.note(lead)
                elif b.bullets:
                    if lead.strip():
                        acc.note(lead)
                    values.extend(b.bullets)
                    lines.extend([b.line] * len(b.bullets))
                elif has_items:
                    acc.note(lead)
                elif lead.strip():
                    values.append(lead)
                    lines.append(b.line)
            elif b.kind == TABLE:
                values.extend(" | ".join(r) for r in b.rows[1:])
                lines.extend([b.line] * (len(b.rows) - 1))
        acc.add(f.name, [clean(v) for v in values if clean(v)], line, lines)
        return
    if kind in ("text", "horizon"):
        texts = []
        for b in blocks:
            if b.kind == PARA:
                lead = b.text if label_used else b.full
                if b.bullets and acc.key == "goals" and f.name == "success_definition":
                    texts.append(lead)
                    acc.add("success_indicators", b.bullets, b.line, [b.line] * len(b.bullets))
                elif b.bullets:
                    texts.append(join_lines([lead, *(f"– {x}" for x in b.bullets)]))
                else:
                    texts.append(lead)
            elif b.kind == ITEM:
                if acc.key == "goals" and f.name == "success_definition":
                    acc.add("success_indicators", [item_string(b)], b.line, [b.line])
                else:
                    texts.append(item_string(b))
        text = clean(" ".join(t for t in texts if t))
        if kind == "horizon":
            value, note = enum_with_note(text, Horizon)
            if value is None:
                acc.note(f"Role horizon: {text}")
                return
            acc.data["horizon"] = value
            if note:
                acc.data["horizon_note"] = note
            ctx.mark(f"{acc.key}.horizon", line)
        else:
            acc.set_text(f.name, text, line)
        return
    parser = _PARSERS[kind]
    parser(acc, f, blocks, line, heading)


def _paras_to_notes(acc: Acc, b: Block) -> None:
    acc.note(b.full)
    for x in b.bullets:
        acc.note(x)


# -- skills


_SKILL_LABELS = {
    "description": "description",
    "what it is": "description",
    "covers": "description",
    "what it covers": "description",
    "use": "use",
    "uses": "use",
    "used for": "use",
    "how it is used": "use",
    "how it's used": "use",
    "usage": "use",
    "on the job": "use",
    "application": "use",
    "importance": "importance",
    "priority": "importance",
    "criticality": "importance",
}
_DEFAULT_IMPORTANCE = {
    "must_have": Importance.critical,
    "good_to_have": Importance.important,
    "advanced": Importance.important,
    "emerging": Importance.optional,
}


def _skills(acc: Acc, f: F, blocks: list[Block], line: int | None, heading: str | None) -> None:
    ctx = acc.ctx
    out, lines = [], []
    for b in blocks:
        if b.kind == PARA:
            if b.bullets:
                acc.note(b.full)
                for x in b.bullets:
                    out.append(_skill_from(acc, f, x, [], b.line))
                    lines.append(b.line)
            else:
                _paras_to_notes(acc, b)
            continue
        if b.kind != ITEM:
            continue
        label, rest = item_label(b, ctx)
        subs = sub_fields(b)
        if label and rest and not subs:
            name, subs = label, [("description", rest, b.line)]
        elif label and not rest:
            name = label
        else:
            name = b.full
        out.append(_skill_from(acc, f, name, subs, b.line))
        lines.append(b.line)
    acc.add(f.name, [s for s in out if s is not None], line, lines)


def _skill_from(acc: Acc, f: F, name: str, subs: list, line: int | None) -> m.Skill | None:
    data: dict[str, Any] = {"name": clean(name)}
    extra = []
    for label, text, _ln in subs:
        key = _SKILL_LABELS.get(_lab(label)) if label else None
        if key is None and label is None and "description" not in data:
            key = "description"
        if key is None:
            extra.append(f"{label}: {text}" if label else text)
            continue
        if key == "importance":
            value, note = enum_with_note(text, Importance)
            if value is None:
                extra.append(f"{label}: {text}")
                continue
            data["importance"] = value
            if note:
                data["importance_note"] = note
        elif data.get(key):
            data[key] = f"{data[key]} {clean(text)}"
        else:
            data[key] = clean(text)
    if extra:
        data["description"] = (
            join_lines([data.get("description", ""), *extra]) if data.get("description") else join_lines(extra)
        )
    if "importance" not in data:
        default = _DEFAULT_IMPORTANCE.get(f.name, Importance.important)
        data["importance"] = default
        acc.ctx.note(
            Severity.warning,
            "assumed-value",
            f"skill {data['name']!r}: importance not stated; assumed {default.value}",
            section=acc.key,
            field_=f.name,
            line=line,
        )
    return m.Skill.model_validate(data)


# -- stakeholders


def _stakeholders(acc: Acc, f: F, blocks: list[Block], line: int | None, heading: str | None) -> None:
    out, lines = [], []
    for b in blocks:
        if b.kind == ITEM:
            label, rest = item_label(b, acc.ctx)
            extra = [item_string(c) for c in b.children] + list(b.lines)
            if label is not None:
                interaction = join_lines([rest, *extra]) if (rest or extra) else None
                out.append(m.Stakeholder(name=label, interaction=interaction or None))
            else:
                out.append(m.Stakeholder(name=item_string(b)))
            lines.append(b.line)
        elif b.kind == PARA:
            if b.bullets:
                if b.full.strip():
                    acc.note(b.full)
                for x in b.bullets:
                    lab, rest = split_label(x)
                    out.append(m.Stakeholder(name=lab, interaction=rest or None) if lab else m.Stakeholder(name=x))
                    lines.append(b.line)
            else:
                acc.note(b.full)
    acc.add(f.name, out, line, lines)


# -- decision rights: authority


_AUTHORITY_HEADING = re.compile(r"^(?P<area>.+?)\s+authority\b", re.I)


def _authority(acc: Acc, f: F, blocks: list[Block], line: int | None, heading: str | None) -> None:
    area_from_heading = None
    if heading and "," not in heading:
        mm = _AUTHORITY_HEADING.match(re.sub(r"\([^()]*\)", "", heading).strip())
        if mm and normalise(mm.group("area")) not in ("budget vendor delivery hiring", "scope of", "decision"):
            area_from_heading = clean(mm.group("area"))
    existing: list[m.Authority] = acc.data.setdefault("authority", [])
    by_area = {a.area: a for a in existing}
    acc.ctx.mark(f"{acc.key}.authority", line)

    def put(area: str, scope: list[str], ln: int | None) -> None:
        scope = [clean(s) for s in scope if clean(s)]
        if area in by_area:
            by_area[area].scope.extend(scope)
        else:
            a = m.Authority(area=area, scope=scope)
            by_area[area] = a
            existing.append(a)
            acc.ctx.mark(f"{acc.key}.authority[{len(existing) - 1}]", ln)

    for b in blocks:
        if b.kind == ITEM:
            label, rest = item_label(b, acc.ctx)
            text = item_string(b) if label is None else join_lines([rest, *b.lines])
            if label is None and b.children:
                text = item_string(b)
            if area_from_heading:
                put(area_from_heading, [item_string(b)], b.line)
            elif label is not None:
                kids = [item_string(c) for c in b.children]
                put(label, ([text] if text else []) + kids, b.line)
            else:
                put("General", [text], b.line)
        elif b.kind == PARA:
            if area_from_heading and not b.bullets:
                put(area_from_heading, [b.full], b.line)
            elif b.bullets:
                if b.full.strip():
                    acc.note(b.full)
                for x in b.bullets:
                    lab, rest = split_label(x)
                    put(lab or area_from_heading or "General", [rest if lab else x], b.line)
            else:
                acc.note(b.full)
    if area_from_heading and area_from_heading not in by_area:
        put(area_from_heading, [], line)


# -- variants


def _variants(acc: Acc, f: F, blocks: list[Block], line: int | None, heading: str | None) -> None:
    default_ctx = re.sub(r"^by\s+", "", re.sub(r"\([^()]*\)", "", heading or f.heading), flags=re.I).strip()
    default_ctx = default_ctx[:1].upper() + default_ctx[1:] if default_ctx else "General"
    out: list[m.Variant] = []
    lines: list[int | None] = []
    current: m.Variant | None = None

    def start(context: str, ln: int | None) -> m.Variant:
        v = m.Variant(context=context, points=[])
        out.append(v)
        lines.append(ln)
        return v

    for b in blocks:
        if b.kind == ITEM:
            label, rest = item_label(b, acc.ctx, max_words=7)
            kids = [item_string(c) for c in b.children]
            if label is not None and not rest:
                current = start(label, b.line)
                current.points.extend(kids + [clean(x) for x in b.lines])
            elif label is not None:
                v = start(label, b.line)
                v.points.append(join_lines([rest, *b.lines]))
                v.points.extend(kids)
                current = None
            else:
                if current is None:
                    current = start(default_ctx, b.line)
                current.points.append(item_string(b))
        elif b.kind == PARA:
            if b.bullets:
                lead = b.full.rstrip(":").strip()
                v = start(lead or default_ctx, b.line)
                v.points.extend(b.bullets)
                current = None
            else:
                acc.note(b.full)
    for v in out:
        v.points[:] = [clean(p) for p in v.points if clean(p)]
    acc.add(f.name, out, line, lines)


# -- hiring: exercises and scorecard dimensions


_EX_LABELS = {
    "duration": "duration",
    "time": "duration",
    "length": "duration",
    "description": "description",
    "task": "description",
    "what": "description",
    "format": "description",
}


def _exercises(acc: Acc, f: F, blocks: list[Block], line: int | None, heading: str | None) -> None:
    out, lines = [], []
    for b in blocks:
        if b.kind == PARA:
            if b.bullets:
                if b.full.strip():
                    acc.note(b.full)
                for x in b.bullets:
                    lab, rest = split_label(x)
                    name, duration = split_duration(lab or x)
                    out.append(m.Exercise(name=name, duration=duration, description=rest if lab else ""))
                    lines.append(b.line)
            else:
                acc.note(b.full)
            continue
        if b.kind != ITEM:
            continue
        label, rest = item_label(b, acc.ctx)
        name = label if label is not None else b.text
        rest = rest if label is not None else ""
        name, duration = split_duration(name)
        desc_parts = [rest] if rest else []
        subs = sub_fields(b) if (b.children or b.lines) else []
        labelled = [s for s in subs if s[0] and _lab(s[0]) in _EX_LABELS]
        if labelled and len(labelled) == len(subs):
            for lab, text, _ in subs:
                if _EX_LABELS[_lab(lab)] == "duration":
                    duration = text
                else:
                    desc_parts.append(text)
        else:
            desc_parts.extend(b.lines)
            desc_parts.extend(
                f"– {item_string(c)}" if not re.match(r"^[–—-]\s", c.text) else item_string(c) for c in b.children
            )
        out.append(m.Exercise(name=clean(name), duration=duration, description=join_lines(desc_parts)))
        lines.append(b.line)
    acc.add(f.name, out, line, lines)


_DIM_LABELS = {
    "meets bar": "meets_bar",
    "meets": "meets_bar",
    "meets the bar": "meets_bar",
    "exceeds": "exceeds",
    "exceeds bar": "exceeds",
    "exceeds the bar": "exceeds",
}


def _dimensions(acc: Acc, f: F, blocks: list[Block], line: int | None, heading: str | None) -> None:
    out, lines = [], []
    for b in blocks:
        if b.kind == TABLE:
            rows = b.rows
            if b.flat:
                for r in rows[1:]:
                    out.append(m.ScorecardDimension(dimension=r[0]))
                    lines.append(b.line)
                continue
            header = [normalise(c) for c in rows[0]]
            idx_m = next((i for i, h in enumerate(header) if "meets" in h), 1 if len(header) > 1 else None)
            idx_e = next((i for i, h in enumerate(header) if "exceed" in h), 2 if len(header) > 2 else None)
            row_lines = b.meta.get("row_lines") or []
            for ri, r in enumerate(rows[1:], start=1):
                out.append(
                    m.ScorecardDimension(
                        dimension=r[0],
                        meets_bar=(r[idx_m] or None) if idx_m is not None and idx_m < len(r) else None,
                        exceeds=(r[idx_e] or None) if idx_e is not None and idx_e < len(r) else None,
                    )
                )
                lines.append(row_lines[ri] if ri < len(row_lines) else b.line)
                extra = [c for i, c in enumerate(r) if i not in (0, idx_m, idx_e) and c]
                if extra:
                    acc.ctx.leftover(
                        acc.key, f"{heading or f.heading}: {r[0]}", [Block(PARA, text=" | ".join(extra), line=b.line)]
                    )
        elif b.kind == ITEM:
            label, rest = item_label(b, acc.ctx)
            data: dict[str, Any] = {"dimension": label or b.text}
            leftovers = []
            if label and rest:
                leftovers.append(rest)
            for lab, text, _ in sub_fields(b):
                key = _DIM_LABELS.get(_lab(lab)) if lab else None
                if key:
                    data[key] = text
                else:
                    leftovers.append(f"{lab}: {text}" if lab else text)
            if leftovers and "meets_bar" not in data:
                data["meets_bar"] = join_lines(leftovers)
            elif leftovers:
                acc.note(f"{data['dimension']}: {join_lines(leftovers)}")
            out.append(m.ScorecardDimension.model_validate(data))
            lines.append(b.line)
        elif b.kind == PARA:
            if b.bullets:
                if b.full.strip():
                    acc.note(b.full)
                for x in b.bullets:
                    out.append(m.ScorecardDimension(dimension=x))
                    lines.append(b.line)
            else:
                acc.note(b.full)
    acc.add(f.name, out, line, lines)


# -- salary


def _salary_items(acc: Acc, f: F, blocks: list[Block], line: int | None, heading: str | None) -> None:
    """A group of salary figures: items with amounts become ranges (labelled by group and item)."""
    ranges, lines, rest = [], [], []
    prefix = heading if heading and normalise(heading) not in ("salary figures",) else None

    def walk(b: Block, parents: list[str]) -> None:
        label, body = split_label(b.text)
        text = b.full
        if b.children and parse_salary(text) is None:
            for c in b.children:
                walk(c, parents + [label or b.text.rstrip(":")])
            return
        found = parse_salary(text)
        if found is None:
            rest.append(b)
            return
        lo, hi, currency, period = found
        name = " / ".join(p for p in [*([prefix] if prefix else []), *parents, label or "Salary"] if p)
        ranges.append(m.SalaryRange(label=name, minimum=lo, maximum=hi, currency=currency, period=period, text=text))
        lines.append(b.line)
        for c in b.children:
            walk(c, parents + [label or b.text])

    items = [b for b in blocks if b.kind == ITEM]
    if (
        prefix
        and f.name == "ranges"
        and items
        and normalise(prefix) not in ("salary figures",)
        and field_for("salary", prefix, vocabulary=_vocab(acc.ctx))[0] is None
    ):
        with_amount = sum(1 for b in items if parse_salary(b.full) or any(parse_salary(c.full) for c in b.children))
        if with_amount * 2 < len(items):
            acc.other_group(heading or "Other figures", blocks, line)  # e.g. 'Key Takeaways'
            return
    for b in blocks:
        if b.kind == ITEM:
            walk(b, [])
        elif b.kind == TABLE and not b.flat:
            _salary_table(acc, b, ranges, lines)
        elif b.kind == PARA:
            if b.meta.get("conclusion") or not b.bullets:
                acc.note(b.full)
            else:
                acc.note(b.full)
                for x in b.bullets:
                    walk(Block(ITEM, text=x, line=b.line), [])
        else:
            rest.append(b)
    acc.add("ranges", ranges, line, lines)
    if rest:
        acc.other_group(heading or "Other figures", rest, line)


_SAL_COLS = {
    "label": "label",
    "what": "label",
    "figure": "label",
    "minimum": "minimum",
    "min": "minimum",
    "maximum": "maximum",
    "max": "maximum",
    "currency": "currency",
    "period": "period",
    "as stated": "text",
    "text": "text",
    "statement": "text",
    "source text": "text",
}


def _salary_table(acc: Acc, b: Block, ranges: list, lines: list) -> None:
    header = [_SAL_COLS.get(normalise(c)) for c in b.rows[0]]
    for r in b.rows[1:]:
        data: dict[str, Any] = {}
        for name, cell in zip(header, r):
            if name is None or cell == "":
                continue
            if name in ("minimum", "maximum"):
                try:
                    data[name] = float(cell.replace(",", "").replace("$", ""))
                except ValueError:
                    data.setdefault("text", cell)
            else:
                data[name] = cell
        data.setdefault("label", r[0] if r else "Salary")
        data.setdefault("text", " ".join(r))
        try:
            ranges.append(m.SalaryRange.model_validate(data))
        except ValidationError:
            data.pop("period", None)
            ranges.append(m.SalaryRange.model_validate(data))
        lines.append(b.line)


_PARSERS = {
    "skills": _skills,
    "stakeholders": _stakeholders,
    "authority": _authority,
    "variants": _variants,
    "exercises": _exercises,
    "dimensions": _dimensions,
    "salary": _salary_items,
}


# --------------------------------------------------------------------------- generic list sections


def resolve_field(key: str, heading: str, ctx: Ctx) -> F | None:
    career = ctx.kind == DocumentKind.career_guide
    if key == "decision_rights":
        h = re.sub(r"\([^()]*\)", "", heading).strip()
        if (_AUTHORITY_HEADING.match(h) and not re.search(r"decision[- ]making authority|scope of authority", h, re.I)):
            return field_spec(key, "authority")
    f, _ = field_for(key, heading, keywords=career, vocabulary=_vocab(ctx))
    return f


def _heading_field(key: str, heading: str | None, ctx: Ctx) -> F | None:
    """The field a (sub-)heading names; not for a heading that names the section itself ('4) Day-to-Day
    Activities' is not the 'daily' field), unless it is exactly a field's heading ('Experience')."""
    if not heading:
        return None
    if exact_section(heading) == key or mapper_number(heading) is not None:
        f, score = field_for(key, heading, vocabulary=_vocab(ctx))
        return f if score >= 1.0 else None
    return resolve_field(key, heading, ctx)


def _generic(part: Part, ctx: Ctx) -> BaseModel | None:
    key = part.key
    assert key is not None
    model = BY_KEY[key].model
    acc = Acc(key, ctx, model)
    for g in part.groups:
        if g.heading is None:
            _intro(acc, part, g)
            continue
        if is_notes_heading(g.heading):
            for b in g.blocks:
                if b.kind == ITEM:
                    acc.note(item_string(b))
                elif b.kind == PARA:
                    acc.note(b.text if b.meta.get("verbatim") else b.full)
                    for x in b.bullets:
                        acc.note(x)
            continue
        if _restates_section(key, g.heading, ctx):
            # "Job Summary" inside a summary, "Employment Requirements" inside requirements: read like the intro.
            _intro(acc, part, Group(None, g.line, g.blocks))
            continue
        if _heading_field(key, g.heading, ctx) is None and exact_section(g.heading) == key:
            acc.other_group(g.heading, g.blocks, g.line)  # a group titled like the section itself
            continue
        if key == "experience" and _is_mixed_experience(g.heading):
            _mixed_experience(acc, g)
            continue
        f = resolve_field(key, g.heading, ctx)
        if f is None and _vocab(ctx) and not _restates_section(key, g.heading, ctx):
            # "##### Pricing and Packaging" under "#### Launch/Project Management": the parent's field, labelled.
            parents = (part.heading, *g.parents)
            parent = next((pf for h in reversed(parents) if (pf := resolve_field(key, h, ctx)) is not None), None)
            if parent is not None and parent.kind == "list" and parent.name not in UNGROUPED_FIELDS:
                consume(acc, parent, _labelled(g.heading, g.blocks), g.line, heading=g.heading)
                continue
        if f is None:
            if key == "salary":
                _salary_items(acc, field_spec("salary", "ranges"), g.blocks, g.line, g.heading)  # type: ignore[arg-type]
                continue
            acc.other_group(g.heading, g.blocks, g.line)
            continue
        consume(acc, f, g.blocks, g.line, heading=g.heading)
    return _finish(acc, part)


def _labelled(label: str, blocks: list[Block]) -> list[Block]:
    """The group's items and paragraphs with its heading as their label ('Scope: Owns ...'): nothing lost."""
    out = []
    for b in blocks:
        if b.kind in (ITEM, PARA) and b.label is None and b.text.strip():
            b = Block(b.kind, text=b.text, line=b.line, level=b.level, label=label, lines=b.lines,
                      bullets=b.bullets, children=b.children, meta=b.meta)
        out.append(b)
    return out


def _restates_section(key: str, heading: str, ctx: Ctx) -> bool:
    """A sub-heading (not of the seeds' plain text) that names its own section and no field of it."""
    if ctx.fmt in PLAIN_FORMATS or ctx.own_export or DEFAULT_FIELD.get(key) not in UNGROUPED_FIELDS:
        return False
    if resolve_field(key, heading, ctx) is not None:
        return False
    return section_for(heading)[0] == key


def _finish(acc: Acc, part: Part) -> BaseModel | None:
    if acc.key == "summary":
        _summary_defaults(acc)
    if acc.key == "mission":
        acc.data.setdefault("core_mission", "")
    if acc.key == "salary" and part.heading:
        mm = re.search(r"\(([^()]*)\)\s*$", part.heading)
        if mm:
            acc.data["market"] = mm.group(1).strip()
    return acc.make()


def _intro(acc: Acc, part: Part, g: Group) -> None:
    """Content right under the section heading: labelled paragraphs, lead paragraphs, loose items."""
    key, ctx = acc.key, acc.ctx
    runs: list[tuple[str | None, list[Block]]] = []  # loose items, grouped by the lead paragraph before them
    lead: str | None = None
    for b in g.blocks:
        if b.kind == RULE:
            continue
        if b.kind == PARA:
            lead = None
            if b.full.rstrip().endswith(":") and not b.bullets:
                lead = re.split(r"(?<=[.!?])\s+", b.full.strip())[-1].rstrip(":").strip() or None
            if b.meta.get("conclusion"):
                acc.note(b.full)
                continue
            if b.label:
                f, _ = field_for(key, b.label, vocabulary=_vocab(ctx))
                if f is not None:
                    consume(acc, f, [b], b.line, heading=b.label, label_used=True)
                    continue
            elif not b.meta.get("verbatim"):
                # "Core mission: ..." without bold: the label still names a field of this section.
                lab, rest = split_label(b.text)
                f = field_for(key, lab, vocabulary=_vocab(ctx))[0] if lab else None
                if f is not None and rest:
                    consume(
                        acc,
                        f,
                        [Block(PARA, text=rest, line=b.line, label=lab, bullets=b.bullets)],
                        b.line,
                        heading=lab,
                        label_used=True,
                    )
                    continue
            if key == "summary" and _summary_para(acc, b):
                continue
            if key == "deliverables":
                continue
            if b.bullets and key in DEFAULT_FIELD and not b.label:
                f = field_spec(key, DEFAULT_FIELD[key])
                if f is not None and f.kind == "list":
                    consume(acc, f, [b], b.line)
                    continue
            if b.bullets:
                if acc.has_other:
                    acc.other_group(
                        (b.label or b.text).rstrip(":") or part.heading,
                        [Block(ITEM, text=x, line=b.line) for x in b.bullets],
                        b.line,
                    )
                    continue
                ctx.leftover(key, b.label or part.heading, [b])
                continue
            acc.note(b.text if b.meta.get("verbatim") else b.full)
        elif b.kind == ITEM:
            if runs and runs[-1][0] == lead and runs[-1][1] and runs[-1][1][-1] is not None:
                runs[-1][1].append(b)
            else:
                runs.append((lead, [b]))
        elif b.kind == TABLE:
            ctx.leftover(key, part.heading, [b])
    default = DEFAULT_FIELD.get(key)
    f = field_spec(key, default) if default else None
    runs = _labelled_items_to_fields(acc, runs)
    for run_lead, loose in runs:
        lead_field = _heading_field(key, run_lead or part.heading, ctx)
        if lead_field is not None and lead_field.kind not in ("text", "horizon", "kpis", "tools", "scorecard", "soft_skills"):
            consume(acc, lead_field, loose, loose[0].line, heading=run_lead)  # "Experience:" then bullets
            continue
        if key == "experience":
            loose = _classify_experience(acc, loose)
            if not loose:
                continue
        if key == "salary" and not _ungrouped_default(key, run_lead, loose):
            _salary_items(acc, field_spec("salary", "ranges"), loose, loose[0].line, run_lead or part.heading)  # type: ignore[arg-type]
        elif f is not None and f.name in UNGROUPED_FIELDS and run_lead and section_for(run_lead)[0] != key:
            acc.other_group(run_lead, loose, loose[0].line)  # "Key responsibilities include:" inside a summary
        elif f is not None and f.kind not in ("kpis", "tools", "scorecard", "soft_skills"):
            consume(acc, f, loose, loose[0].line)
        elif acc.has_other:
            acc.other_group(run_lead or part.heading, loose, loose[0].line)
        else:
            ctx.leftover(key, run_lead or part.heading, loose)


_PAY_WORDS = re.compile(r"\b(?:salary|pay|compensation|base|wage|ote|earnings|grade|band)\b", re.I)


def _is_pay(text: str) -> bool:
    """'Salary: €45,000 – €55,000' is pay; 'Learning budget of $2,000 per year' is a benefit."""
    found = parse_salary(text)
    if found is None:
        return False
    lo, _hi, _cur, period = found
    return bool(_PAY_WORDS.search(text)) or period == "hour" or (lo or 0) >= 10000


def _ungrouped_default(key: str, lead: str | None, items: list[Block]) -> bool:
    """Salary bullets without amounts ('Health insurance', '401k') are benefits, not figures."""
    if key != "salary":
        return False
    with_amount = sum(1 for b in items if parse_salary(b.full) or any(parse_salary(c.full) for c in b.children))
    return with_amount * 2 < len(items)


def _labelled_items_to_fields(
    acc: Acc, runs: list[tuple[str | None, list[Block]]]
) -> list[tuple[str | None, list[Block]]]:
    """'- **Next step:** Senior Platform Engineer' under a section heading: the label names a list field."""
    out = []
    for lead, items in runs:
        rest = []
        for b in items:
            label, text = item_label(b, acc.ctx)
            f = field_for(acc.key, label, vocabulary=_vocab(acc.ctx))[0] if label else None
            if f is not None and f.kind == "list" and (text or b.children):
                kids = [item_string(c) for c in b.children]
                values = ([join_lines([text, *b.lines])] if text else []) + kids
                acc.add(f.name, values, b.line, [b.line] * len(values))
            else:
                rest.append(b)
        if rest:
            out.append((lead, rest))
    return out


_YEARS = re.compile(r"\b\d+\s*(?:\+|[-–]\s*\d+\s*\+?)?\s*(?:years?|yrs?)\b", re.I)
_CERT = re.compile(r"\b(certifi\w*|certified|licen[cs]e)\b", re.I)


def _classify_experience(acc: Acc, items: list[Block]) -> list[Block]:
    """Loose requirement bullets: years, education and certifications by their words; the rest is returned."""
    rest = []
    for b in items:
        text = item_string(b)
        name = (
            "years"
            if _YEARS.search(text)
            else "education"
            if _EDU.search(text)
            else "certifications"
            if _CERT.search(text)
            else None
        )
        if name is None:
            rest.append(b)
        else:
            acc.add(name, [text], b.line, [b.line])
    return rest


def _is_mixed_experience(heading: str) -> bool:
    words = set(normalise(heading).split())
    return "experience" in words and "education" in words


_EDU = re.compile(r"\b(degree|bachelor|master|phd|doctorate|diploma|university|college|education|mba|bsc|msc)\b", re.I)


def _mixed_experience(acc: Acc, g: Group) -> None:
    """'Experience and Education': years and degrees to their fields, anything else stays a group."""
    items = [b for b in g.blocks if b.kind == ITEM]
    rest = _classify_experience(acc, items)
    others = [b for b in g.blocks if b.kind != ITEM]
    if rest or others:
        acc.other_group(g.heading or "Experience and education", [*others, *rest], g.line)


# -- summary


_BUSINESS = re.compile(r"(?:^|(?<=[.!?])\s+)((?:The |This role's |Its )?business value\b.*)$", re.I | re.S)
_HORIZON_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?])\s+)(This is an? (Current|Emerging) role\b\s*(\((?P<note>[^()]*)\))?[^.]*\.?)", re.I
)
_SLOTS = ("what_it_is", "why_it_exists", "business_value")
_WHY = re.compile(
    r"^(?:This role exists|The role exists|This position exists|Why the role exists|Organi[sz]ations (?:create|need|hire)|Companies (?:create|need|hire))",
    re.I,
)


def _summary_para(acc: Acc, b: Block) -> bool:
    if b.bullets or b.meta.get("verbatim"):
        return False
    career = acc.ctx.kind == DocumentKind.career_guide
    text = b.full
    if career:
        if not acc.data.get("what_it_is"):
            acc.set_text("what_it_is", text, b.line)
            return True
        return False
    mh = _HORIZON_SENTENCE.search(text)
    if mh and "horizon" not in acc.data:
        acc.data["horizon"] = Horizon(mh.group(2).capitalize())
        if mh.group("note"):
            acc.data["horizon_note"] = clean(mh.group("note"))
        acc.ctx.mark("summary.horizon", b.line)
        text = clean(text[: mh.start(1)] + " " + text[mh.end(1) :])
    mb = _BUSINESS.search(text)
    if mb and not acc.data.get("business_value"):
        head = clean(text[: mb.start(1)])
        acc.set_text("business_value", mb.group(1), b.line)
        acc.data["_last"] = "business_value"
        text = head
        if not text:
            return True
    if _WHY.match(text):
        if not acc.data.get("why_it_exists"):
            acc.set_text("why_it_exists", text, b.line)
            acc.data["_last"] = "why_it_exists"
            return True
    if not acc.data.get("what_it_is"):
        acc.set_text("what_it_is", text, b.line)
        acc.data["_last"] = "what_it_is"
        return True
    if acc.data.get("_last") == "what_it_is":
        acc.set_text("what_it_is", text, b.line)  # the description goes on
        return True
    return False


def _summary_defaults(acc: Acc) -> None:
    acc.data.pop("_last", None)
    for slot in _SLOTS:
        acc.data.setdefault(slot, "")
    if acc.data.get("seniority"):
        acc.ctx.facts.setdefault("seniority", acc.data["seniority"])
    if acc.data.get("reporting_line"):
        acc.ctx.facts.setdefault("reporting_line", acc.data["reporting_line"])


# --------------------------------------------------------------------------- special sections


def _deliverables(part: Part, ctx: Ctx) -> BaseModel | None:
    acc = Acc("deliverables", ctx, m.KeyDeliverables)
    groups: list[m.DeliverableGroup] = []
    lines: list[int | None] = []

    def add_group(name: str, items: list[str], ln: int | None) -> None:
        groups.append(m.DeliverableGroup(name=clean(name).rstrip(":"), items=[clean(i) for i in items if clean(i)]))
        lines.append(ln)

    for g in part.groups:
        if g.heading is not None and is_notes_heading(g.heading):
            for b in g.blocks:
                acc.note(item_string(b) if b.kind == ITEM else b.full)
            continue
        items: list[str] = []
        for b in g.blocks:
            if b.kind == ITEM:
                if g.heading is None and b.children:
                    add_group(b.full, [item_string(c) for c in b.children], b.line)
                else:
                    items.append(item_string(b))
            elif b.kind == PARA:
                if b.bullets:
                    add_group(b.label or b.text, b.bullets, b.line)
                elif b.meta.get("conclusion") or g.heading is None or items:
                    acc.note(b.full)
                else:
                    items.append(b.full)
            elif b.kind == TABLE:
                items.extend(" | ".join(r) for r in b.rows[1:])
        if items:
            add_group(g.heading or "Key deliverables", items, g.line)
        elif g.heading is not None and not any(b.kind == PARA and b.bullets for b in g.blocks):
            add_group(g.heading, [], g.line)
    acc.add("groups", groups, part.line, lines)
    return acc.make()


_KPI_COLS = (
    ("name", ("metric name", "metric", "kpi", "name", "indicator")),
    ("measures", ("what it measures", "measures", "definition", "description", "what")),
    ("why_it_matters", ("why it matters", "why", "rationale", "purpose")),
    ("target", ("example target benchmark", "target", "benchmark", "example target", "goal")),
    ("frequency", ("frequency", "cadence", "review frequency", "how often")),
)


def _columns(header: list[str], spec) -> list[str | None]:
    out: list[str | None] = []
    used: set[str] = set()
    for cell in header:
        n = normalise(cell)
        found = None
        for name, aliases in spec:
            if name in used:
                continue
            if n in aliases or any(a in n for a in aliases if len(a) > 4):
                found = name
                break
        if found:
            used.add(found)
        out.append(found)
    return out


def _table_rows(part: Part, ctx: Ctx, acc: Acc, kind: str):
    """(cells, line, header) for every table row of the kind in the part; other content to notes/unmapped."""
    for g in part.groups:
        for b in g.blocks:
            if b.kind == TABLE and (table_kind(b.rows[0]) in (kind, None)):
                row_lines = b.meta.get("row_lines") or []
                for ri, r in enumerate(b.rows[1:], start=1):
                    yield r, (row_lines[ri] if ri < len(row_lines) else b.line), b.rows[0], b.flat
            elif b.kind == PARA:
                acc.note(b.full)
                for x in b.bullets:
                    acc.note(x)
            elif b.kind == ITEM:
                yield [item_string(b)], b.line, None, "item"
            elif b.kind == TABLE:
                ctx.leftover(part.key, g.heading or part.heading, [b])


def _kpis(part: Part, ctx: Ctx) -> BaseModel | None:
    acc = Acc("kpis", ctx, m.KPIs)
    rows, lines = [], []
    for cells, ln, header, flat in _table_rows(part, ctx, acc, "kpis"):
        if flat == "item":
            label, rest = split_label(cells[0])
            rows.append(m.KPI(name=clean(label or cells[0]), measures=clean(rest) if label else "", why_it_matters=""))
        elif flat:
            name, measures, why, target, freq = split_kpi_row(cells[0])
            rows.append(
                m.KPI(name=name, measures=measures, why_it_matters=why, target=target or None, frequency=freq or None)
            )
        else:
            cols = _columns(header, _KPI_COLS)
            data: dict[str, Any] = {"name": "", "measures": "", "why_it_matters": ""}
            for name, cell in zip(cols, cells):
                if name:
                    data[name] = cell or (None if name in ("target", "frequency") else "")
            extra = [f"{h}: {c}" for h, c, n in zip(header, cells, cols) if n is None and c]
            if extra:
                ctx.leftover("kpis", f"KPI {data['name']!r}", [Block(PARA, text="; ".join(extra), line=ln)])
            rows.append(m.KPI.model_validate({k: clean(v) if isinstance(v, str) else v for k, v in data.items()}))
        lines.append(ln)
    acc.add("rows", rows, part.line, lines)
    return acc.make()


_TOOL_COLS = (
    ("category", ("category", "area", "type")),
    ("name", ("tool platform software", "tool platform", "tool", "tools", "platform", "software", "name")),
    ("primary_use", ("primary use", "use", "purpose", "used for")),
    ("commonality", ("common optional context specific", "commonality", "common", "adoption", "prevalence")),
)


def _tools(part: Part, ctx: Ctx) -> BaseModel | None:
    acc = Acc("tools", ctx, m.Tools)
    rows, lines = [], []
    seen_categories: list[str] = []
    for cells, ln, header, flat in _table_rows(part, ctx, acc, "tools"):
        if flat == "item":
            label, rest = split_label(cells[0])
            data = {
                "category": label or "",
                "name": rest if label else cells[0],
                "primary_use": "",
                "commonality_text": "",
            }
        elif flat:
            cat, name, use, common = split_tool_row(cells[0], tuple(seen_categories))
            data = {"category": cat, "name": name, "primary_use": use, "commonality_text": common}
        else:
            cols = _columns(header, _TOOL_COLS)
            data = {"category": "", "name": "", "primary_use": "", "commonality_text": ""}
            for name, cell in zip(cols, cells):
                if name == "commonality":
                    data["commonality_text"] = cell
                elif name:
                    data[name] = cell
        if data["category"] and data["category"] not in seen_categories:
            seen_categories.append(data["category"])
        text = data.pop("commonality_text")
        value, note = enum_with_note(text, Commonality) if text else (None, None)
        if value is None:
            value = Commonality.context_specific
            ctx.note(
                Severity.warning,
                "assumed-value",
                f"tool {data['name']!r}: commonality {'not stated' if not text else repr(text) + ' not recognised'}; "
                f"set to Context-specific",
                section="tools",
                field_=f"rows[{len(rows)}].commonality",
                line=ln,
            )
            note = text or None
        rows.append(m.Tool(commonality=value, commonality_note=note, **{k: clean(v) for k, v in data.items()}))
        lines.append(ln)
    acc.add("rows", rows, part.line, lines)
    return acc.make()


def split_inline_list(text: str) -> list[str]:
    """'1) A 2) B' -> ['A', 'B']; 'A; B' -> ['A', 'B']; 'A, B (x, y)' -> ['A', 'B (x, y)']."""
    text = clean(text)
    if re.match(r"^1[).]\s", text):
        parts = re.split(r"\s+(?=\d{1,2}[).]\s)", text)
        out, expected = [], 1
        for p in parts:
            mm = re.match(r"^(\d{1,2})[).]\s+(.*)$", p)
            if mm and int(mm.group(1)) == expected:
                out.append(mm.group(2).strip())
                expected += 1
            elif out:
                out[-1] = f"{out[-1]} {p}"
            else:
                out.append(p)
        return [x for x in out if x]
    sep = ";" if ";" in text else ","
    out, depth, cur = [], 0, []
    for ch in text:
        depth += ch in "(["
        depth -= ch in ")]"
        if ch == sep and depth <= 0:
            out.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur).strip())
    return [x for x in out if x]


_LIST_FIELDS = {
    "top_responsibilities",
    "top_technical_skills",
    "top_soft_skills",
    "top_tools",
    "top_kpis",
    "main_deliverables",
}


def _scorecard(part: Part, ctx: Ctx) -> BaseModel | None:
    acc = Acc("scorecard", ctx, m.FinalScorecard)
    data: dict[str, Any] = {}
    extra: list[m.ScorecardRow] = []
    for cells, ln, _header, flat in _table_rows(part, ctx, acc, "scorecard"):
        if flat is True:
            category, summary = split_scorecard_row(cells[0])
        elif flat == "item":
            label, rest = split_label(cells[0], max_words=6)
            category, summary = (label, rest) if label else (cells[0], "")
        else:
            category, summary = (cells[0], cells[1] if len(cells) > 1 else "")
            if len(cells) > 2 and any(cells[2:]):
                summary = " ".join(c for c in cells[1:] if c)
        name = scorecard_field(category)
        if name is None or name in data:
            extra.append(m.ScorecardRow(category=category, summary=summary))
            ctx.mark(f"scorecard.extra_rows[{len(extra) - 1}]", ln)
            continue
        data[name] = split_inline_list(summary) if name in _LIST_FIELDS else summary
        ctx.mark(f"scorecard.{name}", ln)
    data.setdefault("role_title", "")
    data.setdefault("role_purpose", "")
    for k in ("reports_to", "main_goals", "career_progression"):
        if data.get(k) == "":
            data[k] = None
    acc.data.update(data)
    if extra:
        acc.data["extra_rows"] = extra
    if data.get("reports_to"):
        ctx.facts.setdefault("scorecard_reports_to", data["reports_to"])
    return acc.make()


_SOFT_LABELS = {
    "why it matters": "why_it_matters",
    "why": "why_it_matters",
    "importance": "why_it_matters",
    "on the job": "on_the_job",
    "on job": "on_the_job",
    "in practice": "on_the_job",
    "how it shows": "on_the_job",
    "strong performance": "strong_performance",
    "strong performance looks like": "strong_performance",
    "what strong performance looks like": "strong_performance",
    "looks like": "strong_performance",
}


def _soft_skills(part: Part, ctx: Ctx) -> BaseModel | None:
    acc = Acc("soft_skills", ctx, m.SoftSkills)
    skills: list[m.SoftSkill] = []
    lines: list[int | None] = []
    for g in part.groups:
        if g.heading is not None and is_notes_heading(g.heading):
            for b in g.blocks:
                acc.note(item_string(b) if b.kind == ITEM else b.full)
            continue
        if g.heading is not None and not _is_soft_list_heading(g.heading):
            # A sub-heading per skill (career guides): the bullets say how it shows on the job.
            items = [item_string(b) for b in g.blocks if b.kind == ITEM]
            for b in g.blocks:
                if b.kind == PARA:
                    if b.meta.get("conclusion") or items:
                        acc.note(b.full)
                    else:
                        items.append(b.full)
                    items.extend(b.bullets)
            skills.append(m.SoftSkill(name=g.heading, on_the_job="; ".join(items) or None))
            lines.append(g.line)
            continue
        for b in g.blocks:
            if b.kind == ITEM:
                skills.append(_soft_skill(b, acc))
                lines.append(b.line)
            elif b.kind == PARA:
                if b.bullets:
                    acc.note(b.full)
                    for x in b.bullets:
                        lab, rest = split_label(x)
                        skills.append(m.SoftSkill(name=lab or x, on_the_job=rest or None if lab else None))
                        lines.append(b.line)
                else:
                    acc.note(b.full)
    acc.add("skills", skills, part.line, lines)
    return acc.make()


def _is_soft_list_heading(heading: str) -> bool:
    n = normalise(heading)
    return n in ("soft skills", "behavioral capabilities", "behavioural capabilities", "skills", "capabilities")


def _soft_skill(b: Block, acc: Acc) -> m.SoftSkill:
    label, rest = item_label(b, acc.ctx)
    subs = sub_fields(b)
    name = label if label is not None else b.text
    data: dict[str, Any] = {"name": clean(name)}
    extra = []
    if label is not None and rest:
        if subs:
            extra.append(rest)
        else:
            data["on_the_job"] = rest
    for lab, text, _ in subs:
        key = _SOFT_LABELS.get(_lab(lab)) if lab else None
        if key is None:
            extra.append(f"{lab}: {text}" if lab else text)
        elif data.get(key):
            data[key] = f"{data[key]} {text}"
        else:
            data[key] = text
    if extra:
        if not data.get("on_the_job"):
            data["on_the_job"] = join_lines(extra)
        else:
            acc.ctx.leftover("soft_skills", data["name"], [Block(PARA, text=join_lines(extra), line=b.line)])
    return m.SoftSkill.model_validate(data)


_SPECIAL = {
    "deliverables": _deliverables,
    "kpis": _kpis,
    "tools": _tools,
    "scorecard": _scorecard,
    "soft_skills": _soft_skills,
}


def build_section(part: Part, ctx: Ctx) -> BaseModel | None:
    builder = _SPECIAL.get(part.key or "", _generic)
    return builder(part, ctx)


# --------------------------------------------------------------------------- meta


def _reports_to(text: str | None) -> str | None:
    if not text:
        return None
    t = re.sub(r"^(?:typically\s+)?reports?\s+(?:to|into)\s*:?\s*", "", clean(text), flags=re.I)
    t = re.split(r"\s*\(|;|\.\s", t, maxsplit=1)[0].strip().rstrip(".")
    return t or None


_REPORTS_SENTENCE = re.compile(r"\breports? (?:directly )?(?:to|into) (?:the |our |a )?([A-Z][^.;,()]{2,80}?)(?:[.;,(]|\s+and\s|$)")


def fill_meta(ctx: Ctx, sections: dict, doc_meta: dict) -> m.RoleMeta:
    facts = {**ctx.facts, **{k: v for k, v in doc_meta.items() if k in ("level", "track", "role_family", "reports_to")}}
    title = (
        ctx.title or facts.get("title") or (sections["scorecard"].role_title if sections.get("scorecard") else "") or ""
    )
    kind = facts.get("kind")
    if kind:
        k = normalise(kind).replace(" ", "_")
        if k in ("career_guide", "role_blueprint"):
            ctx.kind = DocumentKind(k)
    own_export = "schema" in doc_meta  # our own Markdown states its metadata: infer nothing it left out
    if own_export:
        inferred: list[str] = []
        return m.RoleMeta(
            title=title,
            level=parse_level(_given(facts.get("level"), "level", inferred)),
            track=parse_track(_given(facts.get("track"), "track", inferred)),
            reports_to=facts.get("reports_to"),
            role_family=_given(facts.get("role_family"), "family", inferred),
            company_size=facts.get("company_size"),
            industry=facts.get("industry"),
            inferred=inferred,
        )
    level = parse_level(facts.get("level")) or infer_level(facts.get("seniority")) or infer_level(title)
    track = parse_track(facts.get("track"))
    track = track or infer_track(title, facts.get("seniority"), level)
    reports = (
        facts.get("reports_to")
        or _reports_to(facts.get("reporting_line"))
        or _reports_to(facts.get("scorecard_reports_to"))
    )
    if not reports and sections.get("summary") is not None:
        mm = _REPORTS_SENTENCE.search(" ".join([sections["summary"].what_it_is, *sections["summary"].notes]))
        reports = clean(mm.group(1)).rstrip(".") if mm else None
    family = facts.get("role_family") or infer_role_family(title)
    return m.RoleMeta(
        title=title,
        level=level,
        track=track,
        reports_to=reports,
        role_family=family,
        company_size=facts.get("company_size"),
        industry=facts.get("industry"),
    )


_INFERRED = re.compile(r"\s*\(inferred\)\s*$", re.I)


def _given(text: str | None, what: str, inferred: list[str]) -> str | None:
    """A meta value of drafter's own export: 'senior (inferred)' -> 'senior', noting what was inferred."""
    if not text:
        return None
    clean = _INFERRED.sub("", text)
    if clean != text:
        inferred.append(what)
    return clean
