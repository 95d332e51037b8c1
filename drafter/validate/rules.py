"""Quality rules: what a blueprint must have (errors) and what looks wrong (warnings).

Profiles by document kind:

* ``role_blueprint``: all 20 numbered sections are required;
* ``career_guide``: only the sections whose ``SectionSpec.required_in``
  includes career guides (summary, responsibilities, experience).

Errors: a required section missing, a required field empty
(``REQUIRED_FIELDS``), an empty KPI or tools table, a table row without its
name.  Warnings: a list far shorter than the seeds' norm (under a third of
``Items.norm``), duplicate bullets (within a list and across a section), KPI
rows without a target or frequency, a level that contradicts the decision
rights, content that maps to no section (unmapped).
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from pydantic import BaseModel

from ..findings import Finding, Severity
from ..schema import models as m
from ..schema.enums import DocumentKind, Level, Track
from ..schema.fields import UNGROUPED_FIELDS
from ..schema.genmodels import field_items
from ..schema.sections import BLUEPRINT_SECTIONS, BY_KEY, SECTIONS

SHORT_FRACTION = 1 / 3

#: Per section: fields that must not be empty.  ``any:`` means at least one of the list fields.
REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "summary": ("what_it_is", "why_it_exists", "business_value"),
    "mission": ("core_mission",),
    "responsibilities": ("any:strategic,operational,technical,cross_functional,governance,leadership,items,other_groups",),
    "activities": ("any:daily,weekly,monthly_quarterly,rituals,incident_work,items,other_groups",),
    "deliverables": ("groups",),
    "goals": ("any:days_30,days_60,days_90,months_6,months_12,long_term,items",),
    "kpis": ("rows",),
    "technical_skills": ("must_have",),
    "soft_skills": ("skills",),
    "tools": ("rows",),
    "tech_stack": (
        "any:infrastructure,application,data,security,delivery_model,agile_sdlc,scale_complexity,team_topology,items,other_groups",
    ),
    "stakeholders": ("internal",),
    "decision_rights": ("independent",),
    "experience": ("any:years,education,certifications,prior_roles,domain_knowledge,leadership,items,preferred,other_groups",),
    "career_path": ("any:feeder_roles,next_roles,adjacent_paths,promotion_skills,evolution,items,other_groups",),
    "risks": ("any:challenges,bottlenecks,anti_patterns,underperformance,business_risks,other_groups",),
    "variants": (
        "any:company_size,industry,geography,product_vs_service,startup_vs_enterprise,regulated_vs_not,specialties,other_groups",
    ),
    "ai_impact": ("any:automatable,human_critical,changes,new_expectations,items,other_groups",),
    "hiring": ("assess",),
    "scorecard": ("role_title", "role_purpose"),
}
#: Career guides state less: only these fields are required there.
CAREER_REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "summary": ("what_it_is",),
    "responsibilities": REQUIRED_FIELDS["responsibilities"],
    "experience": REQUIRED_FIELDS["experience"],
}
#: A job post (``posting`` profile): what each of its four parts must hold.
POSTING_REQUIRED_FIELDS: dict[str, tuple[str, ...]] = {
    "summary": ("what_it_is",),
    "responsibilities": REQUIRED_FIELDS["responsibilities"],
    "experience": REQUIRED_FIELDS["experience"],
    "salary": ("ranges",),
}
PROFILE_FIELDS = {"blueprint": REQUIRED_FIELDS, "guide": CAREER_REQUIRED_FIELDS, "posting": POSTING_REQUIRED_FIELDS}
TABLE_FIELDS = {("kpis", "rows"): "KPI table", ("tools", "rows"): "tools table"}


def required_sections(kind: DocumentKind | str) -> list[str]:
    kind = DocumentKind(kind)
    if kind == DocumentKind.role_blueprint:
        return [s.key for s in BLUEPRINT_SECTIONS]
    return [s.key for s in SECTIONS if kind in s.required_in]


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, (list, tuple)):
        return len(value) == 0
    return False


def _line(lines: dict[str, int], *keys: str) -> int | None:
    for k in keys:
        if k in lines:
            return lines[k]
    return None


def _profile_of(kind: DocumentKind) -> str:
    return "blueprint" if kind == DocumentKind.role_blueprint else "guide"


class Rules:
    def __init__(
        self, kind: DocumentKind, lines: dict[str, int] | None, path: str | None, profile: str | None = None
    ):
        self.kind = kind
        self.profile = profile or _profile_of(kind)
        self.lines = lines or {}
        self.path = path
        self.out: list[Finding] = []

    def add(
        self,
        severity: Severity,
        code: str,
        message: str,
        section: str | None = None,
        field: str | None = None,
        line: int | None = None,
    ) -> None:
        if line is None and section:
            keys = []
            if field:
                keys.append(f"{section}.{field}")
                base = field.split("[")[0].split(".")[0]
                idx = re.match(r"^(\w+\[\d+\])", field)
                if idx:
                    keys.insert(0, f"{section}.{idx.group(1)}")
                keys.append(f"{section}.{base}")
            keys.append(section)
            line = _line(self.lines, *keys)
        self.out.append(Finding(severity, code, message, section=section, field=field, line=line, path=self.path))

    # ------------------------------------------------------------------ whole document
    def document(self, bp: m.Blueprint) -> None:
        if not bp.meta.title.strip():
            self.add(Severity.error, "required-field", "the role has no title", field="meta.title")
        from .profiles import required_sections as profile_sections

        for key in profile_sections(self.profile):
            if getattr(bp, key) is None:
                self.add(
                    Severity.error, "missing-section", f"required section missing: {BY_KEY[key].heading}", section=key
                )
        for spec in SECTIONS:
            sec = getattr(bp, spec.key)
            if sec is not None:
                self.section(spec.key, sec)
        self.cross_section(bp)
        self.levels(bp)
        for u in bp.unmapped:
            where = f"under {u.heading!r}" if u.heading else "content"
            preview = u.text.replace("\n", " ")
            preview = preview if len(preview) <= 60 else preview[:57] + "..."
            self.add(
                Severity.warning,
                "unmapped-content",
                f"{where} maps to no section or field: {preview!r}",
                section=u.section,
                line=u.line,
            )

    # ------------------------------------------------------------------ one section
    def section(self, key: str, sec: BaseModel) -> None:
        required = PROFILE_FIELDS[self.profile]
        for req in required.get(key, ()):
            if req.startswith("any:"):
                names = req[4:].split(",")
                if all(_empty(getattr(sec, n, None)) for n in names):
                    listed = ", ".join(n for n in names if n != "other_groups")
                    self.add(
                        Severity.error,
                        "required-field",
                        f"{BY_KEY[key].title}: nothing listed (expected at least one of {listed})",
                        section=key,
                    )
                continue
            if _empty(getattr(sec, req, None)):
                if self.profile == "posting" and key == "salary":
                    self.add(Severity.error, "required-field", "no pay stated (no salary figure or range)", key, req)
                elif (key, req) in TABLE_FIELDS:
                    self.add(
                        Severity.error,
                        "empty-table",
                        f"the {TABLE_FIELDS[(key, req)]} has no rows",
                        section=key,
                        field=req,
                    )
                else:
                    self.add(
                        Severity.error, "required-field", f"required field is empty: {req}", section=key, field=req
                    )
        self.tables(key, sec)
        if self.profile == "blueprint":
            self.short_lists(key, sec)
        self.duplicates(key, sec)

    def tables(self, key: str, sec: BaseModel) -> None:
        if key == "kpis":
            for i, k in enumerate(sec.rows):  # type: ignore[attr-defined]
                if not k.name.strip():
                    self.add(
                        Severity.error, "required-field", f"KPI row {i + 1} has no metric name", key, f"rows[{i}].name"
                    )
                if not k.measures.strip() and not k.why_it_matters.strip() and not (k.target or k.frequency):
                    self.add(
                        Severity.error,
                        "empty-row",
                        f"KPI {k.name!r} has only a name (no measure, reason, target or frequency)",
                        key,
                        f"rows[{i}]",
                    )
                    continue
                missing = [w for w, v in (("target", k.target), ("frequency", k.frequency)) if _empty(v)]
                if missing:
                    self.add(
                        Severity.warning,
                        "kpi-incomplete",
                        f"KPI {k.name!r} has no {' or '.join(missing)}",
                        key,
                        f"rows[{i}].{missing[0]}",
                    )
        elif key == "tools":
            for i, t in enumerate(sec.rows):  # type: ignore[attr-defined]
                if not t.name.strip():
                    self.add(
                        Severity.error, "required-field", f"tools row {i + 1} has no tool name", key, f"rows[{i}].name"
                    )
                if not t.category.strip():
                    self.add(
                        Severity.warning,
                        "tool-incomplete",
                        f"tool {t.name!r} has no category",
                        key,
                        f"rows[{i}].category",
                    )
        elif key == "hiring":
            for i, d in enumerate(sec.scorecard):  # type: ignore[attr-defined]
                if not d.dimension.strip():
                    self.add(
                        Severity.error,
                        "required-field",
                        f"scorecard dimension {i + 1} has no name",
                        key,
                        f"scorecard[{i}].dimension",
                    )

    def short_lists(self, key: str, sec: BaseModel) -> None:
        from ..schema.fields import heading_for

        empty: list[str] = []
        for name, items in field_items(type(sec)).items():
            value = getattr(sec, name, None)
            if not isinstance(value, list):
                continue
            n = len(value)
            if n == 0:
                if not _required_here(key, name, self.kind) and not _optional_field(key, name) and name not in UNGROUPED_FIELDS:
                    empty.append(name)
            elif n < items.norm * SHORT_FRACTION:
                if (key, name) in TABLE_FIELDS:
                    what = f"the {TABLE_FIELDS[(key, name)]} has {n} row{'s' if n != 1 else ''}"
                else:
                    what = f"{heading_for(key, name)!r} has {n} item{'s' if n != 1 else ''}"
                self.add(
                    Severity.warning, "short-list", f"{what}; the seed blueprints have about {items.norm}", key, name
                )
            if key == "deliverables" and name == "groups":
                for gi, g in enumerate(value):
                    if not g.items:
                        self.add(
                            Severity.warning,
                            "short-list",
                            f"deliverable group {g.name!r} lists nothing",
                            key,
                            f"groups[{gi}].items",
                        )
        if empty:
            names = ", ".join(repr(heading_for(key, n)) for n in empty)
            self.add(Severity.warning, "empty-list", f"nothing listed under {names}", key, empty[0])

    def duplicates(self, key: str, sec: BaseModel) -> None:
        seen: dict[str, str] = {}
        for path, text in _strings(sec):
            norm = _norm(text)
            if len(norm) < 12:
                continue
            if norm in seen:
                first = seen[norm]
                if key == "scorecard" and first.split("[")[0] != path.split("[")[0]:
                    continue  # the final scorecard summarises other fields: overlap between its rows is normal
                where = "in the same list" if first.split("[")[0] == path.split("[")[0] else f"(also at {first})"
                self.add(Severity.warning, "duplicate-item", f"duplicate item {where}: {_short(text)!r}", key, path)
            else:
                seen[norm] = path

    # ------------------------------------------------------------------ across sections
    def cross_section(self, bp: m.Blueprint) -> None:
        sc = bp.scorecard
        if (
            sc is not None
            and sc.role_title.strip()
            and bp.meta.title.strip()
            and _norm(sc.role_title) != _norm(bp.meta.title)
        ):
            self.add(
                Severity.warning,
                "title-mismatch",
                f"the final scorecard's role title {sc.role_title!r} differs from the document title {bp.meta.title!r}",
                "scorecard",
                "role_title",
            )

    def levels(self, bp: m.Blueprint) -> None:
        level, track = bp.meta.level, bp.meta.track
        dr = bp.decision_rights
        if level is None or dr is None:
            return
        rank = level.rank
        texts = [(f"independent[{i}]", t) for i, t in enumerate(dr.independent)]
        for ai, a in enumerate(dr.authority):
            for si, s in enumerate(a.scope):
                texts.append((f"authority[{ai}].scope[{si}]", f"{a.area}: {s}"))
        junior_ic = rank <= Level.senior.rank and track != Track.manager
        if junior_ic:
            for path, text in texts:
                claim = _ownership_claim(text)
                if claim:
                    self.add(
                        Severity.warning,
                        "level-contradiction",
                        f"a {level.value.replace('_', ' ')} individual contributor {claim}: {_short(text)!r}",
                        "decision_rights",
                        path,
                    )
        if rank >= Level.director.rank:
            if not dr.independent:
                self.add(
                    Severity.warning,
                    "level-contradiction",
                    f"a {level.value.replace('_', ' ')} role with no decisions it can make independently",
                    "decision_rights",
                    "independent",
                )
            areas = (
                " ".join(a.area.lower() + " " + " ".join(a.scope).lower() for a in dr.authority)
                + " "
                + " ".join(dr.independent).lower()
            )
            if not re.search(r"\b(budget|spend|cost)\b", areas) and not re.search(
                r"\b(hiring|headcount|hire)\b", areas
            ):
                self.add(
                    Severity.warning,
                    "level-contradiction",
                    f"a {level.value.replace('_', ' ')} role with neither budget nor hiring authority",
                    "decision_rights",
                    "authority",
                )


def _required_here(key: str, name: str, kind: DocumentKind) -> bool:
    required = REQUIRED_FIELDS if kind == DocumentKind.role_blueprint else CAREER_REQUIRED_FIELDS
    for req in required.get(key, ()):
        if req == name or (req.startswith("any:") and name in req[4:].split(",")):
            return req == name
    return False


# Lists that are legitimately empty in a good blueprint ("if any", "if relevant").
_OPTIONAL = {
    ("stakeholders", "external"),
    ("activities", "incident_work"),
    ("goals", "success_indicators"),
    ("decision_rights", "executive_approval"),
}


def _optional_field(key: str, name: str) -> bool:
    return (key, name) in _OPTIONAL


_OWNERSHIP = (
    (
        re.compile(
            r"\b(own|owns|owning|controls?|sets?|approves?|holds?)\s+(?:the\s+|a\s+|an\s+)?(?:team'?s?\s+)?(budget|headcount)\b",
            re.I,
        ),
        "owns the budget or headcount",
    ),
    (re.compile(r"\bfinal (approver|approval|sign[- ]?off|say|decision[- ]maker)\b", re.I), "is the final approver"),
    (
        re.compile(
            r"\b(makes?|owns?)\s+(?:the\s+)?(?:final\s+)?hiring decisions?\b|\bhiring decisions? (?:within|for)\b|\bhiring manager\b",
            re.I,
        ),
        "makes hiring decisions",
    ),
)
_NEGATION = re.compile(
    r"\b(not|no|never|without|cannot|can't|doesn't|does not|isn't|rather than|unless)\b[^.;]{0,40}$", re.I
)


def _ownership_claim(text: str) -> str | None:
    for pattern, claim in _OWNERSHIP:
        for mm in pattern.finditer(text):
            before = text[max(0, mm.start() - 50) : mm.start()]
            if _NEGATION.search(before) or re.search(
                r"\b(influences?|recommends?|inputs? (?:in)?to|interviews?)\b[^.;]{0,30}$", before, re.I
            ):
                continue
            return claim
    return None


def _strings(model: BaseModel, prefix: str = "") -> Iterable[tuple[str, str]]:
    """(path, text) for every list item string in a section (not notes)."""
    for name, value in model:
        if name in ("notes",):
            continue
        path = f"{prefix}{name}"
        if isinstance(value, list):
            for i, item in enumerate(value):
                if isinstance(item, str):
                    yield f"{path}[{i}]", item
                elif isinstance(item, m.NamedList):
                    for j, s in enumerate(item.items):
                        yield f"{path}[{i}].items[{j}]", s
                elif isinstance(item, (m.DeliverableGroup,)):
                    for j, s in enumerate(item.items):
                        yield f"{path}[{i}].items[{j}]", s
                elif isinstance(
                    item, (m.Skill, m.SoftSkill, m.KPI, m.Tool, m.Stakeholder, m.Exercise, m.ScorecardDimension)
                ):
                    label = getattr(item, "name", None) or getattr(item, "dimension", None)
                    if isinstance(item, m.Tool):
                        label = f"{item.category} {item.name}"
                    if label:
                        yield f"{path}[{i}]", label


_PUNCT = re.compile(r"[^\w\s%+]")


def _norm(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", text.casefold()).split())


def _short(text: str, n: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 3] + "..."


def check_blueprint(
    bp: m.Blueprint,
    *,
    kind: DocumentKind | str | None = None,
    lines: dict[str, int] | None = None,
    path: str | None = None,
    profile: str | None = None,
) -> list[Finding]:
    """Findings for ``bp``; ``profile`` (blueprint, posting, guide) defaults to the kind's own rule."""
    r = Rules(DocumentKind(kind) if kind else bp.kind, lines, path, profile)
    r.document(bp)
    return r.out


