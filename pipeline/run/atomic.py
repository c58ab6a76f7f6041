"""Write outputs so that a reader sees the old file or the whole new one, never half of one.

An output that another program holds open (Windows: Excel, WPS) keeps its old content and is noted in
pipeline/run/inuse.py instead of stopping the run.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.run.inuse import note_in_use

TMP_PREFIX = ".tmp-"
REPLACE_WAITS = (0.05, 0.2)  # seconds between attempts to replace an output another program holds


def remove_leftovers(folder: Path) -> int:
    """Delete temporary files that a killed run left under folder; return how many.

    Call only while holding the folder's run lock: a live run's temporary files look the same.
    """
    count = 0
    for root, _, files in os.walk(folder):
        for name in files:
            if name.startswith(TMP_PREFIX):
                (Path(root) / name).unlink(missing_ok=True)
                count += 1
    return count


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """Yield a temporary path beside dest; rename it over dest only if the block succeeds."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, suffix=dest.suffix, dir=dest.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        # mkstemp makes the file private (0600); outputs on a shared folder must open for colleagues too.
        os.chmod(tmp_path, 0o666 & ~_umask())
        _replace(tmp_path, dest)
    finally:
        tmp_path.unlink(missing_ok=True)


def _replace(tmp: Path, dest: Path) -> None:
    """Rename tmp over dest; when dest is open in another program (Windows refuses then), keep dest as it is.

    The temporary file was made in dest's folder, so the folder is writable: a PermissionError here is
    dest itself, open in Excel or WPS (or read-only). A virus scanner's brief look is waited out.
    """
    for wait in REPLACE_WAITS:
        try:
            os.replace(tmp, dest)
            return
        except PermissionError:
            time.sleep(wait)
    try:
        os.replace(tmp, dest)
    except PermissionError:
        note_in_use(dest)  # pipeline/run/inuse.py: said at the end of the run; every other output goes on


def write_bytes_atomic(dest: Path, data: bytes) -> None:
    """Atomically replace dest with data."""
    with atomic_path(dest) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(dest: Path, text: str, encoding: str = "utf-8") -> None:
    """Atomically replace dest with text."""
    write_bytes_atomic(dest, text.encode(encoding))
