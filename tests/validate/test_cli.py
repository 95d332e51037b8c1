"""`drafter validate`: exit codes, directories, JSON output, speed, no heavy imports."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.cli import app

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "tests" / "data" / "seeds"
DRAFTER = Path(sys.executable).with_name("drafter")


def invoke(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_seeds_directory_exit_0():
    code, out = invoke("validate", str(SEEDS))
    assert code == 0, out
    assert "5 files checked" in out and "0 errors" in out


@pytest.mark.parametrize("number", ["003", "004"])
def test_full_blueprints_exit_0_even_strict(number):
    path = next(SEEDS.glob(f"{number}_*"))
    assert invoke("validate", str(path))[0] == 0
    assert invoke("validate", "--strict", "--no-lint", str(path))[0] == 0


def test_strict_fails_on_lint_warnings():
    path = next(SEEDS.glob("004_*"))  # 8 must-have skills: DL301
    code, out = invoke("validate", "--strict", str(path))
    assert code == 1 and "DL301 8 must-have skills (more than 7)" in out


def test_strict_makes_warnings_fail(tmp_path):
    from drafter.readers import read_document
    from drafter.schema.models import UnmappedContent

    bp = read_document(next(SEEDS.glob("003_*"))).blueprint  # clean, plus content that maps nowhere -> a warning
    bp.unmapped = [UnmappedContent(heading="Our office dog", text="His name is Biscuit.")]
    path = tmp_path / "blueprint.json"
    path.write_text(bp.model_dump_json(), encoding="utf-8")
    assert invoke("validate", str(path))[0] == 0
    code, out = invoke("validate", "--strict", str(path))
    assert code == 1 and "--strict" in out


def test_errors_exit_1(tmp_path):
    p = tmp_path / "partial.txt"
    p.write_text(
        "Staff SRE: Role Blueprint\n\n1) Role Summary\n\nKeeps things up.\n\n2) Role Mission\n\nCore mission: Uptime.\n",
        encoding="utf-8",
    )
    code, out = invoke("validate", str(p))
    assert code == 1
    # A coverage line first, then one line for all the missing sections (not one line each).
    assert "coverage  2 of 20 sections (blueprint profile): summary, mission; missing: responsibilities," in out
    assert "18 required sections missing: 3) Core Responsibilities; " in out and "; 7) KPIs and Productivity Metrics;" in out
    assert out.count("required section") == 1


def test_mixed_directory(tmp_path):
    shutil.copy(next(SEEDS.glob("003_*")), tmp_path / "a_good.json")
    (tmp_path / "b_empty.txt").write_bytes(b"")
    (tmp_path / "c_binary.bin").write_bytes(b"\x00\x01\x02")
    (tmp_path / "d_notes.txt").write_text("Shopping list\n\nmilk and eggs\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_bytes(b"\x00")
    sub = tmp_path / "z_sub"
    sub.mkdir()
    shutil.copy(next(SEEDS.glob("004_*")), sub / "role.txt")
    result = CliRunner().invoke(app, ["validate", "--no-lint", "--format", "json", str(tmp_path)])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    statuses = [(Path(f["path"]).name, f["status"]) for f in data["files"]]
    assert statuses == [
        ("a_good.json", "ok"),
        ("b_empty.txt", "unreadable"),
        ("c_binary.bin", "unreadable"),
        ("d_notes.txt", "unreadable"),
        ("role.txt", "ok"),
    ]
    assert data["files"][1]["error"] == "empty file"
    assert data["summary"] == {
        "files": 5,
        "ok": 2,
        "with_warnings": 0,
        "with_errors": 0,
        "unreadable": 3,
        "errors": 0,
        "warnings": 0,
        "infos": 2,
    }
    assert data["exit_code"] == 2


def test_json_output_shape():
    result = CliRunner().invoke(app, ["validate", "-f", "json", str(next(SEEDS.glob("001_*")))])
    data = json.loads(result.stdout)
    assert set(data) == {"version", "strict", "exit_code", "summary", "files"}
    f = data["files"][0]
    assert set(f) == {
        "path", "status", "format", "kind", "title", "errors", "warnings", "infos", "level", "coverage", "findings",
        "error",
    }
    assert f["coverage"]["profile"] == "guide" and f["coverage"]["missing"] == []
    assert (f["format"], f["kind"], f["title"], f["status"]) == (
        "career-guide-text",
        "career_guide",
        "Senior Platform Engineer",
        "ok",
    )
    finding = next(x for x in f["findings"] if x["code"] == "noise-removed")
    assert set(finding) == {
        "severity", "code", "message", "section", "field", "line", "path", "section_title", "suggestion"
    }
    assert (finding["severity"], finding["section"], finding["line"]) == ("info", None, 1)


def test_missing_path_is_one_line(tmp_path):
    code, out = invoke("validate", str(tmp_path / "nope.md"))
    assert code == 2 and "no such file or directory" in out and "Traceback" not in out


def _run(*args: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(DRAFTER), *args], capture_output=True, text=True, cwd=REPO, env={**os.environ, **env}, timeout=60
    )


def test_reading_and_checking_the_seeds_is_fast():
    from drafter.commands.validate import check_file

    files = sorted(SEEDS.iterdir())
    for f in files:
        check_file(f)  # warm caches
    best = min(_timed_in_process(lambda: [check_file(f) for f in files]) for _ in range(3))
    assert best < 0.6  # ~0.15 s on an idle machine


def _timed_in_process(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


@pytest.mark.skipif(not DRAFTER.exists(), reason="the drafter script is not installed in this environment")
def test_whole_process_is_fast():
    _run("validate", str(SEEDS))  # warm the bytecode cache
    best = min(_timed(lambda: _run("validate", str(SEEDS))) for _ in range(3))
    # ~0.45 s on an idle machine; importing litellm alone would add ~2.5 s.
    assert best < 3.0


def _timed(fn) -> float:
    t = time.perf_counter()
    proc = fn()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return time.perf_counter() - t


def test_validate_path_imports_no_llm_stack():
    code = (
        "import sys; from drafter.cli import main; sys.argv=['drafter','validate',%r];\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('litellm','instructor','textual','openai','llama_cpp')];"
        "print('BAD', bad)"
    ) % str(SEEDS)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, timeout=60)
    assert "BAD []" in proc.stdout, proc.stdout[-2000:] + proc.stderr[-2000:]


def test_batch_output_directory_skips_bookkeeping(tmp_path):
    import shutil

    shutil.copy(next(SEEDS.glob("003_*")), tmp_path / "ai-platform-engineer.txt")
    (tmp_path / "manifest.json").write_text('{"version": 1, "items": []}', encoding="utf-8")
    from drafter.schema import Blueprint, RoleMeta

    partial = Blueprint(meta=RoleMeta(title="Site Reliability Engineer"))
    (tmp_path / "sre.partial.json").write_text(partial.model_dump_json(), encoding="utf-8")
    (tmp_path / ".drafter-batch.lock").write_text("123", encoding="utf-8")
    code, out = invoke("validate", str(tmp_path))
    assert code == 0, out
    assert "manifest.json" not in out and "partial" not in out
    # An explicitly named partial draft is still checked (and is incomplete).
    assert invoke("validate", str(tmp_path / "sre.partial.json"))[0] == 1
