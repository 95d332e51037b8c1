"""Benchmark: a full draft against a simulated server, "sections" vs "one call".

Everything real runs -- engine, instructor, litellm, httpx -- except the
model, which is bench/simserver.py on 127.0.0.1 with a fixed latency per call
and a tokens-per-second emulation (the answer arrives after latency +
completion_tokens / tps), answers padded to a realistic share of each
string's length cap.  Two ways to draft the same blueprint:

* sections: the engine as shipped -- one role-profile call, then the 19
  model-written sections in parallel, the scorecard assembled by code;
* one call: the whole blueprint (all 20 sections) as one structured answer.

The run also times the profile call alone and each section alone (with the
profile given), so the full draft is compared with its floor, profile call +
slowest section call.  Medians of ``--repeat`` runs, measured side by side in
one process.

    .venv/bin/python bench/bench_draft.py [--latency 0.5] [--tps 100] [--repeat 3] [--depth standard]
    .venv/bin/python bench/bench_draft.py --baseline /work/main    # also tokens per draft of another checkout

``--baseline PATH`` drafts the same title with the engine of another checkout
(same simulated server, in a child process) and prints tokens per draft side
by side.
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
# --code PATH: import drafter from another checkout (for --baseline: tokens per draft of today's engine)
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv else HERE.parent
sys.path.insert(0, str(CODE))
os.environ.setdefault("DRAFTER_HOME", tempfile.mkdtemp(prefix="drafter-bench-"))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from simserver import SimConfig, SimServer  # noqa: E402

from drafter.config import load_settings  # noqa: E402
from drafter.generate import open_engine  # noqa: E402
from drafter.generate.engine import tokens_for_schema  # noqa: E402
from drafter.generate.types import RoleRequest, SectionCall  # noqa: E402
from drafter.schema.genmodels import generation_model, model_schema  # noqa: E402
from drafter.schema.sections import GENERATED_SECTIONS  # noqa: E402

TITLE = "Staff Site Reliability Engineer"


def _engine(base_url: str, depth: str, concurrency: int = 20):
    settings = load_settings(model="sim", api_base=base_url, depth=depth, concurrency=concurrency, timeout=900)
    return open_engine(settings, no_cache=True)


async def timed(coro) -> tuple[float, object]:
    t0 = time.perf_counter()
    out = await coro
    return time.perf_counter() - t0, out


async def sections_draft(base_url: str, depth: str) -> tuple[float, int, int]:
    engine = _engine(base_url, depth)
    seconds, result = await timed(engine.draft(RoleRequest(TITLE, depth=depth)))
    await engine.aclose()
    assert result.complete, result.failed
    return seconds, result.usage.prompt_tokens, result.usage.completion_tokens


def one_call_model(depth: str):
    from pydantic import create_model

    from drafter.schema.genmodels import GenModel

    fields = {s.key: (generation_model(s.model, depth), ...) for s in GENERATED_SECTIONS}
    return create_model("WholeBlueprint", __base__=GenModel, **fields)  # type: ignore[call-overload]


async def one_call_draft(base_url: str, depth: str) -> tuple[float, int, int]:
    """The whole blueprint in one structured call: every section's fields described in one prompt."""
    from drafter.generate import prompts
    from drafter.schema.markers import Depth

    engine = _engine(base_url, depth)
    request = RoleRequest(TITLE, depth=depth)
    model = one_call_model(depth)
    lines = []
    for spec in GENERATED_SECTIONS:
        lines.append(f"{spec.key} ({spec.number}) {spec.title}):")
        lines.extend("  " + line for line in prompts.describe_fields(spec, Depth(depth)))
    user = (f"Write the whole role blueprint for this role:\n<role_data>\n{prompts.encode_data({'title': TITLE})}\n"
            "</role_data>\n\nSections and fields (fill every one):\n" + "\n".join(lines) +
            "\n\nAnswer with one JSON object.")
    system = prompts.build_messages(GENERATED_SECTIONS[0], request, depth=Depth(depth), dependencies={})[0]
    call = SectionCall(section="blueprint", messages=[system, {"role": "user", "content": user}],
                       response_model=model, max_tokens=min(64000, tokens_for_schema(model_schema(model)) * 2),
                       request=request, gate=engine.gate)
    seconds, out = await timed(engine.backend.generate(call))
    await engine.aclose()
    return seconds, out.usage.prompt_tokens, out.usage.completion_tokens


