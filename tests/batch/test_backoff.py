"""On a 429 the whole batch backs off (one RateGate shared by every item), honouring Retry-After."""

from __future__ import annotations

import asyncio

from drafter.batch.runner import make_engine
from drafter.generate.retry import RateGate, call_with_retries
from drafter.testing import FakeBackend


class Fake429(Exception):
    status_code = 429

    def __init__(self, seconds: float):
        super().__init__("rate limited")
        self.headers = {"retry-after": str(seconds)}


class Clock:
    """A fake monotonic clock: sleeping advances it, nothing really waits."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += max(0.0, seconds)
        await asyncio.sleep(0)


class RateLimitedBackend(FakeBackend):
    """Answers through the real retry loop; the n-th request gets one 429 with Retry-After."""

    def __init__(self, clock: Clock, *, limit_at: int, retry_after: float, **kw):
        super().__init__(**kw)
        self.clock = clock
        self.limit_at = limit_at
        self.retry_after = retry_after
        self.sends: list[tuple[float, str, str, bool]] = []  # (clock, title, section, after the 429)
        self.limited = False

    async def generate(self, call):
        parent = super()

        async def send():
            after = self.limited
            self.sends.append((self.clock(), call.request.title, call.section, after))
            if len(self.sends) == self.limit_at:
                self.limited = True
                raise Fake429(self.retry_after)
            return await parent.generate(call)

        return await call_with_retries(send, model=self.model, gate=call.gate, sleep=self.clock.sleep)


async def test_a_429_pauses_every_item_until_retry_after(make_runner):
    clock = Clock()
    gate = RateGate(clock=clock, sleep=clock.sleep)
    backend = RateLimitedBackend(clock, limit_at=5, retry_after=30.0)
    runner, _, out = make_runner("Staff SRE\nData Engineer\nHead of AI\n", backend=backend, gate=gate, concurrency=4)
    report = await runner.run()
    assert report.exit_code == 0 and len(report.ok) == 3
    assert gate.closures == 1
    later = [s for s in backend.sends if s[3]]
    # Every request sent after the 429 -- from every item, not just the limited one -- waited for Retry-After.
    assert len({title for _, title, _, _ in later}) == 3
    assert all(t >= 30.0 for t, *_ in later)
    assert len(backend.sends) == 3 * 20 + 1  # one retry, no hammering


def test_make_engine_shares_the_gate_and_limiter():
    limiter, gate = asyncio.Semaphore(2), RateGate()
    a = make_engine(FakeBackend(), concurrency=2, limiter=limiter, gate=gate)
    b = make_engine(FakeBackend(), concurrency=2, limiter=limiter, gate=gate)
    assert a.gate is b.gate is gate
    assert a._limiter is b._limiter is limiter
