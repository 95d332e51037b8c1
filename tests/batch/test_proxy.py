"""The README's LiteLLM proxy recipe, for real (slow): ``litellm --config`` in front of two simulated deployments.

A batch through the proxy spreads its calls over both deployments, survives one of them dying mid-batch, and
drafter holds only the proxy's master key: the provider keys stay in the proxy.

Needs the ``proxy`` extra (``litellm[proxy]``).  Its pins differ from the main environment's, so it may live in
a separate venv: the test uses ``$DRAFTER_LITELLM_PROXY`` (the ``litellm`` command), else ``.venv-proxy/bin/litellm``
in the repository, else ``litellm`` next to this Python, and skips when none can start the proxy:

    python3.11 -m venv .venv-proxy && .venv-proxy/bin/pip install 'litellm[proxy]>=1.106,<1.110'
    .venv/bin/pytest -m slow tests/batch/test_proxy.py
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.network_local, pytest.mark.enable_socket,
              pytest.mark.allow_hosts(["127.0.0.1"])]

REPO = Path(__file__).resolve().parents[2]
MASTER_KEY = "sk-proxy-master-test"
KEYS = {"a": "sk-provider-key-a", "b": "sk-provider-key-b"}
TITLES = ["Staff SRE", "Data Engineer", "Engineering Manager"]


def proxy_command() -> list[str] | None:
    """The ``litellm`` command of an environment that has the proxy extra, or None."""
    candidates = [os.environ.get("DRAFTER_LITELLM_PROXY"), str(REPO / ".venv-proxy" / "bin" / "litellm"),
                  str(Path(sys.executable).with_name("litellm"))]
    for path in filter(None, candidates):
        python = Path(path).with_name("python")
        if not Path(path).is_file() or not python.is_file():
            continue
        probe = subprocess.run([str(python), "-c", "import importlib.util as u, sys; sys.exit(not all("
                                "u.find_spec(m) for m in ('litellm', 'fastapi', 'uvicorn', 'backoff')))"],
                               capture_output=True, timeout=60)
        if probe.returncode == 0:
            return [path]
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get_json(url: str, *, key: str | None = None, timeout: float = 5.0) -> dict:
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {key}"} if key else {})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.loads(response.read())


def wait_for(url: str, proc: subprocess.Popen, *, seconds: float, key: str | None = None) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{proc.args[0]} exited with {proc.returncode}")
        try:
            get_json(url, key=key, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer within {seconds:.0f} s")


def start(args: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen(args, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env, cwd=log.parent)


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)


def test_batch_through_the_litellm_proxy_spreads_load_and_survives_a_failed_deployment(tmp_path):
    command = proxy_command()
    if command is None:
        pytest.skip("the proxy extra is not installed (python3.11 -m venv .venv-proxy && "
                    ".venv-proxy/bin/pip install 'litellm[proxy]>=1.106,<1.110')")
    sims = {name: free_port() for name in KEYS}
    procs: dict[str, subprocess.Popen] = {}
    try:
        for name, port in sims.items():
            procs[name] = start([sys.executable, str(REPO / "bench" / "simserver.py"), "--port", str(port),
                                 "--latency", "0.05"], tmp_path / f"sim-{name}.log")
        for name, port in sims.items():
            wait_for(f"http://127.0.0.1:{port}/sim/stats", procs[name], seconds=30)
        config = tmp_path / "proxy.yaml"
        config.write_text(proxy_yaml(sims), encoding="utf-8")
        proxy_port = free_port()
        proxy_env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "DRAFTER"))}
        proxy_env.update(SIM_KEY_A=KEYS["a"], SIM_KEY_B=KEYS["b"], LITELLM_LOCAL_MODEL_COST_MAP="True",
                         LITELLM_TELEMETRY="False")
        proxy_env.pop("PYTHONDONTWRITEBYTECODE", None)  # the proxy venv keeps its bytecode: later starts are faster
        procs["proxy"] = start([*command, "--config", str(config), "--host", "127.0.0.1", "--port", str(proxy_port)],
                               tmp_path / "proxy.log", env=proxy_env)
        proxy = f"http://127.0.0.1:{proxy_port}"
        wait_for(f"{proxy}/health/liveliness", procs["proxy"], seconds=600)
        models = get_json(f"{proxy}/v1/models", key=MASTER_KEY)
        assert [m["id"] for m in models["data"]] == ["blueprint-writer"]

        titles = tmp_path / "titles.txt"
        titles.write_text("\n".join(TITLES) + "\n", encoding="utf-8")
        out = tmp_path / "out"
        # drafter holds the proxy's key only: no provider key in its environment.
        env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI", "ANTHROPIC", "DRAFTER", "SIM_"))}
        env.update(OPENAI_API_KEY=MASTER_KEY, DRAFTER_HOME=str(tmp_path / "home"), LITELLM_LOCAL_MODEL_COST_MAP="True")
        batch = subprocess.Popen(
            [sys.executable, "-m", "drafter", "batch", str(titles), "--out", str(out), "--api-base", proxy,
             "--model", "blueprint-writer", "--depth", "brief", "-j", "4", "--no-cache"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, cwd=tmp_path,
        )
        # Kill deployment b once it has served a share of the batch.
        served_b = 0
        deadline = time.monotonic() + 300
        while batch.poll() is None and time.monotonic() < deadline:
            stats = get_json(f"http://127.0.0.1:{sims['b']}/sim/stats")
            if stats["ok"] >= 8:
                served_b = stats["ok"]
                keys_b = stats["keys"]
                stop(procs["b"])
                break
            time.sleep(0.2)
        output = batch.communicate(timeout=600)[0].decode("utf-8", "replace")
        assert served_b >= 8, f"deployment b never got its share before the batch ended:\n{output}"
        assert batch.returncode == 0, output

        data = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert [i["status"] for i in data["items"]] == ["ok"] * len(TITLES)
        stats_a = get_json(f"http://127.0.0.1:{sims['a']}/sim/stats")
        assert stats_a["ok"] >= 8  # load spread over both deployments ...
        assert stats_a["ok"] + served_b >= 20 * len(TITLES)  # ... and a took over when b died
        # Each deployment saw its own provider key, never drafter's; drafter's files hold no provider key.
        assert set(stats_a["keys"]) == {KEYS["a"]} and set(keys_b) == {KEYS["b"]}
        written = "".join(p.read_text(encoding="utf-8", errors="replace") for p in out.rglob("*") if p.is_file())
        assert KEYS["a"] not in written and KEYS["b"] not in written and MASTER_KEY not in written
    finally:
        for proc in procs.values():
            stop(proc)


def proxy_yaml(ports: dict[str, int]) -> str:
    """The README recipe with two simulated deployments of one model name."""
    deployments = "".join(
        f"""  - model_name: blueprint-writer
    litellm_params:
      model: openai/sim-{name}
      api_base: http://127.0.0.1:{port}/v1
      api_key: os.environ/SIM_KEY_{name.upper()}
      rpm: 6000
"""
        for name, port in ports.items()
    )
    return f"""model_list:
{deployments}router_settings:
  routing_strategy: simple-shuffle
  num_retries: 3
  allowed_fails: 1
  cooldown_time: 60
litellm_settings:
  drop_params: true
general_settings:
  master_key: {MASTER_KEY}
"""
