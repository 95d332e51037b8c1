"""Few-shot examples: load the example blueprints and pick the closest ones per section.

The examples are Blueprint JSON files in ``examples/`` (found with
``drafter.resources.examples_dir()``).  For one section of one request:

1. only examples close enough to the request (``closeness`` >= ``CLOSENESS_FLOOR``: the same or a
   related job family, a level at most ``MAX_LEVEL_GAP`` rungs away) that *have* that section (with
   most of its fields filled) qualify -- a nurse's prompt shows no platform engineer's KPIs; with
   none close enough, the structure-only example (``drafter.generate.structure``: one generic,
   family-neutral blueprint in ``prompts/``) shows the shape and level of detail instead;
2. they are ranked by closeness of level (``Level.rank`` distance), role family
   (overlap of title/family words), track, then how complete the section is,
   then file name, so the choice is deterministic;
3. only that section of each chosen example is shown, projected onto the
   generation model of the depth (same field names, lists trimmed to the
   depth's maximum, strings to their length caps), under a token budget:
   an example that does not fit is shortened (fewer list items) before it is
   dropped.

Nothing here formats prompts: the caller passes ``render`` (example, data) ->
the exact text that will appear in the prompt, so the budget is measured on
what the model sees.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .. import resources, roles
from ..schema.enums import Level, Track
from ..schema.genmodels import generation_model, model_schema
from ..schema.markers import Depth
from ..schema.models import Blueprint
from ..schema.sections import SectionSpec
from .tokens import count_tokens
from .types import RoleRequest

log = logging.getLogger("drafter.prompts")

# A section qualifies as an example when at least this share of its generated fields is filled.
MIN_COVERAGE = 0.5


# --------------------------------------------------------------------------- levels and families


_STOP = {
    "of", "and", "the", "for", "a", "an", "in", "to", "at", "with", "on", "or", "role", "blueprint",
    # level words say nothing about the family
    "senior", "sr", "junior", "jr", "staff", "principal", "lead", "head", "director", "vp", "vice",
    "president", "chief", "manager", "associate", "intern", "distinguished", "executive", "svp", "evp",
    "i", "ii", "iii", "iv", "v", "mid", "level", "entry", "graduate", "fellow",
}
_SYNONYMS = {
    "ml": ("machine", "learning"),
    "ai": ("artificial", "intelligence", "machine", "learning"),
    "mlops": ("machine", "learning", "operations"),
    "devops": ("development", "operations"),
    "sre": ("site", "reliability"),
    "qa": ("quality", "assurance"),
    "sec": ("security",),
    "infosec": ("information", "security"),
    "ux": ("user", "experience"),
    "bi": ("business", "intelligence"),
}


def family_words(*texts: str | None) -> frozenset[str]:
    """Stemmed content words of titles and families: 'Platform Engineering' ~ 'Platform Engineer'."""
    words: set[str] = set()
    for text in texts:
        if not text:
            continue
        for word in re.findall(r"[a-z0-9]+", text.lower()):
            if word in _STOP:
                continue
            for w in _SYNONYMS.get(word, (word,)):
                words.add(w[:6])
    return frozenset(words)


def family_similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


# --------------------------------------------------------------------------- examples


@dataclass(frozen=True)
class Example:
    """One example blueprint."""

    key: str  # file stem, e.g. "004_director_ml_engineering"
    path: Path
    blueprint: Blueprint = field(repr=False, compare=False)
    title: str
    level: Level | None
    track: Track | None
    family: frozenset[str]
    job_family: str | None = None  # broad family key (roles.FAMILIES)
    structure_only: bool = False  # the generic structure example (structure.py), not a real role

    def has(self, section: str) -> bool:
        return getattr(self.blueprint, section, None) is not None


def _example_from(path: Path, blueprint: Blueprint) -> Example:
    meta = blueprint.meta
    level = meta.level or roles.infer_level(meta.title)
    track = meta.track or roles.infer_track(meta.title, level=level)
    return Example(
        key=path.stem,
        path=path,
        blueprint=blueprint,
        title=meta.title,
        level=level,
        track=track,
        family=family_words(meta.title, meta.role_family),
        job_family=roles.job_family(meta.role_family or "") or roles.job_family(meta.title),
    )


def _signature(directory: Path) -> tuple[tuple[str, int, int], ...]:
    try:
        files = sorted(directory.glob("*.json"))
    except OSError:
        return ()
    out = []
    for p in files:
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((p.name, st.st_size, st.st_mtime_ns))
    return tuple(out)


def example_files(directory: Path | None = None) -> list[Path]:
    """The example files, sorted by name (``*.json`` in the examples folder)."""
    folder = Path(directory) if directory is not None else _default_dir()
    if folder is None or not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.json") if p.is_file())


def _default_dir() -> Path | None:
    try:
        return resources.examples_dir()
    except FileNotFoundError:
        return None


def load_examples(directory: Path | None = None, *, strict: bool = False) -> tuple[Example, ...]:
    """Every valid example blueprint, sorted by file name.

    A file that is not a valid Blueprint is skipped with a logged warning
    (``strict=True`` raises instead: the test suite checks the shipped files).
    Results are cached until a file in the folder changes.
    """
    folder = Path(directory) if directory is not None else _default_dir()
    if folder is None or not folder.is_dir():
        return ()
    return _load(folder.resolve(), _signature(folder), strict)


@lru_cache(maxsize=8)
def _load(folder: Path, signature: tuple, strict: bool) -> tuple[Example, ...]:
    out = []
    for name, _, _ in signature:
        path = folder / name
        try:
            blueprint = Blueprint.model_validate_json(path.read_bytes())
        except (OSError, ValidationError, ValueError) as exc:
            if strict:
                raise ValueError(f"example {path}: not a valid blueprint: {_one_line(exc)}") from None
            log.warning("skipping example %s: not a valid blueprint (%s)", path, _one_line(exc))
            continue
        out.append(_example_from(path, blueprint))
    return tuple(out)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


# --------------------------------------------------------------------------- projection


def _resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        schema = {**root["$defs"][schema["$ref"].rsplit("/", 1)[-1]], **{k: v for k, v in schema.items() if k != "$ref"}}
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        if len(options) == 1:
            schema = {**_resolve(options[0], root), **{k: v for k, v in schema.items() if k != "anyOf"}}
    return schema


def shorten(text: str, limit: int, marker: str = "…") -> str:
    """``text`` cut to at most ``limit`` characters, at a sentence or word boundary when possible."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = max(1, limit - len(marker))
    cut = text[:room]
    stop = max(cut.rfind(". "), cut.rfind("; "))
    if stop >= room * 0.6:
        return cut[: stop + 1]
    space = cut.rfind(" ")
    if space >= room * 0.5:
        cut = cut[:space]
    return cut.rstrip(" ,;:-") + marker


