"""Where the batch meets the model layer: building the backend and the shared back-off gate.

Kept in one small module so that the rest of the package stays free of
litellm (imported lazily by the backends) and easy to test with FakeBackend.
"""

from __future__ import annotations

from ..config import Settings
from ..generate.types import Backend


def build_backend(settings: Settings, *, no_cache: bool = False) -> Backend:
    """The real backend for ``settings`` (litellm, a LiteLLM proxy, or the embedded local model)."""
    from ..generate.backends import get_backend

    return get_backend(settings, no_cache=no_cache)


def build_gate():
    """One back-off gate for the whole batch: a 429 with Retry-After pauses every call, not just one."""
    try:
        from ..generate.retry import RateGate
    except ImportError:
        return None
    return RateGate()
