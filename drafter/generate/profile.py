"""The role profile: one short structured call before the sections.

A draft starts with a ``RoleProfile`` -- job family, level, scope, domains,
core skills and tools, and 3-5 themes -- drafted in one small call.  Every
section's prompt then carries it (``<role_profile>``), so sections drafted in
parallel agree on the skills, tools and scope without waiting for each other
(the hiring criteria assess the profile's core skills instead of waiting for
the skills section).

    call = profile_call(request, temperature=None, gate=None)   # a SectionCall, key "profile"
    profile = RoleProfile.model_validate(...)                   # what the backend answered
    profile_from_blueprint(bp)                                  # a profile read off drafted sections

The prompt is ``prompts/profile.j2``; the closest example blueprint of the
same family (if any) is shown as a profile derived from it by code
(``profile_from_blueprint``), so the embedded base model has a pattern to
continue.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import BaseModel, Field

from ..schema.markers import NAME, Cap, Depth, Items
from ..schema.models import Blueprint, Model
from ..schema.genmodels import generation_model, model_schema
from .types import PROFILE_KEY, RoleRequest, SectionCall

PROFILE_TITLE = "Role Profile"

# The profile is short: one small call before every section.
SCOPE = Cap(200)
TERM = Cap(60)  # one skill, tool, domain or theme
_FIXED = lambda lo, hi: Items(norm=hi, brief=(lo, hi), standard=(lo, hi), full=(lo, hi))  # noqa: E731


class RoleProfile(Model):
    """The role in a few lines: what every section of the blueprint builds on."""

    family: Annotated[str, NAME] = Field(
        description="The job family, e.g. 'Sales', 'Nursing', 'People Operations', 'Platform Engineering'."
    )
    level: Annotated[str, TERM] = Field(
        description="Seniority and track in a few words, e.g. 'Senior individual contributor', 'Director, manages managers'."
    )
    scope: Annotated[str, SCOPE] = Field(
        description="One sentence: what the role owns at this level (a task, a team, several teams, an organisation, a function or the company)."
    )
    domains: Annotated[list[Annotated[str, TERM]], _FIXED(2, 4)] = Field(
        default_factory=list, description="Areas of work or knowledge the role covers, one per item."
    )
    core_skills: Annotated[list[Annotated[str, TERM]], _FIXED(4, 6)] = Field(
        default_factory=list, description="The core skills of the role, as short names; the blueprint's skills and hiring criteria build on them."
    )
    core_tools: Annotated[list[Annotated[str, TERM]], _FIXED(2, 6)] = Field(
        default_factory=list, description="The main tools, systems or platforms the role uses, as names of real products or product families."
    )
    themes: Annotated[list[Annotated[str, TERM]], _FIXED(3, 5)] = Field(
        default_factory=list, description="Themes that run through the whole role, as short phrases."
    )


def profile_model() -> type[BaseModel]:
    """The strict generation model for the profile (the same at every depth)."""
    return generation_model(RoleProfile, Depth.standard)


def profile_max_tokens() -> int:
    from .engine import tokens_for_schema

    return tokens_for_schema(model_schema(profile_model()))


def as_profile(value: Any) -> RoleProfile | None:
    """A RoleProfile from a model, a dict (``generation.profile``) or None; None if it does not validate."""
    if value is None:
        return None
    if isinstance(value, RoleProfile):
        return value
    try:
        data = value.model_dump(mode="json") if isinstance(value, BaseModel) else dict(value)
        return RoleProfile.model_validate(data)
    except (ValueError, TypeError):
        return None


# --------------------------------------------------------------------------- from a drafted blueprint


def _first_sentence(text: str | None, limit: int) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    m = re.match(r"(.+?[.!?])(\s|$)", text)
    out = m.group(1) if m else text
    return out if len(out) <= limit else out[: limit - 1].rstrip() + "…"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _unique(items, limit: int, chars: int) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for item in items:
        if not item:
            continue
        text = _short(str(item), chars)
        key = text.lower()
        if key not in seen:
            seen.add(key)
            out.append(text)
        if len(out) >= limit:
            break
    return out


def profile_from_blueprint(bp: Blueprint) -> RoleProfile | None:
    """A profile read off a blueprint's sections (for examples, and for drafts that already have
    skills and tools); None when the blueprint lacks what a profile needs."""
    from .. import roles

    meta = bp.meta
    skills = bp.technical_skills
    core_skills = _unique([s.name for s in (skills.must_have if skills else [])], 6, TERM.chars)
    tools = _unique([t.name for t in (bp.tools.rows if bp.tools else [])], 6, TERM.chars)
    if len(core_skills) < 2 or not tools:
        return None
    scope = None
    if bp.summary is not None:
        scope = _first_sentence(bp.summary.what_it_is, SCOPE.chars)
    if not scope and bp.mission is not None:
        scope = _first_sentence(bp.mission.core_mission, SCOPE.chars)
    if not scope:
        return None
    level_text = None
    if bp.summary is not None and bp.summary.seniority:
        level_text = _first_sentence(bp.summary.seniority, TERM.chars)
    if not level_text:
        level = meta.level or roles.infer_level(meta.title)
        track = meta.track or roles.infer_track(meta.title, level=level)
        words = [roles.level_label(level)] if level else []
        if track is not None:
            words.append("individual contributor" if track.value == "individual_contributor" else "manager")
        level_text = " ".join(words) or "Mid-level individual contributor"
    domains: list[str] = []
    if bp.deliverables is not None:
        domains = _unique([g.name for g in bp.deliverables.groups], 4, TERM.chars)
    if len(domains) < 2 and bp.experience is not None:
        domains = _unique(bp.experience.domain_knowledge, 4, TERM.chars)
    themes: list[str] = []
    if bp.mission is not None:
        themes = _unique(bp.mission.strategic_importance + bp.mission.primary_outcomes, 5, TERM.chars)
    if not domains or not themes:
        return None
    family = meta.role_family or roles.infer_role_family(meta.title) or meta.title
    return RoleProfile(
        family=_short(family, NAME.chars), level=level_text, scope=scope, domains=domains,
        core_skills=core_skills, core_tools=tools, themes=themes,
    )


# --------------------------------------------------------------------------- the call


def _example(request: RoleRequest):
    """The closest example blueprint of the same family with a derivable profile; with none, the
    structure-only example's profile (``structure.py``); or None."""
    from ..schema.sections import BY_KEY
    from . import fewshot
    from .structure import structure_example

    target = fewshot.Target.of(request)
    for cand in fewshot.rank_examples(BY_KEY["technical_skills"], request):
        if fewshot.family_similarity(target.family, cand.example.family) <= 0:
            continue
        profile = profile_from_blueprint(cand.example.blueprint)
        if profile is not None:
            return cand.example, profile
    generic = structure_example()
    profile = profile_from_blueprint(generic.blueprint) if generic is not None else None
    return (generic, profile) if profile is not None else None


