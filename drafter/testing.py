"""Test doubles that ship with the library: a fake backend with queued answers
and a schema-driven filler that produces valid section data for any model.

Used by the test suite, the TUI's tests and snapshots, batch tests and the
benchmarks; never by a real draft.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import defaultdict, deque
from typing import Any

from pydantic import BaseModel

from .generate.types import SectionCall, SectionOutput, Usage
from .schema.genmodels import generation_model, model_schema, to_canonical
from .schema.markers import Depth
from .schema.models import Blueprint, RoleMeta
from .schema.sections import GENERATED_SECTIONS


def _resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = {**root["$defs"][name], **{k: v for k, v in schema.items() if k != "$ref"}}
    if "anyOf" in schema:
        options = [o for o in schema["anyOf"] if o.get("type") != "null"]
        schema = {**_resolve(options[0], root), **{k: v for k, v in schema.items() if k != "anyOf"}}
    return schema


def _fill(
    schema: dict, root: dict, label: str, hint: str, counter: itertools.count, prefer_max: bool, suffix: str = ""
) -> Any:
    schema = _resolve(schema, root)
    if "enum" in schema:
        values = schema["enum"]
        return values[next(counter) % len(values)]
    kind = schema.get("type")
    if kind == "object":
        return {
            name: _fill(sub, root, (sub.get("title") or name.replace("_", " ").title()) + suffix, hint, counter, prefer_max)
            for name, sub in schema.get("properties", {}).items()
        }
    if kind == "array":
        lo = schema.get("minItems", 1)
        hi = schema.get("maxItems", max(lo, 3))
        n = hi if prefer_max else max(lo, min(hi, (lo + hi + 1) // 2))
        singular = label[:-1] if label.endswith("s") and not label.endswith("ss") else label
        return [
            _fill(schema["items"], root, f"{singular} {i + 1}", hint, counter, prefer_max, suffix=f" {i + 1}")
            for i in range(n)
        ]
    if kind == "string":
        text = f"{label} for {hint}" if hint else label
        cap = schema.get("maxLength")
        return text[:cap].rstrip() if cap else text
    if kind == "integer":
        return schema.get("minimum", 1)
    if kind == "number":
        return float(schema.get("minimum", 1))
    if kind == "boolean":
        return False
    raise TypeError(f"cannot fill schema {schema!r}")


def fill_schema(schema: dict, hint: str = "", *, name: str = "Item", prefer_max: bool = False) -> Any:
    """JSON data that satisfies ``schema`` (with its ``$defs``), with placeholder text mentioning ``hint``."""
    return _fill(schema, schema, name, hint, itertools.count(), prefer_max)


def fill_model(model: type[BaseModel], hint: str = "", *, prefer_max: bool = False) -> BaseModel:
    """A valid instance of ``model`` with readable placeholder text mentioning ``hint``."""
    schema = model_schema(model)
    data = _fill(schema, schema, model.__name__, hint, itertools.count(), prefer_max)
    return model.model_validate(data)


def sample_section(key: str, title: str = "Staff Platform Engineer", depth: Depth | str = Depth.standard) -> BaseModel:
    """A canonical section model filled with placeholder text."""
    spec = next(s for s in GENERATED_SECTIONS if s.key == key)
    gen = fill_model(generation_model(spec.model, depth), title)
    return to_canonical(spec.model, gen)


def sample_blueprint(title: str = "Staff Platform Engineer", depth: Depth | str = Depth.standard) -> Blueprint:
    """A complete blueprint (all 20 sections) with placeholder text."""
    sections = {s.key: sample_section(s.key, title, depth) for s in GENERATED_SECTIONS}
    return Blueprint(meta=RoleMeta(title=title), **sections)


class FakeBackend:
    """A backend that answers from queues, then from the schema filler.

    ``answers`` maps a section key to a list of answers used in order; an
    answer is a dict or model (validated as the call's response model) or an
    exception instance (raised).  When a section's queue is empty the answer
    is filled from the schema.  ``calls`` records every SectionCall.
    """

    def __init__(
        self,
        answers: dict[str, list[Any]] | None = None,
        *,
        model: str = "fake/model",
        api_base: str | None = None,
        delay: float = 0.0,
        usage: Usage | None = None,
    ):
        self.model = model
        self.api_base = api_base
        self.delay = delay
        self.usage = usage or Usage(prompt_tokens=100, completion_tokens=50, cost_usd=0.0, attempts=1)
        self.answers: dict[str, deque] = defaultdict(deque, {k: deque(v) for k, v in (answers or {}).items()})
        self.calls: list[SectionCall] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.closed = False

    def queue(self, section: str, *answers: Any) -> None:
        self.answers[section].extend(answers)

    async def generate(self, call: SectionCall) -> SectionOutput:
        self.calls.append(call)
        self.in_flight += 1
        self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.delay:
                await asyncio.sleep(self.delay)
            queue = self.answers.get(call.section)
            answer = queue.popleft() if queue else None
            if isinstance(answer, BaseException):
                raise answer
            if answer is None:
                data = fill_model(call.response_model, call.request.title)
            elif isinstance(answer, BaseModel):
                data = call.response_model.model_validate(answer.model_dump(mode="json"))
            else:
                data = call.response_model.model_validate(answer)
            u = self.usage
            return SectionOutput(
                data=data,
                usage=Usage(u.prompt_tokens, u.completion_tokens, u.cost_usd, self.delay, u.attempts),
            )
        finally:
            self.in_flight -= 1

    async def aclose(self) -> None:
        self.closed = True
