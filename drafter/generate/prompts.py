"""Prompt construction: one system and one user message per section.

Contract used by the engine:

    PROMPT_VERSION: str  -- part of every cache key: a hash of every file in
                            prompts/ and examples/ (and of this module's format),
                            so editing a template or an example invalidates the cache
    build_messages(spec, request, *, depth, dependencies, feedback=None, previous=None)
        -> [{"role": "system", ...}, {"role": "user", ...}]

The text lives in Jinja2 templates under ``prompts/`` (``system.j2``,
``section.j2``, ``example.j2``) and the budgets, input limits, per-section
guidance and dependency digests in ``prompts/sections.toml``.  This module
only prepares the values:

* every untrusted value (title, level, track, company size, industry, notes,
  context, feedback, the current version of a section, example content,
  dependencies) is JSON-encoded, with tag-like ``<`` and invisible or
  line-breaking characters escaped, so no data can close or open a delimiter
  block, and then put inside its block (``<role_data>``...);
* the fields to write come from the generation model of the depth (field
  descriptions, item counts, enum values): the JSON Schema itself is sent
  by the backend, not pasted here;
* few-shot examples come from ``fewshot.select_examples`` under the depth's
  token budget (with none close enough, the generic structure-only example,
  introduced as such: ``structure_only`` below); dependencies (hiring, scorecard) are digested to names and
  short texts under their own budget.

The same input always gives the same messages (cache hits).
"""

from __future__ import annotations

import hashlib
import json
import re
import threading
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from ..errors import PromptError
from .. import resources
from ..schema.markers import Depth
from ..schema.sections import BY_KEY, SECTIONS, SectionSpec
from . import fewshot
from .tokens import count_messages, count_tokens, tokenizer_name
from .types import RoleRequest

# Bump when the Python side changes what the prompts say (the templates are hashed anyway).
FORMAT_VERSION = "1"

TEMPLATES = ("system.j2", "section.j2", "example.j2")
DATA_FILE = "sections.toml"
LEVELS_FILE = "levels.toml"  # the level ladder: scope, horizon, decisions, budget, years, people leadership
FAMILIES_FILE = "families.toml"  # per job family: field hints that replace engineering-only examples
LADDER_KEYS = ("scope", "horizon", "decisions", "budget", "years", "ic", "manager")
TRUNCATED = " [truncated]"




# --------------------------------------------------------------------------- settings


