"""Copy text to the clipboard from a terminal app.

Two ways, tried together:

* OSC 52, through Textual's ``App.copy_to_clipboard``: the terminal puts the
  text on the clipboard, also over SSH.  The terminal never says whether it
  did (some ignore OSC 52, tmux needs ``set-clipboard on``), so the message
  says "sent to the terminal clipboard (OSC 52)", not "copied".
* The system's clipboard tool, when one is installed and usable:
  ``wl-copy`` (Wayland), ``xclip`` or ``xsel`` (X11), ``pbcopy`` (macOS),
  ``clip.exe`` (Windows / WSL).  Its exit status does confirm the copy.

``copy_text`` returns a ``CopyResult`` whose ``message`` is one line for the
user, and says plainly when copying was not possible.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from typing import Protocol


class _SupportsOSC52(Protocol):
    def copy_to_clipboard(self, text: str) -> None: ...


@dataclass(frozen=True)
class CopyResult:
    osc52: bool  # the OSC 52 sequence was written to the terminal (unconfirmed)
    tool: str | None  # the system tool that confirmed the copy, if any
    message: str  # one line for the user
    errors: list[str] = field(default_factory=list)  # why tools failed, for the log

    @property
    def ok(self) -> bool:
        """True when the text was handed to something that can put it on a clipboard."""
        return self.osc52 or self.tool is not None


def system_tools(env: dict[str, str] | None = None) -> list[list[str]]:
    """Clipboard commands worth trying here, best first (only those installed)."""
    env = os.environ if env is None else env
    candidates: list[list[str]] = []
    if env.get("WAYLAND_DISPLAY"):
        candidates.append(["wl-copy"])
    if env.get("DISPLAY"):
        candidates += [["xclip", "-selection", "clipboard", "-in"], ["xsel", "--clipboard", "--input"]]
    if sys.platform == "darwin":
        candidates.append(["pbcopy"])
    if sys.platform == "win32" or "microsoft" in _kernel_release():
        candidates.append(["clip.exe"])
    return [cmd for cmd in candidates if shutil.which(cmd[0])]


def _kernel_release() -> str:
    try:
        return os.uname().release.lower()
    except AttributeError:  # pragma: no cover - Windows
        return ""


def copy_with_tool(text: str, *, timeout: float = 3.0, tools: list[list[str]] | None = None) -> tuple[str | None, list[str]]:
    """Copy with the first system tool that succeeds: ``(tool name or None, errors)``.

    Blocking (a subprocess): call it from a thread worker in the TUI.
    """
    errors: list[str] = []
    for cmd in system_tools() if tools is None else tools:
        try:
            # wl-copy and xclip fork and keep serving the selection: give them no
            # pipes they could hold open, or run() would wait for them.
            proc = subprocess.run(
                cmd,
                input=text.encode("utf-8"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=timeout,
                check=False,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            errors.append(f"{cmd[0]}: {exc}")
            continue
        if proc.returncode == 0:
            return cmd[0], errors
        errors.append(f"{cmd[0]}: exit status {proc.returncode}")
    return None, errors


def terminal_supports_osc52(env: dict[str, str] | None = None) -> bool:
    """False only where OSC 52 certainly goes nowhere (no terminal, or TERM=dumb)."""
    env = os.environ if env is None else env
    return env.get("TERM", "") != "dumb"


def copy_text(
    text: str,
    *,
    app: _SupportsOSC52 | None = None,
    what: str = "text",
    tools: list[list[str]] | None = None,
    env: dict[str, str] | None = None,
    osc52_sent: bool = False,
) -> CopyResult:
    """Send ``text`` to the terminal clipboard (OSC 52, via ``app``) and to the system tool, if any.

    Blocking (the tool is a subprocess).  An app that runs this in a thread
    sends OSC 52 itself on its own thread and passes ``osc52_sent=True``.
    """
    osc52 = osc52_sent
    if app is not None and not osc52 and terminal_supports_osc52(env):
        app.copy_to_clipboard(text)
        osc52 = True
    tool, errors = copy_with_tool(text, tools=tools)
    size = f"{len(text):,} characters"
    if tool and osc52:
        message = f"Copied {what} ({size}) with {tool}, and sent it to the terminal clipboard (OSC 52)"
    elif tool:
        message = f"Copied {what} ({size}) with {tool}"
    elif osc52:
        hint = f" ({errors[-1]})" if errors else " (no wl-copy, xclip, xsel or pbcopy found)"
        message = f"Sent {what} ({size}) to the terminal clipboard (OSC 52); terminals do not confirm it{hint}"
    else:
        reason = errors[-1] if errors else "no terminal clipboard (OSC 52) and no wl-copy, xclip, xsel or pbcopy"
        message = f"Cannot copy {what}: {reason}"
    return CopyResult(osc52=osc52, tool=tool, message=message, errors=errors)


__all__ = ["CopyResult", "copy_text", "copy_with_tool", "system_tools", "terminal_supports_osc52"]
