"""Shared fixtures.  Every test runs with DRAFTER_HOME in a temp dir, no model
configured from the environment, and no network (pytest-socket: see
pyproject's addopts; only Unix sockets, which asyncio needs, are allowed)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "tests" / "data" / "seeds"  # copies of ../shared/seeds, so CI has them

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
os.environ.setdefault("DISABLE_AIOHTTP_TRANSPORT", "True")


@pytest.fixture(autouse=True)
def drafter_home(tmp_path_factory, monkeypatch) -> Path:
    home = tmp_path_factory.mktemp("drafter-home")
    monkeypatch.setenv("DRAFTER_HOME", str(home))
    for var in ("DRAFTER_MODEL", "DRAFTER_API_BASE", "OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def seeds_dir() -> Path:
    """The five seed documents (copied from ../shared/seeds)."""
    return SEEDS
