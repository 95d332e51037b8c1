"""A once-per-install test run of the embedded model in a child process.

llama.cpp is native code: a build that does not suit the CPU (an instruction
set the machine lacks, or a kernel that crashes on it, as ggml's AMX kernels
did on a Sapphire Rapids machine) kills the whole process with a signal, and
a draft would end in "Segmentation fault" with nothing said.  Before the
model is first loaded in process, ``ensure_runtime_works`` loads it in a
child process and decodes a few tokens.  A crash there becomes a one-line
``ConfigError`` that says how to rebuild; a success is remembered (keyed by
the llama-cpp-python version, its libraries and the model file), so later
runs pay nothing.  ``DRAFTER_LOCAL_PROBE=0`` skips the check.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from ...errors import ConfigError

TIMEOUT_S = 120.0
REBUILD_HINT = (
    "rebuild it without pip's cached wheel: `pip cache remove llama_cpp_python && make clean && make draft` "
    "(the Makefile builds llama.cpp without the AMX kernels that crash on some Intel CPUs)"
)

# Loads the model and decodes a few tokens; prints OK.  Run with ``python -c`` so that it
# needs no import of drafter in the child (fast, and independent of the caller's sys.path).
_CHILD = (
    "import sys\n"
    "from llama_cpp import Llama\n"
    "llm = Llama(model_path=sys.argv[1], n_ctx=256, n_threads=int(sys.argv[2]), verbose=False)\n"
    "llm.create_completion('Role: Registered Nurse\\nResponsibilities:', max_tokens=4, temperature=0)\n"
    "print('OK')\n"
)

_lock = threading.Lock()
_checked: set[str] = set()
_failed: dict[str, ConfigError] = {}  # a failed test is not run again in this process


def _libraries() -> list[Path]:
    import importlib.util

    spec = importlib.util.find_spec("llama_cpp")
    if spec is None or not spec.origin:
        return []
    lib = Path(spec.origin).parent / "lib"
    return sorted(p for p in lib.glob("*.so*") if p.is_file()) if lib.is_dir() else []


def fingerprint(model: Path) -> str:
    """What a test run vouches for: llama-cpp-python's version and libraries, and the model file."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        runtime = version("llama_cpp_python")
    except PackageNotFoundError:
        runtime = "?"
    parts = [runtime, sys.executable]
    for path in [*_libraries(), Path(model)]:
        try:
            st = path.stat()
        except OSError:
            continue
        parts.append(f"{path}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:24]


def _describe(returncode: int) -> str:
    if returncode < 0:
        try:
            return f"it was killed by {signal.Signals(-returncode).name}"
        except ValueError:
            return f"it was killed by signal {-returncode}"
    return f"it exited with status {returncode}"


def run_probe(model: Path, threads: int, *, command: list[str] | None = None) -> None:
    """Run the test in a child process; raise ``ConfigError`` if it does not print OK."""
    argv = command or [sys.executable, "-c", _CHILD, str(model), str(max(1, threads))]
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=TIMEOUT_S,
                              env={**os.environ, "PYTHONWARNINGS": "ignore"})
    except subprocess.TimeoutExpired:
        raise ConfigError(
            f"the embedded model's runtime did not answer a 4-token test within {TIMEOUT_S:.0f} s",
            hint="set DRAFTER_LOCAL_PROBE=0 to skip this check on a very slow machine",
        ) from None
    except OSError as exc:
        raise ConfigError(f"cannot start the embedded model's test run: {exc.strerror or exc}") from None
    if done.returncode == 0 and done.stdout.strip().endswith("OK"):
        return
    detail = (done.stderr or "").strip().splitlines()
    last = detail[-1][:200] if detail else ""
    raise ConfigError(
        f"the embedded model's runtime (llama-cpp-python) fails on this machine: in a test run {_describe(done.returncode)}"
        + (f" ({last})" if last and done.returncode > 0 else ""),
        hint=REBUILD_HINT,
    )


def ensure_runtime_works(model: Path, threads: int, directory: Path, *, command: list[str] | None = None) -> bool:
    """Test the runtime once per fingerprint; True when a test ran now, False when one already passed."""
    if os.environ.get("DRAFTER_LOCAL_PROBE", "").strip().lower() in ("0", "false", "no", "off"):
        return False
    key = fingerprint(model)
    with _lock:
        if key in _checked:
            return False
        if key in _failed:
            raise _failed[key]
        marker = Path(directory) / "runtime-tested.json"
        try:
            if json.loads(marker.read_text(encoding="utf-8")).get("fingerprint") == key:
                _checked.add(key)
                return False
        except (OSError, ValueError, AttributeError):
            pass
        try:
            run_probe(model, threads, command=command)
        except ConfigError as exc:
            _failed[key] = exc
            raise
        _checked.add(key)
        try:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.write_text(json.dumps({"fingerprint": key}), encoding="utf-8")
        except OSError:
            pass  # not remembered: the next run tests again
        return True
