"""The batch runner over FakeBackend: outputs, manifest, isolation, resume, --force, the shared bound, Ctrl-C."""

from __future__ import annotations

import asyncio
import json
import os

import pytest

from drafter.batch import Manifest, load_manifest, plan_batch
from drafter.batch.manifest import MANIFEST_NAME, atomic_write_text, save_manifest
from drafter.batch.runner import NullReporter, partition
from drafter.errors import InputError
from drafter.schema.models import Blueprint
from drafter.schema.sections import GENERATED_SECTIONS
from drafter.testing import FakeBackend
from drafter.titles import parse_titles

from .conftest import TitleBackend, simple_render, titles_of

ALL = [s.key for s in GENERATED_SECTIONS]
N = len(ALL)


def manifest_json(out) -> dict:
    return json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))


def items_by_title(out) -> dict[str, dict]:
    return {(i["title"], tuple(sorted(i["variant"].items()))): i for i in manifest_json(out)["items"]}


async def test_every_item_is_drafted_written_and_listed_in_the_manifest(make_runner):
    runner, backend, out = make_runner("Staff SRE\nData Engineer\n", ["company_size=startup,enterprise"])
    report = await runner.run()
    assert report.exit_code == 0
    assert len(report.ok) == 4 and not report.failed
    assert len(backend.calls) == 4 * N

    data = manifest_json(out)
    assert data["version"] == 1
    assert data["created"] and data["updated"] >= data["created"]
    assert data["settings"] == {"model": "fake/model", "api_base": None, "depth": "standard", "concurrency": 4}
    assert data["summary"]["items"] == 4 and data["summary"]["ok"] == 4 and data["summary"]["failed"] == 0
    assert data["summary"]["prompt_tokens"] == 4 * N * 100
    item = next(i for i in data["items"] if i["id"] == "staff-sre--company_size-enterprise")
    assert item["title"] == "Staff SRE" and item["variant"] == {"company_size": "enterprise"}
    assert item["status"] == "ok" and item["error"] is None and item["failed_sections"] == []
    assert item["outputs"] == {"json": "staff-sre--company_size-enterprise.json", "md": "staff-sre--company_size-enterprise.md"}
    assert item["tokens"] == {"prompt": N * 100, "completion": N * 50}
    assert item["cost_usd"] == 0.0 and item["seconds"] >= 0
    assert set(item) >= {"id", "title", "variant", "status", "outputs", "tokens", "cost_usd", "seconds", "validation", "error", "failed_sections"}

    bp = Blueprint.model_validate_json((out / item["outputs"]["json"]).read_text(encoding="utf-8"))
    assert bp.meta.title == "Staff SRE" and bp.meta.company_size == "enterprise"
    assert all(getattr(bp, k) is not None for k in ALL)
    assert (out / item["outputs"]["md"]).read_text(encoding="utf-8") == "# Staff SRE\n"
    assert not list(out.glob(".*.tmp"))


async def test_validation_summary_is_recorded(make_runner):
    from drafter.batch.manifest import ValidationSummary

    runner, _, out = make_runner("Staff SRE\n", validate=lambda bp: ValidationSummary(errors=1, warnings=2, codes=["x"]))
    await runner.run()
    assert manifest_json(out)["items"][0]["validation"] == {"errors": 1, "warnings": 2, "codes": ["x"]}
    assert manifest_json(out)["summary"]["validation_warnings"] == 2


async def test_one_failing_item_does_not_stop_the_others(make_runner):
    backend = TitleBackend(fail_titles={"Broken Role"}, failing={"kpis"})
    runner, _, out = make_runner("Staff SRE\nBroken Role\nData Engineer\n", backend=backend)
    report = await runner.run()
    assert report.exit_code == 1
    assert sorted(r.title for r in report.ok) == ["Data Engineer", "Staff SRE"]
    (failed,) = report.failed
    # the scorecard summarises the KPIs: it is not assembled without them
    assert failed.status == "failed" and failed.failed_sections == ["kpis", "scorecard"]
    assert "kpis: provider exploded" in failed.error
    # What was drafted is kept next to the outputs.
    assert failed.outputs == {"partial": "broken-role.partial.json"}
    partial = Blueprint.model_validate_json((out / "broken-role.partial.json").read_text(encoding="utf-8"))
    assert partial.kpis is None and partial.summary is not None and partial.scorecard is None
    assert not (out / "broken-role.json").exists()
    assert manifest_json(out)["summary"] == {**manifest_json(out)["summary"], "ok": 2, "failed": 1}


async def test_an_item_whose_every_section_fails_records_the_error(make_runner):
    backend = TitleBackend(fail_titles={"Broken Role"}, error=ValueError("bad key"))
    runner, _, out = make_runner("Broken Role\nStaff SRE\n", backend=backend)
    report = await runner.run()
    (failed,) = report.failed
    assert set(failed.failed_sections) == set(ALL) and "bad key" in failed.error
    assert failed.outputs == {} and not (out / "broken-role.partial.json").exists()
    assert [r.title for r in report.ok] == ["Staff SRE"]