async def run(args) -> None:
    config = SimConfig(latency=args.latency, tps=args.tps, fill_share=args.fill_share)
    server = SimServer(config)
    await server.start()
    depth = args.depth
    try:
        engine = _engine(server.base_url, depth)
        await engine.draft(RoleRequest(TITLE, depth=depth), sections=["mission"])  # warm-up: imports, client set-up
        profile_times = []
        profile = None
        for _ in range(args.repeat):
            seconds, profile = await timed(engine.draft_profile(RoleRequest(TITLE, depth=depth)))
            profile_times.append(seconds)
        profile_s = statistics.median(profile_times)
        print(f"profile call alone: {profile_s:.2f} s (median of {args.repeat})", flush=True)
        singles: dict[str, float] = {}
        for spec in GENERATED_SECTIONS:
            if spec.key == "scorecard":
                continue
            times = []
            for _ in range(max(1, args.repeat // 2)):
                seconds, _ = await timed(engine.draft(RoleRequest(TITLE, depth=depth), sections=[spec.key],
                                                      profile=profile))
                times.append(seconds)
            singles[spec.key] = statistics.median(times)
        await engine.aclose()
        slowest_key = max(singles, key=singles.get)
        floor = profile_s + singles[slowest_key]
        print(f"slowest section alone: {slowest_key} {singles[slowest_key]:.2f} s", flush=True)

        rows = {}
        for mode, fn in (("sections", sections_draft), ("one call", one_call_draft)):
            runs = []
            for _ in range(args.repeat):
                server.reset()
                runs.append(await fn(server.base_url, depth))
                print(f"  {mode}: {runs[-1][0]:.2f} s", flush=True)
            rows[mode] = (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
                          statistics.median(r[2] for r in runs), server.stats()["max_in_flight"])

        print(f"simserver: latency {args.latency:.2f} s/call, {args.tps:g} completion tokens/s, strings filled to "
              f"{args.fill_share:.0%} of their cap; depth {depth}; medians of {args.repeat} runs")
        print(f"profile call alone: {profile_s:.2f} s; slowest section alone ({slowest_key}): {singles[slowest_key]:.2f} s;"
              f" floor = profile + slowest = {floor:.2f} s")
        print(f"{'mode':>9} {'wall':>8} {'x floor':>8} {'prompt tok':>11} {'completion tok':>15} {'max in flight':>14}")
        for mode, (seconds, p, c, inflight) in rows.items():
            print(f"{mode:>9} {seconds:>7.2f}s {seconds / floor:>7.2f}x {p:>11,} {c:>15,} {inflight:>14}")
        ratio = rows["one call"][0] / rows["sections"][0]
        print(f"one call / sections: {ratio:.1f}x slower")
    finally:
        await server.stop()


async def tokens_only(args) -> None:
    import json

    server = SimServer(SimConfig(fill_share=args.fill_share))
    await server.start()
    try:
        _, p, c = await sections_draft(server.base_url, args.depth)
    finally:
        await server.stop()
    print(json.dumps({"prompt": p, "completion": c}))


def baseline_tokens(args) -> dict:
    import json
    import subprocess

    cmd = [sys.executable, __file__, "--tokens-only", "--code", args.baseline, "--depth", args.depth,
           "--fill-share", str(args.fill_share)]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=900)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--latency", type=float, default=0.5, help="seconds per call before the first token")
    parser.add_argument("--tps", type=float, default=100.0, help="completion tokens per second")
    parser.add_argument("--fill-share", type=float, default=0.6, help="strings padded to this share of their cap")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--depth", default="standard", choices=["brief", "standard", "full"])
    parser.add_argument("--baseline", default=None, help="another checkout: compare tokens per draft with its engine")
    parser.add_argument("--code", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--tokens-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.tokens_only:
        asyncio.run(tokens_only(args))
        return
    asyncio.run(run(args))
    if args.baseline:
        base = baseline_tokens(args)
        here = asyncio.run(_here_tokens(args))
        total_b, total_h = base["prompt"] + base["completion"], here["prompt"] + here["completion"]
        print(f"tokens per draft ({TITLE}, {args.depth}): {args.baseline}: {base['prompt']:,} + {base['completion']:,} "
              f"= {total_b:,}; this checkout: {here['prompt']:,} + {here['completion']:,} = {total_h:,} "
              f"({(total_h / total_b - 1):+.1%})")


async def _here_tokens(args) -> dict:
    server = SimServer(SimConfig(fill_share=args.fill_share))
    await server.start()
    try:
        _, p, c = await sections_draft(server.base_url, args.depth)
    finally:
        await server.stop()
    return {"prompt": p, "completion": c}


if __name__ == "__main__":
    main()
