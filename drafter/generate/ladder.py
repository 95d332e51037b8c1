"""A level ladder from one title: one blueprint per level, drafted together.

    plan = plan_ladder("Platform Engineer", "junior,mid,senior,staff,principal")
    ladder = await draft_ladder(engine, plan, depth="brief")
    ladder.rungs[2].blueprint          # the senior blueprint

Levels should differ where a ladder differs (scope, decision rights, years,
KPI ownership, promotion criteria) and stay the same where the job family
does (tools, tech stack, variants).  So the ladder is drafted in two phases:

1. the *shared* sections (``SHARED_SECTIONS``) once, for the middle level;
2. every level's other sections, all levels at once under one bound on calls
   in flight, each with the shared sections copied in and given as context
   (``Engine.draft(base=, context=)``), and told in its role data which rung of
   which ladder it is.

A shared section that fails is drafted per level instead.  ``save_ladder``
writes ``ladder.json`` (the manifest the TUI's ladder view and
``load_ladder`` read) next to the blueprints.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError, UsageError
from ..schema.enums import Level, Track
from ..schema.markers import Depth
from ..schema.models import Blueprint, RoleMeta
from ..schema.sections import GENERATED_SECTIONS
from .types import DraftResult, RoleRequest, SectionEvent, Usage

SHARED_SECTIONS: tuple[str, ...] = ("tools", "tech_stack", "variants")
IC_LADDER: tuple[Level, ...] = (Level.junior, Level.mid, Level.senior, Level.staff, Level.principal)
MANAGER_LADDER: tuple[Level, ...] = (Level.manager, Level.senior_manager, Level.director, Level.vp)
MANIFEST = "ladder.json"
MANIFEST_FORMAT = "drafter-ladder"

_LEVEL_PREFIX = re.compile(
    r"^\s*(?:(?:junior|jr\.?|senior|sr\.?|staff|principal|distinguished|lead|associate|mid[- ]level|"
    r"intermediate|entry[- ]level|graduate)\s+)+", re.I)
_LEVEL_SUFFIX = re.compile(r"\s+(?:i{1,3}|iv|v|[1-5])\s*$", re.I)
_IC_PREFIX = {Level.junior: "Junior", Level.senior: "Senior", Level.staff: "Staff", Level.principal: "Principal",
              Level.lead: "Lead"}


@dataclass(frozen=True)
class Rung:
    level: Level
    title: str
    request: RoleRequest


@dataclass(frozen=True)
class LadderPlan:
    base_title: str  # "Platform Engineer" (an IC title) or the family for a manager ladder
    family: str  # "Platform Engineering"
    track: Track
    rungs: tuple[Rung, ...]

    @property
    def levels(self) -> tuple[Level, ...]:
        return tuple(r.level for r in self.rungs)


@dataclass
class LadderRung:
    level: Level
    title: str
    blueprint: Blueprint
    failed: dict[str, str] = field(default_factory=dict)
    file: str | None = None  # file name of its JSON, once saved


@dataclass
class Ladder:
    plan: LadderPlan
    rungs: list[LadderRung]
    shared: list[str]  # sections drafted once and shared by every level
    usage: Usage = field(default_factory=Usage)
    seconds: float = 0.0
    calls: int = 0  # model calls made (cached answers excluded)

    @property
    def failed(self) -> dict[str, dict[str, str]]:
        return {r.level.value: r.failed for r in self.rungs if r.failed}


# --------------------------------------------------------------------------- planning


def parse_levels(text: str | None, track: str | None) -> tuple[list[Level], Track]:
    """``"junior,mid,senior"`` -> levels (ordered by seniority) and the track; ``UsageError`` on bad input."""
    from ..commands.draft import normalise_level

    if track not in (None, "ic", "manager"):
        raise UsageError(f"unknown track {track!r}; use ic or manager")
    chosen = None if track is None else (Track.individual_contributor if track == "ic" else Track.manager)
    if text is None or not text.strip():
        levels = list(MANAGER_LADDER if chosen == Track.manager else IC_LADDER)
        return levels, chosen or Track.individual_contributor
    levels: list[Level] = []
    for part in text.split(","):
        if not part.strip():
            continue
        level = Level(normalise_level(part))
        if level in levels:
            raise UsageError(f"level {part.strip()!r} is listed twice")
        levels.append(level)
    if len(levels) < 2:
        raise UsageError("a ladder needs at least two levels, e.g. --levels junior,mid,senior")
    if len(levels) > 8:
        raise UsageError(f"{len(levels)} levels; a ladder has at most 8")
    if chosen is None:
        tracks = {lvl.default_track for lvl in levels}
        if len(tracks) > 1:
            raise UsageError("the levels mix individual-contributor and manager levels; "
                             "give --track ic or --track manager")
        chosen = tracks.pop()
    return sorted(levels, key=lambda lvl: lvl.rank), chosen


def base_title(title: str) -> str:
    """The title without its level: ``"Senior Platform Engineer"`` -> ``"Platform Engineer"``."""
    out = _LEVEL_SUFFIX.sub("", _LEVEL_PREFIX.sub("", title.strip())).strip()
    return out or title.strip()


def level_title(base: str, family: str, level: Level, track: Track) -> str:
    """The title of one rung: "Senior Platform Engineer", "Director of Platform Engineering"."""
    if track == Track.individual_contributor or level.default_track == Track.individual_contributor:
        if level == Level.intern:
            return f"{base} Intern"
        prefix = _IC_PREFIX.get(level)
        return f"{prefix} {base}" if prefix else base
    return {
        Level.manager: f"{family} Manager",
        Level.senior_manager: f"Senior {family} Manager",
        Level.director: f"Director of {family}",
        Level.senior_director: f"Senior Director of {family}",
        Level.head: f"Head of {family}",
        Level.vp: f"VP of {family}",
        Level.executive: f"Chief {family} Officer",
    }.get(level, f"{family} {level.value.replace('_', ' ').title()}")


def plan_ladder(
    title: str,
    levels: str | None = None,
    *,
    track: str | None = None,
    depth: Depth | str = Depth.standard,
    company_size: str | None = None,
    industry: str | None = None,
    notes: str | None = None,
) -> LadderPlan:
    from ..roles import infer_role_family

    chosen, track_value = parse_levels(levels, track)
    base = base_title(title)
    family = infer_role_family(base) or base
    names = ", ".join(lvl.value.replace("_", " ") for lvl in chosen)
    rungs = []
    for i, level in enumerate(chosen):
        rung_title = level_title(base, family, level, track_value)
        context = (
            f"Level {i + 1} of {len(chosen)} of a {family} career ladder ({names}). Write this blueprint for the "
            f"{level.value.replace('_', ' ')} level only: its scope, decision rights, years of experience, the KPIs "
            "it owns and its promotion criteria must differ from the levels below and above it."
        )
        request = RoleRequest(
            title=rung_title, level=level.value,
            track="ic" if track_value == Track.individual_contributor else "manager",
            company_size=company_size, industry=industry, notes=notes, context=context, depth=Depth(depth),
        )
        rungs.append(Rung(level, rung_title, request))
    return LadderPlan(base, family, track_value, tuple(rungs))


# --------------------------------------------------------------------------- drafting


def _sibling(engine, limiter: asyncio.Semaphore):
    """An engine on the same backend, cache and back-off gate, bounded by ``limiter`` (shared by every level)."""
    from .engine import Engine

    return Engine(engine.backend, concurrency=engine.concurrency, limiter=limiter, temperature=engine.temperature,
                  cache=engine.cache if engine.cache is not None else False, gate=engine.gate)


async def draft_ladder(engine, plan: LadderPlan, *, on_event=None, shared: tuple[str, ...] = SHARED_SECTIONS,
                       limiter: asyncio.Semaphore | None = None) -> Ladder:
    """Draft every rung of ``plan``; ``on_event(level_or_"shared", SectionEvent)`` reports progress.
    ``limiter`` bounds the calls in flight (shared by every ladder of a batch); default: the engine's concurrency.

    Raises ``CancelledError`` (with ``.ladder`` holding what was done) when cancelled.
    """
    started = time.perf_counter()
    limiter = limiter or asyncio.Semaphore(engine.concurrency)
    usage = Usage()
    calls = 0

    def relay(tag: str):
        async def handler(event: SectionEvent) -> None:
            if on_event is not None:
                out = on_event(tag, event)
                if asyncio.iscoroutine(out):
                    await out
        return handler

    def count(result: DraftResult) -> int:
        gen = result.blueprint.generation
        # model calls only: not cached answers, not the scorecard the engine assembles by code (no attempt)
        return sum(1 for s in (gen.sections if gen else []) if s.status != "cached" and s.attempts)

    middle = plan.rungs[len(plan.rungs) // 2]
    shared_request = RoleRequest(
        title=plan.base_title if plan.track == Track.individual_contributor else middle.title,
        level=middle.level.value, track=middle.request.track, company_size=middle.request.company_size,
        industry=middle.request.industry, notes=middle.request.notes,
        context=f"The {plan.family} job family as a whole: these sections are shared by every level of its ladder.",
        depth=middle.request.depth,
    )
    shared_bp: Blueprint | None = None
    rungs: list[LadderRung] = [LadderRung(r.level, r.title, Blueprint(meta=_meta(r, plan))) for r in plan.rungs]
    ladder = Ladder(plan, rungs, [], usage, 0.0, 0)
    try:
        if shared:
            result = await _sibling(engine, limiter).draft(shared_request, sections=list(shared),
                                                            on_event=relay("shared"))
            usage.add(result.usage)
            calls += count(result)
            shared_bp = result.blueprint
        done_shared = [k for k in shared if shared_bp is not None and getattr(shared_bp, k) is not None]
        ladder.shared = done_shared
        own = [s.key for s in GENERATED_SECTIONS if s.key not in done_shared]

        async def one(rung: Rung, out: LadderRung) -> None:
            nonlocal calls
            base = Blueprint(meta=_meta(rung, plan), **{k: getattr(shared_bp, k).model_copy(deep=True)
                                                         for k in done_shared})
            try:
                result = await _sibling(engine, limiter).draft(
                    rung.request, sections=own, base=base, context=done_shared, on_event=relay(rung.level.value))
            except asyncio.CancelledError as exc:
                partial = getattr(exc, "draft_result", None)
                if partial is not None:
                    out.blueprint, out.failed = partial.blueprint, dict(partial.failed)
                raise
            usage.add(result.usage)
            calls += count(result)
            out.blueprint, out.failed = result.blueprint, dict(result.failed)
            _finish_meta(out.blueprint, rung, plan, done_shared)

        tasks = [asyncio.create_task(one(r, o)) for r, o in zip(plan.rungs, rungs)]
        try:
            await asyncio.gather(*tasks)
        except asyncio.CancelledError:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise
    except asyncio.CancelledError as exc:
        ladder.seconds, ladder.calls = time.perf_counter() - started, calls
        exc.ladder = ladder  # type: ignore[attr-defined]
        raise
    ladder.seconds, ladder.calls = time.perf_counter() - started, calls
    return ladder


async def complete_ladder(engine, blueprints: list[Blueprint], *, depth: Depth | str = Depth.standard,
                          shared: tuple[str, ...] = SHARED_SECTIONS, on_event=None,
                          limiter: asyncio.Semaphore | None = None) -> Ladder:
    """Complete the levels of an existing ladder (e.g. ``drafter import`` of a career-ladder page) together.

    Every level keeps what it has, as written.  A shared section (tools, tech stack, variants) that some
    level has is copied to the levels that lack it; one that no level has is drafted once; then every
    level's other missing sections are drafted at once, with the level's own sections as context
    (``complete_blueprint``).  Levels are ordered by seniority.
    """
    from ..roles import infer_role_family
    from .complete import complete_blueprint, has_content, prior_provenance, request_for_document

    if len(blueprints) < 2:
        raise UsageError("a ladder needs at least two levels (documents)")
    started = time.perf_counter()
    limiter = limiter or asyncio.Semaphore(engine.concurrency)
    docs = sorted((b.model_copy(deep=True) for b in blueprints),
                  key=lambda b: b.meta.level.rank if b.meta.level is not None else 99)
    track = next((b.meta.track for b in docs if b.meta.track is not None), Track.individual_contributor)
    family = next((b.meta.role_family for b in docs if b.meta.role_family), None) or (
        infer_role_family(docs[0].meta.title) or docs[0].meta.title)
    rungs = tuple(Rung(b.meta.level or Level.mid, b.meta.title, request_for_document(b, depth=depth)) for b in docs)
    plan = LadderPlan(base_title(docs[0].meta.title), family, track, rungs)
    usage, calls = Usage(), 0
    provenance = [prior_provenance(b) for b in docs]

    def relay(tag: str):
        async def handler(event: SectionEvent) -> None:
            if on_event is not None:
                out = on_event(tag, event)
                if asyncio.iscoroutine(out):
                    await out
        return handler

    middle = len(docs) // 2
    nobody = [k for k in shared if not any(has_content(getattr(b, k)) for b in docs)]
    if nobody:  # drafted once, for the middle level, with its sections as context
        kept = list(provenance[middle])
        result = await _sibling(engine, limiter).draft(rungs[middle].request, sections=nobody, base=docs[middle],
                                                       context=kept, on_event=relay("shared"))
        usage.add(result.usage)
        calls += sum(1 for u in (result.blueprint.generation.sections if result.blueprint.generation else [])
                     if u.status != "cached")
        for k in nobody:
            value = getattr(result.blueprint, k)
            if value is not None:
                setattr(docs[middle], k, value)
                provenance[middle][k] = "drafted"
    done_shared = []
    for k in shared:
        source = next((i for i, b in enumerate(docs) if has_content(getattr(b, k))), None)
        if source is None:
            continue
        done_shared.append(k)
        for i, b in enumerate(docs):
            if not has_content(getattr(b, k)):
                setattr(b, k, getattr(docs[source], k).model_copy(deep=True))
                provenance[i][k] = provenance[source].get(k, "document")
    for b, prov in zip(docs, provenance):  # what the shared step gave each level counts as already there
        if b.generation is not None:
            b.generation.provenance = prov  # type: ignore[assignment]

    async def one(i: int) -> LadderRung:
        nonlocal calls
        bp = docs[i]
        if bp.generation is None and any(v == "drafted" for v in provenance[i].values()):
            from ..schema.models import GenerationInfo

            bp.generation = GenerationInfo(model=engine.backend.model, provenance=provenance[i])
        completion = await complete_blueprint(_sibling(engine, limiter), bp, rungs[i].request,
                                              on_event=relay(rungs[i].level.value))
        if completion.result is not None:
            usage.add(completion.result.usage)
            calls += len(completion.added) + len(completion.failed)
        out = completion.blueprint
        if out.generation is not None:
            out.generation.provenance = {**provenance[i], **out.generation.provenance}  # type: ignore[assignment]
        out.meta.role_family = out.meta.role_family or family
        return LadderRung(rungs[i].level, rungs[i].title, out, dict(completion.failed))

    done = await asyncio.gather(*(one(i) for i in range(len(docs))))
    return Ladder(plan, list(done), done_shared, usage, time.perf_counter() - started, calls)


def _meta(rung: Rung, plan: LadderPlan) -> RoleMeta:
    return RoleMeta(title=rung.title, level=rung.level, track=plan.track, role_family=plan.family,
                    company_size=rung.request.company_size, industry=rung.request.industry)


def _finish_meta(bp: Blueprint, rung: Rung, plan: LadderPlan, shared: list[str]) -> None:
    bp.meta.level, bp.meta.track, bp.meta.role_family = rung.level, plan.track, plan.family
    if bp.generation is not None:
        bp.generation.inputs = {**bp.generation.inputs, "ladder": plan.family,
                                "shared_sections": ",".join(shared)}


# --------------------------------------------------------------------------- saving and loading


def rung_stem(rung: LadderRung, index: int) -> str:
    from ..slugs import slugify

    return f"{index + 1:02d}-{slugify(rung.title, max_len=60)}"


def save_ladder(ladder: Ladder, out_dir: Path) -> list[Path]:
    """Write every rung's JSON and Markdown and ``ladder.json``; returns the files written."""
    from ..render import render, write_atomic

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for i, rung in enumerate(ladder.rungs):
        stem = rung_stem(rung, i)
        for fmt in ("json", "md"):
            path = out_dir / f"{stem}.{fmt}"
            write_atomic(path, render(rung.blueprint, fmt))
            written.append(path)
        rung.file = f"{stem}.json"
    manifest = {
        "format": MANIFEST_FORMAT,
        "version": 1,
        "title": ladder.plan.base_title,
        "family": ladder.plan.family,
        "track": ladder.plan.track.value,
        "shared_sections": ladder.shared,
        "levels": [{"level": r.level.value, "title": r.title, "file": r.file, "failed": r.failed}
                   for r in ladder.rungs],
        "prompt_tokens": ladder.usage.prompt_tokens,
        "completion_tokens": ladder.usage.completion_tokens,
        "cost_usd": ladder.usage.cost_usd,
        "calls": ladder.calls,
        "seconds": round(ladder.seconds, 3),
    }
    path = out_dir / MANIFEST
    write_atomic(path, (json.dumps(manifest, indent=1, ensure_ascii=False) + "\n").encode("utf-8"))
    written.append(path)
    return written


