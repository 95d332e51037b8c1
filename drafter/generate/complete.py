"""Complete an existing document: keep every section a person wrote, draft only the missing ones.

    loaded = load_blueprint("handbook-page.md")
    request = request_for_document(loaded.blueprint, depth="standard")
    completion = await complete_blueprint(engine, loaded.blueprint, request)
    completion.kept, completion.added, completion.blueprint

The sections the document has are never sent to the model to be rewritten:
they are copied as they are and go, as context, into the prompt of every
section that is drafted (``Engine.draft(..., base=, context=)``), so the new
sections build on what the person wrote.  The role (title, level, track, family,
company size, industry) comes from the document.  ``generation.provenance``
says, per section, ``"document"`` or ``"drafted"``; a document that already has
every section costs no model call at all.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from pydantic import BaseModel

from ..schema.enums import DocumentKind, Track
from ..schema.markers import Depth
from ..schema.models import Blueprint
from ..schema.sections import GENERATED_SECTIONS
from .types import DraftResult, RoleRequest


@dataclass
class Completion:
    blueprint: Blueprint
    kept: list[str]  # generated sections taken from the document, as written
    added: list[str]  # sections drafted now
    failed: dict[str, str] = field(default_factory=dict)  # section -> reason
    result: DraftResult | None = None  # None: nothing was missing, no model call

    @property
    def calls_needed(self) -> bool:
        return bool(self.added or self.failed)


def has_content(section: BaseModel | None) -> bool:
    """True when ``section`` holds any text (a heading with nothing under it does not count)."""
    if section is None:
        return False

    def walk(value) -> bool:
        if isinstance(value, BaseModel):
            return any(walk(getattr(value, name)) for name in type(value).model_fields)
        if isinstance(value, (list, tuple)):
            return any(walk(v) for v in value)
        if isinstance(value, str):
            return bool(value.strip())
        return False

    return walk(section)


def missing_sections(bp: Blueprint) -> list[str]:
    """The generated sections ``bp`` lacks (or has only as an empty heading), in document order."""
    return [s.key for s in GENERATED_SECTIONS if not has_content(getattr(bp, s.key))]


def request_for_document(
    bp: Blueprint,
    *,
    depth: Depth | str = Depth.standard,
    level: str | None = None,
    track: str | None = None,
    company_size: str | None = None,
    industry: str | None = None,
    notes: str | None = None,
) -> RoleRequest:
    """A drafting request for the role ``bp`` describes; explicit arguments win over the document."""
    from ..roles import infer_level

    meta = bp.meta
    inputs = dict(bp.generation.inputs) if bp.generation else {}
    doc_level = meta.level
    if doc_level is None and bp.summary is not None and bp.summary.seniority:
        doc_level = infer_level(bp.summary.seniority)
    doc_track = None
    if meta.track is not None:
        doc_track = "ic" if meta.track == Track.individual_contributor else "manager"
    context = None
    if meta.role_family:
        context = f"Role family: {meta.role_family}"
    return RoleRequest(
        title=meta.title,
        level=level or (doc_level.value if doc_level is not None else inputs.get("level")),
        track=track or doc_track or inputs.get("track"),
        company_size=company_size or meta.company_size or inputs.get("company_size"),
        industry=industry or meta.industry or inputs.get("industry"),
        notes=notes or inputs.get("notes"),
        context=inputs.get("context") or context,
        depth=Depth(depth),
    )


def _record(out: Blueprint, source: Blueprint, provenance: dict[str, str], missing: list[str]) -> list[str]:
    """Set ``out``'s kind and provenance after drafting ``missing``; returns the sections added."""
    if out.kind != DocumentKind.role_blueprint and not missing_sections(out):
        out.kind = DocumentKind.role_blueprint  # a career guide with every section is a blueprint now
    added = [k for k in missing if getattr(out, k) is not None]
    if out.generation is not None:
        previous = source.generation
        if previous is not None:  # keep the cost of earlier rounds in the record
            out.generation.prompt_tokens += previous.prompt_tokens
            out.generation.completion_tokens += previous.completion_tokens
            done = {s.section for s in out.generation.sections}
            out.generation.sections = [s for s in previous.sections if s.section not in done] + out.generation.sections
        merged = {**provenance, **{k: "drafted" for k in added}}
        out.generation.provenance = {s.key: merged[s.key] for s in GENERATED_SECTIONS if s.key in merged}  # type: ignore[assignment]
    return added


def prior_provenance(bp: Blueprint) -> dict[str, str]:
    """Where ``bp``'s sections came from so far: a completed document says; anything else is the document."""
    recorded = dict(bp.generation.provenance) if bp.generation else {}
    drafted_before = bp.generation is not None and not recorded  # a plain draft: every section was drafted
    out = {}
    for spec in GENERATED_SECTIONS:
        if has_content(getattr(bp, spec.key)):
            out[spec.key] = recorded.get(spec.key, "drafted" if drafted_before else "document")
    return out


async def complete_blueprint(engine, bp: Blueprint, request: RoleRequest, *, on_event=None) -> Completion:
    """Draft the sections ``bp`` lacks, with the ones it has as context; the others are kept unchanged."""
    missing = missing_sections(bp)
    provenance = prior_provenance(bp)
    kept = [k for k in provenance]
    if not missing:
        out = bp.model_copy(deep=True)
        if out.generation is not None and not out.generation.provenance:
            out.generation.provenance = provenance  # type: ignore[assignment]
        return Completion(out, kept, [], {}, None)
    base = bp.model_copy(deep=True)
    for key in missing:
        setattr(base, key, None)  # an empty heading is replaced, not kept
    try:
        result = await engine.draft(request, sections=missing, base=base, context=kept, on_event=on_event)
    except asyncio.CancelledError as exc:
        partial = getattr(exc, "draft_result", None)
        if partial is not None:  # the partial draft keeps the record of what came from the document
            _record(partial.blueprint, bp, provenance, missing)
        raise
    out = result.blueprint
    added = _record(out, bp, provenance, missing)
    return Completion(out, kept, added, dict(result.failed), result)


__all__ = [
    "Completion",
    "complete_blueprint",
    "has_content",
    "missing_sections",
    "prior_provenance",
    "request_for_document",
]
