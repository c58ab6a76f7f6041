"""Time one command as a whole process: wall time, CPU time, peak memory, and how busy the machine was.

Peak memory is reported two ways: the largest single process (the kernel's ru_maxrss over the process
and every worker it waited for), and the sum of resident memory over the whole process tree, sampled
every 20 ms (an upper bound: pages that workers share with their parent after fork count once per process).
Other programs running at the same time distort a benchmark on a 2-core machine, so the CPU time the
rest of the machine used during the run is reported too.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_SECONDS = 0.02
QUIET_WAIT_SECONDS = 120.0
TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Measured:
    """One run of a command."""

    wall: float  # seconds
    cpu: float  # user + system seconds of the process and its workers
    max_rss: int  # bytes, largest single process
    tree_rss: int  # bytes, largest sampled sum over the process tree
    others_cpu: float  # CPU seconds used by everything else on the machine meanwhile
    returncode: int


def _busy_seconds() -> float:
    with open("/proc/stat") as fh:
        fields = [int(x) for x in fh.readline().split()[1:]]
    idle = fields[3] + fields[4]  # idle + iowait
    return (sum(fields[:8]) - idle) / TICKS


def _children(pid: int) -> list[int]:
    found: list[int] = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as fh:
                found += [int(c) for c in fh.read().split()]
    except OSError:
        pass
    return found


def _rss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _tree_rss(pid: int) -> int:
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += _rss(current)
        todo += _children(current)
    return total


def wait_for_quiet(limit: float = QUIET_WAIT_SECONDS) -> float:
    """Wait (at most `limit` seconds) until other programs use under a quarter of a core; return the wait."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        before = _busy_seconds()
        time.sleep(0.5)
        if _busy_seconds() - before < 0.125:
            break
    return time.perf_counter() - start


def measure(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measured:
    """Run command to completion, once the machine is quiet; stdout and stderr are discarded."""
    wait_for_quiet()
    busy_before, start = _busy_seconds(), time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, done = [0], threading.Event()

    def sample() -> None:  # never reaps the child: only os.wait4 below does, so its figures are complete
        while not done.wait(SAMPLE_SECONDS):
            peak[0] = max(peak[0], _tree_rss(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)  # the child's own figures, its workers included
    wall = time.perf_counter() - start
    busy = _busy_seconds() - busy_before
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(wall, cpu, usage.ru_maxrss * 1024, peak[0], max(busy - cpu, 0.0), proc.returncode)
