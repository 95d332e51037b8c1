"""drafter.clipboard: OSC 52 plus the system clipboard tool, and honest messages."""

from __future__ import annotations

import sys

from drafter import clipboard


class FakeApp:
    def __init__(self):
        self.copied: list[str] = []

    def copy_to_clipboard(self, text: str) -> None:
        self.copied.append(text)


def writer(path) -> list[str]:
    """A 'clipboard tool' that writes its stdin to ``path``."""
    return [sys.executable, "-c", f"import sys; open({str(path)!r}, 'w', encoding='utf-8').write(sys.stdin.read())"]


def test_tool_and_osc52_both_used(tmp_path):
    app = FakeApp()
    out = tmp_path / "clip.txt"
    result = clipboard.copy_text("## 7) KPIs ✓", app=app, what="section 7", tools=[writer(out)], env={"TERM": "xterm"})
    assert app.copied == ["## 7) KPIs ✓"]
    assert out.read_text(encoding="utf-8") == "## 7) KPIs ✓"
    assert result.ok and result.osc52 and result.tool == sys.executable
    assert "Copied section 7" in result.message and "OSC 52" in result.message


def test_osc52_only_says_it_cannot_be_confirmed():
    app = FakeApp()
    result = clipboard.copy_text("x", app=app, tools=[], env={"TERM": "xterm-256color"})
    assert result.ok and result.tool is None
    assert "Sent text" in result.message and "terminal clipboard (OSC 52)" in result.message
    assert "do not confirm" in result.message and "no wl-copy, xclip, xsel or pbcopy found" in result.message


def test_a_failing_tool_is_reported_and_the_next_one_tried(tmp_path):
    out = tmp_path / "clip.txt"
    failing = [sys.executable, "-c", "import sys; sys.exit(3)"]
    result = clipboard.copy_text("hello", tools=[failing, writer(out)], osc52_sent=True)
    assert result.tool == sys.executable and out.read_text(encoding="utf-8") == "hello"
    assert result.errors == [f"{sys.executable}: exit status 3"]


def test_nothing_works_says_so():
    result = clipboard.copy_text("x", app=FakeApp(), tools=[["/nonexistent/wl-copy"]], env={"TERM": "dumb"})
    assert not result.ok
    assert result.message.startswith("Cannot copy text:")
    assert "wl-copy" in result.message


def test_system_tools_follow_the_session(monkeypatch):
    monkeypatch.setattr(clipboard.shutil, "which", lambda name: f"/usr/bin/{name}")
    monkeypatch.setattr(clipboard.sys, "platform", "linux")
    monkeypatch.setattr(clipboard, "_kernel_release", lambda: "6.1.0")
    assert clipboard.system_tools({"WAYLAND_DISPLAY": "wayland-0"}) == [["wl-copy"]]
    assert [c[0] for c in clipboard.system_tools({"DISPLAY": ":0"})] == ["xclip", "xsel"]
    assert clipboard.system_tools({}) == []
    monkeypatch.setattr(clipboard.shutil, "which", lambda name: None)
    assert clipboard.system_tools({"DISPLAY": ":0"}) == []
