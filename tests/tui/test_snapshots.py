"""Snapshots of the main screens at 80x24 and 160x50 (pytest-textual-snapshot).

Deterministic: fixed FakeBackend content, no spinner running, notifications
cleared, cursors not blinking, no temporary paths on screen.  Refresh with
``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at the SVGs.
"""

from __future__ import annotations

import os
import time

import pytest
from textual.widgets import TextArea

from drafter import store
from drafter.generate.types import RoleRequest
from drafter.schema.markers import Depth
from drafter.testing import FakeBackend, sample_blueprint

from .helpers import settle, wait_until

SIZES = pytest.mark.parametrize("size", [(80, 24), (160, 50)], ids=["80x24", "160x50"])
TITLE = "Site Reliability Engineer"


@pytest.fixture(autouse=True)
def _fixed_place_and_time(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    old = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if old is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = old
    time.tzset()


async def _steady(pilot) -> None:
    """Workers done, notifications gone, cursors still: the screen as a person would see it."""
    app = pilot.app
    await settle(pilot)
    app.clear_notifications()
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
    await pilot.pause()


def _app(settings, **kwargs):
    from drafter.tui.app import create_app

    kwargs.setdefault("backend", FakeBackend())
    return create_app(settings=settings, **kwargs)


@SIZES
def test_welcome(snap_compare, settings, size):
    draft = store.Draft(id="site-reliability-engineer-20250101-090000-abcd", blueprint=sample_blueprint(TITLE),
                        request=RoleRequest(title=TITLE, depth=Depth.brief))
    path = store.save_draft(draft)
    os.utime(path, (1_735_722_000, 1_735_722_000))  # 2025-01-01 09:00 UTC
    assert snap_compare(_app(settings), terminal_size=size, run_before=_steady)


@SIZES
def test_new_draft_form(snap_compare, settings, size):
    async def run_before(pilot):
        await pilot.press("n", *TITLE)
        await _steady(pilot)

    assert snap_compare(_app(settings), terminal_size=size, run_before=run_before)


@SIZES
def test_finished_draft_with_a_section_selected(snap_compare, settings, size):
    async def run_before(pilot):
        await _steady(pilot)
        pilot.app.screen.select_section("kpis")
        await _steady(pilot)

    assert snap_compare(_app(settings, target=TITLE), terminal_size=size, run_before=run_before)


@SIZES
def test_validate_panel(snap_compare, settings, size):
    backend = FakeBackend({"tools": [RuntimeError("the model's answer was cut off at max_tokens=2048")]})

    async def run_before(pilot):
        await _steady(pilot)
        pilot.app.screen.select_section("tools")
        await pilot.press("v")
        await _steady(pilot)

    assert snap_compare(_app(settings, target=TITLE, backend=backend), terminal_size=size, run_before=run_before)


@SIZES
def test_export_dialog(snap_compare, settings, size):
    async def run_before(pilot):
        await _steady(pilot)
        pilot.app.screen.select_section("summary")
        await _steady(pilot)
        await pilot.press("ctrl+e")
        await _steady(pilot)

    assert snap_compare(_app(settings, target=TITLE), terminal_size=size, run_before=run_before)


def test_section_editor(snap_compare, settings, size=(80, 24)):
    async def run_before(pilot):
        await _steady(pilot)
        pilot.app.screen.select_section("mission")
        await _steady(pilot)
        await pilot.press("e")
        await _steady(pilot)
        editor = pilot.app.screen.query_one(TextArea)
        editor.move_cursor(editor.document.end)
        editor.insert("\n### Unknown heading\n\n- stray item\n")
        await wait_until(pilot, lambda: not pilot.app.screen.pending, what="the edit check")
        await _steady(pilot)

    assert snap_compare(_app(settings, target=TITLE), terminal_size=size, run_before=run_before)
