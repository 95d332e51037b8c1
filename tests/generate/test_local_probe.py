"""The embedded model's once-per-install test run (generate/local/probe.py): a runtime that crashes
on this CPU becomes a one-line error, and a passing one is tested only once."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from drafter.errors import ConfigError
from drafter.generate.local import probe

CRASH = [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGSEGV)"]
OK = [sys.executable, "-c", "print('loading...'); print('OK')"]
FAIL = [sys.executable, "-c", "import sys; sys.stderr.write('ValueError: bad gguf\\n'); sys.exit(3)"]


@pytest.fixture(autouse=True)
def _fresh(monkeypatch):
    monkeypatch.delenv("DRAFTER_LOCAL_PROBE", raising=False)
    monkeypatch.setattr(probe, "_checked", set())
    monkeypatch.setattr(probe, "_failed", {})


def _model(tmp_path: Path) -> Path:
    model = tmp_path / "model.gguf"
    model.write_bytes(b"GGUF" + b"\0" * 60)
    return model


def test_a_crashing_runtime_is_a_one_line_error_naming_the_signal(tmp_path):
    model = _model(tmp_path)
    with pytest.raises(ConfigError) as info:
        probe.ensure_runtime_works(model, 2, tmp_path, command=CRASH)
    message = str(info.value)
    assert "SIGSEGV" in message and "\n" not in message
    assert "rebuild" in (info.value.hint or "")
    assert not (tmp_path / "runtime-tested.json").exists()  # a failure is not remembered on disk
    with pytest.raises(ConfigError):  # ... but in this process it is not run again
        probe.ensure_runtime_works(model, 2, tmp_path, command=OK)


def test_a_failing_exit_keeps_the_last_line_of_its_error(tmp_path):
    with pytest.raises(ConfigError, match=r"status 3 \(ValueError: bad gguf\)"):
        probe.ensure_runtime_works(_model(tmp_path), 2, tmp_path, command=FAIL)


def test_a_passing_runtime_is_tested_once_then_remembered_on_disk(tmp_path, monkeypatch):
    model = _model(tmp_path)
    assert probe.ensure_runtime_works(model, 2, tmp_path, command=OK) is True
    assert (tmp_path / "runtime-tested.json").is_file()
    monkeypatch.setattr(probe, "_checked", set())  # a new process: only the file remembers
    assert probe.ensure_runtime_works(model, 2, tmp_path, command=CRASH) is False


def test_a_changed_model_file_is_tested_again(tmp_path):
    model = _model(tmp_path)
    probe.ensure_runtime_works(model, 2, tmp_path, command=OK)
    model.write_bytes(b"GGUF" + b"\1" * 80)
    with pytest.raises(ConfigError):
        probe.ensure_runtime_works(model, 2, tmp_path, command=CRASH)


def test_the_check_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("DRAFTER_LOCAL_PROBE", "0")
    assert probe.ensure_runtime_works(_model(tmp_path), 2, tmp_path, command=CRASH) is False
