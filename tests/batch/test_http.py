"""``drafter batch`` end to end over real HTTP: get_backend -> instructor -> litellm -> the simulated
OpenAI-compatible server (bench/simserver.py) on 127.0.0.1, including a 429 with Retry-After."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from drafter.batch import backend as batch_backend
from drafter.cli import app
from drafter.generate.retry import RateGate
from drafter.schema.models import Blueprint

pytestmark = [pytest.mark.network_local, pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _simserver():
    spec = importlib.util.spec_from_file_location("simserver", BENCH / "simserver.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("simserver", module)
    spec.loader.exec_module(module)
    return module


sim = _simserver()
RETRY_AFTER = 0.25


def test_batch_over_http_backs_off_together_on_429(tmp_path, monkeypatch):
    gate = RateGate()
    monkeypatch.setattr(batch_backend, "build_gate", lambda: gate)
    titles = tmp_path / "titles.txt"
    titles.write_text("Staff SRE\nData Engineer\n", encoding="utf-8")
    out = tmp_path / "out"
    server = sim.SimServer(sim.SimConfig(retry_after=RETRY_AFTER, latency=0.05))  # calls overlap, so several meet the gate
    with server.running():
        server.script(["ok"] * 8 + ["429"])  # the 429 once items are drafting sections (after their profiles)
        result = CliRunner().invoke(app, [
            "batch", str(titles), "--out", str(out), "--variants", "company_size=startup,enterprise",
            "--model", "sim-model", "--api-base", server.base_url, "--depth", "brief", "-j", "4", "--no-cache",
        ])
        stats = server.stats()
    assert result.exit_code == 0, result.output
    assert stats["calls"] == 4 * 20 + 1 and stats["errors"] == {"429": 1}  # per item: the profile + 19 sections
    assert stats["max_in_flight"] <= 4
    # One 429 closed the gate once, and more than the limited call waited at it: the whole batch backed off.
    assert gate.closures == 1
    assert gate.waited >= 2 * RETRY_AFTER * 0.9

    data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [i["status"] for i in data["items"]] == ["ok"] * 4
    assert data["settings"]["api_base"] == server.base_url
    assert sum(i["tokens"]["completion"] for i in data["items"]) == stats["completion_tokens"]
    assert all(i["cost_usd"] is None for i in data["items"])  # localhost may be a paid proxy: unknown, not $0
    first = data["items"][0]
    bp = Blueprint.model_validate_json((out / first["outputs"]["json"]).read_text(encoding="utf-8"))
    assert bp.meta.title == "Staff SRE" and bp.generation.model.endswith("sim-model")
    markdown = (out / first["outputs"]["md"]).read_text(encoding="utf-8")
    assert markdown.startswith("# Staff SRE")