async def test_a_write_failure_fails_only_that_item(make_runner):
    def render(bp):
        if bp.meta.title == "Unrenderable":
            raise RuntimeError("template blew up")
        return simple_render(bp)

    runner, _, out = make_runner("Unrenderable\nStaff SRE\n", render=render)
    report = await runner.run()
    assert [r.title for r in report.ok] == ["Staff SRE"]
    assert report.failed[0].error == "cannot write the outputs: template blew up"


async def test_resume_retries_only_failed_sections_of_failed_items(make_runner):
    first = TitleBackend(fail_titles={"Broken Role"}, failing={"kpis"})
    runner, _, out = make_runner("Staff SRE\nBroken Role\nData Engineer\n", backend=first)
    await runner.run()
    before = items_by_title(out)

    second = FakeBackend()
    runner, _, out = make_runner("Staff SRE\nBroken Role\nData Engineer\n", backend=second)
    report = await runner.run()
    assert report.exit_code == 0
    assert report.skipped == 2
    assert [(c.request.title, c.section) for c in second.calls] == [("Broken Role", "kpis")]
    after = items_by_title(out)
    broken = after[("Broken Role", ())]
    assert broken["status"] == "ok" and broken["error"] is None and broken["failed_sections"] == []
    assert broken["outputs"] == {"json": "broken-role.json", "md": "broken-role.md"}
    assert not (out / "broken-role.partial.json").exists()
    # Tokens add up over both runs; finished items are untouched.
    assert broken["tokens"]["prompt"] == before[("Broken Role", ())]["tokens"]["prompt"] + 100
    assert after[("Staff SRE", ())] == before[("Staff SRE", ())]
    bp = Blueprint.model_validate_json((out / "broken-role.json").read_text(encoding="utf-8"))
    assert all(getattr(bp, k) is not None for k in ALL)
    # the earlier run's per-section usage is kept (its profile too: no second profile call)
    assert len(bp.generation.sections) == N + 1 and bp.generation.sections[0].section == "profile"


async def test_resume_redoes_items_whose_files_are_missing_and_new_titles(make_runner):
    runner, _, out = make_runner("Staff SRE\nData Engineer\n")
    await runner.run()
    (out / "staff-sre.md").unlink()
    runner, backend, out = make_runner("Staff SRE\nData Engineer\nHead of AI\n")
    report = await runner.run()
    assert sorted(set(titles_of(backend))) == ["Head of AI", "Staff SRE"]
    assert len(backend.calls) == 2 * N and report.skipped == 1
    assert (out / "staff-sre.md").exists()


async def test_force_redoes_everything(make_runner):
    runner, _, out = make_runner("Staff SRE\nData Engineer\n")
    await runner.run()
    runner, backend, out = make_runner("Staff SRE\nData Engineer\n", force=True)
    report = await runner.run()
    assert len(backend.calls) == 2 * N and report.skipped == 0 and len(report.ok) == 2


async def test_a_partial_made_with_other_inputs_is_not_reused(make_runner):
    first = TitleBackend(fail_titles={"Broken Role"}, failing={"kpis"})
    runner, _, out = make_runner("Broken Role\n", backend=first)
    await runner.run()
    runner, backend, out = make_runner("Broken Role\n", depth="brief")
    await runner.run()
    assert len(backend.calls) == N  # depth changed: the whole item is drafted again


async def test_items_from_earlier_runs_stay_in_the_manifest(make_runner):
    runner, _, out = make_runner("Staff SRE\n")
    await runner.run()
    runner, _, out = make_runner("Data Engineer\n")
    await runner.run()
    assert sorted(i["title"] for i in manifest_json(out)["items"]) == ["Data Engineer", "Staff SRE"]


async def test_the_bound_covers_items_and_sections_together(make_runner):
    backend = FakeBackend(delay=0.005)
    runner, _, _ = make_runner("\n".join(f"Role {i}" for i in range(6)), backend=backend, concurrency=3)
    report = await runner.run()
    assert len(report.ok) == 6
    assert backend.max_in_flight == 3


async def test_a_concurrency_of_one_runs_one_call_at_a_time(make_runner):
    backend = FakeBackend(delay=0.001)
    runner, _, _ = make_runner("A\nB\nC\n", backend=backend, concurrency=1)
    await runner.run()
    assert backend.max_in_flight == 1 and len(backend.calls) == 3 * N


def test_large_lists_do_not_become_one_task_per_item(make_runner):
    runner, _, _ = make_runner("\n".join(f"Role {i}" for i in range(8)), concurrency=1)
    seen = []

    class Spy(NullReporter):
        def item_started(self, item, sections):
            seen.append(len(asyncio.all_tasks()))

    runner.reporter = Spy()
    asyncio.run(runner.run())
    # main task + 2 workers + at most 2 items x 20 sections (unbounded, it would be 8 x 20)
    assert len(seen) == 8 and max(seen) <= 1 + 2 + 2 * N


class StopAfter(NullReporter):
    def __init__(self, n: int):
        self.n = n
        self.done = 0
        self.reached = asyncio.Event()
        self.finished_called = False

    def item_finished(self, item, record):
        self.done += 1
        if self.done >= self.n:
            self.reached.set()

    def finished(self, report):
        self.finished_called = True


