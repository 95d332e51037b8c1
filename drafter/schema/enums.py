"""Closed vocabularies used by the seed blueprints."""

from __future__ import annotations

from enum import Enum


class DocumentKind(str, Enum):
    role_blueprint = "role_blueprint"
    career_guide = "career_guide"


class Importance(str, Enum):
    """How much a skill matters for the role."""

    critical = "Critical"
    important = "Important"
    optional = "Optional"


class Commonality(str, Enum):
    """How often a tool is found in this role's environment."""

    common = "Common"
    optional = "Optional"
    context_specific = "Context-specific"


class Horizon(str, Enum):
    """Whether the role is well established or still taking shape."""

    current = "Current"
    emerging = "Emerging"


class Track(str, Enum):
    individual_contributor = "individual_contributor"
    manager = "manager"


class Level(str, Enum):
    """Seniority, ordered from junior to executive."""

    intern = "intern"
    junior = "junior"
    mid = "mid"
    senior = "senior"
    staff = "staff"
    principal = "principal"
    lead = "lead"
    manager = "manager"
    senior_manager = "senior_manager"
    director = "director"
    senior_director = "senior_director"
    head = "head"
    vp = "vp"
    executive = "executive"

    @property
    def rank(self) -> int:
        return _LEVEL_RANK[self]

    @property
    def default_track(self) -> Track:
        return Track.individual_contributor if self in _IC_LEVELS else Track.manager


_LEVEL_RANK = {lvl: i for i, lvl in enumerate(Level)}
_IC_LEVELS = {Level.intern, Level.junior, Level.mid, Level.senior, Level.staff, Level.principal, Level.lead}


def enum_text(value: Enum | str | None, note: str | None) -> str:
    """Inverse of ``enum_with_note``: 'Important (Critical in regulated use cases)'."""
    v = value.value if isinstance(value, Enum) else (value or "")
    if not note:
        return v
    if note[:1].isalnum() or note.startswith("("):
        return f"{v} ({note})"
    return f"{v} {note}"
