"""Provider batch mode end to end, offline: litellm's batch API -> the simulated server's /v1/files and
/v1/batches (bench/simserver.py + simbatch.py) on 127.0.0.1."""

from __future__ import annotations

import asyncio
import importlib.util
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.batch import plan_batch
from drafter.batch.jobs import JobClient
from drafter.batch.provider import ProviderBatchRunner
from drafter.batch.staging import ResultStore, custom_id
from drafter.cli import app
from drafter.generate.instructor_backend import InstructorBackend
from drafter.schema.models import Blueprint
from drafter.schema.sections import GENERATED_SECTIONS
from drafter.titles import parse_titles

pytestmark = [pytest.mark.network_local, pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

BENCH = Path(__file__).resolve().parents[2] / "bench"
ALL = [s.key for s in GENERATED_SECTIONS]
DEPENDENT = [s.key for s in GENERATED_SECTIONS if s.depends_on]


def _simserver():
    module = sys.modules.get("simserver")
    if module is None:
        spec = importlib.util.spec_from_file_location("simserver", BENCH / "simserver.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["simserver"] = module
        spec.loader.exec_module(module)
    return module


sim = _simserver()


@pytest.fixture
def server():
    srv = sim.SimServer(sim.SimConfig(batch_phase=0.02))
    with srv.running():
        yield srv


def cli(*args: str):
    return CliRunner().invoke(app, ["batch", *args])


def manifest(out: Path) -> dict:
    return json.loads((out / "manifest.json").read_text(encoding="utf-8"))


def input_lines(out: Path, job: dict) -> list[dict]:
    return [json.loads(line) for line in (out / ".batch" / job["input"]).read_text(encoding="utf-8").splitlines()]


def sim_args(server, *extra: str) -> list[str]:
    return ["--model", "sim", "--api-base", server.base_url, "--depth", "brief", "--poll", "0.1", *extra]


def test_provider_batch_drafts_in_dependency_stages_and_fills_the_live_cache(server, tmp_path):
    titles = tmp_path / "titles.txt"
    titles.write_text("Staff SRE\n", encoding="utf-8")
    out = tmp_path / "out"
    result = cli(str(titles), "--out", str(out), "--provider-batch", *sim_args(server))
    assert result.exit_code == 0, result.output
    data = manifest(out)
    jobs = data["provider_batch"]["jobs"]
    # Stage 1: every section without dependencies; stage 2: the ones that needed their answers.
    assert [(j["stage"], j["lines"], j["status"]) for j in jobs] == [
        (1, len(ALL) - len(DEPENDENT), "completed"), (2, len(DEPENDENT), "completed")]
    assert all(j["id"].startswith("batch_") and j["collected"] for j in jobs)
    assert {line["body"]["messages"][0]["role"] for line in input_lines(out, jobs[0])} == {"system"}
    assert sorted({line["custom_id"].split(".")[1] for line in input_lines(out, jobs[1])}) == sorted(DEPENDENT)
    stats = server.stats()
    assert stats["batches"] == 2 and stats["batch_lines"] == len(ALL) and stats["calls"] == len(ALL)
    assert [i["status"] for i in data["items"]] == ["ok"]
    assert data["summary"]["completion_tokens"] == stats["completion_tokens"]
    bp = Blueprint.model_validate_json((out / data["items"][0]["outputs"]["json"]).read_text(encoding="utf-8"))
    assert all(getattr(bp, k) is not None for k in ALL)
    assert "provider batch: 2 job(s)" in result.output

    # The answers were cached under the live calls' keys: a live batch of the same titles sends nothing.
    again = cli(str(titles), "--out", str(tmp_path / "live"), *sim_args(server)[:-2])
    assert again.exit_code == 0, again.output
    assert server.stats()["calls"] == stats["calls"]


def test_a_batch_line_is_the_request_a_live_call_sends(server, tmp_path):
    titles = tmp_path / "titles.txt"
    titles.write_text("Staff SRE\n", encoding="utf-8")
    live = cli(str(titles), "--out", str(tmp_path / "live"), *sim_args(server)[:-2], "--no-cache", "-j", "1")
    assert live.exit_code == 0, live.output
    sent = {json.dumps(b["messages"]): b for b in server.stats()["bodies"]}
    out = tmp_path / "out"
    result = cli(str(titles), "--out", str(out), "--provider-batch", "--no-wait", "--no-cache", *sim_args(server))
    assert result.exit_code == 0, result.output
    (job,) = manifest(out)["provider_batch"]["jobs"]
    lines = input_lines(out, job)
    assert len(lines) == len(ALL) - len(DEPENDENT)
    for line in lines:
        assert line["method"] == "POST" and line["url"] == "/v1/chat/completions"
        assert line["body"] == sent[json.dumps(line["body"]["messages"])]  # identical bodies, schema included


async def test_tools_mode_lines_and_batch_pricing(server, tmp_path):
    """A hosted model in TOOLS mode: lines carry the tool schema; cost is the live price times the discount."""
    from drafter.generate.llm import load_litellm

    backend = InstructorBackend("openai/gpt-4o-mini", server.base_url, mode="TOOLS", api_key="sk-test", price_zero=False)
    plan = plan_batch(parse_titles("Staff SRE\n"), {})
    runner = ProviderBatchRunner(plan, backend, tmp_path / "out", client=JobClient.for_backend(backend), depth="brief",
                                 poll=0.05, render=lambda bp: "# x\n", validate=lambda bp: None)
    report = await runner.run()
    assert report.exit_code == 0 and len(report.ok) == 1
    data = manifest(tmp_path / "out")
    line = input_lines(tmp_path / "out", data["provider_batch"]["jobs"][0])[0]
    assert line["body"]["model"] == "gpt-4o-mini"
    assert line["body"]["tools"][0]["function"]["parameters"]["type"] == "object"
    assert line["body"]["tool_choice"]["function"]["name"] == line["body"]["tools"][0]["function"]["name"]
    litellm = load_litellm()
    info = litellm.get_model_info("openai/gpt-4o-mini")
    stats = server.stats()
    live = stats["prompt_tokens"] * info["input_cost_per_token"] + stats["completion_tokens"] * info["output_cost_per_token"]
    assert report.discount == pytest.approx(info["input_cost_per_token_batches"] / info["input_cost_per_token"])
    assert report.live_cost_usd == pytest.approx(live, rel=1e-6)
    assert data["items"][0]["cost_usd"] == pytest.approx(live * report.discount, rel=1e-3)


async def test_a_failed_line_is_sent_again_and_a_persistent_failure_is_reported(server, tmp_path):
    plan = plan_batch(parse_titles("Staff SRE\nData Engineer\n"), {})
    sre, de = plan.items
    server.config.batch_fail_ids = [f"{sre.key}.kpis.", f"{de.key}.tools."]
    news: list[str] = []

    def notify(text: str) -> None:
        news.append(text)
        if "failed line" in text and sum("failed line" in n for n in news) == 1:
            server.config.batch_fail_ids = [f"{sre.key}.kpis."]  # Data Engineer's tools line now succeeds

    backend = InstructorBackend("openai/sim", server.base_url, mode="JSON_SCHEMA", api_key="x", price_zero=True)
    runner = ProviderBatchRunner(plan, backend, tmp_path / "out", client=JobClient.for_backend(backend), depth="brief",
                                 poll=0.05, render=lambda bp: "# x\n", validate=lambda bp: None, notify=notify,
                                 max_line_retries=1)
    report = await runner.run()
    assert report.exit_code == 1
    assert [r.title for r in report.ok] == ["Data Engineer"]
    (failed,) = report.failed
    assert failed.title == "Staff SRE" and failed.failed_sections == ["kpis"]
    assert "kpis: openai/sim: the batch line failed 2 times: 500" in failed.error
    assert (tmp_path / "out" / "staff-sre.partial.json").is_file()
    jobs = manifest(tmp_path / "out")["provider_batch"]["jobs"]
    kpis_lines = [l for j in jobs for l in input_lines(tmp_path / "out", j) if l["custom_id"].startswith(f"{sre.key}.kpis.")]
    assert len(kpis_lines) == 2  # sent, then sent once more (max_line_retries=1), then reported
    assert len({l["custom_id"] for l in kpis_lines}) == 1

    # A new session (the same command again) retries the failed item; now the line succeeds.
    server.config.batch_fail_ids = []
    again = ProviderBatchRunner(plan, backend, tmp_path / "out", client=JobClient.for_backend(backend), depth="brief",
                                poll=0.05, render=lambda bp: "# x\n", validate=lambda bp: None)
    report = await again.run()
    assert report.exit_code == 0 and [r.title for r in report.ok] == ["Staff SRE"] and report.skipped == 1
    assert not (tmp_path / "out" / "staff-sre.partial.json").exists()


async def test_a_stopped_process_resumes_from_the_job_ids_in_the_manifest(server, tmp_path):
    plan = plan_batch(parse_titles("Staff SRE\n"), {})
    backend = InstructorBackend("openai/sim", server.base_url, mode="JSON_SCHEMA", api_key="x", price_zero=True)
    server.config.batch_phase = 30.0  # the job stays in "validating" while the first process runs
    out = tmp_path / "out"
    first = ProviderBatchRunner(plan, backend, out, client=JobClient.for_backend(backend), depth="brief", poll=0.05,
                                render=lambda bp: "# x\n", validate=lambda bp: None)
    task = asyncio.create_task(first.run())
    for _ in range(400):
        await asyncio.sleep(0.05)
        if (out / "manifest.json").exists() and any(j.get("id") for j in manifest(out).get("provider_batch", {}).get("jobs", [])):
            break
    task.cancel()  # Ctrl-C, or the process killed, while the job runs at the provider
    with pytest.raises(asyncio.CancelledError):
        await task
    assert first.report.interrupted and first.report.exit_code == 130
    (job,) = manifest(out)["provider_batch"]["jobs"]
    assert job["id"] and job["status"] == "validating" and not job["collected"]

    # `drafter batch --status DIR --wait`: no new session; the open job is collected, not sent again.
    server.config.batch_phase = 0.02  # meanwhile the provider gets on with the job
    resumed = ProviderBatchRunner(plan, backend, out, client=JobClient.for_backend(backend), depth="brief", poll=0.05,
                                  new_session=False, render=lambda bp: "# x\n", validate=lambda bp: None)
    report = await resumed.run()
    assert report.exit_code == 0 and len(report.ok) == 1
    jobs = manifest(out)["provider_batch"]["jobs"]
    assert jobs[0]["id"] == job["id"] and len(jobs) == 2
    assert server.stats()["batches"] == 2


def test_status_of_a_directory_without_provider_jobs_and_bad_uses(tmp_path):
    assert cli("--status", str(tmp_path)).exit_code != 0
    result = cli("--status", str(tmp_path / "missing"))
    assert result.exit_code != 0 and "not a directory" in result.output
    titles = tmp_path / "t.txt"
    titles.write_text("Staff SRE\n", encoding="utf-8")
    result = cli(str(titles), "--out", str(tmp_path / "o"), "--no-wait")
    assert result.exit_code != 0 and "--provider-batch" in result.output


def test_anthropic_is_refused_in_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-ant-test")
    titles = tmp_path / "t.txt"
    titles.write_text("Staff SRE\n", encoding="utf-8")
    result = cli(str(titles), "--out", str(tmp_path / "o"), "--provider-batch", "--model", "anthropic/claude-3-5-haiku-latest")
    assert result.exit_code != 0
    assert "can read Anthropic Message Batches but not create them" in result.output
    assert "Traceback" not in result.output


def test_result_store_reads_answers_and_failures(tmp_path):
    body = {"model": "m", "messages": [{"role": "user", "content": "x"}]}
    cid = custom_id("abcdef0123456789", "kpis", body)
    assert len(cid) <= 64 and cid.startswith("abcdef0123456789.kpis.")
    assert custom_id("abcdef0123456789", "kpis", dict(reversed(list(body.items())))) == cid  # key order does not matter
    other = custom_id("abcdef0123456789", "tools", body)
    lost = custom_id("abcdef0123456789", "goals", body)
    (tmp_path / "in.jsonl").write_text("\n".join(json.dumps({"custom_id": c, "body": body}) for c in (cid, other, lost)) + "\n")
    (tmp_path / "out.jsonl").write_text(json.dumps({"custom_id": cid, "response": {"status_code": 200, "body": {"id": "ok"}}}) + "\n")
    (tmp_path / "err.jsonl").write_text(json.dumps({"custom_id": other, "response": {"status_code": 500, "body": {"error": {"message": "boom"}}}}) + "\n")
    store = ResultStore()
    assert store.add_job(tmp_path / "in.jsonl", tmp_path / "out.jsonl", tmp_path / "err.jsonl", status="expired") == (1, 2)
    assert store.answer(cid) == {"id": "ok"} and store.answer(other) is None
    assert store.failures(other) == ["500 boom"]
    assert store.failures(lost) == ["no answer (the job ended expired)"]
