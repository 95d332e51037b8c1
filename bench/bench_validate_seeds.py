"""`drafter validate` of the five seeds, this checkout against another copy of drafter, side by side.

Runs the whole process (``python -m drafter validate tests/data/seeds/``) alternately
with this checkout's ``drafter`` and with the one in ``--old`` (a directory that
holds an older ``drafter/`` package, e.g. ``git archive <commit> drafter | tar -x -C
/tmp/old``), ``--reps`` times each, and prints both medians and their ratio.
Both use this checkout's virtual environment and the same seeds.

    git archive main drafter | tar -x -C /tmp/drafter-old
    .venv/bin/python bench/bench_validate_seeds.py --old /tmp/drafter-old --reps 9
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_once(pythonpath: Path, target: str) -> float:
    env = {**os.environ, "PYTHONPATH": str(pythonpath), "PYTHONDONTWRITEBYTECODE": "1"}
    t0 = time.perf_counter()
    p = subprocess.run(
        [sys.executable, "-m", "drafter", "validate", target],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    dt = time.perf_counter() - t0
    if p.returncode not in (0, 1):
        raise SystemExit(f"validate failed with exit {p.returncode} ({pythonpath}): {p.stderr.strip()[-300:]}")
    return dt


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--old", required=True, type=Path, help="a directory holding the other drafter/ package")
    ap.add_argument("--reps", type=int, default=7)
    ap.add_argument("--target", default="tests/data/seeds/")
    a = ap.parse_args()
    if not (a.old / "drafter" / "__init__.py").exists():
        raise SystemExit(f"{a.old}/drafter is not a drafter package")
    new_times, old_times = [], []
    run_once(ROOT, a.target)  # warm the file cache for both
    run_once(a.old, a.target)
    for _ in range(a.reps):
        new_times.append(run_once(ROOT, a.target))
        old_times.append(run_once(a.old, a.target))
    new_m, old_m = statistics.median(new_times), statistics.median(old_times)
    print(f"validate {a.target}: this checkout median {new_m:.3f} s, old ({a.old}) median {old_m:.3f} s, "
          f"ratio new/old {new_m / old_m:.2f} ({a.reps} runs each, alternating)")
    print("new:", " ".join(f"{t:.3f}" for t in new_times))
    print("old:", " ".join(f"{t:.3f}" for t in old_times))
    return 0


if __name__ == "__main__":
    sys.exit(main())