def check_section(
    key: str,
    sec: BaseModel,
    *,
    kind: DocumentKind | str = DocumentKind.role_blueprint,
    lines: dict[str, int] | None = None,
    path: str | None = None,
) -> list[Finding]:
    r = Rules(DocumentKind(kind), lines, path)
    r.section(key, sec)
    return r.out


# --------------------------------------------------------------------------- title index


def check_titles(entries: list, *, path: str | None = None) -> list[Finding]:
    from ..titles import title_problem

    out: list[Finding] = []
    if not entries:
        out.append(Finding(Severity.error, "no-entries", "the title index has no entries", path=path))
        return out
    seen: dict[str, int | None] = {}
    for e in entries:
        problem = title_problem(e.title)
        if problem:
            out.append(
                Finding(
                    Severity.error,
                    "bad-title",
                    f"{problem}: {_short(e.title)!r}" if e.title.strip() else problem,
                    field="title",
                    line=e.line,
                    path=path,
                )
            )
            continue
        key = _norm(e.title)
        if key in seen:
            where = f"line {seen[key]}" if seen[key] else "an earlier entry"
            out.append(
                Finding(
                    Severity.error,
                    "duplicate-title",
                    f"duplicate title {e.title!r} (same as {where})",
                    field="title",
                    line=e.line,
                    path=path,
                )
            )
        else:
            seen[key] = e.line
        if not (e.summary or "").strip():
            out.append(
                Finding(
                    Severity.warning,
                    "missing-summary",
                    f"{e.title!r} has no summary paragraph",
                    field="summary",
                    line=e.line,
                    path=path,
                )
            )
    return out
