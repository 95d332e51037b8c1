"""Off-family terms in the prompts of one draft, and the few-shot closeness floor.

Part 1 builds every call of one draft (the role profile call when the version has one, then each
section the model writes: messages plus the JSON Schema sent beside them, whose field descriptions the
model reads) for titles outside engineering, and counts engineering / infrastructure / ML terms
(the list of drafter.quality.OFF_FAMILY_TERMS) in them.  An infrastructure title is counted too:
it should keep its worked examples.

Part 2 measures the few-shot floor: for every title of tests/roles/titles_labelled.tsv, the closeness
(drafter.generate.fewshot.closeness) of its closest example blueprint, split by whether the title's
family is one the examples belong to (engineering, data, security) or not; the floor must lie above
every other family's closeness and at or below the technical titles'.

    .venv/bin/python bench/bench_prompt_terms.py
    PYTHONPATH=/path/to/older/checkout .venv/bin/python bench/bench_prompt_terms.py   # part 1 for another version

No network, no model: it only builds prompts.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from pathlib import Path

from drafter.generate import fewshot, prompts
from drafter.generate.types import RoleRequest
from drafter.schema.genmodels import generation_model, model_schema
from drafter.schema.markers import Depth
from drafter.schema.sections import GENERATED_SECTIONS

TITLES = ("VP of People", "Account Executive", "Registered Nurse", "Senior Site Reliability Engineer")
OFF_FAMILY_TERMS: tuple[str, ...] = (  # the same list as drafter.quality.OFF_FAMILY_TERMS
    "kubernetes", "terraform", "mlops", "sagemaker", "prometheus", "grafana", "ci/cd", "helm", "docker",
    "argo", "kubeflow", "mlflow", "gpu", "inference", "microservices", "slo", "slos", "sre", "iac",
    "infrastructure as code", "observability", "pagerduty", "datadog", "aws", "gcp", "azure", "devops",
    "model serving", "feature store", "platform engineering", "kafka", "airflow", "pytorch", "tensorflow",
)
_TERMS = re.compile(r"(?<![\w/])(" + "|".join(re.escape(t) for t in OFF_FAMILY_TERMS) + r")(?![\w/])")
LABELLED = Path(__file__).resolve().parents[1] / "tests" / "roles" / "titles_labelled.tsv"
TECH = {"engineering", "data", "security"}


def draft_calls(title: str, depth: Depth) -> list[tuple[str, str]]:
    """(call, text the model reads) for every model call of one draft of ``title``."""
    request = RoleRequest(title, depth=depth)
    calls: list[tuple[str, str]] = []
    try:  # versions with a role profile call first and a scorecard assembled by code
        from drafter.generate import profile, scorecard  # noqa: F401

        messages = profile.profile_messages(request)
        schema = model_schema(profile.profile_model())
        calls.append(("profile", "\n".join(m["content"] for m in messages) + json.dumps(schema)))
        skip = {"scorecard"}
    except ImportError:
        skip = set()
    for spec in GENERATED_SECTIONS:
        if spec.key in skip:
            continue
        messages = prompts.build_messages(spec, request, depth=depth, dependencies={})
        schema = model_schema(generation_model(spec.model, depth))
        calls.append((spec.key, "\n".join(m["content"] for m in messages) + json.dumps(schema)))
    return calls


def count_terms(text: str) -> int:
    return len(_TERMS.findall(text.casefold()))


def part1(depth: Depth) -> None:
    print(f"Off-family terms per draft ({depth.value} depth; prompts + response schemas; drafter at {prompts.__file__})")
    print(f"  {'title':<34} {'calls':>5} {'terms':>6}  top terms")
    for title in TITLES:
        calls = draft_calls(title, depth)
        found: dict[str, int] = {}
        for _, text in calls:
            for t in _TERMS.findall(text.casefold()):
                found[t] = found.get(t, 0) + 1
        total = sum(found.values())
        top = ", ".join(f"{k} {v}" for k, v in sorted(found.items(), key=lambda kv: -kv[1])[:5])
        print(f"  {title:<34} {len(calls):>5} {total:>6}  {top}")


def part2() -> None:
    if not hasattr(fewshot, "closeness"):
        print("\n(this version has no few-shot closeness floor)")
        return
    lines = [x for x in LABELLED.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    pool = fewshot.load_examples()
    tech, other = [], []
    for row in rows:
        target = fewshot.Target.of(RoleRequest(row["title"]))
        best = max((fewshot.closeness(target, ex) for ex in pool), default=0.0)
        (tech if row["family"] in TECH else other).append((best, row["title"]))
    floor = fewshot.CLOSENESS_FLOOR
    print(f"\nFew-shot closeness of each labelled title's closest example ({len(pool)} examples, floor {floor})")
    for name, group in (("engineering/data/security", tech), ("other families", other)):
        values = sorted(v for v, _ in group)
        shown = sum(1 for v in values if v >= floor)
        print(f"  {name:<26} n={len(values):>3}  min {values[0]:.3f}  max {values[-1]:.3f}  "
              f"shown examples: {shown}/{len(values)}")
    tech_below = [t for v, t in tech if v < floor]
    if tech_below:
        print(f"  technical titles below the floor (a level more than {fewshot.MAX_LEVEL_GAP} rungs from every example): "
              + ", ".join(tech_below))
    gap_lo = max(v for v, _ in other)
    gap_hi = min(v for v, _ in tech if v > 0) if any(v > 0 for v, _ in tech) else 1.0
    print(f"  any floor in ({gap_lo:.3f}, {gap_hi:.3f}] separates the two groups; {floor} is used")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--depth", default="standard", choices=[d.value for d in Depth])
    args = ap.parse_args(argv)
    part1(Depth(args.depth))
    part2()
    return 0


if __name__ == "__main__":
    sys.exit(main())
