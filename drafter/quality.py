"""Quality rules for drafted blueprints: the scores bench/quality.py reports.

Pure functions over a ``Blueprint`` (no model, no I/O besides reading the
example library once), so tests check them on hand-made drafts.

    score = score_blueprint(bp, depth="brief", level=Level.senior, track=Track.individual_contributor,
                            family="engineering")
    score.metrics   # {"schema_valid": 1.0, "sections": 20, "duplicates": 0.05, "copied": 0.1, ...}

Metrics (a share in [0, 1] unless said otherwise; ``None`` when not applicable):

* ``schema_valid``   share of drafted sections that pass the depth's strict generation model;
* ``sections``       how many of the 20 sections are drafted (count);
* ``list_lengths``   share of list fields whose length is within the depth's bounds;
* ``duplicates``     share of list items (strings in lists, names of listed objects) that repeat an
                     earlier item of the same section (case, punctuation and spacing ignored);
* ``copied``         share of list items copied from the example library: at least half of their word
                     5-grams occur in ``examples/`` or the structure-only example (items under five
                     words: the whole item does);
* ``tools_in_table`` share of tool names mentioned in the technical skills that the tools table lists
                     (tool names known from the tools table, the profile and the examples' tools tables);
* ``hiring_covers``  share of must-have skills that the hiring criteria assess (a content word of the
                     skill's name appears in the hiring section);
* ``scorecard_from`` share of the scorecard's names (skills, soft skills, tools, KPIs) found in the sections;
* ``level_ok``       share of the level checks passed: years of experience overlap the level's band;
                     decision rights give budget/hiring authority only from manager/director level up
                     (and such a level names it); people leadership only on the manager track;
* ``off_family``     engineering and infrastructure terms per draft, for roles outside engineering and
                     data (count; None for those families).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .schema import models as m
from .schema.enums import Level, Track
from .schema.genmodels import generation_model, list_bounds, model_schema
from .schema.markers import Depth
from .schema.sections import GENERATED_SECTIONS

_PUNCT = re.compile(r"[^\w%<>=+#]+")
_WORD = re.compile(r"[a-z0-9][a-z0-9+#.%-]*")

# Families whose drafts may name infrastructure and ML tools.
TECH_FAMILIES = frozenset({"engineering", "data", "security", "it"})

# Engineering / infrastructure / ML terms that do not belong in other families' drafts.
OFF_FAMILY_TERMS: tuple[str, ...] = (
    "kubernetes", "terraform", "mlops", "sagemaker", "prometheus", "grafana", "ci/cd", "helm", "docker",
    "argo", "kubeflow", "mlflow", "gpu", "inference", "microservices", "slo", "slos", "sre", "iac",
    "infrastructure as code", "observability", "pagerduty", "datadog", "aws", "gcp", "azure", "devops",
    "model serving", "feature store", "platform engineering", "kafka", "airflow", "pytorch", "tensorflow",
)
_OFF_FAMILY = re.compile(r"(?<![\w/])(" + "|".join(re.escape(t) for t in OFF_FAMILY_TERMS) + r")(?![\w/])")

# Years-of-experience band per level (low, high), generous at both ends.
YEARS: dict[Level, tuple[int, int]] = {
    Level.intern: (0, 1), Level.junior: (0, 3), Level.mid: (2, 6), Level.senior: (4, 10),
    Level.staff: (7, 15), Level.principal: (10, 20), Level.lead: (5, 12), Level.manager: (5, 12),
    Level.senior_manager: (7, 15), Level.director: (10, 20), Level.senior_director: (12, 22),
    Level.head: (10, 22), Level.vp: (12, 25), Level.executive: (15, 30),
}
_AUTHORITY_FROM = Level.manager.rank  # budget and hiring authority from here up
_BUDGET_HIRING = re.compile(r"\b(budget|headcount|hire|hiring|hires|vendor contracts?|p&l)\b", re.I)
_GRANTS = re.compile(r"\b(owns?|approves?|sets?|controls?|decides?|accountable for|full authority|signs? off)\b", re.I)
_PEOPLE = re.compile(
    r"\b(direct reports?|manages? (a |the )?(team|people|staff|managers)|line manage\w*|people manage\w*|"
    r"performance reviews? (of|for) (the )?(team|reports)|hire,? (and )?(fire|develop)|builds? and leads? (a |the )?team)\b",
    re.I,
)


# --------------------------------------------------------------------------- text helpers


def norm(text: str) -> str:
    return " ".join(_PUNCT.sub(" ", str(text).casefold()).split())


def words(text: str) -> list[str]:
    return _WORD.findall(str(text).casefold())


def ngrams(tokens: list[str], n: int = 5) -> set[tuple[str, ...]]:
    return {tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)}


def list_items(section: BaseModel) -> Iterator[tuple[str, str]]:
    """(field, text) for every list item of a section: strings in lists, and each string of listed objects
    (their names and sentences), recursively.  Enum values and notes are left out."""

    def walk(value: Any, field: str, in_list: bool) -> Iterator[tuple[str, str]]:
        if isinstance(value, BaseModel):
            for name, sub in value:
                if name in ("notes", "other_groups", "extra_rows"):
                    continue
                yield from walk(sub, field, in_list)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item, field, True)
        elif isinstance(value, str) and in_list and not _is_enum_text(value):
            if value.strip():
                yield field, value

    for name, value in section:
        if name in ("notes", "other_groups", "extra_rows"):
            continue
        yield from walk(value, name, False)


def _is_enum_text(value: Any) -> bool:
    return isinstance(value, Enum)


# --------------------------------------------------------------------------- example library


@lru_cache(maxsize=4)
def _example_index(folder: str | None) -> tuple[frozenset, frozenset, frozenset]:
    """(word 5-grams, normalised short items, tool names) of the example blueprints."""
    from . import resources

    try:
        path = Path(folder) if folder else resources.examples_dir()
    except FileNotFoundError:
        return frozenset(), frozenset(), frozenset()
    grams: set = set()
    shorts: set = set()
    tools: set = set()
    files = sorted(path.glob("*.json"))
    if not folder:  # the structure-only example is shown like the library's examples: copies of it count too
        from .generate.structure import structure_path

        structure = structure_path()
        if structure is not None:
            files.append(structure)
    for file in files:
        try:
            bp = m.Blueprint.model_validate(json.loads(file.read_text(encoding="utf-8")))
        except (OSError, ValueError, ValidationError):
            continue
        for spec in GENERATED_SECTIONS:
            sec = getattr(bp, spec.key)
            if sec is None:
                continue
            for _, text in list_items(sec):
                toks = words(text)
                grams |= ngrams(toks)
                shorts.add(norm(text))
        if bp.tools is not None:
            for row in bp.tools.rows:
                tools.update(_tool_names(row.name))
    return frozenset(grams), frozenset(shorts), frozenset(tools)


def example_index(folder: Path | None = None) -> tuple[frozenset, frozenset, frozenset]:
    return _example_index(str(folder) if folder else None)


def _tool_names(text: str) -> set[str]:
    """'Prometheus + Grafana (or Datadog)' -> {'prometheus', 'grafana', 'datadog'}."""
    parts = re.split(r"\s*(?:\+|/|,|\bor\b|\band\b|\(|\)|;)\s*", text)
    return {norm(p) for p in parts if len(norm(p)) >= 3 and norm(p) not in ("equivalent", "similar", "etc")}


def is_copied(text: str, grams: frozenset, shorts: frozenset) -> bool:
    toks = words(text)
    if len(toks) < 5:
        return norm(text) in shorts
    own = ngrams(toks)
    return len(own & grams) * 2 >= len(own)


# --------------------------------------------------------------------------- metrics


def _only_generated(value: Any, schema: dict, root: dict) -> Any:
    """``value`` without the fields the generation model leaves out (notes, qualifiers...)."""
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    if "anyOf" in schema:
        schema = next((o for o in schema["anyOf"] if o.get("type") != "null"), schema)
        return _only_generated(value, schema, root)
    if isinstance(value, dict) and "properties" in schema:
        props = schema["properties"]
        return {k: _only_generated(v, props[k], root) for k, v in value.items() if k in props}
    if isinstance(value, list) and "items" in schema:
        return [_only_generated(v, schema["items"], root) for v in value]
    return value


def schema_valid(bp: m.Blueprint, depth: Depth | str) -> float | None:
    drafted = [s for s in GENERATED_SECTIONS if getattr(bp, s.key) is not None]
    if not drafted:
        return None
    ok = 0
    for spec in drafted:
        gen = generation_model(spec.model, depth)
        schema = model_schema(gen)
        data = _only_generated(getattr(bp, spec.key).model_dump(mode="json", exclude_none=True), schema, schema)
        try:
            gen.model_validate(data)
            ok += 1
        except ValidationError:
            pass
    return ok / len(drafted)


def list_lengths(bp: m.Blueprint, depth: Depth | str) -> float | None:
    total = ok = 0
    for spec in GENERATED_SECTIONS:
        sec = getattr(bp, spec.key)
        if sec is None:
            continue
        for name, (lo, hi) in list_bounds(spec.model, depth).items():
            n = len(getattr(sec, name) or [])
            total += 1
            ok += lo <= n <= hi
    return ok / total if total else None


def duplicate_share(bp: m.Blueprint) -> float | None:
    total = dups = 0
    for spec in GENERATED_SECTIONS:
        sec = getattr(bp, spec.key)
        if sec is None or spec.key == "scorecard":  # the scorecard repeats the sections' names by design
            continue
        seen: set[str] = set()
        for _, text in list_items(sec):
            key = norm(text)
            total += 1
            if key in seen:
                dups += 1
            seen.add(key)
    return dups / total if total else None


def copied_share(bp: m.Blueprint, examples: Path | None = None) -> float | None:
    grams, shorts, _ = example_index(examples)
    total = copied = 0
    for spec in GENERATED_SECTIONS:
        sec = getattr(bp, spec.key)
        if sec is None or spec.key == "scorecard":
            continue
        for _, text in list_items(sec):
            total += 1
            copied += is_copied(text, grams, shorts)
    return copied / total if total else None


def _skills_text(bp: m.Blueprint) -> str:
    sk = bp.technical_skills
    if sk is None:
        return ""
    parts = []
    for s in sk.must_have + sk.good_to_have + sk.advanced + sk.emerging:
        parts += [s.name, s.description or "", s.use or ""]
    return norm(" ".join(parts))


def tools_in_table(bp: m.Blueprint, examples: Path | None = None) -> float | None:
    if bp.technical_skills is None or bp.tools is None:
        return None
    table: set[str] = set()
    for row in bp.tools.rows:
        table |= _tool_names(row.name)
    known = set(example_index(examples)[2]) | table
    profile = (bp.generation.profile or {}) if bp.generation else {}
    for name in profile.get("core_tools", []) or []:
        known |= _tool_names(name)
    text = f" {_skills_text(bp)} "
    mentioned = {t for t in known if f" {t} " in text}
    if not mentioned:
        return None
    return sum(1 for t in mentioned if t in table) / len(mentioned)


_STOP = frozenset("and or of the a an in for to with on as at by from skills skill management knowledge "
                  "experience ability using use advanced basic strong core practices practice".split())


def _content_words(text: str) -> set[str]:
    return {w[:6] for w in words(text) if w not in _STOP and len(w) > 2}


def hiring_covers(bp: m.Blueprint) -> float | None:
    if bp.technical_skills is None or bp.hiring is None or not bp.technical_skills.must_have:
        return None
    hiring = set()
    for _, text in list_items(bp.hiring):
        hiring |= _content_words(text)
    skills = bp.technical_skills.must_have
    return sum(1 for s in skills if _content_words(s.name) & hiring) / len(skills)


def scorecard_from(bp: m.Blueprint) -> float | None:
    sc = bp.scorecard
    if sc is None:
        return None
    names: set[str] = set()
    if bp.technical_skills is not None:
        sk = bp.technical_skills
        names |= {norm(s.name) for s in sk.must_have + sk.good_to_have + sk.advanced + sk.emerging}
    if bp.soft_skills is not None:
        names |= {norm(s.name) for s in bp.soft_skills.skills}
    if bp.tools is not None:
        names |= {norm(t.name) for t in bp.tools.rows}
    if bp.kpis is not None:
        names |= {norm(k.name) for k in bp.kpis.rows}
    listed = sc.top_technical_skills + sc.top_soft_skills + sc.top_tools + sc.top_kpis
    if not listed:
        return None
    return sum(1 for n in listed if norm(n.rstrip("…")) in names or
               any(x.startswith(norm(n.rstrip("…"))) for x in names)) / len(listed)


_YEARS = re.compile(r"(\d{1,2})\s*(?:\+|-|–|to)?\s*(\d{1,2})?\s*\+?\s*years?", re.I)


def years_stated(bp: m.Blueprint) -> list[tuple[int, int]]:
    out = []
    for text in (bp.experience.years if bp.experience else []):
        for a, b in _YEARS.findall(text):
            lo = int(a)
            hi = int(b) if b else lo + 3
            out.append((min(lo, hi), max(lo, hi)))
    return out


def level_checks(bp: m.Blueprint, level: Level | None, track: Track | None) -> dict[str, bool]:
    """Named level checks that apply to this draft: True = consistent with the level and track."""
    checks: dict[str, bool] = {}
    if level is None:
        return checks
    track = track or level.default_track
    band = YEARS[level]
    stated = years_stated(bp)
    if stated:
        checks["years"] = any(lo <= band[1] and hi >= band[0] for lo, hi in stated)
    dr = bp.decision_rights
    if dr is not None:
        independent = " ".join(dr.independent + [f"{a.area}: {' '.join(a.scope)}" for a in dr.authority])
        grants = [s for s in dr.independent if _BUDGET_HIRING.search(s) and _GRANTS.search(s)]
        if level.rank < _AUTHORITY_FROM and track is Track.individual_contributor:
            checks["no_budget_authority"] = not grants
        elif level.rank >= Level.director.rank:
            checks["names_authority"] = bool(_BUDGET_HIRING.search(independent + " " + " ".join(dr.manager_approval)))
    texts = []
    if bp.responsibilities is not None:
        texts += bp.responsibilities.leadership
    if bp.experience is not None:
        texts += bp.experience.leadership
    if texts:
        people = any(_PEOPLE.search(t) for t in texts)
        checks["people_leadership"] = people if track is Track.manager else not people
    return checks


def off_family_terms(bp: m.Blueprint, family: str | None) -> int | None:
    if not family or family in TECH_FAMILIES:
        return None
    count = 0
    for spec in GENERATED_SECTIONS:
        sec = getattr(bp, spec.key)
        if sec is None:
            continue
        text = " ".join(t for _, t in list_items(sec)).casefold()
        for name, value in sec:
            if isinstance(value, str):
                text += " " + value.casefold()
        count += len(_OFF_FAMILY.findall(text))
    return count


# --------------------------------------------------------------------------- one draft


METRICS = ("schema_valid", "sections", "list_lengths", "duplicates", "copied", "tools_in_table", "hiring_covers",
           "scorecard_from", "level_ok", "off_family", "lint")


@dataclass
class DraftScore:
    label: str
    metrics: dict[str, float | int | None] = field(default_factory=dict)
    level_checks: dict[str, bool] = field(default_factory=dict)
    lint_codes: dict[str, int] = field(default_factory=dict)


def lint_counts(bp: m.Blueprint) -> dict[str, int]:
    """Warnings of ``drafter validate``'s wording lint per rule code (DL601, "not reviewed", is left out: every
    fresh draft is unreviewed)."""
    from .findings import Severity
    from .lint import lint_blueprint

    counts: dict[str, int] = {}
    for finding in lint_blueprint(bp):
        if finding.severity is Severity.warning and finding.code != "DL601":
            counts[finding.code] = counts.get(finding.code, 0) + 1
    return dict(sorted(counts.items()))


def score_blueprint(bp: m.Blueprint, *, depth: Depth | str, level: Level | None = None, track: Track | None = None,
                    family: str | None = None, label: str | None = None, examples: Path | None = None) -> DraftScore:
    checks = level_checks(bp, level or bp.meta.level, track or bp.meta.track)
    metrics: dict[str, float | int | None] = {
        "schema_valid": schema_valid(bp, depth),
        "sections": sum(1 for s in GENERATED_SECTIONS if getattr(bp, s.key) is not None),
        "list_lengths": list_lengths(bp, depth),
        "duplicates": duplicate_share(bp),
        "copied": copied_share(bp, examples),
        "tools_in_table": tools_in_table(bp, examples),
        "hiring_covers": hiring_covers(bp),
        "scorecard_from": scorecard_from(bp),
        "level_ok": (sum(checks.values()) / len(checks)) if checks else None,
        "off_family": off_family_terms(bp, family),
    }
    lint = lint_counts(bp)
    metrics["lint"] = sum(lint.values())
    return DraftScore(label=label or bp.meta.title, metrics=metrics, level_checks=checks, lint_codes=lint)


def summarise(scores: Iterable[DraftScore]) -> dict[str, float | None]:
    """The mean of each metric over the drafts where it applies."""
    scores = list(scores)
    out: dict[str, float | None] = {}
    for name in METRICS:
        values = [s.metrics[name] for s in scores if s.metrics.get(name) is not None]
        out[name] = sum(values) / len(values) if values else None
    return out


__all__ = ["DraftScore", "METRICS", "OFF_FAMILY_TERMS", "YEARS", "copied_share", "duplicate_share", "hiring_covers",
           "is_copied", "level_checks", "lint_counts", "list_items", "list_lengths", "off_family_terms", "schema_valid",
           "score_blueprint", "scorecard_from", "summarise", "tools_in_table"]
