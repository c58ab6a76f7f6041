"""One run at a time per output folder: a second run refuses instead of interleaving its writes.

The lock is an flock on a file inside the output year folder. The kernel drops it when the holder
exits in any way (even SIGKILL), so a lock file left behind by a killed run never blocks the next one.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import RunBusy

LOCK_NAME = ".汇总运行中.lock"



@contextmanager
def run_lock(outdir: Path) -> Iterator[None]:
    """Hold the output folder for the duration of the block; raise RunBusy when another run holds it."""
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / LOCK_NAME
    fd = _acquire(path)
    try:
        os.ftruncate(fd, 0)
        os.write(fd, f"进程 {os.getpid()}，开始于 {dt.datetime.now():%Y-%m-%d %H:%M:%S}".encode())
        yield
    finally:
        path.unlink(missing_ok=True)  # while still holding it, so no one can lock the old file after us
        os.close(fd)


def _acquire(path: Path) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 200, 0).decode("utf-8", "replace")
            os.close(fd)
            raise RunBusy(holder) from None
        # The holder may have unlinked the file between our open and our lock: then lock the new one.
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)
