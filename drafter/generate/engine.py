"""The drafting engine: every section of a blueprint, as a small DAG.

``Engine(backend).draft(request)`` drafts every section: one backend call per
section, sections without dependencies concurrently under one bound,
dependants (hiring after the skills, the scorecard after the sections it
summarises) as soon as what they depend on is done.  Progress goes to
``on_event`` as ``SectionEvent``s (queued, running -- again with a note for
each retry --, done, cached, failed with its reason, cancelled).  A failed
section does not stop the others: the result carries the partial blueprint
and the failures, and ``bp.generation`` records tokens, cost and time per
section over every attempt plus the missing sections.

Answers are cached (``ResponseCache``) by a hash of the exact request; a hit
costs nothing and is reported as ``cached``.

Callers (CLI, TUI, batch) only use this module's public API:

    engine = Engine(backend, concurrency=4, limiter=None, gate=RateGate(), cache=None)
    result = await engine.draft(request, on_event=handler, sections=None)
    section = await engine.draft_section(request, "kpis", blueprint=bp, feedback="more senior")
    await engine.aclose()

If ``draft`` is cancelled, the ``CancelledError`` it raises carries the
partial ``DraftResult`` as ``.draft_result``.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import DrafterError, SectionFailed
from ..schema.genmodels import generation_model, model_schema, to_canonical
from ..schema.markers import Depth
from ..schema.models import SCHEMA_VERSION, Blueprint, GenerationInfo, RoleMeta, SectionUsage
from ..schema.sections import BY_KEY, GENERATED_SECTIONS, SectionSpec
from . import prompts
from .types import Backend, DraftResult, RoleRequest, SectionCall, SectionEvent, SectionState, Usage


def estimate_max_tokens(spec: SectionSpec, depth: Depth) -> int:
    """Output budget for one section: the JSON of a full-size answer, with margin."""
    return tokens_for_schema(model_schema(generation_model(spec.model, depth)))


def tokens_for_schema(schema: dict, *, string_share: float = 0.6) -> int:
    """Tokens for the longest answer ``schema`` allows, counting ``string_share`` of each
    string's length cap (models rarely use a whole cap; 1.0 is the true worst case)."""
    chars = _max_chars(schema, schema, string_share)
    return max(256, min(8192, int(chars / 3.2) + 64))


def _max_chars(schema: dict, root: dict, share: float = 0.6) -> int:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    kind = schema.get("type")
    if "enum" in schema:
        return max(len(str(v)) for v in schema["enum"]) + 2
    if kind == "object":
        return sum(len(k) + 4 + _max_chars(v, root, share) for k, v in schema.get("properties", {}).items()) + 2
    if kind == "array":
        return schema.get("maxItems", 5) * (_max_chars(schema["items"], root, share) + 2) + 2
    if kind == "string":
        return int(schema.get("maxLength", 200) * share) + 2
    return 12


class _SectionError(Exception):
    """A section failed; carries the usage of its attempts."""

    def __init__(self, reason: str, usage: Usage):
        super().__init__(reason)
        self.reason = reason
        self.usage = usage
        self.seconds = 0.0


class _RunClock:
    """Seconds a section held its slot (from acquiring the bound to its answer)."""

    def __init__(self) -> None:
        self._t0: float | None = None
        self.seconds = 0.0

    def start(self) -> None:
        self._t0 = time.perf_counter()

    def stop(self) -> float:
        if self._t0 is not None:
            self.seconds = time.perf_counter() - self._t0
        return self.seconds


