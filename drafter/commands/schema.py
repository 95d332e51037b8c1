"""``drafter schema``: write or check the committed JSON Schema."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

from ..resources import _PKG
from ..schema.jsonschema import stale_schemas, write_schemas


def run(out: Path | None, check: bool) -> int:
    directory = out or (_PKG.parent / "schemas")
    console = Console(stderr=True, highlight=False)
    if check:
        stale = stale_schemas(directory)
        if stale:
            console.print(f"stale: {', '.join(stale)} in {directory} (run `drafter schema` to refresh)")
            return 1
        console.print(f"up to date: {directory}")
        return 0
    for path in write_schemas(directory):
        console.print(f"wrote {path}")
    return 0
