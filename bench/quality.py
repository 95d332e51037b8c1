"""Quality benchmark: draft a fixed set of role requests and score them by rules.

The set is 30 requests: 10 job families x 3 levels (junior, senior, and a
manager-track level).  Each request is drafted with any provider -- the
embedded model (default when nothing is configured), the simulated server
(``--provider sim``), or a real model through ``DRAFTER_MODEL`` /
``--model`` -- and scored with ``drafter.quality`` (schema-valid, sections
filled, list lengths for the depth, duplicate items, items copied from
examples/, tools named in skills found in the tools table, hiring assessing
the must-have skills, scorecard names from the sections, level checks,
off-family terms).  A table per request, then the mean of each metric.

    .venv/bin/python bench/quality.py --provider sim                       # the whole set, simulated
    nice .venv/bin/python bench/quality.py --set outside --depth brief     # 5 titles outside examples/, embedded model
    .venv/bin/python bench/quality.py --code ../main --set outside --save out/before   # drafts of another checkout
    .venv/bin/python bench/quality.py --save out/q1                        # keep the drafts (JSON)
    .venv/bin/python bench/quality.py --score out/q1 --score out/q2        # score saved drafts side by side, no drafting
    DRAFTER_MODEL=openai/gpt-4o-mini .venv/bin/python bench/quality.py --judge openai/gpt-4o-mini

``--judge MODEL`` (a real provider only) also asks MODEL to score each
section 1-5 against a rubric and prints the judge model's name with the
scores.
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
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
# --code PATH: draft with another checkout's engine (e.g. before/after a change); scoring always uses this one's rules
CODE = Path(sys.argv[sys.argv.index("--code") + 1]).resolve() if "--code" in sys.argv else HERE.parent
sys.path.insert(0, str(CODE))
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

from drafter.schema.enums import Level, Track  # noqa: E402
from drafter.schema.models import Blueprint  # noqa: E402

IC, MGR = Track.individual_contributor, Track.manager


@dataclass(frozen=True)
class Case:
    title: str
    family: str
    level: Level
    track: Track


def _family(family: str, *rows: tuple[str, Level, Track]) -> list[Case]:
    return [Case(title, family, level, track) for title, level, track in rows]


CASES: tuple[Case, ...] = tuple(
    _family("engineering", ("Junior Backend Developer", Level.junior, IC), ("Senior Mobile Engineer", Level.senior, IC),
            ("Engineering Manager, Payments", Level.manager, MGR))
    + _family("product", ("Associate Product Manager", Level.junior, IC), ("Senior Product Manager", Level.senior, IC),
              ("Director of Product", Level.director, MGR))
    + _family("design", ("Junior UX Designer", Level.junior, IC), ("Senior Product Designer", Level.senior, IC),
              ("Design Manager", Level.manager, MGR))
    + _family("data", ("Junior Data Analyst", Level.junior, IC), ("Senior Data Scientist", Level.senior, IC),
              ("Head of Analytics", Level.head, MGR))
    + _family("sales", ("Sales Development Representative", Level.junior, IC), ("Senior Account Executive", Level.senior, IC),
              ("Regional Sales Manager", Level.manager, MGR))
    + _family("marketing", ("Marketing Coordinator", Level.junior, IC), ("Senior Content Marketing Specialist", Level.senior, IC),
              ("Director of Marketing", Level.director, MGR))
    + _family("people", ("HR Assistant", Level.junior, IC), ("Senior Recruiter", Level.senior, IC),
              ("VP of People", Level.vp, MGR))
    + _family("finance", ("Junior Accountant", Level.junior, IC), ("Senior Financial Analyst", Level.senior, IC),
              ("Finance Director", Level.director, MGR))
    + _family("support", ("Customer Support Associate", Level.junior, IC), ("Senior Customer Success Manager", Level.senior, IC),
              ("Head of Customer Support", Level.head, MGR))
    + _family("healthcare", ("Graduate Nurse", Level.junior, IC), ("Senior Registered Nurse", Level.senior, IC),
              ("Nurse Manager", Level.manager, MGR))
)

# Brief drafts of titles outside the example library (issue 10, item 9): the embedded model's copy/repeat targets.
OUTSIDE = ("Senior Account Executive", "Senior Registered Nurse", "Junior Accountant", "Senior Recruiter",
           "Senior Product Designer")

SETS = {"all": [c.title for c in CASES], "outside": list(OUTSIDE),
        "small": ["Junior Backend Developer", "Senior Product Manager", "Senior Account Executive",
                  "Senior Registered Nurse", "Finance Director", "VP of People", "Senior Data Scientist",
                  "Design Manager"]}
BY_TITLE = {c.title: c for c in CASES}


def _slug(title: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in title.lower()).strip("-")


# --------------------------------------------------------------------------- drafting


async def draft_all(cases: list[Case], args) -> list[tuple[Case, Blueprint, float]]:
    os.environ.setdefault("DRAFTER_HOME", tempfile.mkdtemp(prefix="drafter-quality-"))
    from drafter.config import load_settings
    from drafter.generate import open_engine
    from drafter.generate.types import RoleRequest

    server = None
    model, api_base = args.model, None
    if args.provider == "sim":
        from simserver import SimConfig, SimServer

        server = await SimServer(SimConfig(fill_share=0.6)).start()
        model, api_base = "sim", server.base_url
    elif args.provider == "local":
        model = "drafter-local/gemma3-270m"  # config.LOCAL_MODEL (not imported: --code may be an older checkout)
    settings = load_settings(model=model, api_base=api_base, depth=args.depth, concurrency=args.concurrency)
    engine = open_engine(settings, no_cache=True)
    print(f"provider: {engine.backend.model}{' at ' + api_base if api_base else ''}; depth {args.depth}", flush=True)
    out = []
    try:
        for case in cases:
            t0 = time.perf_counter()
            result = await engine.draft(RoleRequest(case.title, depth=args.depth))
            seconds = time.perf_counter() - t0
            bp = result.blueprint
            out.append((case, bp, seconds))
            print(f"  drafted {case.title!r} in {seconds:.1f} s"
                  + (f" ({len(result.failed)} section(s) failed)" if result.failed else ""), flush=True)
            if args.save:
                folder = Path(args.save)
                folder.mkdir(parents=True, exist_ok=True)
                data = json.loads(bp.model_dump_json())
                data["_quality"] = {"seconds": seconds, "depth": args.depth}
                (folder / f"{_slug(case.title)}.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
    finally:
        await engine.aclose()
        if server is not None:
            await server.stop()
    return out


def load_saved(folder: Path) -> list[tuple[Case, Blueprint, float]]:
    out = []
    for file in sorted(folder.glob("*.json")):
        data = json.loads(file.read_text(encoding="utf-8"))
        extra = data.pop("_quality", {})
        bp = Blueprint.model_validate(data)
        case = BY_TITLE.get(bp.meta.title) or Case(bp.meta.title, "unknown", bp.meta.level or Level.mid,
                                                   bp.meta.track or IC)
        out.append((case, bp, float(extra.get("seconds", 0.0))))
    return out


# --------------------------------------------------------------------------- report


_SHORT = {"schema_valid": "valid", "sections": "secs", "list_lengths": "lens", "duplicates": "dup",
          "copied": "copied", "tools_in_table": "tools", "hiring_covers": "hiring", "scorecard_from": "card",
          "level_ok": "level", "off_family": "offfam", "lint": "lint"}


COUNTS = ("sections", "off_family", "lint")  # counts per draft; the other metrics are shares


def _cell(value, metric: str = "") -> str:
    if value is None:
        return "-"
    if metric in COUNTS or (isinstance(value, int) and not isinstance(value, bool)):
        return f"{value:g}" if isinstance(value, int) else f"{value:.1f}"
    return f"{value:.0%}"


def score(drafts, depth: str) -> list:
    from drafter.quality import score_blueprint

    out = []
    for case, bp, seconds in drafts:
        s = score_blueprint(bp, depth=depth, level=case.level, track=case.track, family=case.family, label=case.title)
        out.append((s, seconds))
    return out


def report(name: str, scored: list) -> dict:
    from drafter.quality import METRICS, summarise

    print(f"\n== {name}: {len(scored)} drafts")
    head = f"{'request':<36}" + "".join(f"{_SHORT[m]:>8}" for m in METRICS) + f"{'time':>8}"
    print(head)
    for s, seconds in scored:
        print(f"{s.label[:35]:<36}" + "".join(f"{_cell(s.metrics[m], m):>8}" for m in METRICS) + f"{seconds:>7.0f}s")
    overall = summarise(s for s, _ in scored)
    times = [t for _, t in scored]
    overall["median_seconds"] = statistics.median(times) if times else None
    print(f"{'mean (median time)':<36}" + "".join(f"{_cell(overall[m], m):>8}" for m in METRICS)
          + f"{(overall['median_seconds'] or 0):>7.0f}s")
    lint: dict[str, int] = {}
    for s, _ in scored:
        for code, n in s.lint_codes.items():
            lint[code] = lint.get(code, 0) + n
    print("lint warnings per rule (all drafts): " + (", ".join(f"{c} {n}" for c, n in sorted(lint.items())) or "none"))
    overall["lint_codes"] = lint
    failed = [(s.label, k) for s, _ in scored for k, ok in s.level_checks.items() if not ok]
    if failed:
        print("level checks failed: " + "; ".join(f"{t}: {k}" for t, k in failed))
    return overall


# --------------------------------------------------------------------------- optional LLM judge

RUBRIC = ("Score this section of a role blueprint from 1 (poor) to 5 (excellent) for the role given: specific to "
          "the role and its job family (no content from other families), right for the level and track, no "
          "invented statistics, laws or company facts, no repeated items, concrete and useful to a hiring manager. "
          'Answer with JSON only: {"score": <1-5>, "reason": "<one sentence>"}')


async def judge(drafts, judge_model: str) -> None:
    from drafter.generate.llm import load_litellm
    from drafter.schema.sections import GENERATED_SECTIONS

    litellm = load_litellm()
    print(f"\n== LLM judge: {judge_model} (rubric: role-specific, level, no invention, no repeats; 1-5)")
    for case, bp, _ in drafts:
        scores = []
        for spec in GENERATED_SECTIONS:
            sec = getattr(bp, spec.key)
            if sec is None:
                continue
            content = json.dumps(sec.model_dump(mode="json", exclude_defaults=True), ensure_ascii=False)[:6000]
            resp = await litellm.acompletion(
                model=judge_model, temperature=0,
                messages=[{"role": "system", "content": RUBRIC},
                          {"role": "user", "content": f"Role: {case.title} ({case.level.value}, {case.track.value})\n"
                                                      f"Section: {spec.title}\n{content}"}],
                response_format={"type": "json_object"},
            )
            try:
                scores.append(int(json.loads(resp.choices[0].message.content)["score"]))
            except (ValueError, KeyError, TypeError):
                continue
        mean = sum(scores) / len(scores) if scores else float("nan")
        print(f"  {case.title:<36} {mean:.2f} over {len(scores)} sections")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provider", choices=["default", "local", "sim"], default="default",
                        help="default: --model / DRAFTER_MODEL / config, else the embedded model")
    parser.add_argument("--model", default=None)
    parser.add_argument("--set", choices=sorted(SETS), default="all")
    parser.add_argument("--titles", type=int, default=0, help="only the first N titles of the set")
    parser.add_argument("--depth", default="brief", choices=["brief", "standard", "full"])
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--save", default=None, help="write each draft's JSON here")
    parser.add_argument("--score", action="append", default=[], help="score saved drafts (repeatable: side by side)")
    parser.add_argument("--judge", default=None, help="a real model that scores each section against a rubric")
    parser.add_argument("--code", default=None, help="draft with the drafter of another checkout (use with --save)")
    args = parser.parse_args()

    if args.score:
        results = {}
        for folder in args.score:
            drafts = load_saved(Path(folder))
            depth = args.depth
            results[folder] = report(folder, score(drafts, depth))
        if len(results) > 1:
            from drafter.quality import METRICS

            print("\n== side by side (means; time: median seconds per draft)")
            print(f"{'metric':<16}" + "".join(f"{Path(f).name[:18]:>20}" for f in results))
            for metric in (*METRICS, "median_seconds"):
                print(f"{metric:<16}" + "".join(
                    f"{(_cell(r[metric], metric) if metric != 'median_seconds' else f'{r[metric]:.0f}s'):>20}"
                    for r in results.values()))
        return
    titles = SETS[args.set][: args.titles or None]
    cases = [BY_TITLE[t] for t in titles]
    drafts = asyncio.run(draft_all(cases, args))
    if args.code:  # another checkout's engine: save only (score the saved drafts with --score)
        return
    report(f"{args.set} set", score(drafts, args.depth))
    if args.judge:
        asyncio.run(judge(drafts, args.judge))


if __name__ == "__main__":
    main()
