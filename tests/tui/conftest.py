"""Fixtures for the TUI tests: the app over a FakeBackend, and waiting on conditions."""

from __future__ import annotations

import pytest

from drafter.config import load_settings
from drafter.testing import FakeBackend


@pytest.fixture
def settings():
    return load_settings(depth="brief")  # shorter sections: faster Markdown rendering


@pytest.fixture
def backend() -> FakeBackend:
    return FakeBackend()


@pytest.fixture(autouse=True)
def _quick_timers(monkeypatch):
    """Shorter debounce delays: the tests wait on their effects, so only speed changes."""
    monkeypatch.setattr("drafter.tui.screens.edit.DEBOUNCE_SECONDS", 0.05)
    monkeypatch.setattr("drafter.tui.screens.draft.VALIDATE_DELAY", 0.05)


@pytest.fixture
def drafted(settings):
    """A session whose twenty sections are already drafted (placeholder text): no drafting needed."""
    from drafter.generate.types import RoleRequest
    from drafter.schema.markers import Depth
    from drafter.testing import sample_blueprint
    from drafter.tui.session import DraftSession

    session = DraftSession.new(RoleRequest(title="Platform Engineer", depth=Depth.brief), settings)
    session.draft.blueprint = sample_blueprint("Platform Engineer", depth="brief")
    session.__init__(session.draft, settings)  # recompute the states from the content
    return session


@pytest.fixture
def make_app(settings, backend):
    """``make_app(target=..., backend=...)``: the real app factory over a fake backend."""
    from drafter.tui.app import create_app

    def make(**kwargs):
        kwargs.setdefault("backend", backend)
        kwargs.setdefault("settings", settings)
        return create_app(**kwargs)

    return make

