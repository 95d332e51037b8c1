"""Exit 0 when the installed embedded model runs here, 1 (with the reason) when it does not.

Run by the Makefile right after installing the 'local' extra: a llama-cpp-python wheel taken from pip's
cache may have been built elsewhere or with other options (pip's cache key ignores CMAKE_ARGS), and a build
that crashes on this CPU is then rebuilt from source.  The test itself is drafter's once-per-install check
(drafter/generate/local/probe.py); a pass is remembered, so the first draft does not repeat it.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    from drafter.config import models_dir
    from drafter.errors import DrafterError
    from drafter.generate.local.model import model_path
    from drafter.generate.local.probe import ensure_runtime_works

    try:
        ensure_runtime_works(model_path(), max(1, os.cpu_count() or 1), models_dir())
    except DrafterError as exc:
        print(f"the embedded model does not run with this llama-cpp-python build: {exc}", file=sys.stderr)
        return 1
    print("the embedded model runs here")
    return 0


if __name__ == "__main__":
    sys.exit(main())
