"""``drafter tui [TITLE | FILE]`` (and plain ``drafter``): the interactive app.

A document given on the command line is read before the app starts, so an
unreadable file is a one-line error and exit 2, not a broken screen.
"""

from __future__ import annotations

import sys

from ..errors import UsageError


def run(target: str | None = None, model: str | None = None, api_base: str | None = None) -> int:
    from ..config import load_settings

    from ..tui.app import create_app

    settings = load_settings(model=model, api_base=api_base)
    app = create_app(settings=settings, target=target)  # reads FILE now: errors before the screen opens
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(
            "drafter tui needs an interactive terminal",
            hint="use `drafter draft TITLE` or `drafter validate FILE` in scripts",
        )
    app.run()
    return app.return_code or 0