def project(value: Any, schema: dict, root: dict | None = None, *, max_items: int | None = None) -> Any:
    """``value`` (JSON data of a canonical model) reduced to the generation schema.

    Keeps only the schema's properties (in schema order), drops empty values,
    trims lists to ``maxItems`` (and to ``max_items`` when given) and strings
    to ``maxLength``.  Returns None for an empty result.
    """
    root = root if root is not None else schema
    schema = _resolve(schema, root)
    if value is None:
        return None
    kind = schema.get("type")
    if kind == "object" or "properties" in schema:
        if not isinstance(value, dict):
            return None
        out = {}
        for name, sub in schema.get("properties", {}).items():
            got = project(value.get(name), sub, root, max_items=max_items)
            if got is not None:
                out[name] = got
        return out or None
    if kind == "array":
        if not isinstance(value, list):
            return None
        limit = schema.get("maxItems", len(value))
        if max_items is not None:
            limit = min(limit, max_items)
        items = [x for x in (project(v, schema.get("items", {}), root, max_items=max_items) for v in value) if x is not None]
        return items[:limit] or None
    if "enum" in schema:
        return value if value in schema["enum"] else None
    if kind == "string":
        if not isinstance(value, str) or not value.strip():
            return None
        return shorten(value, schema.get("maxLength", 280))
    return value


