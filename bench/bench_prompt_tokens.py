"""Prompt tokens per draft, against the paste-everything baseline.

For a few titles of different levels and families, builds the prompts of a
full draft (every model call: the role profile when the version drafts one, and every section the
model writes -- not the scorecard where code assembles it) at each depth, with the dependencies of
hiring and the scorecard filled from ``drafter.testing.sample_blueprint()``,
and counts prompt tokens (cl100k_base, offline).  The baseline pastes the
five seed documents (``tests/data/seeds``) into every section's prompt.

    .venv/bin/python bench/bench_prompt_tokens.py            # table
    .venv/bin/python bench/bench_prompt_tokens.py --json     # machine-readable
    .venv/bin/python bench/bench_prompt_tokens.py --examples DIR --titles "Head of MLOps"

No network, no model: it only builds prompts.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from drafter import resources  # noqa: E402
from drafter.generate import fewshot, prompts  # noqa: E402
from drafter.generate.tokens import count_messages, tokenizer_name  # noqa: E402
from drafter.generate.types import RoleRequest  # noqa: E402
from drafter.schema.markers import Depth  # noqa: E402
from drafter.schema.sections import GENERATED_SECTIONS  # noqa: E402
from drafter.testing import sample_blueprint  # noqa: E402

TITLES = ("Senior Platform Engineer", "Director of Data Engineering", "Engineering Manager", "Staff Machine Learning Engineer",
          "VP of People", "Registered Nurse")
SEEDS = REPO / "tests" / "data" / "seeds"


def baseline_section_tokens(seed_text: str, spec, request: RoleRequest) -> int:
    """One section's prompt when every seed document is pasted in as context."""
    messages = [
        {"role": "system", "content": "You write one section of a role blueprint as JSON. Use the documents below as examples."},
        {
            "role": "user",
            "content": f"<documents>\n{seed_text}\n</documents>\n"
            f"Write section {spec.number}) \"{spec.title}\" for the role {json.dumps(request.inputs())}. Answer with JSON.",
        },
    ]
    return count_messages(messages)


def draft_prompts(request: RoleRequest, depth: Depth, *, revise: bool = False) -> dict:
    bp = sample_blueprint(request.title, depth)
    per_section: dict[str, int] = {}
    examples: dict[str, int] = {}
    deps: dict[str, int] = {}
    chosen: dict[str, tuple[str, ...]] = {}
    t0 = time.perf_counter()
    try:  # versions that draft a role profile first and assemble the scorecard by code (no model call)
        from drafter.generate import profile, scorecard  # noqa: F401

        per_section["profile"] = count_messages(profile.profile_messages(request))
        examples["profile"], deps["profile"], chosen["profile"] = 0, 0, ("profile",)
        skip = {"scorecard"}
    except ImportError:
        skip = set()
    for spec in GENERATED_SECTIONS:
        if spec.key in skip:
            continue
        p = prompts.build_prompt(
            spec,
            request,
            depth=depth,
            dependencies={d: getattr(bp, d) for d in spec.depends_on},
            feedback="Make it more senior and add FinOps." if revise else None,
            previous=getattr(bp, spec.key) if revise else None,
        )
        per_section[spec.key] = p.tokens["total"]
        examples[spec.key] = p.tokens["examples"]
        deps[spec.key] = p.tokens["dependencies"]
        chosen[spec.key] = p.examples
    seconds = time.perf_counter() - t0
    return {"per_section": per_section, "examples": examples, "dependencies": deps, "chosen": chosen, "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--titles", nargs="+", default=list(TITLES))
    ap.add_argument("--examples", type=Path, help="examples folder (default: the shipped examples/)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = ap.parse_args(argv)
    if args.examples:
        folder = args.examples.resolve()
        resources.examples_dir = lambda: folder  # type: ignore[assignment]

    seed_text = "\n\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEEDS.glob("*.txt")))
    n_examples = len(fewshot.load_examples())
    rows = []
    for depth in Depth:
        for title in args.titles:
            request = RoleRequest(title=title, depth=depth)
            ours = draft_prompts(request, depth)
            revise = draft_prompts(request, depth, revise=True)
            base = {s.key: baseline_section_tokens(seed_text, s, request) for s in GENERATED_SECTIONS}
            total = sum(ours["per_section"].values())
            base_total = sum(base.values())
            worst = max(ours["per_section"], key=ours["per_section"].get)
            calls = len(ours["per_section"])
            rows.append(
                {
                    "depth": depth.value,
                    "title": title,
                    "draft_tokens": total,
                    "section_median": statistics.median(ours["per_section"].values()),
                    "section_max": ours["per_section"][worst],
                    "section_max_key": worst,
                    "examples_tokens": sum(ours["examples"].values()),
                    "sections_without_examples": sorted(k for k, v in ours["chosen"].items() if not v),
                    "revise_section_median": statistics.median(revise["per_section"].values()),
                    "revise_section_max": max(revise["per_section"].values()),
                    "baseline_draft_tokens": base_total,
                    "baseline_section_max": max(base.values()),
                    "ratio": round(base_total / total, 1),
                    "build_ms_per_draft": round(ours["seconds"] * 1000, 1),
                    "calls": calls,
                }
            )

    summary = {
        "tokenizer": tokenizer_name(),
        "prompt_version": prompts.PROMPT_VERSION,
        "examples_loaded": n_examples,
        "draft_tokens_median": statistics.median(r["draft_tokens"] for r in rows),
        "section_max": max(r["section_max"] for r in rows),
        "baseline_draft_tokens_median": statistics.median(r["baseline_draft_tokens"] for r in rows),
        "ratio_min": min(r["ratio"] for r in rows),
        "ratio_median": statistics.median(r["ratio"] for r in rows),
        "build_ms_per_draft_median": statistics.median(r["build_ms_per_draft"] for r in rows),
    }
    if args.json:
        print(json.dumps({"summary": summary, "rows": rows}, indent=1))
        return 0 if summary["ratio_min"] >= 4 else 1

    print(f"tokenizer {summary['tokenizer']}, prompt version {summary['prompt_version']}, "
          f"{n_examples} example blueprints, {rows[0]['calls']} model calls per draft")
    head = (f"{'depth':<9}{'title':<34}{'draft':>8}{'sec med':>9}{'sec max':>9} {'(section)':<18}"
            f"{'examples':>9}{'revise max':>11}{'baseline':>10}{'ratio':>7}{'ms':>7}")
    print(head)
    print("-" * len(head))
    for r in rows:
        print(f"{r['depth']:<9}{r['title'][:33]:<34}{r['draft_tokens']:>8}{r['section_median']:>9.0f}"
              f"{r['section_max']:>9} {'(' + r['section_max_key'] + ')':<18}{r['examples_tokens']:>9}"
              f"{r['revise_section_max']:>11}{r['baseline_draft_tokens']:>10}{r['ratio']:>6}x{r['build_ms_per_draft']:>7.0f}")
        if r["sections_without_examples"]:
            print(f"{'':<9}  no example for: {', '.join(r['sections_without_examples'])}")
    print("-" * len(head))
    print(f"median tokens per draft {summary['draft_tokens_median']:.0f} vs baseline "
          f"{summary['baseline_draft_tokens_median']:.0f}: {summary['ratio_median']:.1f}x smaller "
          f"(worst case {summary['ratio_min']}x); largest section prompt {summary['section_max']} tokens; "
          f"building a draft's prompts takes {summary['build_ms_per_draft_median']:.0f} ms (median)")
    if summary["ratio_min"] < 4:
        print("FAIL: prompts must be at least 4x smaller than the baseline", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
