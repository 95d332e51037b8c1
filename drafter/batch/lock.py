"""One batch at a time per directory: two runs writing the same manifest would undo each other's records."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

from ..errors import UsageError

LOCK_NAME = ".drafter-batch.lock"


@contextmanager
def batch_lock(directory: Path):
    """Hold an exclusive lock on ``directory`` for the duration; another holder -> ``UsageError``.

    Uses ``fcntl.flock`` (released by the OS if the process dies); where that
    is unavailable (Windows) it does nothing.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    path = directory / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise UsageError(
                f"{directory}: another drafter batch is running in this directory",
                hint="wait for it to finish, or use another --out",
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        yield
    finally:
        os.close(fd)
