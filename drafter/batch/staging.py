"""Provider batch mode, the request side: section calls become batch lines, batch answers become sections.

Nothing here builds a prompt or a schema.  The engine drafts an item as it
always does, through a ``StagingBackend``: an ``InstructorBackend`` (same
instructor mode, messages, tools / response_format, max_tokens, sampling)
whose completion function does not send the request.  Instead it

* answers from a collected batch job when the job held exactly this request
  (matched by a hash of the request body), so instructor parses and validates
  the answer with the same generation model as a live answer, and the engine
  caches it under the same key;
* otherwise records the request as a batch line (``sink``) and raises
  ``Deferred``: the section waits for the next job.  A validation failure
  makes instructor ask again with the error appended: that new request is a
  line of the next job, exactly as a live re-ask would be.

A section whose dependency (``needs``: its ``depends_on``, and the role
profile where the engine drafts one first) is still waiting is deferred
without a line: the engine's dependency levels become successive jobs.  A
dependency that failed for good does not hold its dependants back: they are
drafted without it, as in a live draft.

Failed lines (the provider's error file, or a whole job that failed or
expired) are sent again in the next job, up to ``max_line_retries`` times;
then the section fails with the provider's message.
"""

from __future__ import annotations

import contextvars
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..errors import DrafterError, ProviderError
from ..generate.cache import canonical_json
from ..generate.instructor_backend import InstructorBackend
from ..generate.types import SectionCall, SectionOutput, Usage
from ..schema.sections import BY_KEY

ENDPOINT = "/v1/chat/completions"
# What drafter's transport adds to each litellm call: not part of a provider's request body.
_TRANSPORT = frozenset({"num_retries", "max_retries", "drop_params", "api_base", "api_key", "timeout", "hooks", "stream"})
_section: contextvars.ContextVar[str] = contextvars.ContextVar("drafter_batch_section")


class Deferred(DrafterError):
    """The section's answer comes from a batch job that is not back yet."""

    def __init__(self, section: str):
        super().__init__(f"{section}: waiting for a batch job")
        self.section = section


def custom_id(item_key: str, section: str, body: dict) -> str:
    """The line's id: item, section and a hash of the exact request body (so a changed request never
    picks up an old answer).  At most 64 characters (OpenAI's limit)."""
    digest = hashlib.sha256(canonical_json(body).encode("utf-8")).hexdigest()[:16]
    return f"{item_key[:16]}.{section[:28]}.{digest}"


def item_of(cid: str) -> str:
    return cid.split(".", 1)[0]


def provider_model(model: str) -> str:
    """The model name as the provider knows it (``openai/gpt-4o-mini`` -> ``gpt-4o-mini``)."""
    from ..generate.llm import load_litellm

    try:
        return load_litellm().get_llm_provider(model)[0]
    except Exception:  # noqa: BLE001 - unknown provider: send the name after the prefix
        return model.split("/", 1)[-1]


def request_body(kwargs: dict[str, Any], model_name: str) -> dict[str, Any]:
    """The batch line body of one live call's keyword arguments."""
    body = {k: v for k, v in kwargs.items() if k not in _TRANSPORT and v is not None}
    body["model"] = model_name
    return json.loads(json.dumps(body, default=str))  # plain JSON, as it will be uploaded


def to_response(body: dict) -> Any:
    """A chat-completion JSON body as litellm's ``ModelResponse`` (what a live call returns)."""
    from ..generate.llm import load_litellm

    return load_litellm().ModelResponse(**body)


class ResultStore:
    """The answers of the collected jobs of one session, on disk: custom_id -> offset in an output file."""

    def __init__(self) -> None:
        self._files: list[Path] = []
        self._answers: dict[str, tuple[int, int]] = {}
        self._failures: dict[str, list[str]] = {}

    def __len__(self) -> int:
        return len(self._answers)

    def add_job(self, input_path: Path | None, output_path: Path | None, error_path: Path | None,
                *, status: str = "completed", reason: str | None = None) -> tuple[int, int]:
        """Index one collected job; lines of its input with no answer count as failed.  Returns (ok, failed)."""
        ok = failed = 0
        seen: set[str] = set()
        if output_path is not None and output_path.is_file():
            index = len(self._files)
            self._files.append(output_path)
            with output_path.open("rb") as fh:
                offset = 0
                for raw in fh:
                    line = _parse(raw)
                    cid = line.get("custom_id") if line else None
                    if cid:
                        seen.add(cid)
                        response = line.get("response") or {}
                        if response.get("status_code") == 200 and not line.get("error"):
                            self._answers[cid] = (index, offset)
                            self._failures.pop(cid, None)
                            ok += 1
                        else:
                            self._fail(cid, _line_error(line))
                            failed += 1
                    offset += len(raw)
        if error_path is not None and error_path.is_file():
            with error_path.open("rb") as fh:
                for raw in fh:
                    line = _parse(raw)
                    if line and line.get("custom_id"):
                        seen.add(line["custom_id"])
                        self._fail(line["custom_id"], _line_error(line))
                        failed += 1
        if input_path is not None and input_path.is_file():
            why = reason or f"no answer (the job ended {status})"
            with input_path.open("rb") as fh:
                for raw in fh:
                    line = _parse(raw)
                    cid = line.get("custom_id") if line else None
                    if cid and cid not in seen:
                        self._fail(cid, why)
                        failed += 1
        return ok, failed

    def _fail(self, cid: str, message: str) -> None:
        self._failures.setdefault(cid, []).append(message)

    def answer(self, cid: str) -> dict | None:
        """The chat-completion body answered for ``cid``, or None."""
        where = self._answers.get(cid)
        if where is None:
            return None
        with self._files[where[0]].open("rb") as fh:
            fh.seek(where[1])
            line = _parse(fh.readline())
        return (line or {}).get("response", {}).get("body")

    def failures(self, cid: str) -> list[str]:
        return self._failures.get(cid, [])


