"""Run a ``pip install`` and show progress on one line, with the full log in a file.

    python scripts/pip_progress.py LOG -- pip install -e '.[local]'

pip is run with ``-v`` so that the llama.cpp compile prints ninja's ``[N/M]``
lines; this script turns them into "compiling llama.cpp: N/M" (one updating
line on a terminal, a line every 10% elsewhere) and passes through pip's own
steps (collecting, downloading, building, installing).  On failure it prints
the end of the log and exits with pip's status.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

NINJA = re.compile(r"^\s*\[(\d+)/(\d+)\]\s")
STEP = re.compile(r"^(Building wheel for|Building editable for|Installing collected|Successfully installed)")
COLLECT = re.compile(r"^(Collecting|Using cached|Downloading) ")


def main(argv: list[str]) -> int:
    if len(argv) < 3 or argv[1] != "--":
        print(__doc__, file=sys.stderr)
        return 2
    log_path, command = Path(argv[0]), argv[2:]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    tty = sys.stdout.isatty()
    started = time.monotonic()
    shown_pct = -10
    open_line = False  # a "\r" progress line is on screen (terminal)
    collected = 0
    with log_path.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen([*command, "-v"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                errors="replace", bufsize=1)
        assert proc.stdout is not None
        for line in proc.stdout:
            log.write(line)
            m = NINJA.match(line)
            if m:
                done, total = int(m.group(1)), int(m.group(2))
                pct = 100 * done // max(total, 1)
                text = f"  compiling llama.cpp: {done}/{total} ({pct}%), {time.monotonic() - started:.0f} s"
                if tty:
                    print(f"\r{text}", end="", flush=True)
                    open_line = True
                elif pct >= shown_pct + 10 or done == total:
                    shown_pct = pct
                    print(text, flush=True)
                continue
            if COLLECT.match(line.strip()):
                if line.strip().startswith("Collecting"):
                    collected += 1
                    if tty:
                        print(f"\r  resolving and downloading: {collected} packages", end="", flush=True)
                        open_line = True
                    elif collected % 25 == 0:
                        print(f"  resolving and downloading: {collected} packages", flush=True)
                continue
            if STEP.match(line.strip()):
                text = line.strip()
                if len(text) > 110:
                    text = text[:109] + "…"
                print(("\n" if open_line else "") + f"  {text}", flush=True)
                open_line = False
        code = proc.wait()
    if open_line:
        print()
    if code != 0:
        tail = log_path.read_text(encoding="utf-8", errors="replace").splitlines()[-40:]
        print("\n".join(tail), file=sys.stderr)
        print(f"pip failed (exit {code}); the full log is {log_path}", file=sys.stderr)
    else:
        print(f"  done in {time.monotonic() - started:.0f} s (log: {log_path})", flush=True)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
