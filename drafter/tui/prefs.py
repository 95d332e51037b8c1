"""What the TUI remembers between runs (the theme), in ``$DRAFTER_HOME/tui.json``."""

from __future__ import annotations

import json

from ..config import home

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"


def _path():
    return home() / "tui.json"


def load() -> dict:
    try:
        data = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(**values) -> None:
    """Merge ``values`` into the file; failures are ignored (preferences are a nicety)."""
    from ..store import atomic_write_text

    data = load()
    data.update(values)
    try:
        atomic_write_text(_path(), json.dumps(data, indent=1) + "\n")
    except Exception:  # noqa: BLE001
        pass
