"""sitecustomize shims that make this Linux machine behave like other systems in a subprocess (and in the
worker processes it starts, which import sitecustomize too): how tests reach the code paths of Windows
and of systems without fcntl or pidfd."""

from __future__ import annotations

import os
from pathlib import Path

# Windows' Python: no fcntl, no fork or fork server ("spawn" only), no pidfd.
LIKE_WINDOWS = '''
import multiprocessing, os, sys
sys.modules["fcntl"] = None  # import fcntl raises ImportError, as on Windows
multiprocessing.get_all_start_methods = lambda: ["spawn"]
if hasattr(os, "pidfd_open"):
    del os.pidfd_open
'''

# A system without pidfd (macOS, Linux before 5.3) that still has a fork server.
NO_PIDFD = '''
import os
if hasattr(os, "pidfd_open"):
    del os.pidfd_open
'''

# Windows' file locking, msvcrt.locking (a byte range, refused while another process holds it), made of
# POSIX record locks, which behave the same between processes.
FAKE_MSVCRT = '''
import fcntl, os, sys, types
import subprocess, multiprocessing, concurrent.futures  # they tell Windows by msvcrt: let them see Linux
msvcrt = types.ModuleType("msvcrt")
msvcrt.LK_UNLCK, msvcrt.LK_NBLCK = 0, 2
def locking(fd, mode, nbytes):
    at = os.lseek(fd, 0, os.SEEK_CUR)
    try:
        fcntl.lockf(fd, fcntl.LOCK_UN if mode == msvcrt.LK_UNLCK else fcntl.LOCK_EX | fcntl.LOCK_NB, nbytes, at)
    except BlockingIOError:
        raise PermissionError(13, "Permission denied") from None  # what msvcrt raises for a held range
msvcrt.locking = locking
sys.modules["msvcrt"] = msvcrt
'''

# Windows refuses to replace a file that Excel or WPS has open: os.replace onto a destination whose name
# is in GKNB_HELD (separated by '|') raises PermissionError, in this process and in its workers.
HELD_OPEN = '''
import os
_held = set(filter(None, os.environ.get("GKNB_HELD", "").split("|")))
_replace = os.replace
def replace(src, dst, *args, **kwargs):
    if os.path.basename(os.fspath(dst)) in _held:
        raise PermissionError(13, "The process cannot access the file because it is being used by another process",
                              os.fspath(dst))
    return _replace(src, dst, *args, **kwargs)
os.replace = replace
'''


def shim_env(folder: Path, *parts: str, **extra: str) -> dict[str, str]:
    """The environment for a subprocess that imports the given shims at start."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text("\n".join(parts), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(folder)
    env.update(extra)
    return env
