"""Offline token counting for prompt budgets and the prompt-size benchmark.

Counts with OpenAI's ``cl100k_base`` byte-pair encoding, read from the copy
that litellm ships inside its package (``litellm/litellm_core_utils/tokenizers``),
so counting never downloads anything and never imports litellm (whose import
costs seconds).  The file is checked against tiktoken's published SHA-256
before use.  When tiktoken or the bundled file is missing or damaged, counts
fall back to an estimate of one token per four characters, and
``tokenizer_name()`` says so (``"estimate:chars/4"``).

Counts are model-agnostic approximations: other providers' tokenizers differ
by a few percent, which is fine for budgets and comparisons.
"""

from __future__ import annotations

import hashlib
import importlib.util
import math
import os
import threading
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

ENCODING = "cl100k_base"
ESTIMATE = "estimate:chars/4"

# tiktoken caches its files under sha1(download URL); litellm ships them under that name.
_URL = f"https://openaipublic.blob.core.windows.net/encodings/{ENCODING}.tiktoken"
_CACHE_NAME = hashlib.sha1(_URL.encode()).hexdigest()
_SHA256 = "223921b76ee99bde995b7ff738513eef100fb51d18c93597a113bcffe865b2a7"

# OpenAI's chat accounting: every message costs a few tokens of framing, the reply a few of priming.
_PER_MESSAGE = 3
_PRIMING = 3

_lock = threading.Lock()
_encoder: Any = None
_loaded = False
_name = ESTIMATE


def bundled_tokenizer_dir() -> Path | None:
    """The folder holding litellm's bundled tiktoken files, found without importing litellm."""
    try:
        spec = importlib.util.find_spec("litellm")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        folder = Path(location) / "litellm_core_utils" / "tokenizers"
        if (folder / _CACHE_NAME).is_file():
            return folder
    return None


def _load() -> Any:
    global _encoder, _loaded, _name
    if _loaded:
        return _encoder
    with _lock:
        if _loaded:
            return _encoder
        _encoder, _name = _load_encoder()
        _loaded = True
    return _encoder


def _load_encoder() -> tuple[Any, str]:
    folder = bundled_tokenizer_dir()
    if folder is None:
        return None, ESTIMATE
    try:
        data = (folder / _CACHE_NAME).read_bytes()
    except OSError:
        return None, ESTIMATE
    if hashlib.sha256(data).hexdigest() != _SHA256:
        # Never hand tiktoken a damaged file: it would delete it and try to download a new one.
        return None, ESTIMATE
    try:
        import tiktoken
    except ImportError:
        return None, ESTIMATE
    previous = os.environ.get("TIKTOKEN_CACHE_DIR")
    os.environ["TIKTOKEN_CACHE_DIR"] = str(folder)
    try:
        encoder = tiktoken.get_encoding(ENCODING)
    except Exception:  # noqa: BLE001 - any failure means: estimate instead
        return None, ESTIMATE
    finally:
        if previous is None:
            os.environ.pop("TIKTOKEN_CACHE_DIR", None)
        else:
            os.environ["TIKTOKEN_CACHE_DIR"] = previous
    return encoder, ENCODING


def tokenizer_name() -> str:
    """``"cl100k_base"`` when counts are exact, ``"estimate:chars/4"`` otherwise."""
    _load()
    return _name


def is_exact() -> bool:
    return tokenizer_name() == ENCODING


def count_tokens(text: str) -> int:
    """Tokens in ``text`` (special-token text such as ``<|endoftext|>`` counts as plain text)."""
    if not text:
        return 0
    encoder = _load()
    if encoder is None:
        return math.ceil(len(text) / 4)
    return len(encoder.encode(text, disallowed_special=()))


def count_messages(messages: Iterable[Mapping[str, str]]) -> int:
    """Prompt tokens of a chat request: contents, roles and per-message framing."""
    total = _PRIMING
    for message in messages:
        total += _PER_MESSAGE
        for key, value in message.items():
            if isinstance(value, str):
                total += count_tokens(value)
            if key == "name":
                total += 1
    return total


def _reset_for_tests() -> None:
    """Forget the loaded encoder (tests that simulate missing data)."""
    global _encoder, _loaded, _name
    with _lock:
        _encoder, _loaded, _name = None, False, ESTIMATE


__all__ = [
    "ENCODING",
    "ESTIMATE",
    "bundled_tokenizer_dir",
    "count_messages",
    "count_tokens",
    "is_exact",
    "tokenizer_name",
]