def _parse(raw: bytes) -> dict | None:
    try:
        value = json.loads(raw)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def _line_error(line: dict) -> str:
    error = line.get("error")
    if isinstance(error, dict) and error.get("message"):
        return f"{error.get('code') or 'error'}: {error['message']}"
    response = line.get("response") or {}
    body = response.get("body") or {}
    message = (body.get("error") or {}).get("message") if isinstance(body, dict) else None
    return f"{response.get('status_code', '?')} {message or 'failed'}".strip()


class StagingBackend(InstructorBackend):
    """One item's backend in provider batch mode (see the module docstring)."""

    def __init__(
        self,
        base: InstructorBackend,
        *,
        item_key: str,
        store: ResultStore,
        open_ids: set[str] | frozenset[str],
        sink: Callable[[dict], None],
        model_name: str,
        discount: float = 0.5,
        max_line_retries: int = 2,
    ):
        super().__init__(
            base.model, base.api_base, mode=base.mode, completion=self._complete, api_key=base.api_key,
            validation_retries=base.validation_retries, policy=base.policy, gate=base.gate, timeout=base.timeout,
            params=base.params, price_zero=base.price_zero, max_output_tokens=base.max_output_tokens,
            cache=base.cache, label=base.label,
        )
        self._base = base
        self.item_key = item_key
        self.store = store
        self.open_ids = open_ids
        self.sink = sink
        self.model_name = model_name
        self.discount = discount
        self.max_line_retries = max_line_retries
        self.waiting: set[str] = set()  # sections deferred in this pass (their dependants wait too)
        self.called: set[str] = set()  # sections that asked for a model answer in this pass
        self.lines = 0  # lines this item added
        self.live_cost = 0.0  # what the answers replayed in this pass would cost as live calls

    def cache_identity(self) -> dict[str, Any]:
        return self._base.cache_identity()

    def _model_limit(self) -> int | None:
        return self._base._model_limit()

    def _cost(self, response: Any) -> float | None:
        cost = super()._cost(response)
        if cost is None:
            return None
        self.live_cost += cost
        return cost * self.discount

    async def generate(self, call: SectionCall) -> SectionOutput:
        self.called.add(call.section)
        if any(d in self.waiting for d in needs(call.section)):
            self.waiting.add(call.section)
            raise _no_usage(Deferred(call.section))
        token = _section.set(call.section)
        try:
            return await super().generate(call)
        except Deferred as exc:
            self.waiting.add(call.section)
            raise _no_usage(exc)  # the attempts replayed so far are counted when the section resolves
        finally:
            _section.reset(token)

    async def _complete(self, *args: Any, **kwargs: Any) -> Any:
        section = _section.get()
        body = request_body(kwargs, self.model_name)
        cid = custom_id(self.item_key, section, body)
        answer = self.store.answer(cid)
        if answer is not None:
            return to_response(answer)
        if cid in self.open_ids:
            raise Deferred(section)
        failures = self.store.failures(cid)
        if len(failures) > self.max_line_retries:
            raise ProviderError(f"{self.label}: the batch line failed {len(failures)} times: {failures[-1]}")
        self.sink({"custom_id": cid, "method": "POST", "url": ENDPOINT, "body": body})
        self.lines += 1
        raise Deferred(section)

    async def aclose(self) -> None:  # the base backend (and its cache) belongs to the caller
        self.closed = True


def needs(section: str) -> tuple[str, ...]:
    """What a section's request is built from, as the engine describes it: the sections it depends on, and the
    role profile (drafted first) where the engine drafts one."""
    from ..generate import types

    profile = getattr(types, "PROFILE_KEY", None)
    deps = BY_KEY[section].depends_on if section in BY_KEY else ()
    return deps + ((profile,) if profile and section != profile else ())


def _no_usage(exc: DrafterError) -> DrafterError:
    exc.usage = Usage()  # type: ignore[attr-defined]
    return exc
