"""Accuracy of level / track / job-family inference on tests/roles/titles_labelled.tsv.

    .venv/bin/python bench/bench_roles.py                    # this checkout
    .venv/bin/python bench/bench_roles.py --file tests/roles/titles_holdout.tsv   # the held-out list
    PYTHONPATH=/path/to/other/checkout .venv/bin/python bench/bench_roles.py   # another version, same list

Uses only ``drafter.roles.infer_level`` / ``infer_track`` (present in every version) plus ``job_family``
when the version has it; an unmarked title counts as mid-level and an unknown track as individual
contributor, as drafting does.  Prints the accuracy per field and the titles that come out wrong.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from drafter import roles
from drafter.schema.enums import Level, Track

DATA = Path(__file__).resolve().parents[1] / "tests" / "roles" / "titles_labelled.tsv"


def main() -> int:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--file", type=Path, default=DATA, help="a labelled TSV (title, level, track, family)")
    data = ap.parse_args().file
    lines = [x for x in data.read_text(encoding="utf-8").splitlines() if x and not x.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    family_fn = getattr(roles, "job_family", None)
    right = {"level": 0, "track": 0, "family": 0, "all": 0}
    wrong: list[str] = []
    for row in rows:
        title = row["title"]
        level = roles.infer_level(title) or Level.mid
        track = roles.infer_track(title, level=level) or Track.individual_contributor
        family = family_fn(title) if family_fn else None
        ok = {
            "level": level.value == row["level"],
            "track": (track == Track.manager) == (row["track"] == "manager"),
            "family": family == row["family"],
        }
        for k, v in ok.items():
            right[k] += v
        if all(ok.values()):
            right["all"] += 1
        if not (ok["level"] and ok["track"]):
            wrong.append(f"  {title}: {level.value}/{track.value} (expected {row['level']}/{row['track']})")
    n = len(rows)
    print(f"{n} labelled titles, {len({r['family'] for r in rows})} families ({data.name}); drafter at {roles.__file__}")
    for k in ("level", "track", "family"):
        note = "" if k != "family" or family_fn else " (this version has no job families)"
        print(f"  {k:<7} {right[k]:>4}/{n} = {right[k] / n:6.1%}{note}")
    both = sum(1 for _ in rows) - len(wrong)
    print(f"  level+track {both:>4}/{n} = {both / n:6.1%}")
    if wrong:
        print("level/track wrong:")
        print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    sys.exit(main())
