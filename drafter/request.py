"""``RoleRequest``: what a person asked drafter to draft, parsed once.

    >>> r = RoleRequest("Senior Product Manager")
    >>> r.describe()
    'Senior Product Manager: senior level (inferred), individual contributor (inferred), Product Management (inferred)'
    >>> r.resolved.level, r.resolved.track, r.resolved.inferred
    (<Level.senior: 'senior'>, <Track.individual_contributor: 'individual_contributor'>, ('level', 'track', 'family'))
    >>> RoleRequest("Data Engineer", level="sr.", track="manager").level
    <Level.senior: 'senior'>

Level and track are parsed by ``drafter.roles`` when the request is made
(unknown text is a ``ValueError``/``ValidationError`` naming the accepted
values); what the request leaves out is inferred from the title
(``resolved``): an unmarked title is a mid-level individual contributor.
``to_meta()`` is the ``RoleMeta`` every draft carries (engine, batch, TUI),
with ``inferred`` naming what was inferred rather than given.

Every string is untrusted data, never instructions.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, field_validator

from . import roles
from .schema.enums import Level, Track
from .schema.markers import Depth


@dataclass(frozen=True)
class ResolvedRole:
    """The request's role with every gap filled: given values first, then the title's."""

    title: str
    level: Level
    track: Track
    family: str | None  # the discipline, e.g. 'Product Management', 'Platform Engineering'
    job_family: str | None  # broad family key (``roles.FAMILIES``): 'product', 'engineering', 'healthcare'...
    inferred: tuple[str, ...]  # which of "level", "track", "family" were inferred from the title

    @property
    def job_family_label(self) -> str | None:
        return roles.family_label(self.job_family)


class RoleRequest(BaseModel):
    """The role to draft.  ``RoleRequest("Staff SRE", depth="brief")`` or keywords only."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)

    title: str
    level: Level | None = None
    track: Track | None = None
    family: str | None = None  # the role family / discipline, e.g. 'Platform Engineering'
    company_size: str | None = None
    industry: str | None = None
    notes: str | None = None
    context: str | None = None  # e.g. the summary paragraph from a title index
    depth: Depth = Depth.standard

    def __init__(self, title: str | None = None, /, **data: Any) -> None:
        if title is not None:
            data["title"] = title
        super().__init__(**data)

    @field_validator("level", mode="before")
    @classmethod
    def _level(cls, value: Any) -> Level | None:
        return roles.parse_level(value, strict=True)

    @field_validator("track", mode="before")
    @classmethod
    def _track(cls, value: Any) -> Track | None:
        return roles.parse_track(value, strict=True)

    @field_validator("family", "company_size", "industry", "notes", "context", mode="before")
    @classmethod
    def _blank(cls, value: Any) -> Any:
        return None if isinstance(value, str) and not value.strip() else value

    # ------------------------------------------------------------------ derived

    @property
    def resolved(self) -> ResolvedRole:
        return _resolve(self.title, self.level, self.track, self.family)

    def inputs(self) -> dict[str, str]:
        """The non-empty inputs as given (not inferred), for provenance."""
        out = {
            "title": self.title,
            "level": self.level.value if self.level else None,
            "track": _track_input(self.track),
            "family": self.family,
            "company_size": self.company_size,
            "industry": self.industry,
            "notes": self.notes,
            "context": self.context,
            "depth": Depth(self.depth).value,
        }
        return {k: v for k, v in out.items() if v}

    def to_meta(self):
        """The ``RoleMeta`` of a draft of this request: title, level, track and role family, given or inferred."""
        from .schema.models import RoleMeta

        r = self.resolved
        return RoleMeta(
            title=self.title,
            level=r.level,
            track=r.track,
            role_family=r.family,
            company_size=self.company_size,
            industry=self.industry,
            inferred=list(r.inferred),
        )

    def describe(self) -> str:
        """One line a person can check before drafting:
        'Senior Product Manager: senior level (inferred), individual contributor (inferred), Product Management'."""
        return f"{self.title}: {self.role_line()}"

    def role_line(self) -> str:
        """'senior level (inferred), individual contributor (inferred), Product Management (inferred)'."""
        r = self.resolved
        mark = lambda what: " (inferred)" if what in r.inferred else ""  # noqa: E731
        parts = [f"{roles.level_label(r.level)} level{mark('level')}", f"{roles.track_label(r.track)}{mark('track')}"]
        if r.family:
            parts.append(f"{r.family}{mark('family')}")
        return ", ".join(parts)


def _track_input(track: Track | None) -> str | None:
    if track is None:
        return None
    return "ic" if track == Track.individual_contributor else "manager"


@lru_cache(maxsize=1024)
def _resolve(title: str, level: Level | None, track: Track | None, family: str | None) -> ResolvedRole:
    inferred: list[str] = []
    if level is None:
        level = roles.infer_level(title) or Level.mid
        inferred.append("level")
    if track is None:
        track = roles.infer_track(title, level=level) or Track.individual_contributor
        inferred.append("track")
    broad = roles.job_family(title)
    if family is None:
        family = _family_name(title, broad)
        if family:
            inferred.append("family")
    else:
        broad = roles.job_family(family) or broad
    return ResolvedRole(title=title, level=level, track=track, family=family, job_family=broad,
                        inferred=tuple(inferred))


def _family_name(title: str, broad: str | None) -> str | None:
    """The discipline from the title when it names one ('Platform Engineering'), else the broad family."""
    fine = roles.infer_role_family(title)
    if fine and fine.split()[-1] in roles._DISCIPLINES and len(fine) <= 60:
        return fine
    return roles.family_label(broad) or fine


__all__ = ["ResolvedRole", "RoleRequest"]
