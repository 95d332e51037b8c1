"""The document layout every rich export shares: a Blueprint as a tree of parts.

HTML and DOCX (and anything else that wants the seed layout) walk the same
view: sections in registry order with the seed numbering ("7) KPIs and
Productivity Metrics"), each made of *parts* — prose paragraphs, labelled
one-line fields, bullet or numbered lists, and tables — under the sub-headings
the seed blueprints use.  Labels live in one place (``LABELS``), so every
format shows the same headings in the same order.

The view holds plain, cleaned strings: characters that are not allowed in
XML (C0 controls other than tab and newlines, lone surrogates, U+FFFE/U+FFFF)
are removed here, so no renderer can choke on them.  Escaping is each
renderer's job (Jinja2 autoescape for HTML, python-docx for DOCX).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel

from ..schema import models as m
from ..schema.enums import DocumentKind, Level, Track
from ..schema.fields import (
    FINAL_SCORECARD_COLUMNS,
    KPI_COLUMNS,
    SALARY_DISPLAY_COLUMNS as SALARY_COLUMNS,
    SCORECARD_DIMENSION_COLUMNS,
    SCORECARD_LABELS,
    TOOL_COLUMNS,
    UNGROUPED_FIELDS,
)
from ..schema.sections import SECTIONS, SectionSpec
from ..slugs import slugify

# --------------------------------------------------------------------------- labels

#: Labels the shared field headings (``drafter.schema.fields.FIELDS``, what the
#: Markdown export writes and the readers map back) do not cover: the final
#: scorecard's categories, as the Markdown export words them.  ``label()``
#: looks in the shared headings first, so every format uses one wording.
LABELS: dict[str, dict[str, str]] = {"scorecard": dict(SCORECARD_LABELS)}

#: Labels of the detail lines under a skill, soft skill or exercise.
SKILL_DETAILS = (("description", "Description"), ("use", "Use"), ("importance", "Importance"))
SOFT_SKILL_DETAILS = (
    ("why_it_matters", "Why it matters"),
    ("on_the_job", "On the job"),
    ("strong_performance", "Strong performance"),
)

KIND_LABELS = {DocumentKind.role_blueprint: "Role blueprint", DocumentKind.career_guide: "Career guide"}


@lru_cache(maxsize=1)
def _shared_headings() -> dict[str, dict[str, str]]:
    """The sub-headings the Markdown renderer writes and the readers map back
    (``drafter.schema.fields``): one wording for every format."""
    from ..schema.fields import FIELDS

    return {section: {f.name: f.heading for f in fields} for section, fields in FIELDS.items()}


def label(section: str, fieldname: str) -> str:
    """The sub-heading of ``fieldname`` in ``section``: the shared field headings
    first, then ``LABELS``, then the field name."""
    return (
        _shared_headings().get(section, {}).get(fieldname)
        or LABELS.get(section, {}).get(fieldname)
        or fieldname.replace("_", " ").capitalize()
    )


# --------------------------------------------------------------------------- cleaning

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """``text`` as a string without characters XML 1.0 forbids (\\r\\n kept as \\n)."""
    if text is None:
        return ""
    s = str(text.value) if isinstance(text, Enum) else str(text)
    s = s.replace("\r\n", "\n").replace("\r", "\n")
    return _XML_INVALID.sub("", s)


def with_note(value: str, note: str | None) -> str:
    """'Important (Critical in regulated use cases)': a value with its qualifier
    (a note already in parentheses is not wrapped again)."""
    note = clean(note).strip()
    if not note:
        return value
    if note[:1].isalnum():
        return f"{value} ({note})"
    return f"{value} {note}"


def _clean_all(items) -> tuple[str, ...]:
    return tuple(c for c in (clean(x).strip() for x in items) if c)


# --------------------------------------------------------------------------- the view


@dataclass(frozen=True)
class Detail:
    """A labelled line under a list entry ("Importance: Critical")."""

    label: str
    text: str


@dataclass(frozen=True)
class Entry:
    """One list item: optional bold lead-in, text, labelled details and sub-points."""

    text: str = ""
    lead: str | None = None
    details: tuple[Detail, ...] = ()
    points: tuple[str, ...] = ()


Cell = str | tuple[str, ...]  # a tuple is a list inside a cell


@dataclass(frozen=True)
class Part:
    """One block of a section, under an optional sub-heading.

    kind:
      ``text``   prose paragraphs (``paragraphs``)
      ``field``  one labelled value on one line (``label``: ``value``)
      ``list``   ``entries``, numbered when ``ordered`` (starting at ``start``)
      ``table``  ``columns`` and ``rows``
    """

    kind: Literal["text", "field", "list", "table"]
    heading: str | None = None
    paragraphs: tuple[str, ...] = ()
    label: str | None = None
    value: str = ""
    entries: tuple[Entry, ...] = ()
    ordered: bool = False
    start: int = 1
    columns: tuple[str, ...] = ()
    rows: tuple[tuple[Cell, ...], ...] = ()
    field: str | None = None  # the model field it shows, for tests and styling


@dataclass(frozen=True)
class SectionView:
    key: str
    number: int | None
    title: str
    heading: str  # "7) KPIs and Productivity Metrics"
    anchor: str  # "s7-kpis-and-productivity-metrics"
    parts: tuple[Part, ...]
    present: bool  # False: a required section the document lacks (shown as a placeholder)


@dataclass(frozen=True)
class UnmappedView:
    heading: str | None
    text: str
    where: str | None  # "line 12, in Core Responsibilities"


@dataclass(frozen=True)
class BlueprintView:
    title: str
    kind: str  # "Role blueprint" / "Career guide"
    subtitle: str  # "Role Blueprint, Responsibilities, Skills, KPIs, and Career Path"
    meta: tuple[tuple[str, str], ...]
    sections: tuple[SectionView, ...]
    unmapped: tuple[UnmappedView, ...]
    date: str  # ISO date of generation, else today
    schema_version: str

    @property
    def toc(self) -> tuple[tuple[str, str], ...]:
        items = [(s.anchor, s.heading) for s in self.sections]
        if self.unmapped:
            items.append((APPENDIX_ANCHOR, APPENDIX_TITLE))
        return tuple(items)


APPENDIX_ANCHOR = "appendix-unmapped"
APPENDIX_TITLE = "Appendix: Unmapped content"
MISSING_TEXT = "This section has not been written yet."


def slug(text: str) -> str:
    """An HTML anchor for a heading (``drafter.slugs.slugify``)."""
    return slugify(text, fallback="section")


# --------------------------------------------------------------------------- builders


def _entries(items) -> tuple[Entry, ...]:
    return tuple(Entry(text=t) for t in _clean_all(items))


def _list(
    section: str, fieldname: str, items, *, ordered: bool = False, start: int = 1, heading: str | None = None
) -> Part | None:
    entries = _entries(items)
    if not entries:
        return None
    return Part(
        "list",
        heading=heading or label(section, fieldname),
        entries=entries,
        ordered=ordered,
        start=start,
        field=fieldname,
    )


def _lists(section: str, sec, *names: str) -> list[Part | None]:
    """One bullet list per field, under its sub-heading, in the order given."""
    return [_list(section, name, getattr(sec, name)) for name in names]


def _field(section: str, fieldname: str, value, note: str | None = None) -> Part | None:
    text = clean(value).strip()
    if not text:
        return None
    if note:
        text = with_note(text, note)
    return Part("field", label=label(section, fieldname), value=text, field=fieldname)


def _prose(section: str, fieldname: str, value, *, heading: bool = False) -> Part | None:
    text = clean(value).strip()
    if not text:
        return None
    paras = tuple(p.strip() for p in re.split(r"\n\s*\n", text) if p.strip())
    return Part("text", heading=label(section, fieldname) if heading else None, paragraphs=paras, field=fieldname)


def _other_groups(groups: list[m.NamedList]) -> list[Part | None]:
    return [
        Part("list", heading=clean(g.title).strip() or "Other", entries=_entries(g.items), field="other_groups")
        for g in groups
        if _clean_all(g.items)
    ]


def _skill_entry(skill: m.Skill) -> Entry:
    details = []
    for attr, lab in SKILL_DETAILS:
        value = clean(getattr(skill, attr)).strip()
        if attr == "importance":
            value = with_note(value, skill.importance_note)
        if value:
            details.append(Detail(lab, value))
    return Entry(lead=clean(skill.name).strip(), details=tuple(details))


def _soft_entry(skill: m.SoftSkill) -> Entry:
    details = tuple(
        Detail(lab, clean(getattr(skill, attr)).strip())
        for attr, lab in SOFT_SKILL_DETAILS
        if clean(getattr(skill, attr)).strip()
    )
    return Entry(lead=clean(skill.name).strip(), details=details)


def _lead_entries(pairs) -> tuple[Entry, ...]:
    """Entries "**lead:** text" from (lead, text) pairs; text may be empty."""
    return tuple(Entry(lead=clean(a).strip(), text=clean(b).strip()) for a, b in pairs if clean(a).strip())


def _variants(section: str, fieldname: str, variants: list[m.Variant]) -> Part | None:
    entries = []
    for v in variants:
        if not clean(v.context).strip():
            continue
        points = _clean_all(v.points)
        if len(points) == 1:  # "**Startup:** one line", as the Markdown export writes it
            entries.append(Entry(lead=clean(v.context).strip(), text=points[0]))
        else:
            entries.append(Entry(lead=clean(v.context).strip(), points=points))
    entries = tuple(entries)
    if not entries:
        return None
    return Part("list", heading=label(section, fieldname), entries=entries, field=fieldname)


def _table(heading: str | None, fieldname: str, columns, rows) -> Part | None:
    rows = tuple(tuple(cell for cell in row) for row in rows)
    if not rows:
        return None
    return Part("table", heading=heading, columns=tuple(columns), rows=rows, field=fieldname)


def _money(value: float, currency: str) -> str:
    symbols = {"USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹"}
    amount = f"{value:,.0f}" if float(value).is_integer() or value >= 1000 else f"{value:,.2f}"
    sym = symbols.get(currency.upper())
    return f"{sym}{amount}" if sym else f"{amount} {currency.upper()}"


def salary_amount(r: m.SalaryRange) -> str:
    """ "$184,594 – $222,992 per year" (or one figure, or empty when the range has no numbers)."""
    if r.minimum is None and r.maximum is None:
        return ""
    if r.minimum is not None and r.maximum is not None and r.maximum != r.minimum:
        amount = f"{_money(r.minimum, r.currency)} – {_money(r.maximum, r.currency)}"
    else:
        amount = _money(r.minimum if r.minimum is not None else r.maximum, r.currency)
    return f"{amount} per {r.period}"


def _section_parts(key: str, sec: m.Section) -> list[Part | None]:
    """The parts of one section, in the seed order."""
    L = label
    # Lists are bullets except where the seeds number them: responsibilities (one
    # running count across the groups), technical and soft skills, exercises.
    parts: list[Part | None] = []
    if key == "summary":
        s: m.RoleSummary = sec
        # labelled paragraphs first, then the list: the order the Markdown export uses
        parts += [
            _field(key, "what_it_is", s.what_it_is),
            _field(key, "why_it_exists", s.why_it_exists),
            _field(key, "business_value", s.business_value),
            _field(key, "horizon", s.horizon, s.horizon_note),
            _field(key, "seniority", s.seniority),
            _field(key, "reporting_line", s.reporting_line),
            _list(key, "typical_interactions", s.typical_interactions),
        ]
    elif key == "mission":
        s: m.RoleMission = sec
        parts += [
            _field(key, "core_mission", s.core_mission),
            _list(key, "strategic_importance", s.strategic_importance),
            _list(key, "primary_outcomes", s.primary_outcomes),
        ]
    elif key == "responsibilities":
        s: m.CoreResponsibilities = sec
        n = 1
        for name in ("items", "strategic", "operational", "technical", "cross_functional", "governance", "leadership"):
            part = _list(key, name, getattr(s, name), ordered=True, start=n)
            if part:
                n += len(part.entries)
            parts.append(part)
        for g in s.other_groups:
            part = _list(key, "other_groups", g.items, ordered=True, start=n, heading=clean(g.title).strip() or "Other")
            if part:
                n += len(part.entries)
            parts.append(part)
        return parts
    elif key == "activities":
        s: m.DayToDayActivities = sec
        parts += _lists(key, s, "daily", "weekly", "monthly_quarterly", "rituals", "incident_work")
    elif key == "deliverables":
        s: m.KeyDeliverables = sec
        parts += [
            Part("list", heading=clean(g.name).strip() or "Deliverables", entries=_entries(g.items), field="groups")
            for g in s.groups
            if _clean_all(g.items)
        ]
    elif key == "goals":
        s: m.GoalsAndMilestones = sec
        parts += _lists(key, s, "days_30", "days_60", "days_90", "months_6", "months_12", "long_term")
        parts += [
            _prose(key, "success_definition", s.success_definition, heading=True),
            _list(key, "success_indicators", s.success_indicators),
            _list(key, "high_performance", s.high_performance),
        ]
    elif key == "kpis":
        s: m.KPIs = sec
        rows = [
            (clean(r.name), clean(r.measures), clean(r.why_it_matters), clean(r.target), clean(r.frequency))
            for r in s.rows
        ]
        parts.append(_table(None, "rows", KPI_COLUMNS, rows))
    elif key == "technical_skills":
        s: m.TechnicalSkills = sec
        for name in ("must_have", "good_to_have", "advanced", "emerging"):
            skills = getattr(s, name)
            entries = tuple(_skill_entry(k) for k in skills if clean(k.name).strip())
            if entries:
                parts.append(Part("list", heading=L(key, name), entries=entries, ordered=True, field=name))
    elif key == "soft_skills":
        s: m.SoftSkills = sec
        entries = tuple(_soft_entry(k) for k in s.skills if clean(k.name).strip())
        if entries:
            parts.append(Part("list", entries=entries, ordered=True, field="skills"))
    elif key == "tools":
        s: m.Tools = sec
        rows = []
        for t in s.rows:
            common = with_note(clean(t.commonality), t.commonality_note)
            rows.append((clean(t.category), clean(t.name), clean(t.primary_use), common))
        parts.append(_table(None, "rows", TOOL_COLUMNS, rows))
    elif key == "tech_stack":
        s: m.TechStack = sec
        parts += _lists(
            key,
            s,
            "infrastructure",
            "application",
            "data",
            "security",
            "delivery_model",
            "agile_sdlc",
            "scale_complexity",
            "team_topology",
        )
    elif key == "stakeholders":
        s: m.Stakeholders = sec
        for name in ("internal", "external"):
            entries = _lead_entries((x.name, x.interaction) for x in getattr(s, name))
            if entries:
                parts.append(Part("list", heading=L(key, name), entries=entries, field=name))
        parts += _lists(
            key, s, "peer_roles", "upstream", "downstream", "collaboration", "decision_authority", "escalation"
        )
    elif key == "decision_rights":
        s: m.DecisionRights = sec
        parts += _lists(key, s, "independent", "team_approval", "manager_approval", "executive_approval")
        entries = _lead_entries((a.area, line) for a in s.authority for line in (_clean_all(a.scope) or ("",)))
        if entries:
            parts.append(Part("list", heading=L(key, "authority"), entries=entries, field="authority"))
    elif key == "experience":
        s: m.Experience = sec
        parts += _lists(key, s, "years", "education", "certifications", "prior_roles", "domain_knowledge", "leadership")
    elif key == "career_path":
        s: m.CareerPath = sec
        parts += _lists(key, s, "feeder_roles", "next_roles", "adjacent_paths", "promotion_skills", "evolution")
    elif key == "risks":
        s: m.Risks = sec
        parts += _lists(key, s, "challenges", "bottlenecks", "anti_patterns", "underperformance", "business_risks")
    elif key == "variants":
        s: m.RoleVariants = sec
        parts += [
            _variants(key, f, getattr(s, f))
            for f in (
                "company_size",
                "industry",
                "geography",
                "product_vs_service",
                "startup_vs_enterprise",
                "regulated_vs_not",
            )
        ]
    elif key == "ai_impact":
        s: m.AIImpact = sec
        parts += _lists(key, s, "automatable", "human_critical", "changes", "new_expectations")
    elif key == "hiring":
        s: m.HiringCriteria = sec
        parts.append(_list(key, "assess", s.assess))
        entries = tuple(
            Entry(
                lead=clean(x.name).strip(),
                details=tuple(
                    Detail(lab, clean(v).strip())
                    for lab, v in (("Duration", x.duration), ("Description", x.description))
                    if clean(v).strip()
                ),
            )
            for x in s.exercises
            if clean(x.name).strip()
        )
        if entries:
            parts.append(Part("list", heading=L(key, "exercises"), entries=entries, ordered=True, field="exercises"))
        parts += _lists(key, s, "strong_signals", "weak_signals", "red_flags")
        rows = [(clean(d.dimension), clean(d.meets_bar), clean(d.exceeds)) for d in s.scorecard]
        parts.append(_table(L(key, "scorecard"), "scorecard", SCORECARD_DIMENSION_COLUMNS, rows))
    elif key == "scorecard":
        s: m.FinalScorecard = sec
        rows: list[tuple[Cell, ...]] = []
        for name, lab in LABELS["scorecard"].items():
            value = getattr(s, name)
            if isinstance(value, list):
                cell: Cell = _clean_all(value)
            else:
                cell = clean(value).strip()
            if cell:
                rows.append((lab, cell))
        rows += [
            (clean(r.category).strip(), clean(r.summary).strip()) for r in s.extra_rows if clean(r.category).strip()
        ]
        parts.append(_table(None, "rows", FINAL_SCORECARD_COLUMNS, rows))
    elif key == "salary":
        s: m.SalaryInfo = sec
        rows = [(clean(r.label), salary_amount(r), clean(r.text)) for r in s.ranges]
        parts.append(_table(L(key, "ranges"), "ranges", SALARY_COLUMNS, rows))
        parts.append(_list(key, "factors", s.factors))
    elif key in ("market_demand", "trends", "best_practices"):
        entries = _entries(sec.points)  # straight under the section heading, like the guides
        parts.append(Part("list", entries=entries, field="points") if entries else None)
    else:  # a section this module does not know yet: walk its fields generically
        parts += _generic_parts(key, sec)
    # What the source listed without a group (a bare "Requirements" list, benefits, the hiring process).
    for name in UNGROUPED_FIELDS:
        if key != "responsibilities" and getattr(sec, name, None) and not any(
            p is not None and p.field == name for p in parts
        ):
            value = getattr(sec, name)
            parts.append(_variants(key, name, value) if name == "specialties" else _list(key, name, value))
    if hasattr(sec, "other_groups"):
        parts += _other_groups(sec.other_groups)
    return parts


def _generic_parts(key: str, sec: BaseModel) -> list[Part | None]:
    parts: list[Part | None] = []
    for name in type(sec).model_fields:
        if name in ("notes", "other_groups"):
            continue
        value = getattr(sec, name)
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            parts.append(_list(key, name, value))
        elif isinstance(value, list):
            items = [", ".join(clean(v).strip() for v in x.model_dump(mode="json").values() if v) for x in value]
            parts.append(_list(key, name, items))
        elif value is not None:
            parts.append(_field(key, name, value))
    return parts


def _meta(bp: m.Blueprint) -> tuple[tuple[str, str], ...]:
    meta = bp.meta
    rows: list[tuple[str, str]] = [("Document", KIND_LABELS.get(bp.kind, str(bp.kind)))]
    guessed = lambda what: " (inferred from the title)" if what in meta.inferred else ""  # noqa: E731
    if meta.level:
        rows.append(("Level", _level_label(meta.level) + guessed("level")))
    if meta.track:
        track = "Individual contributor" if meta.track == Track.individual_contributor else "Manager"
        rows.append(("Track", track + guessed("track")))
    reports_to = meta.reports_to or (bp.summary.reporting_line if bp.summary else None)
    for lab, value in (
        ("Reports to", reports_to),
        ("Role family", meta.role_family + guessed("family") if meta.role_family else None),
        ("Company size", meta.company_size),
        ("Industry", meta.industry),
    ):
        if value and clean(value).strip():
            rows.append((lab, clean(value).strip()))
    if bp.source and (bp.source.url or bp.source.path):
        src = clean(bp.source.url or bp.source.path)
        if bp.source.format:
            src = f"{src} ({clean(bp.source.format)})"
        rows.append(("Source", src))
    if bp.generation:
        g = bp.generation
        text = f"{clean(g.model)}, depth {clean(g.depth)}"
        if g.started_at:
            text += f", {clean(g.started_at)[:10]}"
        rows.append(("Drafted with", text))
    return tuple(rows)


def _level_label(level: Level) -> str:
    return {"vp": "VP", "senior_manager": "Senior manager", "senior_director": "Senior director"}.get(
        level.value, level.value.replace("_", " ").capitalize()
    )


def document_date(bp: m.Blueprint) -> str:
    """The generation date (ISO) when the blueprint records one, else today."""
    started = bp.generation.started_at if bp.generation else None
    if started and re.match(r"\d{4}-\d{2}-\d{2}", started):
        return started[:10]
    return date.today().isoformat()


def _where(u: m.UnmappedContent) -> str | None:
    bits = []
    if u.line:
        bits.append(f"line {u.line}")
    if u.section:
        from ..schema.sections import section_title

        bits.append(f"in {section_title(u.section)}")
    return ", ".join(bits) or None


def section_view(spec: SectionSpec, sec: m.Section | None) -> SectionView:
    heading = clean(spec.heading)
    if spec.key == "salary" and sec is not None and clean(getattr(sec, "market", None)).strip():
        heading = f"{heading} ({clean(sec.market).strip()})"  # "Salary Ranges (US Market, 2024)"
    anchor = f"s{spec.number}-{slug(spec.title)}" if spec.number else slug(spec.title)
    if sec is None:
        return SectionView(spec.key, spec.number, spec.title, heading, anchor, (), present=False)
    notes = _clean_all(sec.notes)
    parts: list[Part] = []
    if notes:
        parts.append(Part("text", paragraphs=notes, field="notes"))
    parts += [p for p in _section_parts(spec.key, sec) if p is not None]
    return SectionView(spec.key, spec.number, spec.title, heading, anchor, tuple(parts), present=True)


def build(bp: m.Blueprint) -> BlueprintView:
    """The layout of ``bp``: present sections in registry order, plus placeholders for
    sections a role blueprint requires but this one lacks."""
    sections = []
    for spec in SECTIONS:
        sec = getattr(bp, spec.key, None)
        if sec is None and bp.kind not in spec.required_in:
            continue
        sections.append(section_view(spec, sec))
    unmapped = tuple(
        UnmappedView(clean(u.heading).strip() or None, clean(u.text).strip(), _where(u))
        for u in bp.unmapped
        if clean(u.text).strip() or clean(u.heading).strip()
    )
    subtitle = (
        "Role Blueprint, Responsibilities, Skills, KPIs, and Career Path"
        if bp.kind == DocumentKind.role_blueprint
        else "Career Guide"
    )
    return BlueprintView(
        title=clean(bp.meta.title).strip() or "Untitled role",
        kind=KIND_LABELS.get(bp.kind, str(bp.kind)),
        subtitle=subtitle,
        meta=_meta(bp),
        sections=tuple(sections),
        unmapped=unmapped,
        date=document_date(bp),
        schema_version=clean(bp.schema_version),
    )


__all__ = [
    "LABELS",
    "KPI_COLUMNS",
    "TOOL_COLUMNS",
    "SCORECARD_DIMENSION_COLUMNS",
    "FINAL_SCORECARD_COLUMNS",
    "SALARY_COLUMNS",
    "APPENDIX_TITLE",
    "MISSING_TEXT",
    "Detail",
    "Entry",
    "Part",
    "SectionView",
    "UnmappedView",
    "BlueprintView",
    "build",
    "clean",
    "label",
    "salary_amount",
    "document_date",
    "slug",
]
