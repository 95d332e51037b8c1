"""The field headings the readers map sub-headings to: ``drafter.schema.fields`` plus the vocabulary.

The headings and aliases are defined once in ``drafter.schema.fields`` (the
exports write them); the phrasings of real job descriptions that a person can
extend are in ``vocabulary.toml`` (``drafter.readers.vocabulary``).  This
module merges both and says which field takes content found straight under a
section heading.
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..schema.fields import FIELDS as SCHEMA_FIELDS
from ..schema.fields import NOTES_HEADING, OTHER_NOTES_ALIASES, F, heading_for


@lru_cache(maxsize=1)
def merged_fields() -> dict[str, tuple[F, ...]]:
    """The schema's field headings and aliases plus vocabulary.toml's phrasings (loaded on first use: the seeds'
    plain text and drafter's own Markdown never need them)."""
    from .vocabulary import field_phrases

    out: dict[str, tuple[F, ...]] = {}
    for section, fields in SCHEMA_FIELDS.items():
        merged = []
        for f in fields:
            extra = tuple(p for p in field_phrases(section, f.name) if p not in f.aliases)
            merged.append(replace(f, aliases=f.aliases + extra) if extra else f)
        out[section] = tuple(merged)
    return out


#: The field that takes list content found directly under a section heading (no sub-heading).
DEFAULT_FIELD: dict[str, str] = {
    "market_demand": "points",
    "trends": "points",
    "best_practices": "points",
    "risks": "challenges",
    "soft_skills": "skills",
    "kpis": "rows",
    "tools": "rows",
    "scorecard": "rows",
    # Bare lists of real documents ("Responsibilities" then bullets) land in the ungrouped fields.
    "summary": "items",
    "responsibilities": "items",
    "activities": "items",
    "goals": "items",
    "technical_skills": "items",
    "tech_stack": "items",
    "stakeholders": "items",
    "decision_rights": "items",
    "experience": "items",
    "career_path": "items",
    "ai_impact": "items",
    "hiring": "process",
    "variants": "specialties",
    "salary": "benefits",
}


def field_spec(section: str, name: str) -> F | None:
    return next((f for f in SCHEMA_FIELDS.get(section, ()) if f.name == name), None)


__all__ = ["merged_fields", "SCHEMA_FIELDS", "DEFAULT_FIELD", "F", "NOTES_HEADING", "OTHER_NOTES_ALIASES", "field_spec", "heading_for"]
