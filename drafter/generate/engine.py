"""The drafting engine (v0: contract and a working baseline).

``Engine(backend).draft(request)`` drafts every section of a blueprint: one
backend call per section, sections without dependencies concurrently under a
bound, dependants after the sections they depend on.  Progress goes to
``on_event`` as ``SectionEvent``s.  A failed section does not stop the
others: the result carries the partial blueprint and the failures.

Callers (CLI, TUI, batch) only use this module's public API:

    engine = Engine(backend, concurrency=4, limiter=None)
    result = await engine.draft(request, on_event=handler, sections=None)
    section = await engine.draft_section(request, "kpis", blueprint=bp, feedback="more senior")
    await engine.aclose()
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Iterable
from datetime import datetime, timezone

from pydantic import BaseModel

from ..errors import DrafterError
from ..schema.genmodels import generation_model, to_canonical
from ..schema.markers import Depth
from ..schema.models import Blueprint, GenerationInfo, RoleMeta, SectionUsage
from ..schema.sections import BY_KEY, GENERATED_SECTIONS, SectionSpec
from . import prompts
from .types import Backend, DraftResult, RoleRequest, SectionCall, SectionEvent, SectionState, Usage


def estimate_max_tokens(spec: SectionSpec, depth: Depth) -> int:
    """Output budget for one section: the JSON of a full-size answer, with margin."""
    schema = generation_model(spec.model, depth).model_json_schema()
    chars = _max_chars(schema, schema)
    return max(256, min(8192, int(chars / 3.2) + 64))


def _max_chars(schema: dict, root: dict) -> int:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    kind = schema.get("type")
    if "enum" in schema:
        return max(len(str(v)) for v in schema["enum"]) + 2
    if kind == "object":
        return sum(len(k) + 4 + _max_chars(v, root) for k, v in schema.get("properties", {}).items()) + 2
    if kind == "array":
        return schema.get("maxItems", 5) * (_max_chars(schema["items"], root) + 2) + 2
    if kind == "string":
        # Models rarely use the whole cap; budget ~60% of it.
        return int(schema.get("maxLength", 200) * 0.6) + 2
    return 12


class Engine:
    def __init__(
        self,
        backend: Backend,
        *,
        concurrency: int = 4,
        limiter: asyncio.Semaphore | None = None,
        temperature: float | None = None,
    ):
        if concurrency < 1:
            raise ValueError("concurrency must be >= 1")
        self.backend = backend
        self.concurrency = concurrency
        self._limiter = limiter  # shared with other engines (batch): bounds items x sections
        self.temperature = temperature

    # ------------------------------------------------------------------ public

    async def draft(
        self,
        request: RoleRequest,
        *,
        sections: Iterable[str] | None = None,
        on_event=None,
        base: Blueprint | None = None,
    ) -> DraftResult:
        """Draft ``sections`` (default: all generated sections) for ``request``.

        ``base`` is an existing blueprint whose sections serve as dependencies
        and are kept for sections not drafted now.
        """
        keys = list(sections) if sections is not None else [s.key for s in GENERATED_SECTIONS]
        for key in keys:
            if key not in BY_KEY or not BY_KEY[key].generated:
                raise DrafterError(f"unknown or non-generated section {key!r}")
        depth = Depth(request.depth)
        started = time.perf_counter()
        started_at = datetime.now(timezone.utc).isoformat(timespec="seconds")
        limiter = self._limiter or asyncio.Semaphore(self.concurrency)
        results: dict[str, BaseModel] = {}
        if base is not None:
            for spec in GENERATED_SECTIONS:
                value = getattr(base, spec.key)
                if value is not None:
                    results[spec.key] = value
        done_events = {key: asyncio.Event() for key in keys}
        usages: dict[str, SectionUsage] = {}
        failed: dict[str, str] = {}
        total = Usage()

        for key in keys:
            await _emit(on_event, SectionEvent(key, SectionState.queued))

        async def run(key: str) -> None:
            spec = BY_KEY[key]
            try:
                for dep in spec.depends_on:
                    if dep in done_events:
                        await done_events[dep].wait()
                deps = {d: results[d] for d in spec.depends_on if d in results}
                async with limiter:
                    await _emit(on_event, SectionEvent(key, SectionState.running, attempt=1))
                    t0 = time.perf_counter()
                    section, usage = await self._generate(spec, request, depth, deps)
                results[key] = section
                total.add(usage)
                usages[key] = _section_usage(key, "done", usage, time.perf_counter() - t0)
                await _emit(on_event, SectionEvent(key, SectionState.done, result=section, usage=usage))
            except asyncio.CancelledError:
                failed[key] = "cancelled"
                await _emit(on_event, SectionEvent(key, SectionState.cancelled, message="cancelled"))
                raise
            except Exception as exc:  # noqa: BLE001 - one failing section must not stop the others
                reason = str(exc) or type(exc).__name__
                failed[key] = reason
                usages[key] = _section_usage(key, "failed", Usage(), 0.0, error=reason)
                await _emit(on_event, SectionEvent(key, SectionState.failed, message=reason))
            finally:
                done_events[key].set()

        tasks = [asyncio.create_task(run(k), name=f"section:{k}") for k in keys]
        try:
            await asyncio.gather(*tasks)
        except asyncio.CancelledError:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            raise

        bp = self._assemble(request, results, base)
        bp.generation = GenerationInfo(
            model=self.backend.model,
            api_base=self.backend.api_base,
            depth=depth.value,
            prompt_version=prompts.PROMPT_VERSION,
            started_at=started_at,
            seconds=round(time.perf_counter() - started, 3),
            prompt_tokens=total.prompt_tokens,
            completion_tokens=total.completion_tokens,
            cost_usd=total.cost_usd,
            sections=[usages[k] for k in keys if k in usages],
            missing_sections=[s.key for s in GENERATED_SECTIONS if getattr(bp, s.key) is None],
            inputs=request.inputs(),
        )
        return DraftResult(blueprint=bp, failed=failed, usage=total)

    async def draft_section(
        self,
        request: RoleRequest,
        section: str,
        *,
        blueprint: Blueprint | None = None,
        feedback: str | None = None,
        on_event=None,
    ) -> BaseModel:
        """Draft (or regenerate, with reviewer ``feedback``) one section; raises on failure."""
        spec = BY_KEY[section]
        depth = Depth(request.depth)
        deps = {}
        previous = None
        if blueprint is not None:
            deps = {d: getattr(blueprint, d) for d in spec.depends_on if getattr(blueprint, d) is not None}
            previous = getattr(blueprint, section)
        limiter = self._limiter or asyncio.Semaphore(self.concurrency)
        await _emit(on_event, SectionEvent(section, SectionState.queued))
        try:
            async with limiter:
                await _emit(on_event, SectionEvent(section, SectionState.running, attempt=1))
                result, usage = await self._generate(spec, request, depth, deps, feedback=feedback, previous=previous)
        except Exception as exc:
            await _emit(on_event, SectionEvent(section, SectionState.failed, message=str(exc)))
            raise
        await _emit(on_event, SectionEvent(section, SectionState.done, result=result, usage=usage))
        return result

    async def aclose(self) -> None:
        await self.backend.aclose()

    # ------------------------------------------------------------------ internals

    async def _generate(self, spec, request, depth, deps, *, feedback=None, previous=None) -> tuple[BaseModel, Usage]:
        gen_model = generation_model(spec.model, depth)
        messages = prompts.build_messages(
            spec, request, depth=depth, dependencies=deps, feedback=feedback, previous=previous
        )
        call = SectionCall(
            section=spec.key,
            messages=messages,
            response_model=gen_model,
            max_tokens=estimate_max_tokens(spec, depth),
            request=request,
            temperature=self.temperature,
        )
        out = await self.backend.generate(call)
        return to_canonical(spec.model, out.data), out.usage

    @staticmethod
    def _assemble(request: RoleRequest, results: dict[str, BaseModel], base: Blueprint | None) -> Blueprint:
        if base is not None:
            bp = base.model_copy(deep=True)
        else:
            bp = Blueprint(meta=RoleMeta(title=request.title, company_size=request.company_size, industry=request.industry))
        for key, value in results.items():
            setattr(bp, key, value)
        return bp


def _section_usage(key: str, status: str, usage: Usage, seconds: float, error: str | None = None) -> SectionUsage:
    return SectionUsage(
        section=key,
        status=status,
        attempts=usage.attempts,
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        cost_usd=usage.cost_usd,
        seconds=round(seconds, 3),
        error=error,
    )


async def _emit(handler, event: SectionEvent) -> None:
    if handler is None:
        return
    result = handler(event)
    if inspect.isawaitable(result):
        await result
