"""The data the drafting engine takes and gives back.

This module is the contract between the engine, its backends and its callers
(CLI, TUI, batch).  It imports nothing heavy: no litellm, no instructor.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel

from ..request import ResolvedRole, RoleRequest  # noqa: F401  (re-exported: the engine's input)
from ..schema.models import Blueprint


PROFILE_KEY = "profile"  # SectionEvent.section of the role-profile step (not a blueprint section)


class SectionState(str, Enum):
    queued = "queued"
    running = "running"
    done = "done"
    cached = "cached"  # done, answered from the response cache
    failed = "failed"
    cancelled = "cancelled"

    @property
    def finished(self) -> bool:
        return self in (SectionState.done, SectionState.cached, SectionState.failed, SectionState.cancelled)


@dataclass
class Usage:
    """Tokens, cost and time over every attempt (failed ones included)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    cost_usd: float | None = None  # None: the price is unknown
    seconds: float = 0.0
    attempts: int = 0

    def add(self, other: "Usage") -> None:
        self.prompt_tokens += other.prompt_tokens
        self.completion_tokens += other.completion_tokens
        if other.cost_usd is not None:
            self.cost_usd = (self.cost_usd or 0.0) + other.cost_usd
        self.seconds += other.seconds
        self.attempts += other.attempts

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens


@dataclass(frozen=True)
class SectionEvent:
    """Progress of one section, for progress bars and the TUI."""

    section: str  # section key, e.g. "kpis"
    state: SectionState
    attempt: int = 0
    message: str | None = None  # failure reason, or a retry note while running
    result: BaseModel | None = None  # the canonical section model, when done
    usage: Usage | None = None


@dataclass(frozen=True)
class SectionCall:
    """One structured-generation request: what a backend has to answer."""

    section: str
    messages: list[dict[str, str]]
    response_model: type[BaseModel]  # the strict generation model for the depth
    max_tokens: int
    request: RoleRequest
    temperature: float | None = None
    # Added for the real backends (optional; FakeBackend ignores them):
    on_retry: Any = None  # async/sync callable (attempt: int, note: str): a retry is about to happen
    gate: Any = None  # drafter.generate.retry.RateGate shared by every call of an engine / a batch


@dataclass
class SectionOutput:
    data: BaseModel  # an instance of call.response_model
    usage: Usage = field(default_factory=Usage)


@runtime_checkable
class Backend(Protocol):
    """Answers SectionCalls.  Owns validation retries and transport retries."""

    model: str  # model id, part of cache keys and provenance
    api_base: str | None

    async def generate(self, call: SectionCall) -> SectionOutput: ...

    async def aclose(self) -> None: ...


@dataclass
class DraftResult:
    blueprint: Blueprint
    failed: dict[str, str] = field(default_factory=dict)  # section key -> reason
    usage: Usage = field(default_factory=Usage)

    @property
    def complete(self) -> bool:
        return not self.failed


EventHandler = Any  # Callable[[SectionEvent], None | Awaitable[None]]
