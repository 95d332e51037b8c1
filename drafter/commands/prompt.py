"""``drafter prompt TITLE --section SECTION``: the exact messages a section's call sends, with token counts.

Calls no model and imports no litellm: the messages come from
``drafter.generate.prompts.build_prompt`` (the function the engine uses), the
token counts from ``drafter.generate.tokens`` (cl100k_base, offline).  Also
reachable as ``drafter draft TITLE --show-prompt SECTION``.

A full draft first asks the model for a short role profile and shows it to every
section inside ``<role_profile>``; that block depends on the model's answer, so
it is left out here (and said so).
"""

from __future__ import annotations

import json
import sys

from rich.console import Console
from rich.markup import escape

from ..errors import UsageError


def find_section(value: str):
    """A generated section by key ('kpis'), number ('7') or title ('KPIs and Productivity Metrics')."""
    from ..schema.sections import GENERATED_SECTIONS

    text = " ".join(value.strip().split())
    low = text.lower().rstrip(")")
    for spec in GENERATED_SECTIONS:
        if low in (spec.key, str(spec.number), spec.title.lower(), spec.key.replace("_", " "), spec.key.replace("_", "-")):
            return spec
    names = ", ".join(s.key for s in GENERATED_SECTIONS)
    raise UsageError(f"unknown section {value!r}; use a number 1-20 or one of: {names}")


def run(
    title: str,
    section: str,
    level: str | None = None,
    track: str | None = None,
    family: str | None = None,
    company_size: str | None = None,
    industry: str | None = None,
    notes: str | None = None,
    depth: str | None = None,
    format: str = "text",
    console: Console | None = None,
) -> int:
    from ..config import load_settings
    from ..generate import prompts
    from ..generate.tokens import count_messages, count_tokens, tokenizer_name
    from ..schema.genmodels import generation_model, model_schema
    from ..schema.markers import Depth
    from .draft import build_request

    err = console or Console(stderr=True, highlight=False, soft_wrap=True)
    spec = find_section(section)
    from ..generate import engine

    if spec.key == getattr(engine, "SCORECARD_KEY", None):
        raise UsageError("the scorecard is assembled from the drafted sections by code: no model call, no prompt")
    settings = load_settings(depth=depth)
    request = build_request(title, level=level, track=track, family=family, company_size=company_size,
                            industry=industry, notes=notes, depth=Depth(settings.depth))
    depth_value = Depth(settings.depth)
    built = prompts.build_prompt(spec, request, depth=depth_value)
    schema = model_schema(generation_model(spec.model, depth_value))
    schema_tokens = count_tokens(json.dumps(schema, separators=(",", ":")))
    parts = _parts(spec, request, depth_value, built.messages)
    if format == "json":
        out = {
            "section": spec.key,
            "request": request.describe(),
            "depth": depth_value.value,
            "prompt_version": built.version,
            "tokenizer": tokenizer_name(),
            "messages": built.messages,
            "tokens": {**built.tokens, "response_schema": schema_tokens},
            "examples": list(built.examples),
            "structure_only": built.structure_only,
            "response_schema": schema,
            "parts": [
                {"fields": list(fields), "messages": messages, "tokens": {"total": count_messages(messages)}}
                for fields, messages in parts
            ],
        }
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return 0
    err.print(escape(request.describe()), highlight=False)
    out = Console(highlight=False, soft_wrap=True, markup=False)
    out.print(f"# {spec.heading} -- {depth_value.value} depth, prompt version {built.version}")
    for message in built.messages:
        role = message["role"]
        out.print(f"\n===== {role} ({built.tokens.get(role, count_tokens(message['content']))} tokens) =====")
        out.print(message["content"])
    if built.structure_only:
        shown = "structure-only example (no example close enough)"
    else:
        shown = ", ".join(built.examples) or "none close enough"
    out.print(
        f"\n===== total {built.tokens['total']} tokens ({tokenizer_name()}); examples: {shown} "
        f"({built.tokens['examples']} tokens); the response schema sent beside the messages: {schema_tokens} tokens ====="
    )
    for fields, messages in parts:
        out.print(f"\n===== part call for {', '.join(fields)}: its user message "
                  f"({count_messages(messages)} tokens in all) =====")
        out.print(messages[-1]["content"])
    if parts:
        out.print(f"\nWith a model that takes concurrent calls (not the embedded one), this section is sent as the "
                  f"{len(parts)} part calls above instead of the single call.")
    out.print("A full draft also shows every section the role profile the model drafts first (<role_profile>), "
              "which this command, calling no model, cannot show.")
    return 0


def _parts(spec, request, depth, messages) -> list[tuple[tuple[str, ...], list[dict[str, str]]]]:
    """The part calls the engine sends instead of one call for its split sections, as (fields, messages)."""
    from ..generate import engine
    from ..generate.types import SectionCall
    from ..schema.genmodels import generation_model
    from ..schema.markers import Depth

    split = getattr(engine, "SPLIT_SECTIONS", {}).get(spec.key)
    if not split or depth is Depth.brief or not hasattr(engine, "part_call"):
        return []
    call = SectionCall(section=spec.key, messages=messages, response_model=generation_model(spec.model, depth),
                       max_tokens=engine.estimate_max_tokens(spec, depth), request=request)
    return [(tuple(fields), engine.part_call(call, tuple(fields)).messages) for fields in split]
