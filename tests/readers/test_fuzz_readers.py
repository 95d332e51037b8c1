"""A bounded run of bench/fuzz_readers.py: mutated seeds, fixtures and corpus pages never crash a reader.

The full run (10,000 cases) is ``.venv/bin/python bench/fuzz_readers.py``; here a
fixed slice of cases keeps the suite fast.  Every case either reads or is refused
with a one-line ``InputError``.
"""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench" / "fuzz_readers.py"


@pytest.fixture(scope="module")
def fuzz():
    spec = importlib.util.spec_from_file_location("fuzz_readers", BENCH)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("chunk", range(4))
def test_mutated_documents_never_crash(fuzz, tmp_path, chunk):
    srcs = [s for s in fuzz.sources()]
    assert srcs, "no fuzz sources"
    crashes = []
    for i in range(chunk * 30, chunk * 30 + 30):
        rng = random.Random(7 * 1_000_003 + i)
        suffix, raw = fuzz.make_case(rng, srcs)
        path = tmp_path / f"case{i}{suffix}"
        path.write_bytes(raw)
        err = fuzz.run_case(path)
        if err:
            crashes.append(f"case {i}: {err.strip().splitlines()[-1]}")
    assert crashes == []


def test_deep_nesting_and_broken_word_files(fuzz, tmp_path):
    deep = tmp_path / "deep.html"
    deep.write_text("<ul><li>" * 3000 + "<h2>Responsibilities</h2><ul><li>x</li></ul>", encoding="utf-8")
    assert fuzz.run_case(deep) is None
    nested = tmp_path / "nested.md"
    nested.write_text("## Responsibilities\n\n" + "".join("  " * k + "- x\n" for k in range(300)), encoding="utf-8")
    assert fuzz.run_case(nested) is None
    src = Path(__file__).parent / "data" / "pandoc_role.docx"
    rng = random.Random(3)
    for k in range(12):
        broken = tmp_path / f"broken{k}.docx"
        broken.write_bytes(fuzz._mutate_docx(rng, src.read_bytes()))
        assert fuzz.run_case(broken) is None
