"""Helpers for the TUI tests: wait on conditions and on workers, never on the clock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from textual.worker import WorkerState

_BUSY = (WorkerState.PENDING, WorkerState.RUNNING)


async def wait_until(pilot, condition: Callable[[], object], *, timeout: float = 10.0, what: str = "condition") -> None:
    """Let the app run until ``condition()`` holds (it polls between event-loop turns; the timeout only fails)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await pilot.pause(0.01)


async def settle(pilot, *, timeout: float = 10.0) -> None:
    """Wait until no worker is pending or running, then for the messages they posted.

    (``workers.wait_for_complete()`` raises when an exclusive worker was
    replaced by a newer one, which the app does on purpose.)
    """
    app = pilot.app
    for _ in range(2):
        await pilot.pause()
        await wait_until(pilot, lambda: not any(w.state in _BUSY for w in app.workers), timeout=timeout,
                         what="workers to finish")
    await pilot.pause()