async def test_cancelling_the_run_records_interrupted_items_and_loses_nothing(make_runner):
    hold = asyncio.Event()  # never set: "Stuck Role"'s kpis call hangs until cancelled

    class Backend(FakeBackend):
        async def generate(self, call):
            if call.request.title == "Stuck Role" and call.section == "kpis":
                self.calls.append(call)
                await hold.wait()
            return await super().generate(call)

    titles = "Stuck Role\n" + "\n".join(f"Role {i}" for i in range(8))
    reporter = StopAfter(2)
    runner, _, out = make_runner(titles, backend=Backend(), concurrency=2, reporter=reporter)
    task = asyncio.create_task(runner.run())
    await reporter.reached.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task

    assert runner.report.interrupted and runner.report.exit_code == 130 and reporter.finished_called
    items = {i["title"]: i for i in manifest_json(out)["items"]}
    assert len(items) == 9
    statuses = [i["status"] for i in items.values()]
    assert statuses.count("ok") >= 2 and "pending" in statuses
    stuck = items["Stuck Role"]
    assert stuck["status"] == "failed" and stuck["error"] == "interrupted"
    assert set(stuck["failed_sections"]) == {"kpis", "scorecard"}
    partial = Blueprint.model_validate_json((out / "stuck-role.partial.json").read_text(encoding="utf-8"))
    assert partial.summary is not None and partial.kpis is None
    for i in items.values():
        if i["status"] == "ok":
            assert (out / i["outputs"]["json"]).exists() and (out / i["outputs"]["md"]).exists()
    assert not list(out.glob(".*.tmp"))

    # The next run finishes the job: only the missing sections and the items not done.
    runner, backend, out = make_runner(titles)
    report = await runner.run()
    assert report.exit_code == 0
    stuck_calls = sorted(c.section for c in backend.calls if c.request.title == "Stuck Role")
    assert stuck_calls == ["kpis"]  # the scorecard is assembled again by code, with no call
    assert all(i["status"] == "ok" for i in manifest_json(out)["items"])


async def test_partition_and_pending_items(make_runner, tmp_path):
    runner, _, out = make_runner("A\nB\n")
    await runner.run()
    plan = plan_batch(parse_titles("A\nB\nC\n"), {})
    todo, done = partition(plan, load_manifest(out), out, force=False)
    assert [i.title for i in todo] == ["C"] and [i.title for i in done] == ["A", "B"]
    todo, done = partition(plan, load_manifest(out), out, force=True)
    assert len(todo) == 3 and not done


def test_manifest_writes_are_atomic(tmp_path, monkeypatch):
    manifest = Manifest(items=[])
    save_manifest(tmp_path, manifest)
    before = (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        atomic_write_text(tmp_path / MANIFEST_NAME, "{half")
    assert (tmp_path / MANIFEST_NAME).read_text(encoding="utf-8") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [MANIFEST_NAME]


def test_a_damaged_manifest_is_a_clear_error(tmp_path):
    (tmp_path / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_manifest(tmp_path)
    assert "not a valid batch manifest" in str(info.value) and info.value.hint
    (tmp_path / MANIFEST_NAME).write_text('{"version": 99}', encoding="utf-8")
    with pytest.raises(InputError, match="newer"):
        load_manifest(tmp_path)
    assert load_manifest(tmp_path / "nowhere") is None


async def test_hostile_titles_never_write_outside_the_directory(tmp_path, make_runner):
    from .test_plan import HOSTILE

    titles = "\n".join(t for t in HOSTILE if len(t) <= 120 and t.strip(". ") and t != ".hidden")
    titles += "\n" + "y" * 120 + "\nHead of " + "z" * 100
    out = tmp_path / "deep" / "out"
    runner, _, _ = make_runner(titles, ["industry=../../x"], out=out)
    report = await runner.run()
    assert report.exit_code == 0
    everything = [p for p in tmp_path.rglob("*")]
    files = [p for p in everything if p.is_file()]
    assert all(p.parent == out for p in files)
    assert len(files) == 1 + 2 * len(report.ok)
    assert len({p.name.casefold() for p in files}) == len(files)


async def test_large_manifests_are_written_less_often_but_always_at_the_end(make_runner, monkeypatch):
    import types

    from drafter.batch import runner as runner_mod

    runner, _, out = make_runner("A\nB\nC\nD\n", concurrency=1)
    writes = []
    clock = [0.0]
    real = runner_mod.save_manifest

    def slow_save(directory, manifest):
        clock[0] += 1.0  # each write "takes" a second: large manifest
        writes.append(sum(1 for r in manifest.items if r.status == "ok"))
        return real(directory, manifest)

    monkeypatch.setattr(runner_mod, "save_manifest", slow_save)
    monkeypatch.setattr(runner_mod, "time", types.SimpleNamespace(perf_counter=lambda: clock[0]))
    report = await runner.run()
    assert len(report.ok) == 4
    # The first write (all pending) and the final one; none in between, as no (fake) time passed.
    assert writes == [0, 4]
    assert manifest_json(out)["summary"]["ok"] == 4
