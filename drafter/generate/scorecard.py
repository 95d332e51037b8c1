"""Section 20, the final role scorecard, assembled from the drafted sections by code.

The scorecard summarises the other sections; a model call could contradict
them, so no model writes it.  ``assemble_scorecard(bp, depth)`` reuses the
sections' own names -- skills, soft skills, tools, KPIs, deliverables -- and
texts (purpose, reporting line, goals, next roles), cut to the scorecard's
list lengths for the depth and to its field lengths.  It is consistent with
the sections by construction, costs no tokens and takes microseconds.

It needs every section it summarises (``SCORECARD_SOURCES``); with one
missing it raises ``ScorecardIncomplete`` naming them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import DrafterError
from ..schema import models as m
from ..schema.genmodels import list_bounds
from ..schema.markers import NAME, PARAGRAPH, PHRASE, SENTENCE, Depth
from ..schema.sections import BY_KEY

SCORECARD_KEY = "scorecard"
SCORECARD_SOURCES: tuple[str, ...] = BY_KEY[SCORECARD_KEY].depends_on


class ScorecardIncomplete(DrafterError):
    """The sections the scorecard summarises are not all drafted."""

    def __init__(self, missing: Iterable[str]):
        self.missing = list(missing)
        super().__init__("not assembled: needs the " + ", ".join(self.missing) + " section(s), which are missing")


def _clip(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut[: cut.rfind(" ")]
    return cut.rstrip(" ,;:-") + "…"


def _phrase(text: str, limit: int = PHRASE.chars) -> str:
    """A sentence as a short phrase: its first clause when the sentence is long."""
    text = " ".join(str(text).split()).rstrip(".")
    if len(text) > limit:
        head = re.split(r"(?<=\w)[;:]\s|\.\s|,\s(?:and |while |so |to |which )", text, maxsplit=1)[0]
        if len(head) >= 20:
            text = head
    return _clip(text, limit)


def _first_sentence(text: str | None, limit: int) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return _clip(match.group(1) if match else text, limit)


def _take(items: Iterable[str], limit: int) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        if not item or not str(item).strip():
            continue
        key = " ".join(str(item).lower().split())
        if key in seen:
            continue
        seen.add(key)
        out.append(item)
        if len(out) >= limit:
            break
    return out


def _round_robin(groups: Iterable[list[str]]) -> list[str]:
    groups = [list(g) for g in groups if g]
    out: list[str] = []
    i = 0
    while any(i < len(g) for g in groups):
        out.extend(g[i] for g in groups if i < len(g))
        i += 1
    return out


def missing_sources(bp: m.Blueprint) -> list[str]:
    return [k for k in SCORECARD_SOURCES if getattr(bp, k) is None]


def assemble_scorecard(bp: m.Blueprint, depth: Depth | str = Depth.standard) -> m.FinalScorecard:
    """The final scorecard of ``bp`` built from its sections; raises ScorecardIncomplete."""
    missing = missing_sources(bp)
    if missing:
        raise ScorecardIncomplete(missing)
    depth = Depth(depth)
    bounds = list_bounds(m.FinalScorecard, depth)

    def most(field: str) -> int:
        return bounds[field][1]

    summary, mission, resp = bp.summary, bp.mission, bp.responsibilities
    skills, soft, tools, kpis = bp.technical_skills, bp.soft_skills, bp.tools, bp.kpis
    goals, career, deliverables = bp.goals, bp.career_path, bp.deliverables
    assert summary and mission and resp and skills and soft and tools and kpis and goals and career and deliverables

    purpose = mission.core_mission or summary.what_it_is
    responsibilities = _round_robin([resp.strategic, resp.operational, resp.technical, resp.cross_functional,
                                     resp.governance, resp.leadership])
    rank = {"Critical": 0, "Important": 1, "Optional": 2}
    ranked_skills = sorted(skills.must_have + skills.advanced + skills.good_to_have + skills.emerging,
                           key=lambda s: rank.get(getattr(s.importance, "value", str(s.importance)), 3))
    common = {"Common": 0, "Context-specific": 1, "Optional": 2}
    ranked_tools = sorted(tools.rows, key=lambda t: common.get(getattr(t.commonality, "value", str(t.commonality)), 3))
    goal_parts = []
    for label, items in (("First 30 days", goals.days_30), ("90 days", goals.days_90),
                         ("6 months", goals.months_6), ("12 months", goals.months_12)):
        if items:
            goal_parts.append(f"{label}: {_phrase(items[0], 150).rstrip('.')}.")
    progression = []
    if career.next_roles:
        progression.append("Next roles: " + ", ".join(_take(career.next_roles, 3)))
    if career.adjacent_paths:
        progression.append("adjacent paths: " + ", ".join(_take(career.adjacent_paths, 2)))

    return m.FinalScorecard(
        role_title=_clip(bp.meta.title, NAME.chars),
        role_purpose=_clip(_first_sentence(purpose, PARAGRAPH.chars) or purpose, PARAGRAPH.chars),
        reports_to=_clip(summary.reporting_line or bp.meta.reports_to, PHRASE.chars)
        if (summary.reporting_line or bp.meta.reports_to) else None,
        top_responsibilities=[_phrase(x) for x in _take(responsibilities, most("top_responsibilities"))],
        top_technical_skills=[_clip(s, NAME.chars) for s in _take([s.name for s in ranked_skills], most("top_technical_skills"))],
        top_soft_skills=[_clip(s, NAME.chars) for s in _take([s.name for s in soft.skills], most("top_soft_skills"))],
        top_tools=[_clip(s, NAME.chars) for s in _take([t.name for t in ranked_tools], most("top_tools"))],
        top_kpis=[_clip(s, NAME.chars) for s in _take([k.name for k in kpis.rows], most("top_kpis"))],
        main_deliverables=[_phrase(x) for x in _take(_round_robin([g.items for g in deliverables.groups]),
                                                    most("main_deliverables"))],
        main_goals=_clip(" ".join(goal_parts), PARAGRAPH.chars) if goal_parts else None,
        career_progression=_clip("; ".join(progression) + ".", SENTENCE.chars) if progression else None,
    )


__all__ = ["SCORECARD_KEY", "SCORECARD_SOURCES", "ScorecardIncomplete", "assemble_scorecard", "missing_sources"]