def coverage(data: dict | None, schema: dict) -> float:
    """Share of the schema's top-level fields that ``data`` fills."""
    props = _resolve(schema, schema).get("properties", {})
    if not props or not data:
        return 0.0
    return sum(1 for k in props if k in data) / len(props)


def example_section(example: Example, spec: SectionSpec, depth: Depth | str, *, max_items: int | None = None) -> dict | None:
    """Only ``spec``'s section of ``example``, in the generation model's shape for ``depth``."""
    section = getattr(example.blueprint, spec.key, None)
    if not isinstance(section, BaseModel):
        return None
    schema = gen_schema(spec.model, Depth(depth))
    return project(section.model_dump(mode="json"), schema, max_items=max_items)


@lru_cache(maxsize=None)
def gen_schema(model: type[BaseModel], depth: Depth) -> dict:
    """The JSON Schema of ``model``'s generation model at ``depth`` (cached: do not modify it)."""
    return model_schema(generation_model(model, Depth(depth)))


# --------------------------------------------------------------------------- selection


@dataclass(frozen=True)
class Target:
    """What the request is, as far as choosing examples goes."""

    level: Level | None
    track: Track | None
    family: frozenset[str]
    level_inferred: bool = False
    job_family: str | None = None

    @classmethod
    def of(cls, request: RoleRequest) -> "Target":
        r = request.resolved
        return cls(level=r.level, track=r.track, family=family_words(request.title, request.family),
                   level_inferred="level" in r.inferred, job_family=r.job_family)


# Job families whose examples are close enough to show one another (the technical families share
# vocabulary: an ML engineer's example helps a platform engineer, not a nurse).
RELATED_FAMILIES: tuple[frozenset[str], ...] = (frozenset({"engineering", "data", "security"}),)
# An example is shown only at or above this closeness (bench/bench_prompt_terms.py measures it on the
# labelled titles): the same or a related job family and a level at most MAX_LEVEL_GAP rungs away.
CLOSENESS_FLOOR = 0.5
MAX_LEVEL_GAP = 4


def closeness(target: "Target", example: Example) -> float:
    """How close an example's role is to the request's, 0..1: job family first, then shared words.

    1.0 same family and the same words; 0.5 a related family (engineering ~ data ~ security);
    0.0 an unrelated family, or a level more than MAX_LEVEL_GAP rungs away."""
    a, b = target.job_family, example.job_family
    if a is not None and a == b:
        base = 0.75
    elif a is not None and b is not None and any(a in g and b in g for g in RELATED_FAMILIES):
        base = 0.5
    elif a is None and b is None:
        base = 0.5
    else:
        return 0.0
    # an unmarked title is a mid-level role
    if abs((target.level or Level.mid).rank - (example.level or Level.mid).rank) > MAX_LEVEL_GAP:
        return 0.0
    return round(base + 0.25 * family_similarity(target.family, example.family), 6)


def _level_distance(a: Level | None, b: Level | None) -> float:
    if a is None and b is None:
        return 1.0
    # an unknown level is most often a plain mid-level title ('Platform Engineer'); half a step of doubt
    ra = a.rank if a else Level.mid.rank
    rb = b.rank if b else Level.mid.rank
    return abs(ra - rb) + (0.5 if (a is None or b is None) else 0.0)


@dataclass(frozen=True)
class Candidate:
    example: Example
    score: float
    coverage: float


def rank_examples(
    spec: SectionSpec,
    request: RoleRequest,
    *,
    depth: Depth | str = Depth.standard,
    examples: Iterable[Example] | None = None,
    floor: float | None = CLOSENESS_FLOOR,
) -> list[Candidate]:
    """Examples that have ``spec``'s section and are close enough (``closeness`` >= ``floor``;
    None: no floor), best first (lower score is closer)."""
    target = Target.of(request)
    pool = load_examples() if examples is None else tuple(examples)
    schema = gen_schema(spec.model, Depth(depth))
    out = []
    for ex in pool:
        if floor is not None and closeness(target, ex) < floor:
            continue
        data = example_section(ex, spec, depth)
        cov = coverage(data, schema)
        if data is None or cov < MIN_COVERAGE:
            continue
        score = (
            _level_distance(target.level, ex.level)
            + 3.0 * (1.0 - family_similarity(target.family, ex.family))
            + (1.0 if target.track and ex.track and target.track != ex.track else 0.0)
            + 1.0 * (1.0 - cov)
        )
        out.append(Candidate(ex, round(score, 6), cov))
    out.sort(key=lambda c: (c.score, c.example.key))
    return out