@dataclass(frozen=True)
class PromptSettings:
    """Budgets (tokens), input limits (characters), guidance and dependency digests."""

    example_tokens: Mapping[str, int] = field(default_factory=lambda: {"brief": 500, "standard": 800, "full": 1100})
    max_examples: int = 2
    dependency_tokens: Mapping[str, int] = field(default_factory=lambda: {"brief": 600, "standard": 1000, "full": 1500})
    current_version_tokens: int = 2500
    limits: Mapping[str, int] = field(
        default_factory=lambda: {
            "title": 200, "level": 80, "track": 40, "company_size": 80, "industry": 80,
            "notes": 2000, "context": 2000, "feedback": 1000,
        }
    )
    guidance: Mapping[str, str] = field(default_factory=dict)
    digests: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)

    def examples_budget(self, depth: Depth | str) -> int:
        return int(self.example_tokens[Depth(depth).value])

    def dependencies_budget(self, depth: Depth | str) -> int:
        return int(self.dependency_tokens[Depth(depth).value])

    @classmethod
    def from_toml(cls, data: dict, where: str) -> "PromptSettings":
        try:
            budget = data.get("budget", {})
            base = cls()
            examples = _per_depth(budget.get("examples", base.example_tokens))
            dependencies = _per_depth(budget.get("dependencies", base.dependency_tokens))
            limits = {**base.limits, **{k: int(v) for k, v in data.get("limits", {}).items()}}
            guidance = {k: str(v) for k, v in data.get("guidance", {}).items()}
            digests = {
                section: {dep: tuple(str(f) for f in fields) for dep, fields in table.items()}
                for section, table in data.get("digest", {}).items()
            }
            return cls(
                example_tokens=examples,
                max_examples=int(budget.get("max_examples", base.max_examples)),
                dependency_tokens=dependencies,
                current_version_tokens=int(budget.get("current_version", base.current_version_tokens)),
                limits=limits,
                guidance=guidance,
                digests=digests,
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise PromptError(f"{where}: invalid prompt settings: {exc}") from None


def _per_depth(value: Any) -> dict[str, int]:
    """A budget given as one number or as a table per depth."""
    if isinstance(value, int):
        return {d.value: value for d in Depth}
    return {d.value: int(value[d.value]) for d in Depth}


# --------------------------------------------------------------------------- assets (templates, settings, version)


@dataclass(frozen=True)
class _Assets:
    env: Any  # jinja2.Environment
    settings: PromptSettings
    version: str
    ladder: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # Level value -> rung
    families: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # family key (or "default") -> section hints


_lock = threading.Lock()
_cache: dict[tuple, _Assets] = {}


def _files(folder: Path | None, pattern: str) -> list[Path]:
    if folder is None or not folder.is_dir():
        return []
    return sorted(
        p
        for p in folder.glob(pattern)
        if p.is_file() and not any(part.startswith(".") or part == "__pycache__" for part in p.relative_to(folder).parts)
    )


def _folders() -> tuple[Path, Path | None]:
    try:
        prompts = resources.prompts_dir()
    except FileNotFoundError as exc:
        raise PromptError(f"prompt templates not found: {exc}") from None
    try:
        examples = resources.examples_dir()
    except FileNotFoundError:
        examples = None
    return prompts, examples


def _signature(prompts: Path, examples: Path | None) -> tuple:
    out: list[Any] = [str(prompts), str(examples)]
    for p in [*_files(prompts, "**/*"), *_files(examples, "*.json")]:
        try:
            st = p.stat()
        except OSError:
            continue
        out.append((str(p), st.st_size, st.st_mtime_ns))
    return tuple(out)


def _assets() -> _Assets:
    prompts, examples = _folders()
    key = _signature(prompts, examples)
    found = _cache.get(key)
    if found is not None:
        return found
    with _lock:
        found = _cache.get(key)
        if found is None:
            found = _load_assets(prompts, examples)
            _cache.clear()
            _cache[key] = found
    return found


def _load_assets(prompts: Path, examples: Path | None) -> _Assets:
    import jinja2

    for name in (*TEMPLATES, DATA_FILE, LEVELS_FILE, FAMILIES_FILE):
        if not (prompts / name).is_file():
            raise PromptError(f"{prompts / name}: prompt file missing")
    try:
        data = tomllib.loads((prompts / DATA_FILE).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PromptError(f"{prompts / DATA_FILE}: cannot read: {exc}") from None
    settings = PromptSettings.from_toml(data, str(prompts / DATA_FILE))
    ladder = _read_ladder(prompts / LEVELS_FILE)
    families = _read_families(prompts / FAMILIES_FILE)
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(prompts)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    digest = hashlib.sha256()
    digest.update(f"format={FORMAT_VERSION};tokenizer={tokenizer_name()}\n".encode())
    for label, folder, pattern in (("prompts", prompts, "**/*"), ("examples", examples, "*.json")):
        for p in _files(folder, pattern):
            digest.update(f"{label}/{p.relative_to(folder).as_posix()}\n".encode())
            digest.update(hashlib.sha256(p.read_bytes()).digest())
    return _Assets(env=env, settings=settings, version=f"p{FORMAT_VERSION}-{digest.hexdigest()[:16]}",
                   ladder=ladder, families=families)


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise PromptError(f"{path}: cannot read: {exc}") from None


def _read_ladder(path: Path) -> dict[str, dict[str, str]]:
    """levels.toml: one table per Level value, each with every LADDER_KEYS entry (checked)."""
    from ..schema.enums import Level

    data = _read_toml(path)
    out: dict[str, dict[str, str]] = {}
    for level in Level:
        rung = data.get(level.value)
        if not isinstance(rung, dict):
            raise PromptError(f"{path}: no [{level.value}] table")
        missing = [k for k in LADDER_KEYS if not isinstance(rung.get(k), str) or not rung[k].strip()]
        if missing:
            raise PromptError(f"{path}: [{level.value}] lacks {', '.join(missing)}")
        out[level.value] = {k: " ".join(rung[k].split()) for k in LADDER_KEYS}
    return out


def _read_families(path: Path) -> dict[str, dict[str, str]]:
    """families.toml: [default] and one table per job family (roles.FAMILIES), section key -> hint."""
    from ..roles import FAMILIES
    from ..schema.sections import BY_KEY

    data = _read_toml(path)
    out: dict[str, dict[str, str]] = {}
    for family, table in data.items():
        if family != "default" and family not in FAMILIES:
            raise PromptError(f"{path}: unknown job family [{family}] (families: default, {', '.join(FAMILIES)})")
        if not isinstance(table, dict):
            raise PromptError(f"{path}: [{family}] is not a table")
        for key, hint in table.items():
            if key not in BY_KEY or not isinstance(hint, str):
                raise PromptError(f"{path}: [{family}] {key!r}: not a section key with a text hint")
        out[family] = {k: " ".join(v.split()) for k, v in table.items()}
    if "default" not in out:
        raise PromptError(f"{path}: no [default] table")
    return out


def prompt_version() -> str:
    """The current PROMPT_VERSION (recomputed when a prompt or example file changes)."""
    return _assets().version


def prompt_settings() -> PromptSettings:
    return _assets().settings


def __getattr__(name: str) -> Any:  # PROMPT_VERSION is computed on first use, not at import
    if name == "PROMPT_VERSION":
        return prompt_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def render_system(assets: _Assets) -> str:
    """The system message of every call: the rules, plus what ``drafter validate``'s wording lint checks."""
    from ..lint.asks import asks  # the lint's own wording of its rules, so drafts start out clean of them

    return _render(assets, "system.j2", asks=asks("blueprint"))


def _render(assets: _Assets, template: str, **context: Any) -> str:
    import jinja2

    env = assets.env
    try:
        return env.get_template(template).render(**context).strip()
    except jinja2.TemplateError as exc:
        where = getattr(exc, "filename", None) or template
        line = getattr(exc, "lineno", None)
        at = f"{where}:{line}" if line else where
        raise PromptError(f"prompt template {at}: {exc}") from exc


# --------------------------------------------------------------------------- untrusted data

# "<" that starts a tag ("<role_data>", "</example>", "<!--", "< /feedback>"); "<5%" and "< X" stay as they are
_TAGLIKE = re.compile(r"<(?=[A-Za-z!?_/]|\s+/)")


def _escape_char(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _unsafe(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") and ch not in "\n\t"


def encode_data(value: Any) -> str:
    """``value`` as one line of JSON that cannot open or close a delimiter block.

    Tag-like ``<`` (``</role_data>``, ``<example>``...) becomes ``\\u003c``; line
    breaks and invisible or bidi control characters are escaped, so the data
    stays on one line and reads the same as it decodes.  ``json.loads`` of the
    result gives ``value`` back.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = _TAGLIKE.sub(r"\\u003c", text)
    if not text.isprintable() and any(_unsafe(ch) for ch in text):
        text = "".join(_escape_char(ch) if _unsafe(ch) else ch for ch in text)
    return text


def encode_attribute(value: str) -> str:
    """A JSON string for a tag attribute (``role="..."``): ``>`` is escaped too."""
    return encode_data(value).replace(">", "\\u003e")


def _clip(text: str, limit: int) -> str:
    text = text.strip()
    if len(text) <= limit:
        return text
    return text[: max(1, limit - len(TRUNCATED))].rstrip() + TRUNCATED


def role_data(request: RoleRequest, settings: PromptSettings) -> dict[str, Any]:
    """The role block: the request's inputs (non-empty, clipped to the limits), with level, track and
    family resolved (given, else inferred from the title) and ``inferred`` naming which were inferred."""
    given = request.inputs()
    r = request.resolved
    out: dict[str, Any] = {}
    for name in ("title", "level", "track", "family", "company_size", "industry", "notes", "context"):
        value = given.get(name)
        if name == "level":
            value = r.level.value
        elif name == "track":
            value = "manager" if r.track.value == "manager" else "individual_contributor"
        elif name == "family":
            value = r.family
        if isinstance(value, str) and value.strip():
            out[name] = _clip(value, settings.limits.get(name, 2000))
    if "title" not in out:
        out["title"] = "(untitled role)"
    if r.inferred:
        out["inferred_from_title"] = list(r.inferred)
    return out


def _level_note(request: RoleRequest) -> str:
    """'senior level, individual contributor track (both inferred from the title)' -- no free text: the
    family, which may come from the title, stays inside role_data."""
    r = request.resolved
    level = r.level.value.replace("_", " ")
    track = "individual contributor" if r.track.value == "individual_contributor" else "manager"
    guessed = [w for w in ("level", "track") if w in r.inferred]
    if len(guessed) == 2:
        note = " (both inferred from the title)"
    elif guessed:
        note = f" ({guessed[0]} inferred from the title)"
    else:
        note = ""
    return f"{level} level, {track} track{note}, in the job family given in role_data"


def level_ladder(request: RoleRequest) -> dict[str, str]:
    """The rung of the level ladder (prompts/levels.toml) the request's role sits on, for its track:
    scope, horizon, decisions, budget, years, leadership."""
    r = request.resolved
    rung = _assets().ladder[r.level.value]
    leadership = rung["manager"] if r.track.value == "manager" else rung["ic"]
    return {**{k: rung[k] for k in ("scope", "horizon", "decisions", "budget", "years")}, "leadership": leadership}


def ladder_lines(request: RoleRequest) -> list[str]:
    """The ladder as the prompt shows it, one line per aspect."""
    rung = level_ladder(request)
    return [
        f"- Scope: {rung['scope']}.",
        f"- Planning horizon: {rung['horizon']}.",
        f"- Decides alone: {rung['decisions']}.",
        f"- Budget and vendors: {rung['budget']}.",
        f"- Experience: typically {rung['years']} years, or equivalent experience.",
        f"- People leadership: {rung['leadership']}.",
    ]


def family_hint(spec: SectionSpec, request: RoleRequest) -> str:
    """The job family's hint for this section (prompts/families.toml), or the neutral default."""
    families = _assets().families
    family = request.resolved.job_family
    table = families.get(family or "", {})
    return table.get(spec.key) or families["default"].get(spec.key, "")


# --------------------------------------------------------------------------- fields


def _resolve(schema: dict, root: dict) -> dict:
    return fewshot._resolve(schema, root)


def _string_kind(schema: dict) -> str:
    cap = schema.get("maxLength", 280)
    if cap <= 90:
        return "name"
    if cap <= 160:
        return "phrase"
    if cap <= 280:
        return "sentence"
    return "paragraph"


def _count(lo: int | None, hi: int | None) -> str:
    lo = 1 if lo is None else lo
    hi = hi or lo or 1
    return f"exactly {lo}" if lo == hi else f"{lo}-{hi}"


def _describe(name: str, schema: dict, root: dict, indent: str) -> list[str]:
    schema = _resolve(schema, root)
    desc = (schema.get("description") or "").strip()
    desc = f" {desc}" if desc else ""
    if "enum" in schema:
        values = [json.dumps(v) for v in schema["enum"]]
        choice = values[0] if len(values) == 1 else ", ".join(values[:-1]) + " or " + values[-1]
        return [f"{indent}- {name}: {choice}.{desc}"]
    kind = schema.get("type")
    if kind == "string":
        return [f"{indent}- {name}: {_string_kind(schema)} (max {schema.get('maxLength', 280)} chars).{desc}"]
    if kind == "array":
        items = _resolve(schema.get("items", {}), root)
        count = _count(schema.get("minItems"), schema.get("maxItems"))
        if items.get("type") == "object" or "properties" in items:
            noun = "object" if count == "exactly 1" else "objects"
            lines = [f"{indent}- {name}: {count} {noun}.{desc} Each has:"]
            for sub_name, sub in items.get("properties", {}).items():
                lines.extend(_describe(sub_name, sub, root, indent + "  "))
            return lines
        if "enum" in items:
            return [f"{indent}- {name}: {count} of {', '.join(json.dumps(v) for v in items['enum'])}.{desc}"]
        noun = _string_kind(items) + ("" if count == "exactly 1" else "s")
        return [f"{indent}- {name}: {count} {noun} (max {items.get('maxLength', 280)} chars each).{desc}"]
    if kind == "object" or "properties" in schema:
        lines = [f"{indent}- {name}: object.{desc} It has:"]
        for sub_name, sub in schema.get("properties", {}).items():
            lines.extend(_describe(sub_name, sub, root, indent + "  "))
        return lines
    return [f"{indent}- {name}: {kind or 'value'}.{desc}"]


def describe_fields(spec: SectionSpec, depth: Depth | str) -> list[str]:
    """One line per field of the section's generation model: name, kind, count, description."""
    return list(_describe_fields(spec.model, Depth(depth)))


@lru_cache(maxsize=None)
def _describe_fields(model: type[BaseModel], depth: Depth) -> tuple[str, ...]:
    schema = fewshot.gen_schema(model, depth)
    lines: list[str] = []
    for name, sub in schema.get("properties", {}).items():
        lines.extend(_describe(name, sub, schema, ""))
    return tuple(lines)


# --------------------------------------------------------------------------- dependencies

_LABELS = ("name", "dimension", "context", "category", "area", "title")


@dataclass(frozen=True)
class _Step:
    texts: int | None  # items kept per list of texts or groups
    chars: int | None  # characters kept per text
    labels: int | None  # items kept per list of names (skills, KPIs, tools): cheap and what dependants reuse


# tightest last: texts get shorter, then fewer; name lists are cut last
_DIGEST_STEPS: tuple[_Step, ...] = (
    _Step(None, 200, None), _Step(None, 140, None), _Step(None, 100, None), _Step(6, 80, None),
    _Step(5, 60, 12), _Step(4, 50, 10), _Step(3, 45, 10), _Step(2, 40, 8), _Step(1, 40, 5), _Step(1, 30, 3),
)


def _label(value: dict, props: dict, root: dict) -> str | None:
    """``"name (Critical)"`` for an object that is a name with scalar details, else None."""
    label = next((k for k in _LABELS if isinstance(value.get(k), str)), None)
    if label is None or any(_resolve(props.get(k, {}), root).get("type") == "array" for k in value):
        return None
    quals = [str(value[k]) for k, sub in props.items() if k in value and "enum" in _resolve(sub, root)]
    return value[label] + (f" ({', '.join(quals)})" if quals else "")


def _digest(value: Any, schema: dict, root: dict, step: _Step) -> Any:
    schema = _resolve(schema, root)
    if isinstance(value, dict):
        props = schema.get("properties", {})
        return {k: _digest(v, props.get(k, {}), root, step) for k, v in value.items()}
    if isinstance(value, list):
        item_schema = _resolve(schema.get("items", {}), root)
        props = item_schema.get("properties", {})
        labels = [_label(v, props, root) if isinstance(v, dict) else None for v in value]
        if value and all(x is not None for x in labels):
            kept = labels if step.labels is None else labels[: step.labels]
            return [_short_label(x, step.chars) for x in kept]
        kept = value if step.texts is None else value[: step.texts]
        return [_digest(v, item_schema, root, step) for v in kept]
    if isinstance(value, str):
        return fewshot.shorten(value, step.chars) if step.chars else value
    return value


def _short_label(text: str, chars: int | None) -> str:
    if not chars or len(text) <= chars:
        return text
    m = re.match(r"^(.*?)( \([^()]*\))$", text)  # keep the qualifier: "Long skill name… (Critical)"
    if m:
        return fewshot.shorten(m.group(1), chars) + m.group(2)
    return fewshot.shorten(text, chars)


def dependency_digest(
    spec: SectionSpec, dependencies: Mapping[str, BaseModel], depth: Depth | str, settings: PromptSettings,
    context: Mapping[str, BaseModel] | None = None,
) -> tuple[str | None, int]:
    """The drafted sections ``spec`` depends on, as compact encoded JSON within budget, and its tokens.

    ``context``: other sections every drafted section sees (the kept sections of a document
    being completed, the shared sections of a ladder); they follow, in document order.
    """
    context = context or {}
    dependencies = {**{k: v for k, v in context.items() if k != spec.key}, **dependencies}
    extra = [s.key for s in SECTIONS if s.key in context and s.key not in spec.depends_on and s.key != spec.key]
    wanted = [k for k in (*spec.depends_on, *extra) if isinstance(dependencies.get(k), BaseModel)]
    if not wanted:
        return None, 0
    projected: dict[str, tuple[Any, dict]] = {}
    for key in wanted:
        schema = fewshot.gen_schema(BY_KEY[key].model, Depth(depth))
        dumped = dependencies[key].model_dump(mode="json")
        data = fewshot.project(dumped, schema)
        fields = settings.digests.get(spec.key, {}).get(key)
        if data and fields:
            data = {k: v for k, v in data.items() if k in fields}
        loose = dumped.get("items")  # what a read document lists without a group (not a generation field)
        if loose and not (data or {}).get("items"):
            data = {**(data or {}), "items": loose}
        if data:
            projected[key] = (data, schema)
    if not projected:
        return None, 0
    text, tokens = "", 0
    for step in _DIGEST_STEPS:
        digest = {k: _digest(data, schema, schema, step) for k, (data, schema) in projected.items()}
        text = encode_data(digest)
        tokens = count_tokens(text)
        if tokens <= settings.dependencies_budget(depth):
            break
    return text, tokens


def current_version(
    spec: SectionSpec, previous: BaseModel, depth: Depth | str, settings: PromptSettings
) -> tuple[str | None, int]:
    """The section's current content, in the generation shape, within budget."""
    schema = fewshot.gen_schema(spec.model, Depth(depth))
    dumped = previous.model_dump(mode="json")
    text, tokens = None, 0
    for limit in (None, 6, 4, 3, 2, 1):
        data = fewshot.project(dumped, schema, max_items=limit)
        if data is None:
            return None, 0
        text = encode_data(data)
        tokens = count_tokens(text)
        if tokens <= settings.current_version_tokens:
            break
    return text, tokens


# --------------------------------------------------------------------------- messages


@dataclass(frozen=True)
class Prompt:
    """The messages for one section and what went into them."""

    messages: list[dict[str, str]]
    examples: tuple[str, ...]  # keys of the example files shown ("structure-example" for the structure-only one)
    tokens: dict[str, int]  # system, user, examples, dependencies, current_version, total
    version: str
    structure_only: bool = False  # the only example is the generic structure example (none close enough)


def build_prompt(
    spec: SectionSpec,
    request: RoleRequest,
    *,
    depth: Depth | str,
    dependencies: Mapping[str, BaseModel] | None = None,
    feedback: str | None = None,
    previous: BaseModel | None = None,
    settings: PromptSettings | None = None,
    examples: tuple[fewshot.Example, ...] | None = None,
    profile: BaseModel | None = None,
    context: Mapping[str, BaseModel] | None = None,
) -> Prompt:
    """``build_messages`` with its accounting (for tests, benchmarks and debugging)."""
    assets = _assets()
    settings = settings or assets.settings
    depth = Depth(depth)

    def render_example(example: fewshot.Example, data: dict) -> str:
        return _render(
            assets,
            "example.j2",
            role_json=encode_attribute(_clip(example.title, settings.limits.get("title", 200))),
            level=example.level.value if example.level else None,
            structure=example.structure_only,
            payload=encode_data(data),
        )

    shots = fewshot.select_examples(
        spec,
        request,
        depth=depth,
        budget=settings.examples_budget(depth),
        max_examples=settings.max_examples,
        render=render_example,
        examples=examples,
    )
    deps_json, deps_tokens = dependency_digest(spec, dependencies or {}, depth, settings, context)
    prev_json, prev_tokens = (None, 0)
    if previous is not None:
        prev_json, prev_tokens = current_version(spec, previous, depth, settings)
    feedback_json = None
    if feedback is not None and feedback.strip():
        feedback_json = encode_data(_clip(feedback, settings.limits.get("feedback", 1000)))

    profile_json = encode_data(profile.model_dump(mode="json", exclude_none=True)) if profile is not None else None
    system = render_system(assets)
    user = _render(
        assets,
        "section.j2",
        profile_json=profile_json,
        section={"key": spec.key, "number": spec.number or "", "title": spec.title},
        depth=depth.value,
        role_json=encode_data(role_data(request, settings)),
        level_note=_level_note(request),
        ladder=ladder_lines(request),
        family_hint=family_hint(spec, request),
        dependencies_json=deps_json,
        fields=describe_fields(spec, depth),
        guidance=settings.guidance.get(spec.key, ""),
        examples=[s.text for s in shots],
        structure_only=any(s.structure_only for s in shots),
        previous_json=prev_json,
        feedback_json=feedback_json,
    )
    messages = [{"role": "system", "content": system}, {"role": "user", "content": user}]
    tokens = {
        "system": count_tokens(system),
        "user": count_tokens(user),
        "examples": sum(s.tokens for s in shots),
        "dependencies": deps_tokens,
        "current_version": prev_tokens,
        "total": count_messages(messages),
    }
    return Prompt(messages=messages, examples=tuple(s.example.key for s in shots), tokens=tokens,
                  version=assets.version, structure_only=any(s.structure_only for s in shots))


def build_messages(
    spec: SectionSpec,
    request: RoleRequest,
    *,
    depth: Depth,
    dependencies: dict[str, BaseModel],
    feedback: str | None = None,
    previous: BaseModel | None = None,
    profile: BaseModel | None = None,
    context: Mapping[str, BaseModel] | None = None,
) -> list[dict[str, str]]:
    """The system and user messages that ask for ``spec``'s section of ``request``'s blueprint
    (``profile``: the role profile drafted first, shown to every section; ``context``: sections shown besides
    ``spec``'s dependencies, see ``dependency_digest``)."""
    return build_prompt(
        spec, request, depth=depth, dependencies=dependencies, feedback=feedback, previous=previous, profile=profile,
        context=context,
    ).messages


__all__ = [
    "FORMAT_VERSION",
    "Prompt",
    "PromptError",
    "PromptSettings",
    "build_messages",
    "build_prompt",
    "current_version",
    "dependency_digest",
    "describe_fields",
    "encode_data",
    "family_hint",
    "ladder_lines",
    "level_ladder",
    "prompt_settings",
    "prompt_version",
    "role_data",
]
