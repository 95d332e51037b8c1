"""drafter is a library first: importing it, or drafting through it, leaves the host's settings alone."""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from drafter.generate import llm

HOST = r'''
import asyncio, json, logging, os, sys
import litellm  # (its own import sets the httpx logger to WARNING: the host configures after it)
logging.getLogger("httpx").setLevel(logging.DEBUG)
logging.getLogger("openai").setLevel(logging.INFO)
litellm.callbacks.append("host-callback")
litellm.success_callback.append("host-success")
litellm.drop_params = False
litellm.num_retries = 3
env = dict(os.environ)

import drafter
assert "litellm" in sys.modules and "textual" not in sys.modules
from drafter.generate import llm
from drafter.generate.instructor_backend import provider_client
asyncio.run(provider_client())            # what the first model call does
bp = drafter.read(sys.argv[1]); drafter.validate(bp)
print(json.dumps({
    "callbacks": litellm.callbacks, "success": litellm.success_callback,
    "drop_params": litellm.drop_params, "num_retries": litellm.num_retries,
    "httpx": logging.getLogger("httpx").level, "openai": logging.getLogger("openai").level,
    "instructor": logging.getLogger("instructor").level,
    "env_changed": sorted(k for k in set(env) | set(os.environ) if env.get(k) != os.environ.get(k)),
    "loaded": llm.loaded(),
}))
'''


def test_drafting_through_the_library_changes_no_global_setting(seeds_dir):
    seed = next(seeds_dir.glob("003_*"))
    out = subprocess.run([sys.executable, "-c", HOST, str(seed)], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    import json

    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["callbacks"] == ["host-callback"] and got["success"] == ["host-success"]
    assert got["drop_params"] is False and got["num_retries"] == 3
    assert got["httpx"] == logging.DEBUG and got["openai"] == logging.INFO and got["instructor"] == logging.NOTSET
    assert got["env_changed"] == [] and got["loaded"] is True


def test_import_drafter_is_cheap_and_lazy():
    code = (
        "import sys, drafter\n"
        "assert callable(drafter.read) and callable(drafter.draft) and callable(drafter.export)\n"
        "heavy = [m for m in ('litellm', 'instructor', 'textual', 'openai', 'llama_cpp', 'docx') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_cli_as_application_sets_offline_defaults_and_quiet_loggers(monkeypatch):
    monkeypatch.delenv("LITELLM_LOCAL_MODEL_COST_MAP", raising=False)
    monkeypatch.setattr(llm, "_own_process", False)
    httpx = logging.getLogger("httpx")
    monkeypatch.setattr(httpx, "level", logging.DEBUG)
    monkeypatch.setattr(llm, "_litellm", None)  # not loaded yet: only the environment changes now
    llm.own_process()
    assert os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] == "True"
    assert httpx.level == logging.DEBUG  # quieted when litellm loads, not before


def test_preload_runs_once_in_the_background(monkeypatch):
    calls = []
    monkeypatch.setattr(llm, "_preload", None)
    monkeypatch.setattr(llm, "_instructor", None)
    monkeypatch.setattr(llm, "_litellm", None)
    monkeypatch.setattr(llm, "load_instructor", lambda: calls.append(1))
    llm.preload()
    llm.preload()
    llm._preload.join(10)
    assert calls == [1] and llm.state() == "not loaded"  # the fake loaded nothing
