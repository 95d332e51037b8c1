"""Benchmark: ``draft --from`` (complete a document) and a level ladder, against the simulated server.

Everything real runs -- engine, instructor, litellm, httpx -- except the model,
which is bench/simserver.py on 127.0.0.1 with a fixed latency per call.

* complete: a document with 5 of the 20 sections (taken from
  examples/ai-platform-engineer.json) is completed; only the 15 missing
  sections are called.  Side by side: a full draft of the same title, and a
  second completion of the completed blueprint (nothing missing: no call).
* ladder: a 5-level IC ladder (junior..principal) drafted together
  (shared sections once, then every level at once), at concurrency 20 and 64.
  Side by side: the five levels drafted as five ordinary drafts one after the
  other (what a person would do without ``ladder``).

    .venv/bin/python bench/bench_complete_ladder.py [--latency 1.0] [--repeat 1]
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
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from simserver import SimConfig, SimServer  # noqa: E402

from drafter.config import load_settings  # noqa: E402
from drafter.generate import open_engine  # noqa: E402
from drafter.generate.complete import complete_blueprint, missing_sections, request_for_document  # noqa: E402
from drafter.generate.ladder import draft_ladder, plan_ladder  # noqa: E402
from drafter.generate.types import RoleRequest  # noqa: E402
from drafter.load import load_blueprint  # noqa: E402
from drafter.schema.models import Blueprint  # noqa: E402

KEEP = ("summary", "responsibilities", "kpis", "technical_skills", "experience")


def five_of_twenty() -> Blueprint:
    bp = load_blueprint(HERE.parent / "examples" / "ai-platform-engineer.json").blueprint
    for key in missing_sections(Blueprint(meta=bp.meta)):
        if key not in KEEP:
            setattr(bp, key, None)
    return bp


def engine_for(server, concurrency: int):
    settings = load_settings(model="sim", api_base=server.base_url, depth="standard", concurrency=concurrency)
    return open_engine(settings, no_cache=True)


async def timed(server, coro_fn, concurrency: int = 20):
    server.reset()
    engine = engine_for(server, concurrency)
    t0 = time.perf_counter()
    out = await coro_fn(engine)
    seconds = time.perf_counter() - t0
    await engine.aclose()
    return seconds, server.stats()["calls"], out


async def run(latency: float, repeat: int) -> None:
    server = SimServer(SimConfig(latency=latency))
    await server.start()
    try:
        await timed(server, lambda e: e.draft(RoleRequest("Warm Up", depth="standard"), sections=["mission"]))
        doc = five_of_twenty()
        request = request_for_document(doc, depth="standard")
        rows = {}
        for name, fn in (
            ("complete 5/20 (--from)", lambda e: complete_blueprint(e, doc, request)),
            ("full draft, same title", lambda e: e.draft(request)),
        ):
            results = [await timed(server, fn) for _ in range(repeat)]
            rows[name] = (statistics.median(r[0] for r in results), results[0][1])
        completion = (await timed(server, lambda e: complete_blueprint(e, doc, request)))[2]
        assert [k for k, v in completion.blueprint.generation.provenance.items() if v == "document"] == list(KEEP)
        again = await timed(server, lambda e: complete_blueprint(e, completion.blueprint, request))
        rows["second run, nothing missing"] = (again[0], again[1])
        print(f"simulated latency per call: {latency:.2f} s; medians of {repeat} run(s); concurrency 20")
        print(f"{'':32} {'calls':>6} {'wall':>8}")
        for name, (seconds, calls) in rows.items():
            print(f"{name:32} {calls:>6} {seconds:>7.2f}s")

        plan = plan_ladder("Platform Engineer", "junior,mid,senior,staff,principal", depth="standard")
        lrows = {}
        for concurrency in (20, 64):
            results = [await timed(server, lambda e: draft_ladder(e, plan), concurrency) for _ in range(repeat)]
            ladder = results[0][2]
            assert not ladder.failed, ladder.failed
            lrows[f"ladder, 5 levels, -j {concurrency}"] = (statistics.median(r[0] for r in results), results[0][1])

        async def one_by_one(engine):
            for rung in plan.rungs:
                result = await engine.draft(rung.request)
                assert result.complete
        seconds, calls, _ = await timed(server, one_by_one, 20)
        lrows["5 separate drafts, one by one"] = (seconds, calls)
        print()
        print(f"{'':32} {'calls':>6} {'wall':>8}")
        for name, (seconds, calls) in lrows.items():
            print(f"{name:32} {calls:>6} {seconds:>7.2f}s")
        # The same schedules without HTTP, instructor or litellm: FakeBackend sleeping `latency` per call,
        # so the wall time is (rounds of calls) x latency plus prompt building.
        from drafter.generate.engine import Engine
        from drafter.testing import FakeBackend

        print()
        print(f"engine only (FakeBackend, {latency:.2f} s per call, no HTTP):")
        for name, concurrency, fn in (
            ("complete 5/20 (--from)", 20, lambda e: complete_blueprint(e, doc, request)),
            ("full draft, same title", 20, lambda e: e.draft(request)),
            ("ladder, 5 levels, -j 20", 20, lambda e: draft_ladder(e, plan)),
            ("ladder, 5 levels, -j 64", 64, lambda e: draft_ladder(e, plan)),
        ):
            backend = FakeBackend(delay=latency)
            t0 = time.perf_counter()
            await fn(Engine(backend, concurrency=concurrency, cache=False))
            print(f"{name:32} {len(backend.calls):>6} {time.perf_counter() - t0:>7.2f}s")
    finally:
        await server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    asyncio.run(run(args.latency, args.repeat))


if __name__ == "__main__":
    main()
