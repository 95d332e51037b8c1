"""``drafter batch`` end to end through the CLI, with a fake backend in place of the model."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from drafter.batch import backend as batch_backend
from drafter.batch import outputs as batch_outputs
from drafter.cli import app
from drafter.testing import FakeBackend

from .conftest import TitleBackend, markdown_renderer


@pytest.fixture
def cli(monkeypatch, tmp_path):
    """Runs ``drafter batch ...``; every backend it builds is recorded in ``cli.built``."""

    class Cli:
        built: list = []
        backend_factory = staticmethod(lambda settings: FakeBackend(model=settings.model))

        def __call__(self, *args: str):
            return CliRunner().invoke(app, ["batch", *map(str, args)])

    c = Cli()

    def build_backend(settings, *, no_cache=False):
        backend = c.backend_factory(settings)
        c.built.append((settings, no_cache, backend))
        return backend

    monkeypatch.setattr(batch_backend, "build_backend", build_backend)
    monkeypatch.setattr(batch_outputs, "render_markdown", markdown_renderer())
    return c


@pytest.fixture
def titles(tmp_path):
    path = tmp_path / "titles.txt"
    path.write_text("Staff SRE\n\nData Engineer\nstaff sre\n", encoding="utf-8")
    return path


def manifest(out) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def test_batch_drafts_every_item_and_prints_a_summary(cli, titles, tmp_path):
    out = tmp_path / "out"
    result = cli(titles, "--out", out, "--variants", "industry=fintech,healthcare", "-j", "3", "--depth", "brief")
    assert result.exit_code == 0, result.output
    assert "dropped 1 blank line" in result.output and "dropped duplicate 'staff sre'" in result.output
    assert "read 2 title(s)" in result.output
    assert "batch summary" in result.output and "manifest:" in result.output
    data = manifest(out)
    assert [i["status"] for i in data["items"]] == ["ok"] * 4
    assert data["settings"]["depth"] == "brief" and data["settings"]["concurrency"] == 3
    (settings, no_cache, backend) = cli.built[0]
    assert settings.depth == "brief" and no_cache is False and backend.closed
    assert sorted(p.name for p in out.glob("*.md")) == [
        "data-engineer--industry-fintech.md", "data-engineer--industry-healthcare.md",
        "staff-sre--industry-fintech.md", "staff-sre--industry-healthcare.md",
    ]


def test_seed_title_index_dry_run_lists_the_plan_without_building_a_backend(cli, seeds_dir, tmp_path):
    out = tmp_path / "out"
    result = cli(seeds_dir / "002_c9a4da374dfe7368.txt", "--out", out, "--dry-run",
                 "--variants", "company_size=startup,enterprise")
    assert result.exit_code == 0, result.output
    assert "60 item(s) = 30 title(s) x 2 variant(s)" in result.output
    assert "Head of Reliability Engineering  [company_size=startup] -> head-of-reliability-engineering--company_size-startup.json" in result.output
    assert cli.built == [] and not out.exists()


def test_dry_run_does_not_import_litellm(seeds_dir, tmp_path):
    code = (
        "import sys\n"
        "from drafter.commands.batch import run\n"
        f"rc = run({str(seeds_dir / '002_c9a4da374dfe7368.txt')!r}, {str(tmp_path / 'out')!r}, ['industry=a,b'], dry_run=True)\n"
        "assert rc == 0\n"
        "print('litellm' in sys.modules, 'instructor' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "False False"
    assert "60 item(s)" in proc.stdout


def test_dry_run_marks_finished_items(cli, titles, tmp_path):
    out = tmp_path / "out"
    assert cli(titles, "--out", out).exit_code == 0
    (tmp_path / "more.txt").write_text("Staff SRE\nHead of AI\n", encoding="utf-8")
    result = cli(tmp_path / "more.txt", "--out", out, "--dry-run")
    assert "2 item(s): 1 to draft, 1 done (skipped)" in result.output
    assert "Staff SRE -> staff-sre.json  done, skipped" in result.output
    assert len(cli.built) == 1


def test_a_failed_item_makes_the_exit_code_1_and_a_rerun_retries_it(cli, titles, tmp_path):
    out = tmp_path / "out"
    cli.backend_factory = lambda s: TitleBackend(fail_titles={"Data Engineer"}, failing={"tools"})
    result = cli(titles, "--out", out)
    assert result.exit_code == 1
    assert "failed items (1)" in result.output and "tools: provider exploded" in result.output
    assert "run the same command again" in result.output

    cli.backend_factory = lambda s: FakeBackend()
    result = cli(titles, "--out", out)
    assert result.exit_code == 0, result.output
    assert "skipping 1 finished item" in result.output
    assert [(c.request.title, c.section) for c in cli.built[-1][2].calls] == [("Data Engineer", "tools")]


def test_changed_settings_are_noted_in_one_line(cli, titles, tmp_path):
    out = tmp_path / "out"
    cli(titles, "--out", out)
    result = cli(titles, "--out", out, "--depth", "full")
    assert "settings changed since the last run (depth standard -> full)" in result.output
    assert result.exit_code == 0 and cli.built[-1][2].calls == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--variants", "colour=red"], "unknown axis 'colour'"),
        (["--variants", "industry="], "no values given"),
    ],
)
def test_usage_errors_exit_2_with_one_line(cli, titles, tmp_path, args, message):
    result = cli(titles, "--out", tmp_path / "out", *args)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert cli.built == []


def test_bad_input_files_exit_2(cli, tmp_path):
    csv = tmp_path / "roles.csv"
    csv.write_text("name,level\nSRE,staff\n", encoding="utf-8")
    result = cli(csv, "--out", tmp_path / "out")
    assert result.exit_code == 2 and "no 'title' column" in result.output
    result = cli(tmp_path / "missing.txt", "--out", tmp_path / "out")
    assert result.exit_code == 2 and "no such file" in result.output
    (tmp_path / "file").write_text("x", encoding="utf-8")
    result = cli(csv, "--out", tmp_path / "file")
    assert result.exit_code == 2 and "not a directory" in result.output


def test_no_cache_reaches_the_backend(cli, titles, tmp_path):
    assert cli(titles, "--out", tmp_path / "out", "--no-cache").exit_code == 0
    assert cli.built[0][1] is True


def test_ctrl_c_stops_cleanly_keeps_finished_items_and_exits_130(tmp_path):
    import signal
    from pathlib import Path

    titles = tmp_path / "titles.txt"
    titles.write_text("Stuck Role\nStaff SRE\nData Engineer\nHead of AI\n", encoding="utf-8")
    out = tmp_path / "out"
    child = Path(__file__).with_name("sigint_child.py")
    proc = subprocess.Popen(
        [sys.executable, str(child), str(titles), str(out)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        seen = []
        for line in proc.stderr:  # wait on the thing: the first finished item
            seen.append(line)
            if "] ok" in line:
                break
        proc.send_signal(signal.SIGINT)
        stdout, rest = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, "".join(seen) + rest
    assert "Traceback" not in rest
    assert "interrupted: finished items are kept" in stdout
    data = manifest(out)
    items = {i["title"]: i for i in data["items"]}
    assert items["Stuck Role"]["status"] == "failed" and items["Stuck Role"]["error"] == "interrupted"
    assert (out / "stuck-role.partial.json").exists()
    ok = [i for i in items.values() if i["status"] == "ok"]
    assert ok and all((out / i["outputs"]["json"]).exists() for i in ok)
    assert not list(out.glob(".*.tmp"))


def test_two_batches_cannot_share_a_directory(cli, titles, tmp_path):
    from drafter.batch.lock import batch_lock

    out = tmp_path / "out"
    out.mkdir()
    with batch_lock(out):
        result = cli(titles, "--out", out)
    assert result.exit_code == 2 and "another drafter batch is running" in result.output
    assert cli.built == []
    assert cli(titles, "--out", out).exit_code == 0  # released


def test_credentials_in_the_api_base_stay_out_of_the_manifest(cli, titles, tmp_path):
    out = tmp_path / "out"
    result = cli(titles, "--out", out, "--api-base", "http://user:s3cret@proxy.internal:4000/v1", "--model", "team-gpt")
    assert result.exit_code == 0, result.output
    text = (out / "manifest.json").read_text(encoding="utf-8")
    assert "s3cret" not in text
    assert manifest(out)["settings"]["api_base"] == "http://proxy.internal:4000/v1"
    assert manifest(out)["settings"]["model"] == "team-gpt"


def test_dry_run_shows_the_level_and_track_each_item_is_drafted_for(cli, tmp_path):
    titles = tmp_path / "titles.csv"
    titles.write_text("title,level,track\nSenior Product Manager,,\nRegistered Nurse,senior,\nStaff Accountant,,manager\n",
                      encoding="utf-8")
    result = cli(titles, "--out", tmp_path / "out", "--dry-run")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "senior level (inferred), individual contributor (inferred), Product Management (inferred)" in out
    assert "senior level, individual contributor (inferred), Nursing (inferred)" in out
    assert "mid level (inferred), manager, Accounting (inferred)" in out
    assert cli.built == []


def test_unknown_level_in_a_titles_file_is_refused_with_its_line(cli, tmp_path):
    titles = tmp_path / "titles.csv"
    titles.write_text("title,level\nData Engineer,wizard\nNurse,senior\n", encoding="utf-8")
    result = cli(titles, "--out", tmp_path / "out", "--dry-run")
    assert "line 2" in result.output and "unknown level 'wizard'" in result.output
    assert "1 item(s)" in result.stdout
