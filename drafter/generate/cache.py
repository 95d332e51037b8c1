"""The response cache: validated section results, keyed by the request.

The key is the sha256 of the canonical JSON (sorted keys, no spaces) of
everything that decides the answer: model, API base, messages, the response
JSON schema, the sampling parameters, the prompt version and the blueprint
schema version.  The key is computed from the request as drafter builds it,
before litellm or instructor touch it, so keyword order, dicts edited in place
and streaming cannot change it (litellm's own cache keys have those traps).

Values are the validated section JSON plus the usage of the original call.
An identical request is never sent twice; ``--no-cache`` neither reads nor
writes.  Stored in ``$DRAFTER_HOME/cache`` with diskcache (SQLite; safe across
threads and processes, size-limited).
"""

from __future__ import annotations

import hashlib
import json
import threading
from pathlib import Path
from typing import Any

CACHE_FORMAT = 1
DEFAULT_SIZE_LIMIT = 512 * 1024 * 1024


def canonical_json(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)


def request_key(
    *,
    model: str,
    api_base: str | None,
    messages: list[dict],
    schema: dict,
    params: dict[str, Any],
    prompt_version: str,
    schema_version: str,
) -> str:
    """The cache key of one section request."""
    payload = {
        "format": CACHE_FORMAT,
        "model": model,
        "api_base": api_base,
        "messages": messages,
        "schema": schema,
        "params": params,
        "prompt_version": prompt_version,
        "schema_version": schema_version,
    }
    return hashlib.sha256(canonical_json(payload).encode("utf-8")).hexdigest()


class ResponseCache:
    """Validated section answers on disk, opened on first use."""

    def __init__(self, directory: Path | str, *, size_limit: int = DEFAULT_SIZE_LIMIT):
        self.directory = Path(directory)
        self.size_limit = size_limit
        self._cache = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def _open(self):
        if self._cache is None:
            with self._lock:
                if self._cache is None:
                    from diskcache import Cache

                    from ..config import ensure_dir

                    ensure_dir(self.directory)
                    self._cache = Cache(str(self.directory), size_limit=self.size_limit)
        return self._cache

    def get(self, key: str) -> dict | None:
        try:
            value = self._open().get(key)
        except Exception:  # noqa: BLE001 - a damaged cache must not stop a draft
            value = None
        if isinstance(value, dict) and "data" in value:
            self.hits += 1
            return value
        self.misses += 1
        return None

    def set(self, key: str, value: dict) -> None:
        try:
            self._open().set(key, value)
        except Exception:  # noqa: BLE001 - a full or read-only disk must not fail the draft
            pass

    def __len__(self) -> int:
        return len(self._open())

    def clear(self) -> None:
        self._open().clear()

    def close(self) -> None:
        if self._cache is not None:
            self._cache.close()
            self._cache = None


def default_cache() -> ResponseCache:
    from ..config import cache_dir

    return ResponseCache(cache_dir())