class Engine:
    def __init__(
        self,
        backend: Backend,
        *,
        concurrency: int = 4,
        limiter: asyncio.Semaphore | None = None,
        temperature: float | None = None,
        cache: Any = None,
        gate: Any = None,
    ):
        """``cache``: a ``ResponseCache``; None uses the backend's (``get_backend``
        attaches one unless --no-cache); False turns caching off.
        ``gate``: a ``RateGate`` shared by every call (and by every engine of a batch)."""
        if concurrency < 1:
            raise ValueError("concurrency must be >= 1")
        self.backend = backend
        cap = getattr(backend, "max_concurrency", None)
        self.concurrency = min(concurrency, cap) if cap else concurrency
        self._limiter = limiter  # shared with other engines (batch): bounds items x sections
        self.temperature = temperature
        chosen = getattr(backend, "cache", None) if cache is None else cache
        self.cache = None if chosen is None or chosen is False else chosen
        self.gate = gate

    # ------------------------------------------------------------------ public

    async def draft(
        self,
        request: RoleRequest,
        *,
        sections: Iterable[str] | None = None,
        on_event=None,
        base: Blueprint | None = None,
        context: Iterable[str] | None = None,
    ) -> DraftResult:
        """Draft ``sections`` (default: all generated sections) for ``request``.

        ``base`` is an existing blueprint whose sections serve as dependencies
        and are kept for sections not drafted now.  ``context``: keys of
        ``base`` sections that every drafted section sees in its prompt (besides
        its own dependencies), e.g. the sections a person wrote in a document
        being completed, or the sections a level ladder shares.
        """
        keys = list(dict.fromkeys(sections)) if sections is not None else [s.key for s in GENERATED_SECTIONS]
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
        shared: dict[str, BaseModel] = {}
        if base is not None and context is not None:
            shared = {k: getattr(base, k) for k in context if k in BY_KEY and getattr(base, k, None) is not None}
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
                clock = _RunClock()
                section, usage, state = await self._section(spec, request, depth, deps, limiter, on_event, clock=clock,
                                                            context=shared)
                results[key] = section
                total.add(usage)
                usages[key] = _section_usage(key, "cached" if state is SectionState.cached else "done", usage,
                                             clock.seconds)
                await _emit(on_event, SectionEvent(key, state, attempt=usage.attempts, result=section, usage=usage))
            except asyncio.CancelledError:
                failed[key] = "cancelled"
                await _emit(on_event, SectionEvent(key, SectionState.cancelled, message="cancelled"))
                raise
            except _SectionError as exc:
                failed[key] = exc.reason
                total.add(exc.usage)
                usages[key] = _section_usage(key, "failed", exc.usage, exc.seconds, error=exc.reason)
                await _emit(on_event, SectionEvent(key, SectionState.failed, attempt=exc.usage.attempts,
                                                   message=exc.reason, usage=exc.usage))
            finally:
                done_events[key].set()

        def finish() -> DraftResult:
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
            return DraftResult(blueprint=bp, failed=dict(failed), usage=total)

        tasks = [asyncio.create_task(run(k), name=f"section:{k}") for k in keys]
        try:
            await asyncio.gather(*tasks)
        except asyncio.CancelledError as exc:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for key in keys:
                if key not in results:
                    failed.setdefault(key, "cancelled")
            exc.draft_result = finish()  # type: ignore[attr-defined]
            raise
        return finish()

    async def draft_section(
        self,
        request: RoleRequest,
        section: str,
        *,
        blueprint: Blueprint | None = None,
        feedback: str | None = None,
        on_event=None,
    ) -> BaseModel:
        """Draft (or regenerate, with reviewer ``feedback``) one section; raises on failure.

        A regeneration (an existing section, or feedback) always asks the
        model; its answer is cached like any other.
        """
        spec = BY_KEY[section]
        depth = Depth(request.depth)
        deps: dict[str, BaseModel] = {}
        previous = None
        if blueprint is not None:
            deps = {d: getattr(blueprint, d) for d in spec.depends_on if getattr(blueprint, d) is not None}
            previous = getattr(blueprint, section)
        limiter = self._limiter or asyncio.Semaphore(self.concurrency)
        await _emit(on_event, SectionEvent(section, SectionState.queued))
        fresh = previous is not None or bool(feedback)
        try:
            result, usage, state = await self._section(
                spec, request, depth, deps, limiter, on_event, feedback=feedback, previous=previous, read_cache=not fresh
            )
        except asyncio.CancelledError:
            await _emit(on_event, SectionEvent(section, SectionState.cancelled, message="cancelled"))
            raise
        except _SectionError as exc:
            await _emit(on_event, SectionEvent(section, SectionState.failed, attempt=exc.usage.attempts,
                                               message=exc.reason, usage=exc.usage))
            cause = exc.__cause__
            if isinstance(cause, DrafterError):
                raise cause from None
            raise SectionFailed(section, exc.reason) from None
        await _emit(on_event, SectionEvent(section, state, attempt=usage.attempts, result=result, usage=usage))
        return result

    async def aclose(self) -> None:
        await self.backend.aclose()

    # ------------------------------------------------------------------ internals

    def build_call(self, spec: SectionSpec, request: RoleRequest, depth: Depth, deps: dict[str, BaseModel], *,
                   feedback: str | None = None, previous: BaseModel | None = None,
                   context: dict[str, BaseModel] | None = None) -> SectionCall:
        """The request for one section, exactly as it would be sent (and cached)."""
        messages = prompts.build_messages(
            spec, request, depth=depth, dependencies=deps, feedback=feedback, previous=previous, context=context
        )
        return SectionCall(
            section=spec.key,
            messages=messages,
            response_model=generation_model(spec.model, depth),
            max_tokens=estimate_max_tokens(spec, depth),
            request=request,
            temperature=self.temperature,
            gate=self.gate,
        )

    def cache_key(self, call: SectionCall) -> str:
        from .cache import request_key

        identity = getattr(self.backend, "cache_identity", None)
        params = {"temperature": call.temperature, "max_tokens": call.max_tokens, **(identity() if identity else {})}
        return request_key(
            model=self.backend.model,
            api_base=self.backend.api_base,
            messages=call.messages,
            schema=model_schema(call.response_model),
            params=params,
            prompt_version=prompts.PROMPT_VERSION,
            schema_version=SCHEMA_VERSION,
        )

    async def _section(self, spec, request, depth, deps, limiter, on_event, *, feedback=None, previous=None,
                       read_cache: bool = True, clock: "_RunClock | None" = None,
                       context: dict[str, BaseModel] | None = None) -> tuple[BaseModel, Usage, SectionState]:
        """One section: cache lookup, then the backend under the bound; raises _SectionError.
        ``clock`` measures the time the section held its slot (queueing excluded)."""
        key = spec.key
        clock = clock or _RunClock()
        try:
            call = self.build_call(spec, request, depth, deps, feedback=feedback, previous=previous, context=context)
        except DrafterError as exc:
            raise _SectionError(str(exc), Usage()) from exc
        cache_key = self.cache_key(call) if self.cache is not None else None
        if cache_key is not None and read_cache:
            hit = self.cache.get(cache_key)
            if hit is not None:
                try:
                    data = call.response_model.model_validate(hit["data"])
                    return to_canonical(spec.model, data), Usage(), SectionState.cached
                except ValidationError:
                    pass  # stale entry (schema changed in place): ask the model

        async def on_retry(attempt: int, note: str) -> None:
            await _emit(on_event, SectionEvent(key, SectionState.running, attempt=attempt, message=note))

        call = _with(call, on_retry=on_retry)
        async with limiter:
            clock.start()
            await _emit(on_event, SectionEvent(key, SectionState.running, attempt=1))
            try:
                out = await self.backend.generate(call)
                section = to_canonical(spec.model, out.data)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - one failing section must not stop the others
                usage = getattr(exc, "usage", None)
                reason = exc.reason if isinstance(exc, SectionFailed) else (str(exc) or type(exc).__name__)
                error = _SectionError(reason, usage if isinstance(usage, Usage) else Usage())
                error.seconds = clock.stop()
                raise error from exc
            clock.stop()
        if cache_key is not None:
            self.cache.set(cache_key, {
                "section": key,
                "data": out.data.model_dump(mode="json"),
                "usage": {"prompt_tokens": out.usage.prompt_tokens, "completion_tokens": out.usage.completion_tokens,
                          "cost_usd": out.usage.cost_usd, "attempts": out.usage.attempts,
                          "seconds": round(out.usage.seconds, 3)},
                "model": self.backend.model,
                "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            })
        return section, out.usage, SectionState.done

    @staticmethod
    def _assemble(request: RoleRequest, results: dict[str, BaseModel], base: Blueprint | None) -> Blueprint:
        if base is not None:
            bp = base.model_copy(deep=True)
        else:
            bp = Blueprint(meta=RoleMeta(title=request.title, company_size=request.company_size, industry=request.industry))
        for key, value in results.items():
            setattr(bp, key, value)
        return bp


def _with(call: SectionCall, **changes) -> SectionCall:
    from dataclasses import replace

    return replace(call, **changes)


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
