"""One run at a time per output folder: a second run refuses instead of interleaving its writes.

The lock is taken on a file inside the output year folder with the system's own file locking, chosen
when the lock is taken (not when this module is imported, so the tool starts on every system):

- Windows: msvcrt.locking on one byte far beyond the text the holder writes about itself;
- every other system with fcntl (Linux, 统信UOS, 麒麟, macOS): flock.

Either way the system drops the lock when the holder exits in any way (even SIGKILL or the task manager),
so a lock file left behind by a killed run never blocks the next one. A Python without either module
(none is known) falls back to creating the file exclusively, holding the holder's process id: a file
whose process no longer exists is taken over.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from pipeline.errors import RunBusy

LOCK_NAME = ".汇总运行中.lock"
LOCK_OFFSET = 1 << 20  # msvcrt locks bytes, and a locked byte cannot be read: lock one past the holder's text
HOLDER_BYTES = 200



def _module(name: str) -> ModuleType | None:
    try:
        return importlib.import_module(name)
    except ImportError:
        return None


def lock_method() -> str:
    """Which locking this system gives: "msvcrt", "fcntl" or "exclusive-file"."""
    if _module("msvcrt") is not None:
        return "msvcrt"
    if _module("fcntl") is not None:
        return "fcntl"
    return "exclusive-file"


@contextmanager
def run_lock(outdir: Path) -> Iterator[None]:
    """Hold the output folder for the duration of the block; raise RunBusy when another run holds it."""
    outdir.mkdir(parents=True, exist_ok=True)
    path = outdir / LOCK_NAME
    method = lock_method()
    if method == "exclusive-file":
        with _exclusive_file(path):
            yield
        return
    fd = _acquire(path, method)
    try:
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, _holder_text().encode())
        yield
    finally:
        if method == "fcntl":
            path.unlink(missing_ok=True)  # while still holding it, so no one can lock the old file after us
            os.close(fd)
        else:  # Windows removes no file that is open: let go first; a run that opened it meanwhile keeps it
            _unlock_msvcrt(fd)
            os.close(fd)
            try:
                path.unlink(missing_ok=True)
            except PermissionError:
                pass


def _holder_text() -> str:
    return f"进程 {os.getpid()}，开始于 {dt.datetime.now():%Y-%m-%d %H:%M:%S}"


def _holder(fd: int) -> str:
    os.lseek(fd, 0, os.SEEK_SET)  # os.pread does not exist on Windows
    return os.read(fd, HOLDER_BYTES).decode("utf-8", "replace")


def _try_lock(fd: int, method: str) -> bool:
    if method == "msvcrt":
        msvcrt = importlib.import_module("msvcrt")
        os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    fcntl = importlib.import_module("fcntl")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _unlock_msvcrt(fd: int) -> None:
    msvcrt = importlib.import_module("msvcrt")
    os.lseek(fd, LOCK_OFFSET, os.SEEK_SET)
    try:
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
    except OSError:
        pass  # closing the file lets go of it too


def _acquire(path: Path, method: str) -> int:
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
        if not _try_lock(fd, method):
            holder = _holder(fd)
            os.close(fd)
            raise RunBusy(holder)
        # The holder may have unlinked the file between our open and our lock: then lock the new one.
        try:
            if os.stat(path).st_ino == os.fstat(fd).st_ino:
                return fd
        except FileNotFoundError:
            pass
        os.close(fd)


@contextmanager
def _exclusive_file(path: Path) -> Iterator[None]:
    """The last resort: the file exists only while a run holds the folder; a dead holder's file is taken over."""
    for _ in range(3):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o666)
            break
        except FileExistsError:
            try:
                holder = path.read_text("utf-8", "replace")
            except FileNotFoundError:
                continue  # its holder just finished
            if _alive(holder):
                raise RunBusy(holder) from None
            path.unlink(missing_ok=True)
    else:
        raise RunBusy(path.read_text("utf-8", "replace"))
    try:
        os.write(fd, _holder_text().encode())
        os.close(fd)
        yield
    finally:
        path.unlink(missing_ok=True)


def _alive(holder: str) -> bool:
    """Whether the process named by a holder's text ("进程 123，开始于 …") still exists."""
    match = re.match(r"进程 ([0-9]+)", holder)
    if match is None:
        return False
    try:
        os.kill(int(match.group(1)), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True