@dataclass
class SavedLadder:
    folder: Path
    title: str
    family: str
    track: Track
    shared: list[str]
    rungs: list[LadderRung]


def is_ladder_dir(path: Path) -> bool:
    return Path(path).is_dir() and (Path(path) / MANIFEST).is_file()


def load_ladder(path: Path) -> SavedLadder:
    """A ladder folder written by ``save_ladder`` (or its ``ladder.json``); ``InputError`` with one line."""
    from ..load import load_blueprint

    path = Path(path)
    folder = path if path.is_dir() else path.parent
    manifest = folder / MANIFEST
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(folder), f"not a ladder folder (no {MANIFEST})") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(manifest), f"unreadable ladder manifest: {exc}") from None
    if not isinstance(data, dict) or data.get("format") != MANIFEST_FORMAT:
        raise InputError(str(manifest), f"not a drafter ladder manifest (no \"format\": \"{MANIFEST_FORMAT}\")")
    rungs = []
    try:
        for entry in data["levels"]:
            bp = load_blueprint(folder / entry["file"]).blueprint
            rungs.append(LadderRung(Level(entry["level"]), str(entry["title"]), bp, dict(entry.get("failed") or {}),
                                    entry["file"]))
        return SavedLadder(folder, str(data["title"]), str(data["family"]), Track(data["track"]),
                           list(data.get("shared_sections") or []), rungs)
    except (KeyError, TypeError, ValueError) as exc:
        raise InputError(str(manifest), f"invalid ladder manifest: {exc}") from None


__all__ = [
    "IC_LADDER",
    "MANAGER_LADDER",
    "SHARED_SECTIONS",
    "Ladder",
    "LadderPlan",
    "LadderRung",
    "SavedLadder",
    "base_title",
    "complete_ladder",
    "draft_ladder",
    "is_ladder_dir",
    "level_title",
    "load_ladder",
    "parse_levels",
    "plan_ladder",
    "save_ladder",
]
