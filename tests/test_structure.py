"""Structure checks: no import cycle between the TUI app and its palette commands; dead code stays gone."""

from __future__ import annotations

import subprocess
import sys


def test_tui_commands_do_not_import_the_app():
    code = "import sys, drafter.tui.commands\nprint('drafter.tui.app' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"


def test_removed_dead_code():
    from drafter import errors
    from drafter.generate import retry

    assert not hasattr(errors, "DraftIncomplete") and not hasattr(retry, "NO_RETRIES")
