"""The drafting engine: a role profile first, then every section at once.

``Engine(backend).draft(request)`` drafts a blueprint in two steps:

1. the **role profile** (``profile.RoleProfile``: family, level, scope,
   domains, core skills and tools, themes), one short call -- reused instead
   when the caller passes one, when ``base`` carries one in
   ``generation.profile``, or when ``base`` already has the skills and tools
   it is read from;
2. every model-written section **in parallel** under one bound, each prompt
   carrying the profile (no section waits for another: the hiring criteria
   assess the profile's core skills);

then section 20, the final scorecard, is **assembled by code** from the
drafted sections (``scorecard.assemble_scorecard``: no model call, consistent
with them by construction).

Progress goes to ``on_event`` as ``SectionEvent``s (queued, running -- again
with a note for each retry --, done, cached, failed with its reason,
cancelled), for the 20 sections and for the profile step (section key
``"profile"``, ``types.PROFILE_KEY``; handlers that count sections skip it).
A failed section does not stop the others: the result carries the partial
blueprint and the failures; a failed profile is reported and the sections
are drafted without it -- unless the provider itself failed (a
``ProviderError``: key, model, server), when every section fails with that
reason and no further call is made.  ``bp.generation`` records tokens, cost and time per
section (and for the profile) over every attempt, the missing sections and
the profile used.

Answers are cached (``ResponseCache``) by a hash of the exact request; a hit
costs nothing and is reported as ``cached``.

Callers (CLI, TUI, batch, ``draft --from``) only use this module's public API:

    engine = Engine(backend, concurrency=4, limiter=None, gate=RateGate(), cache=None)
    result = await engine.draft(request, on_event=handler, sections=None, base=None, profile=None)
    result = await engine.draft(request, sections=engine.missing_sections(bp), base=bp)  # fill the gaps
    profile = await engine.draft_profile(request)
    section = await engine.draft_section(request, "kpis", blueprint=bp, feedback="more senior")
    await engine.aclose()

If ``draft`` is cancelled, the ``CancelledError`` it raises carries the
partial ``DraftResult`` as ``.draft_result``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import re
import time
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import Any

from pydantic import BaseModel, ValidationError

from ..errors import DrafterError, ProviderError, SectionFailed
from ..schema.genmodels import generation_model, model_schema, to_canonical
from ..schema.markers import Depth
from ..schema.models import SCHEMA_VERSION, Blueprint, GenerationInfo, SectionUsage
from ..schema.sections import BY_KEY, GENERATED_SECTIONS, SectionSpec
from . import prompts
from .profile import PROFILE_KEY, RoleProfile, as_profile, profile_call, profile_from_blueprint
from .scorecard import SCORECARD_KEY, ScorecardIncomplete, assemble_scorecard
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


# Sections whose answer is the longest, drafted as parallel calls that each write some of the fields (standard
# and full depth, when calls can run concurrently), so no single answer sets the draft's critical path.  Measured
# with bench/bench_draft.py: they are the slowest calls at 100 tokens/s (about 1,500-1,900 completion tokens).
SPLIT_SECTIONS: dict[str, tuple[tuple[str, ...], ...]] = {
    "technical_skills": (("must_have",), ("good_to_have", "advanced", "emerging")),
    "hiring": (("assess", "exercises", "strong_signals"), ("weak_signals", "red_flags", "scorecard")),
}


def part_call(call: SectionCall, fields: tuple[str, ...]) -> SectionCall:
    """``call`` restricted to ``fields``: a generation model with those fields only, and a last line saying so."""
    model = _part_model(call.response_model, fields)
    messages = [dict(m) for m in call.messages]
    others = [f for f in call.response_model.model_fields if f not in fields]
    # the examples show this part's fields only (the same example tokens over all parts as in one call)
    messages[-1]["content"] = _EXAMPLE_BODY.sub(lambda m: _project_example(m, fields), messages[-1]["content"])
    messages[-1]["content"] += (
        f"\n\nThis answer writes only these fields of the section: {', '.join(fields)}. "
        f"The other fields ({', '.join(others)}) are written separately: leave them out."
    )
    return _with(call, response_model=model, messages=messages,
                 max_tokens=tokens_for_schema(model_schema(model)))


_EXAMPLE_BODY = re.compile(r"(?P<head><example [^>\n]*>\n)(?P<body>\{.*?\})(?P<tail>\n</example>)", re.S)


def _project_example(match: "re.Match[str]", fields: tuple[str, ...]) -> str:
    try:
        data = json.loads(match["body"])
    except ValueError:
        return match.group(0)
    if not isinstance(data, dict):
        return match.group(0)
    kept = {k: v for k, v in data.items() if k in fields}
    return match["head"] + prompts.encode_data(kept) + match["tail"]


_PARTS: dict[tuple, type[BaseModel]] = {}


def _part_model(model: type[BaseModel], fields: tuple[str, ...]) -> type[BaseModel]:
    from pydantic import create_model

    from ..schema.genmodels import GenModel

    key = (model, fields)
    found = _PARTS.get(key)
    if found is None:
        found = _PARTS[key] = create_model(  # type: ignore[call-overload]
            model.__name__, __base__=GenModel, __doc__=model.__doc__, __module__=model.__module__,
            **{name: (model.model_fields[name].annotation, model.model_fields[name]) for name in fields},
        )
    return found


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
        split: bool = False,
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
        # Large sections as parallel part calls (SPLIT_SECTIONS) when calls can overlap: for one interactive draft
        # (open_engine: draft, TUI, complete); batches run items in parallel and keep one call per section.
        self.split = split

    # ------------------------------------------------------------------ public

    def missing_sections(self, bp: Blueprint) -> list[str]:
        """The generated sections ``bp`` lacks, in document order (to draft only those, with ``base=bp``)."""
        return [s.key for s in GENERATED_SECTIONS if getattr(bp, s.key) is None]

    async def draft(
        self,
        request: RoleRequest,
        *,
        sections: Iterable[str] | None = None,
        on_event=None,
        base: Blueprint | None = None,
        profile: RoleProfile | dict | None = None,
        context: Iterable[str] | None = None,
    ) -> DraftResult:
        """Draft ``sections`` (default: all generated sections) for ``request``.

        ``base`` is an existing blueprint whose sections are kept for sections
        not drafted now (and summarised by the scorecard).  ``context``: keys
        of ``base`` sections that every drafted section sees in its prompt
        (e.g. the sections a person wrote in a document being completed, or
        the sections a level ladder shares).  ``profile`` is a role profile to
        reuse; without one, ``base``'s (stored, or read off its skills and
        tools) is used, else one is drafted first (one call).  No section to
        draft (``sections=[]``) means no call at all.
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
        model_keys = [k for k in keys if k != SCORECARD_KEY]
        context_keys = [k for k in dict.fromkeys(context or ()) if k in BY_KEY]
        usages: dict[str, SectionUsage] = {}
        failed: dict[str, str] = {}
        total = Usage()
        known = _known_profile(profile, base)
        if known is None and base is not None:
            known = profile_from_blueprint(base)
        state: dict[str, Any] = {"profile": known}
        if known is None and model_keys:
            await _emit(on_event, SectionEvent(PROFILE_KEY, SectionState.queued))
        for key in keys:
            await _emit(on_event, SectionEvent(key, SectionState.queued))

        async def run(key: str) -> None:
            spec = BY_KEY[key]
            try:
                clock = _RunClock()
                shared = {d: results[d] for d in context_keys if d != key and d in results}
                section, usage, st = await self._section(spec, request, depth, {}, limiter, on_event, clock=clock,
                                                         profile=state["profile"], context=shared)
                results[key] = section
                total.add(usage)
                usages[key] = _section_usage(key, "cached" if st is SectionState.cached else "done", usage,
                                             clock.seconds)
                await _emit(on_event, SectionEvent(key, st, attempt=usage.attempts, result=section, usage=usage))
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

        async def run_profile() -> None:
            clock = _RunClock()
            try:
                # the sections every drafted section sees (a document being completed, a ladder's shared ones)
                document = {k: results[k] for k in context_keys if k in results} or None
                found, usage, st = await self._profile(request, limiter, on_event, clock=clock, context=document)
            except _SectionError as exc:
                total.add(exc.usage)
                usages[PROFILE_KEY] = _section_usage(PROFILE_KEY, "failed", exc.usage, exc.seconds, error=exc.reason)
                provider_down = isinstance(exc.__cause__, ProviderError)
                # The provider itself failed (key, model, server): every section would fail the same way.
                note = "" if provider_down else " (the sections are drafted without a profile)"
                await _emit(on_event, SectionEvent(PROFILE_KEY, SectionState.failed, attempt=exc.usage.attempts,
                                                   message=exc.reason + note, usage=exc.usage))
                if provider_down:
                    state["abort"] = exc.reason
                return
            state["profile"] = found
            total.add(usage)
            usages[PROFILE_KEY] = _section_usage(PROFILE_KEY, "cached" if st is SectionState.cached else "done",
                                                 usage, clock.seconds)
            await _emit(on_event, SectionEvent(PROFILE_KEY, st, attempt=usage.attempts, result=found, usage=usage))

        async def assemble() -> None:
            key = SCORECARD_KEY
            await _emit(on_event, SectionEvent(key, SectionState.running, attempt=1))
            t0 = time.perf_counter()
            merged = self._assemble(request, results, base)
            try:
                card = assemble_scorecard(merged, depth)
            except ScorecardIncomplete as exc:
                failed[key] = str(exc)
                usages[key] = _section_usage(key, "failed", Usage(), time.perf_counter() - t0, error=str(exc))
                await _emit(on_event, SectionEvent(key, SectionState.failed, attempt=1, message=str(exc), usage=Usage()))
                return
            results[key] = card
            usages[key] = _section_usage(key, "done", Usage(), time.perf_counter() - t0)
            await _emit(on_event, SectionEvent(key, SectionState.done, attempt=1, result=card, usage=Usage()))

        def finish() -> DraftResult:
            bp = self._assemble(request, results, base)
            order = ([PROFILE_KEY] if PROFILE_KEY in usages else []) + [k for k in keys if k in usages]
            used = state["profile"]
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
                sections=[usages[k] for k in order],
                missing_sections=[s.key for s in GENERATED_SECTIONS if getattr(bp, s.key) is None],
                inputs=request.inputs(),
                profile=used.model_dump(mode="json") if used is not None else None,
            )
            return DraftResult(blueprint=bp, failed=dict(failed), usage=total)

        tasks: list[asyncio.Task] = []
        try:
            if state["profile"] is None and model_keys:
                await run_profile()
            if state.get("abort"):
                for key in keys:
                    failed[key] = state["abort"]
                    await _emit(on_event, SectionEvent(key, SectionState.failed, message=state["abort"]))
                return finish()
            tasks = [asyncio.create_task(run(k), name=f"section:{k}") for k in model_keys]
            await asyncio.gather(*tasks)
            if SCORECARD_KEY in keys:
                await assemble()
        except asyncio.CancelledError as exc:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            for key in keys:
                if key not in results or (key == SCORECARD_KEY and key not in usages):
                    failed.setdefault(key, "cancelled")
                    if key not in usages:
                        await _emit(on_event, SectionEvent(key, SectionState.cancelled, message="cancelled"))
            exc.draft_result = finish()  # type: ignore[attr-defined]
            raise
        return finish()

    async def draft_profile(self, request: RoleRequest, *, on_event=None) -> RoleProfile:
        """Draft the role profile alone; raises on failure."""
        limiter = self._limiter or asyncio.Semaphore(self.concurrency)
        await _emit(on_event, SectionEvent(PROFILE_KEY, SectionState.queued))
        try:
            found, usage, st = await self._profile(request, limiter, on_event)
        except _SectionError as exc:
            await _emit(on_event, SectionEvent(PROFILE_KEY, SectionState.failed, attempt=exc.usage.attempts,
                                               message=exc.reason, usage=exc.usage))
            cause = exc.__cause__
            if isinstance(cause, DrafterError):
                raise cause from None
            raise SectionFailed(PROFILE_KEY, exc.reason) from None
        await _emit(on_event, SectionEvent(PROFILE_KEY, st, attempt=usage.attempts, result=found, usage=usage))
        return found

    async def draft_section(
        self,
        request: RoleRequest,
        section: str,
        *,
        blueprint: Blueprint | None = None,
        feedback: str | None = None,
        on_event=None,
        profile: RoleProfile | dict | None = None,
    ) -> BaseModel:
        """Draft (or regenerate, with reviewer ``feedback``) one section; raises on failure.

        A regeneration (an existing section, or feedback) always asks the
        model; its answer is cached like any other.  The profile used is
        ``profile``, else the blueprint's (stored, or read off its sections),
        else none.  The scorecard is assembled again from ``blueprint``'s
        sections (no model call; feedback does not apply to it).
        """
        spec = BY_KEY[section]
        depth = Depth(request.depth)
        if section == SCORECARD_KEY:
            return await self._reassemble_scorecard(request, blueprint, feedback, on_event)
        previous = getattr(blueprint, section) if blueprint is not None else None
        used = _known_profile(profile, blueprint) or (profile_from_blueprint(blueprint) if blueprint else None)
        limiter = self._limiter or asyncio.Semaphore(self.concurrency)
        await _emit(on_event, SectionEvent(section, SectionState.queued))
        fresh = previous is not None or bool(feedback)
        try:
            result, usage, state = await self._section(
                spec, request, depth, {}, limiter, on_event, feedback=feedback, previous=previous,
                read_cache=not fresh, profile=used,
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

    async def _reassemble_scorecard(self, request, blueprint, feedback, on_event) -> BaseModel:
        key = SCORECARD_KEY
        if feedback and feedback.strip():
            raise DrafterError(
                "the final scorecard is assembled from the other sections, so feedback does not apply to it",
                hint="regenerate or edit the sections it summarises, or edit the scorecard itself",
            )
        bp = blueprint if blueprint is not None else self._assemble(request, {}, None)
        await _emit(on_event, SectionEvent(key, SectionState.queued))
        await _emit(on_event, SectionEvent(key, SectionState.running, attempt=1))
        try:
            card = assemble_scorecard(bp, request.depth)
        except ScorecardIncomplete as exc:
            await _emit(on_event, SectionEvent(key, SectionState.failed, attempt=1, message=str(exc), usage=Usage()))
            raise
        await _emit(on_event, SectionEvent(key, SectionState.done, attempt=1, result=card, usage=Usage()))
        return card

    async def aclose(self) -> None:
        await self.backend.aclose()

    # ------------------------------------------------------------------ internals

    def build_call(self, spec: SectionSpec, request: RoleRequest, depth: Depth, deps: dict[str, BaseModel], *,
                   feedback: str | None = None, previous: BaseModel | None = None,
                   profile: RoleProfile | None = None,
                   context: dict[str, BaseModel] | None = None) -> SectionCall:
        """The request for one section, exactly as it would be sent (and cached)."""
        extra = {"profile": profile} if profile is not None else {}
        messages = prompts.build_messages(
            spec, request, depth=depth, dependencies=deps, feedback=feedback, previous=previous, context=context, **extra
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
                       profile: RoleProfile | None = None,
                       context: dict[str, BaseModel] | None = None) -> tuple[BaseModel, Usage, SectionState]:
        """One section: cache lookup, then the backend under the bound; raises _SectionError.
        ``clock`` measures the time the section held its slot (queueing excluded)."""
        try:
            call = self.build_call(spec, request, depth, deps, feedback=feedback, previous=previous, profile=profile,
                                   context=context)
        except DrafterError as exc:
            raise _SectionError(str(exc), Usage()) from exc
        parts = SPLIT_SECTIONS.get(spec.key) if self.split and depth is not Depth.brief and previous is None else None
        if not parts or self.concurrency < 2:
            return await self._ask(call, lambda data: to_canonical(spec.model, data), limiter, on_event,
                                   read_cache=read_cache, clock=clock)
        return await self._ask_parts(spec, call, parts, limiter, on_event, read_cache=read_cache, clock=clock)

    async def _ask_parts(self, spec, call: SectionCall, parts, limiter, on_event, *, read_cache: bool,
                         clock: "_RunClock") -> tuple[BaseModel, Usage, SectionState]:
        """A large section as parallel calls, each writing some of its fields; merged and validated whole."""
        clock = clock or _RunClock()
        calls = [part_call(call, fields) for fields in parts]
        clocks = [_RunClock() for _ in calls]
        outcomes = await asyncio.gather(
            *(self._ask(c, lambda data: data, limiter, on_event, read_cache=read_cache, clock=k)
              for c, k in zip(calls, clocks)),
            return_exceptions=True,
        )
        clock.seconds = max(k.seconds for k in clocks)
        usage = Usage()
        errors = []
        data: dict[str, Any] = {}
        for outcome in outcomes:
            if isinstance(outcome, asyncio.CancelledError):
                raise outcome
            if isinstance(outcome, _SectionError):
                usage.add(outcome.usage)
                errors.append(outcome)
                continue
            if isinstance(outcome, BaseException):
                raise outcome
            part, part_usage, _ = outcome
            usage.add(part_usage)
            data.update(part.model_dump(mode="json"))
        if errors:
            error = _SectionError(errors[0].reason, usage)
            error.seconds = clock.seconds
            raise error from errors[0].__cause__
        usage.seconds = max((k.seconds for k in clocks), default=0.0)
        try:
            section = to_canonical(spec.model, call.response_model.model_validate(data))
        except ValidationError as exc:
            raise _SectionError(f"the parts of the section do not fit together: {exc.errors()[0]['msg']}", usage) from exc
        cached = all(o[2] is SectionState.cached for o in outcomes)  # type: ignore[index]
        return section, usage, SectionState.cached if cached else SectionState.done

    async def _profile(self, request, limiter, on_event, *, clock: "_RunClock | None" = None, context=None
                       ) -> tuple[RoleProfile, Usage, SectionState]:
        try:
            call = profile_call(request, temperature=self.temperature, gate=self.gate, context=context)
        except DrafterError as exc:
            raise _SectionError(str(exc), Usage()) from exc
        return await self._ask(call, lambda data: to_canonical(RoleProfile, data), limiter, on_event, clock=clock)

    async def _ask(self, call: SectionCall, convert, limiter, on_event, *, read_cache: bool = True,
                   clock: "_RunClock | None" = None) -> tuple[BaseModel, Usage, SectionState]:
        """One structured call: cache lookup, then the backend under the bound; raises _SectionError."""
        key = call.section
        clock = clock or _RunClock()
        cache_key = self.cache_key(call) if self.cache is not None else None
        if cache_key is not None and read_cache:
            hit = self.cache.get(cache_key)
            if hit is not None:
                try:
                    data = call.response_model.model_validate(hit["data"])
                    return convert(data), Usage(), SectionState.cached
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
                section = convert(out.data)
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
            bp = Blueprint(meta=request.to_meta())
        for key, value in results.items():
            setattr(bp, key, value)
        return bp


def _known_profile(profile: Any, base: Blueprint | None) -> RoleProfile | None:
    """The profile given, else the one stored with ``base``'s draft."""
    found = as_profile(profile)
    if found is None and base is not None and base.generation is not None:
        found = as_profile(base.generation.profile)
    return found


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
