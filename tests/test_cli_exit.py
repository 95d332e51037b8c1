"""The CLI ends the process without tearing the interpreter down once litellm is loaded (cli._exit):
exit hooks still run, output is flushed and the exit status is kept."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHILD = """
import atexit, sys, types
sys.modules["litellm"] = types.ModuleType("litellm")   # as if the provider stack were loaded
from drafter import cli
atexit.register(lambda: open({marker!r}, "w").write("hook ran"))
sys.stdout.write("unflushed output")                   # no newline: still in the buffer
cli._exit({code})
print("not reached")
"""


@pytest.mark.parametrize("code, status", [(0, 0), (None, 0), (3, 3), ("'bad input'", 1)])
def test_fast_exit_runs_hooks_flushes_and_keeps_the_status(tmp_path, code, status):
    marker = tmp_path / "hook.txt"
    proc = subprocess.run([sys.executable, "-c", CHILD.format(marker=str(marker), code=code)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == status, proc.stderr
    assert proc.stdout == "unflushed output"
    assert marker.read_text() == "hook ran"
    if status == 1:
        assert proc.stderr.strip() == "bad input"


def test_without_the_provider_stack_the_exit_is_the_usual_one(monkeypatch):
    from drafter import cli
    from drafter.generate import llm

    monkeypatch.setattr(llm, "imported", lambda: False)
    with pytest.raises(SystemExit) as info:
        cli._exit(4)
    assert info.value.code == 4
