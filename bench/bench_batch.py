"""Batch throughput at concurrency 1, 4 and 8, side by side.

Runs the same batch of N titles at each concurrency, a few times each, and
prints the medians of items/min and model calls/s with the speed-up over
concurrency 1.

Two targets:

* ``--target sim`` (default): the simulated OpenAI-compatible server
  (``bench/simserver.py``) on 127.0.0.1, reached through the real path
  (``get_backend`` -> instructor -> litellm -> HTTP), with the response cache
  off.  Each call takes the server's latency plus tokens / tokens-per-second.
* ``--target fake``: ``drafter.testing.FakeBackend`` with a fixed delay per
  call, in process: the runner and engine alone, no HTTP.

    .venv/bin/python bench/bench_batch.py                       # sim, 8 titles, 3 repetitions
    .venv/bin/python bench/bench_batch.py --titles 16 --latency 0.5 --reps 5
    .venv/bin/python bench/bench_batch.py --target fake --delay 0.2
    .venv/bin/python bench/bench_batch.py --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from drafter.batch import BatchRunner, plan_batch  # noqa: E402
from drafter.titles import parse_titles  # noqa: E402

CONCURRENCY = (1, 4, 8)
TITLES = [
    "Staff Platform Engineer", "Director of Data Engineering", "Engineering Manager", "Head of MLOps",
    "Senior Site Reliability Engineer", "Principal Security Engineer", "DevOps Manager", "Head of AI Engineering",
    "Frontend Engineering Manager", "Director of Cloud Operations", "Machine Learning Engineer", "Data Platform Lead",
]


def titles_text(n: int) -> str:
    return "\n".join(TITLES[i % len(TITLES)] + (f" {i // len(TITLES) + 1}" if i >= len(TITLES) else "") for i in range(n))


def plain_render(bp) -> str:
    return f"# {bp.meta.title}\n"


async def one_run(make_backend, n_titles: int, concurrency: int, depth: str) -> dict:
    plan = plan_batch(parse_titles(titles_text(n_titles)), {})
    backend = make_backend()
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        runner = BatchRunner(
            plan, backend, Path(tmp), concurrency=concurrency, depth=depth, force=True,
            render=plain_render, validate=lambda bp: None, gate=_gate(),
        )
        t0 = time.perf_counter()
        report = await runner.run()
        wall = time.perf_counter() - t0
    await backend.aclose()
    calls = report.usage.attempts  # model calls, retries included
    return {
        "concurrency": concurrency,
        "seconds": wall,
        "items": len(report.ok),
        "failed": len(report.failed),
        "calls": calls,
        "items_per_min": len(report.ok) / wall * 60,
        "calls_per_s": calls / wall,
    }


def _gate():
    try:
        from drafter.generate.retry import RateGate
    except ImportError:
        return None
    return RateGate()


def fake_backend_factory(delay: float):
    from drafter.testing import FakeBackend

    return lambda: FakeBackend(delay=delay)


def summarise(runs: list[dict]) -> dict:
    return {
        "concurrency": runs[0]["concurrency"],
        "items_per_min": statistics.median(r["items_per_min"] for r in runs),
        "calls_per_s": statistics.median(r["calls_per_s"] for r in runs),
        "seconds": statistics.median(r["seconds"] for r in runs),
        "failed": sum(r["failed"] for r in runs),
        "reps": len(runs),
    }


def print_table(rows: list[dict], header: str) -> None:
    print(header)
    print(f"{'concurrency':>11}  {'items/min':>10}  {'calls/s':>8}  {'median s':>9}  {'x vs c=1':>8}  failed")
    base = rows[0]["items_per_min"] or 1.0
    for r in rows:
        print(
            f"{r['concurrency']:>11}  {r['items_per_min']:>10.1f}  {r['calls_per_s']:>8.2f}  {r['seconds']:>9.2f}"
            f"  {r['items_per_min'] / base:>8.2f}  {r['failed']}"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--target", choices=("sim", "fake"), default="sim")
    ap.add_argument("--titles", type=int, default=8, help="titles per batch (default 8)")
    ap.add_argument("--reps", type=int, default=3, help="repetitions per concurrency (median reported)")
    ap.add_argument("--concurrency", type=int, nargs="+", default=list(CONCURRENCY))
    ap.add_argument("--depth", default="brief", choices=("brief", "standard", "full"))
    ap.add_argument("--delay", type=float, default=0.2, help="fake: seconds per call")
    ap.add_argument("--latency", type=float, default=0.2, help="sim: server latency per call, seconds")
    ap.add_argument("--tps", type=float, default=2000.0, help="sim: completion tokens per second")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)

    if args.target == "fake":
        factory = fake_backend_factory(args.delay)
        header = (
            f"target: FakeBackend, {args.delay:.3f} s per call, {args.titles} titles x 20 sections, depth {args.depth}, "
            f"median of {args.reps}"
        )
        server = None
    else:
        server, factory, header = start_sim(args)
    try:
        rows = []
        for c in args.concurrency:
            runs = [asyncio.run(one_run(factory, args.titles, c, args.depth)) for _ in range(args.reps)]
            rows.append(summarise(runs))
    finally:
        if server is not None:
            server.stop()
    if args.json:
        print(json.dumps({"header": header, "rows": rows}, indent=2))
    else:
        print_table(rows, header)
    return 0


class SimProcess:
    """bench/simserver.py in its own process (its CPU is not the batch's), on a free 127.0.0.1 port."""

    def __init__(self, latency: float, tps: float, extra: tuple[str, ...] = ()):
        import socket
        import subprocess

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = sock.getsockname()[1]
        self.proc = subprocess.Popen(
            [sys.executable, str(REPO / "bench" / "simserver.py"), "--port", str(self.port),
             "--latency", str(latency), "--tps", str(tps), *extra],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        line = self.proc.stdout.readline()  # "simserver on http://127.0.0.1:PORT/v1 (...)"
        if "simserver on" not in line:
            self.stop()
            raise SystemExit(f"simserver did not start: {line.strip()}")
        self.base_url = f"http://127.0.0.1:{self.port}/v1"

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)


def start_sim(args):
    os.environ.setdefault("DRAFTER_HOME", tempfile.mkdtemp(prefix="drafter-bench-"))
    from drafter.batch.backend import build_backend
    from drafter.config import load_settings

    server = SimProcess(args.latency, args.tps)
    settings = load_settings(model="sim", api_base=server.base_url, depth=args.depth)

    def factory():
        return build_backend(settings, no_cache=True)  # the real path: instructor -> litellm -> HTTP

    # Warm-up: imports and the HTTP client, outside the timings.
    asyncio.run(one_run(factory, 1, 4, args.depth))
    header = (
        f"target: simserver {server.base_url} (separate process), latency {args.latency:.3f} s + completion tokens / "
        f"{args.tps:g} tok/s per call; {args.titles} titles x 20 sections, depth {args.depth}, cache off; "
        f"median of {args.reps}"
    )
    return server, factory, header


if __name__ == "__main__":
    sys.exit(main())
