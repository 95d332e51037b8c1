"""Real HTTP through litellm to the simulated OpenAI-compatible server on
127.0.0.1 (bench/simserver.py): modes, error injection, the concurrency bound."""

from __future__ import annotations

import importlib.util
import socket
import sys
from pathlib import Path

import pytest

from drafter.config import load_settings
from drafter.errors import OutputTruncated, ProviderError
from drafter.generate import open_engine
from drafter.generate.types import RoleRequest

pytestmark = [pytest.mark.network_local, pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

BENCH = Path(__file__).resolve().parents[2] / "bench"
REQUEST = RoleRequest("Staff Site Reliability Engineer", depth="brief")


def _simserver():
    spec = importlib.util.spec_from_file_location("simserver", BENCH / "simserver.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("simserver", module)
    spec.loader.exec_module(module)
    return module


sim = _simserver()


@pytest.fixture
async def server():
    server = sim.SimServer(sim.SimConfig(retry_after=0.01))
    await server.start()
    yield server
    await server.stop()


def engine_for(server, *, mode=None, concurrency=4, monkeypatch=None):
    if mode and monkeypatch:
        monkeypatch.setenv("DRAFTER_MODE", mode)
    return open_engine(load_settings(model="sim-model", api_base=server.base_url, concurrency=concurrency),
                       no_cache=True)


@pytest.mark.parametrize("mode", ["JSON_SCHEMA", "TOOLS"])
async def test_full_brief_draft_over_http(server, monkeypatch, mode):
    engine = engine_for(server, mode=mode, concurrency=5, monkeypatch=monkeypatch)
    result = await engine.draft(REQUEST)
    await engine.aclose()
    assert result.complete, result.failed
    stats = server.stats()
    assert stats["calls"] == 20 and stats["max_in_flight"] <= 5
    body = stats["bodies"][-1]
    assert body["model"] == "sim-model"
    assert ("tools" in body) == (mode == "TOOLS") and ("response_format" in body) == (mode == "JSON_SCHEMA")
    gen = result.blueprint.generation
    assert gen.prompt_tokens == stats["prompt_tokens"] and gen.completion_tokens == stats["completion_tokens"]
    assert gen.cost_usd is None  # a server on localhost may be a paid proxy: an unknown model is unpriced, not $0


async def test_429_and_500_are_retried_over_http(server):
    from drafter.generate.profile import RoleProfile
    from drafter.testing import fill_model

    server.script(["429", "500", "ok"])
    engine = engine_for(server)
    result = await engine.draft(REQUEST, sections=["mission"], profile=fill_model(RoleProfile, "SRE"))
    await engine.aclose()
    assert result.complete
    assert server.stats()["calls"] == 3 and server.stats()["errors"] == {"429": 1, "500": 1}
    assert result.blueprint.generation.sections[0].attempts == 3


async def test_truncated_answer_over_http_is_not_retried(server):
    server.script(["truncate"])
    engine = engine_for(server)
    with pytest.raises(OutputTruncated):
        await engine.draft_section(REQUEST, "kpis")
    await engine.aclose()
    assert server.stats()["calls"] == 1


async def test_connection_refused_is_one_line():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again on exit: nothing listens there
    base = f"http://127.0.0.1:{port}/v1"
    engine = open_engine(load_settings(model="m", api_base=base), no_cache=True)
    engine.backend.policy = type(engine.backend.policy)(attempts={"connection": 1})
    with pytest.raises(ProviderError) as info:
        await engine.draft_section(REQUEST, "mission")
    assert str(info.value) == f"{base}: connection refused"
