"""Time one command as a whole process: wall time, CPU time, peak memory, and how busy the machine was.

The command's process tree (the main process, its workers, a fork server and the workers it starts)
is sampled every 20 ms from /proc: CPU time is the sum over every process seen of its own user and
system time; peak memory is reported as the largest single process (the kernel's ru_maxrss, exact)
and as the largest sum of resident memory over the tree (an upper bound: pages that a forked worker
shares with its parent count once per process), with the processes that made it up.
Other programs running at the same time distort a benchmark on a 2-core machine, so each run waits
for a quiet machine first, and the CPU time the rest of the machine used during the run is reported.
"""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

SAMPLE_SECONDS = 0.02
QUIET_WAIT_SECONDS = 60.0
TICKS = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


@dataclass(frozen=True)
class Measured:
    """One run of a command."""

    wall: float  # seconds
    cpu: float  # user + system seconds of every process of the tree
    max_rss: int  # bytes, largest single process
    tree_rss: int  # bytes, largest sampled sum over the process tree
    others_cpu: float  # CPU seconds used by everything else on the machine meanwhile
    returncode: int
    tree_parts: tuple[int, ...] = ()  # bytes per process at the tree's peak, largest first


@dataclass
class _Tree:
    cpu_ticks: dict[int, int] = field(default_factory=dict)  # pid -> latest own utime + stime
    peak: int = 0
    parts: tuple[int, ...] = ()


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


def _stat(pid: int) -> tuple[int, int] | None:
    """(own utime + stime in ticks, resident bytes) of a process, None once it is gone."""
    try:
        with open(f"/proc/{pid}/stat") as fh:
            fields = fh.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12]), int(fields[21]) * PAGE
    except (OSError, IndexError, ValueError):
        return None


def _sample(root: int, tree: _Tree) -> None:
    sizes, todo = [], [root]
    while todo:
        pid = todo.pop()
        stat = _stat(pid)
        if stat is not None:
            tree.cpu_ticks[pid] = max(stat[0], tree.cpu_ticks.get(pid, 0))
            sizes.append(stat[1])
        todo += _children(pid)
    if sum(sizes) > tree.peak:
        tree.peak, tree.parts = sum(sizes), tuple(sorted(sizes, reverse=True))


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
    tree, done = _Tree(), threading.Event()

    def sample() -> None:  # never reaps the child: only os.wait4 below does
        while not done.wait(SAMPLE_SECONDS):
            _sample(proc.pid, tree)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    busy = _busy_seconds() - busy_before
    done.set()
    sampler.join()
    proc.returncode = os.waitstatus_to_exitcode(status)
    # Sampled own times of every process seen (workers of a fork server are not the main process's
    # children, so wait4 misses them); wait4's figure (main process and reaped workers) as a floor.
    cpu = max(sum(tree.cpu_ticks.values()) / TICKS, usage.ru_utime + usage.ru_stime)
    return Measured(wall, cpu, usage.ru_maxrss * 1024, tree.peak, max(busy - cpu, 0.0), proc.returncode,
                    tree.parts)