def document_digest(context: Mapping[str, BaseModel] | None, settings) -> tuple[str | None, int]:
    """The sections of a document being completed (``draft --from``), as the profile call sees them:
    compact encoded JSON within the dependencies budget, and its tokens (None, 0: no document)."""
    from types import SimpleNamespace

    from . import prompts

    if not context:
        return None, 0
    as_spec = SimpleNamespace(key=PROFILE_KEY, depends_on=())  # every kept section is "extra" context
    return prompts.dependency_digest(as_spec, {}, Depth.standard, settings, context)  # type: ignore[arg-type]


def profile_messages(request: RoleRequest, context: Mapping[str, BaseModel] | None = None) -> list[dict[str, str]]:
    """The system and user messages that ask for ``request``'s role profile (``context``: the kept
    sections of the document being completed, which the profile must agree with)."""
    from . import prompts

    assets = prompts._assets()
    settings = assets.settings
    document_json, _ = document_digest(context, settings)
    fields = prompts._describe_fields(RoleProfile, Depth.standard)
    examples = []
    found = _example(request)
    if found is not None:
        example, profile = found
        examples.append(prompts._render(
            assets, "example.j2",
            role_json=prompts.encode_attribute(example.title),
            level=example.level.value if example.level else None,
            structure=example.structure_only,
            payload=prompts.encode_data(profile.model_dump(mode="json")),
        ))
    system = prompts.render_system(assets)
    user = prompts._render(
        assets, "profile.j2",
        title=PROFILE_TITLE,
        role_json=prompts.encode_data(prompts.role_data(request, settings)),
        level_note=prompts._level_note(request),
        ladder=prompts.ladder_lines(request),
        fields=list(fields),
        examples=examples,
        structure_only=found is not None and found[0].structure_only,
        document_json=document_json,
    )
    return [{"role": "system", "content": system}, {"role": "user", "content": user}]


def profile_call(request: RoleRequest, *, temperature: float | None = None, gate: Any = None,
                 context: Mapping[str, BaseModel] | None = None) -> SectionCall:
    return SectionCall(
        section=PROFILE_KEY,
        messages=profile_messages(request, context),
        response_model=profile_model(),
        max_tokens=profile_max_tokens(),
        request=request,
        temperature=temperature,
        gate=gate,
    )


__all__ = ["PROFILE_KEY", "PROFILE_TITLE", "RoleProfile", "as_profile", "document_digest", "profile_call", "profile_from_blueprint",
           "profile_messages", "profile_model"]
