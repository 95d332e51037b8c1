"""Benchmark: a full draft against a simulated server with fixed latency per call.

The engine runs sections without dependencies concurrently, so a full draft
should take about as long as the DAG's depth times one call (two levels:
18 independent sections, then hiring and the scorecard), not the sum of 20
calls.  Everything real runs -- engine, instructor, litellm, httpx -- except
the model, which is bench/simserver.py on 127.0.0.1.

    .venv/bin/python bench/bench_draft.py [--latency 1.0] [--repeat 3]

Prints medians of ``--repeat`` runs, measured side by side in one process.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("DRAFTER_HOME", tempfile.mkdtemp(prefix="drafter-bench-"))

from simserver import SimConfig, SimServer  # noqa: E402

from drafter.config import load_settings  # noqa: E402
from drafter.generate import open_engine  # noqa: E402
from drafter.generate.types import RoleRequest  # noqa: E402
from drafter.schema.sections import GENERATED_SECTIONS  # noqa: E402


async def one_draft(base_url: str, concurrency: int, sections=None, mode: str | None = None) -> tuple[float, object]:
    if mode:
        os.environ["DRAFTER_MODE"] = mode
    settings = load_settings(model="sim", api_base=base_url, depth="standard", concurrency=concurrency)
    engine = open_engine(settings, no_cache=True)
    t0 = time.perf_counter()
    result = await engine.draft(RoleRequest("Staff Site Reliability Engineer", depth="standard"), sections=sections)
    seconds = time.perf_counter() - t0
    await engine.aclose()
    os.environ.pop("DRAFTER_MODE", None)
    assert result.complete, result.failed
    return seconds, result


async def run(latency: float, repeat: int) -> None:
    server = SimServer(SimConfig(latency=latency))
    await server.start()
    try:
        # warm-up: imports, client set-up
        await one_draft(server.base_url, 4, sections=["mission"])
        singles = {}
        for spec in GENERATED_SECTIONS:
            times = [(await one_draft(server.base_url, 1, sections=[spec.key]))[0] for _ in range(max(1, repeat // 2))]
            singles[spec.key] = statistics.median(times)
        slowest_key = max(singles, key=singles.get)
        slowest = singles[slowest_key]
        rows = []
        for concurrency in (20, 8, 4, 1):
            times = []
            for _ in range(repeat if concurrency > 1 else 1):
                server.reset()
                seconds, _ = await one_draft(server.base_url, concurrency)
                times.append(seconds)
            rows.append((concurrency, statistics.median(times), server.stats()["max_in_flight"]))
        total_single = sum(singles.values())
        print(f"simulated latency per call: {latency:.2f} s; medians of {repeat} runs")
        print(f"slowest single section ({slowest_key}): {slowest:.2f} s; sum of the 20 single calls: {total_single:.2f} s")
        print(f"{'concurrency':>11} {'full draft':>11} {'x slowest call':>15} {'max in flight':>14}")
        for concurrency, seconds, in_flight in rows:
            print(f"{concurrency:>11} {seconds:>10.2f}s {seconds / slowest:>14.2f}x {in_flight:>14}")
        print("DAG depth is 2 (18 independent sections, then hiring and the scorecard): the floor is ~2 calls.")
    finally:
        await server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(run(args.latency, args.repeat))


if __name__ == "__main__":
    main()
