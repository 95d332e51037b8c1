"""Scale: N titles at brief depth against the simulated server, live and as provider batch jobs.

Each run is a fresh process (so its peak RSS and CPU time are its own) drafting N titles through the real
path (get_backend -> instructor -> litellm -> HTTP) against ``bench/simserver.py``, itself in another process:

* live: ``BatchRunner`` at concurrency 32 (``-j 32``): items per minute, client CPU per model call, peak RSS;
* batch: ``ProviderBatchRunner`` (``--provider-batch``): jobs, wall time, requests per job, cost.

Costs are the litellm prices of ``--price-as`` (default openai/gpt-4o-mini) for the tokens the simulated
server reports, live and at the batch discount (the server itself is free).

    .venv/bin/python bench/bench_scale.py                          # 100, 300, 1000 titles, live and batch
    .venv/bin/python bench/bench_scale.py --titles 100 --modes live --latency 0.5
    .venv/bin/python bench/bench_scale.py --json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

FAMILIES = ["Platform Engineer", "Data Engineer", "Product Manager", "Security Engineer", "Designer", "Recruiter",
            "Account Executive", "Financial Analyst", "Support Specialist", "Registered Nurse"]
LEVELS = ["", "Senior ", "Staff ", "Principal ", "Lead ", "Junior ", "Associate ", "Head of ", "Director of ",
          "VP of "]


def titles_text(n: int) -> str:
    """n distinct titles (level x family, then numbered)."""
    out = []
    for i in range(n):
        base = f"{LEVELS[(i // len(FAMILIES)) % len(LEVELS)]}{FAMILIES[i % len(FAMILIES)]}"
        cycle = i // (len(FAMILIES) * len(LEVELS))
        out.append(base + (f" {cycle + 1}" if cycle else ""))
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- one run, in its own process


def child(args: argparse.Namespace) -> dict:
    os.environ["DRAFTER_HOME"] = tempfile.mkdtemp(prefix="drafter-scale-")
    from drafter.batch import BatchRunner, plan_batch
    from drafter.batch.backend import build_backend
    from drafter.config import load_settings
    from drafter.generate.llm import load_litellm
    from drafter.titles import parse_titles

    load_litellm()  # the import is not part of the figures
    settings = load_settings(model="sim", api_base=args.api_base, depth="brief", concurrency=args.concurrency)
    backend = build_backend(settings, no_cache=True)
    plan = plan_batch(parse_titles(titles_text(args.titles), source="titles.txt"), {})
    out = Path(tempfile.mkdtemp(prefix="scale-out-"))
    common = dict(concurrency=args.concurrency, depth="brief", force=True, validate=lambda bp: None,
                  render=lambda bp: f"# {bp.meta.title}\n")
    if args.mode == "live":
        from drafter.batch.backend import build_gate

        runner = BatchRunner(plan, backend, out, gate=build_gate(), **common)
    else:
        from drafter.batch.jobs import JobClient
        from drafter.batch.provider import ProviderBatchRunner

        runner = ProviderBatchRunner(plan, backend, out, client=JobClient.for_backend(backend), poll=args.poll,
                                     first_poll=args.poll, **common)
    cpu0, t0 = time.process_time(), time.perf_counter()
    report = asyncio.run(runner.run())
    wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    calls = report.usage.attempts
    result = {
        "mode": args.mode, "titles": args.titles, "ok": len(report.ok), "failed": len(report.failed),
        "wall_s": round(wall, 2), "items_per_min": round(len(report.ok) / wall * 60, 1), "calls": calls,
        "cpu_s": round(cpu, 2), "cpu_ms_per_call": round(cpu / max(calls, 1) * 1000, 2),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "prompt_tokens": report.usage.prompt_tokens, "completion_tokens": report.usage.completion_tokens,
    }
    if args.mode == "batch":
        jobs = runner.state.jobs
        result.update(jobs=len(jobs), lines_per_job=[j.lines for j in jobs], discount=report.discount)
    price = _price(args.price_as, report.usage.prompt_tokens, report.usage.completion_tokens)
    if price is not None:
        discount = result.get("discount", 1.0)
        result.update(cost_live_usd=round(price, 4), cost_usd=round(price * discount, 4))
    return result


def _price(model: str, prompt: int, completion: int) -> float | None:
    from drafter.generate.llm import load_litellm

    try:
        info = load_litellm().get_model_info(model)
    except Exception:  # noqa: BLE001
        return None
    return prompt * info["input_cost_per_token"] + completion * info["output_cost_per_token"]


# ---------------------------------------------------------------- the driver


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--titles", type=int, nargs="+", default=[100, 300, 1000])
    ap.add_argument("--modes", nargs="+", choices=("live", "batch"), default=["live", "batch"])
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--latency", type=float, default=0.5, help="sim: seconds per call (live calls and batch lines)")
    ap.add_argument("--tps", type=float, default=0.0, help="sim: completion tokens per second (0: instant)")
    ap.add_argument("--poll", type=float, default=1.0, help="batch: seconds between polls")
    ap.add_argument("--price-as", default="openai/gpt-4o-mini")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", choices=("live", "batch"), help=argparse.SUPPRESS)
    ap.add_argument("--api-base", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        args.mode = args.child
        args.titles = args.titles[0]
        print(json.dumps(child(args)))
        return 0

    from bench_batch import SimProcess

    server = SimProcess(args.latency, args.tps, ("--batch-concurrency", "1024", "--batch-phase", "1.0"))
    rows = []
    try:
        for n in args.titles:
            for mode in args.modes:
                cmd = [sys.executable, __file__, "--child", mode, "--titles", str(n), "--api-base", server.base_url,
                       "--concurrency", str(args.concurrency), "--poll", str(args.poll), "--price-as", args.price_as]
                done = subprocess.run(cmd, capture_output=True, text=True)
                if done.returncode != 0:
                    raise SystemExit(f"{mode} {n}: {done.stderr.strip()[-2000:]}")
                rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
                if not args.json:
                    print(_row(rows[-1]), flush=True)
    finally:
        server.stop()
    header = (f"simserver: latency {args.latency:g} s per call/line, tps {args.tps:g}; brief depth; "
              f"live at -j {args.concurrency}; costs priced as {args.price_as}")
    if args.json:
        print(json.dumps({"header": header, "rows": rows}, indent=2))
    else:
        print(header)
    return 0


def _row(r: dict) -> str:
    bits = [f"{r['mode']:>5} {r['titles']:>5} titles: {r['ok']} ok, {r['failed']} failed, wall {r['wall_s']:.1f} s",
            f"{r['items_per_min']:.1f} items/min", f"{r['calls']} calls, client CPU {r['cpu_ms_per_call']:.1f} ms/call",
            f"peak RSS {r['peak_rss_mb']:.0f} MB"]
    if r["mode"] == "batch":
        bits.append(f"{r['jobs']} jobs {r['lines_per_job']}")
    if "cost_usd" in r:
        bits.append(f"cost ${r['cost_usd']:.2f} (live ${r['cost_live_usd']:.2f})")
    return "; ".join(bits)


if __name__ == "__main__":
    sys.exit(main())