@dataclass(frozen=True)
class Shot:
    """An example section as it goes into the prompt."""

    example: Example
    data: dict
    text: str  # exactly what the prompt shows for it
    tokens: int
    shortened: bool  # lists were cut below the depth's maximum to fit the budget

    @property
    def structure_only(self) -> bool:
        """The generic structure example, shown because no real example was close enough."""
        return self.example.structure_only


def compact_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def select_examples(
    spec: SectionSpec,
    request: RoleRequest,
    *,
    depth: Depth | str = Depth.standard,
    budget: int = 800,
    max_examples: int = 2,
    render: Callable[[Example, dict], str] | None = None,
    examples: Iterable[Example] | None = None,
    floor: float | None = CLOSENESS_FLOOR,
    structure: bool = True,
) -> list[Shot]:
    """The closest examples of ``spec``'s section that fit in ``budget`` tokens together.

    Each candidate is tried at the depth's list lengths, then at the depth's
    minimum; the closest one also shorter, down to one item per list.  A
    candidate that does not fit is skipped.  When no real example is shown
    (none close enough), the structure-only example takes its place, shortened
    the same way (``structure=False``: none then).
    """
    render = render or (lambda ex, data: compact_json(data))
    depth = Depth(depth)
    limits = _shrink_steps(gen_schema(spec.model, depth))
    shots: list[Shot] = []
    left = budget
    for cand in rank_examples(spec, request, depth=depth, examples=examples, floor=floor):
        if len(shots) >= max_examples or left <= 0:
            break
        # the closest example may be cut down to one item per list; others only to the depth's minimum
        shot = _fit(cand.example, spec, depth, limits if not shots else limits[:2], render, left)
        if shot is not None:
            shots.append(shot)
            left -= shot.tokens
    if not shots and structure and max_examples > 0:
        from .structure import structure_example

        generic = structure_example()
        shot = _fit(generic, spec, depth, limits, render, budget) if generic is not None else None
        if shot is not None:
            shots.append(shot)
    return shots


def _fit(example: Example, spec: SectionSpec, depth: Depth, limits: list[int | None],
         render: Callable[[Example, dict], str], left: int) -> Shot | None:
    """``example``'s section at the first list-length limit whose text fits in ``left`` tokens, or None."""
    for step, limit in enumerate(limits):
        data = example_section(example, spec, depth, max_items=limit)
        if data is None:
            return None
        text = render(example, data)
        tokens = count_tokens(text)
        if tokens <= left:
            return Shot(example, data, text, tokens, shortened=step > 0)
    return None


def _shrink_steps(schema: dict) -> list[int | None]:
    """List-length limits to try: none (the depth's maximum), the depth's minimum, then down to one."""
    lows, highs = [], []
    for sub in _resolve(schema, schema).get("properties", {}).values():
        sub = _resolve(sub, schema)
        if sub.get("type") == "array":
            lows.append(sub.get("minItems", 1))
            highs.append(sub.get("maxItems", 5))
    if not highs:
        return [None]
    top = max(highs)
    return [None, *(n for n in sorted({max(lows), 4, 3, 2, 1}, reverse=True) if n < top)]


__all__ = [
    "CLOSENESS_FLOOR",
    "Candidate",
    "closeness",
    "Example",
    "Shot",
    "Target",
    "compact_json",
    "coverage",
    "example_files",
    "example_section",
    "family_similarity",
    "family_words",
    "gen_schema",
    "load_examples",
    "project",
    "rank_examples",
    "select_examples",
    "shorten",
]
