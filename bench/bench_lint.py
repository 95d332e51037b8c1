"""``drafter validate`` of the seeds with the wording lint vs ``--no-lint``, side by side in one run.

    .venv/bin/python bench/bench_lint.py [--rounds 9] [PATH ...]

Each round runs both commands as whole processes, alternating which goes
first; prints the median wall time and the median CPU time (user + sys of the
child, less sensitive to other load on the machine) of each, and the ratios.
Also prints the in-process time of the lint alone per document, and lint
findings per rule (``--findings``) over the paths.
"""

from __future__ import annotations

import argparse
import collections
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DRAFTER = Path(sys.executable).with_name("drafter")


def timed(args: list[str]) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    proc = subprocess.run([str(DRAFTER), *args], capture_output=True, cwd=REPO, env=os.environ.copy())
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode not in (0, 1):
        raise SystemExit(f"drafter {' '.join(args)} exited {proc.returncode}: {proc.stderr.decode()[-500:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def findings_per_rule(paths: list[str]) -> None:
    from drafter.lint import lint_document
    from drafter.readers import read_document
    from drafter.readers.source import walk
    from drafter.errors import InputError

    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(walk(p) if p.is_dir() else [p])
    per_rule: collections.Counter = collections.Counter()
    docs = 0
    for f in files:
        try:
            doc = read_document(f)
        except InputError:
            continue
        if doc.blueprint is None:
            continue
        docs += 1
        for profile in ("blueprint", "posting"):
            for finding in lint_document(doc, profile=profile):
                per_rule[(profile, finding.code)] += 1
    print(f"lint findings per rule over {docs} documents ({', '.join(paths)}):")
    codes = sorted({c for _, c in per_rule})
    print(f"  {'rule':<6} {'blueprint':>9} {'posting':>8}")
    for c in codes:
        print(f"  {c:<6} {per_rule[('blueprint', c)]:>9} {per_rule[('posting', c)]:>8}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*", default=[str(REPO / "tests" / "data" / "seeds")])
    ap.add_argument("--rounds", type=int, default=9)
    ap.add_argument("--findings", action="store_true", help="print lint findings per rule instead of timing")
    args = ap.parse_args()
    if args.findings:
        findings_per_rule(args.paths)
        return
    with_lint = ["validate", *args.paths]
    without = ["validate", "--no-lint", *args.paths]
    timed(with_lint), timed(without)  # warm the bytecode cache
    lint_w, lint_c, bare_w, bare_c = [], [], [], []
    for i in range(args.rounds):
        order = [(with_lint, lint_w, lint_c), (without, bare_w, bare_c)]
        for cmd, walls, cpus in order if i % 2 == 0 else reversed(order):
            w, c = timed(cmd)
            walls.append(w)
            cpus.append(c)
    med = statistics.median
    print(f"drafter validate {' '.join(args.paths)}  ({args.rounds} rounds, alternating)")
    print(f"  wall: lint {med(lint_w):.3f} s, --no-lint {med(bare_w):.3f} s, ratio {med(lint_w) / med(bare_w):.2f}")
    print(f"  cpu:  lint {med(lint_c):.3f} s, --no-lint {med(bare_c):.3f} s, ratio {med(lint_c) / med(bare_c):.2f}")
    print(f"  load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
