"""The equal-footing ratio alone, quickly: (d) and (a) in one process, taking turns, as whole processes.

Usage: python -m tests.bench_footing INBOX [RUNS [TREE ...]]

Runs the floor (python -m tests.bench_floor INBOX), the guarded floor (the same with --guarded: the guard before
each read, as the report must) and `python -m pipeline report --only-rollup --jobs 1`
of each TREE (a checkout, or a `git archive` of one: the report is run from there, so its code is
imported; default: this checkout) RUNS times each (default 3), alternately, each report into a fresh
folder, and prints each run and the medians: wall time, and the CPU time of the process (user + system,
os.wait4), which a busy machine distorts much less than the wall time. Unlike `make bench` it does not
wait for a quiet machine, so a comparison of two trees can be made on a shared one.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import YEAR, _warm

ROOT = Path(__file__).resolve().parent.parent


def _run(command: list[str], cwd: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the process and the children it waited for)."""
    start = time.perf_counter()
    proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, _, usage = os.wait4(proc.pid, 0)
    return time.perf_counter() - start, usage.ru_utime + usage.ru_stime


def main(inbox: Path, runs: int, trees: list[Path]) -> int:
    files = _warm(inbox)
    seen: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="footing-") as tmp:
        out = Path(tmp) / "out"
        for k in range(runs):
            steps = [("d", ROOT, [sys.executable, "-m", "tests.bench_floor", str(inbox)]),
                     ("d+guard", ROOT, [sys.executable, "-m", "tests.bench_floor", str(inbox), "--guarded"])] + [
                (f"a1 {tree}", tree, [sys.executable, "-m", "pipeline", "report", "--inbox", str(inbox), "--year",
                                      str(YEAR), "--out", str(out), "--only-rollup", "--jobs", "1"]) for tree in trees]
            for name, cwd, command in steps:
                shutil.rmtree(out, ignore_errors=True)
                wall, cpu = _run(command, cwd)
                seen.setdefault(name, []).append((wall, cpu))
                print(f"run {k + 1} {name}: wall {wall:.2f} s, CPU {cpu:.2f} s", flush=True)
    medians = {name: (statistics.median(w for w, _ in found), statistics.median(c for _, c in found))
               for name, found in seen.items()}
    floor_wall, floor_cpu = medians["d"]
    print(f"{files} workbooks, medians of {runs}:")
    for name, (wall, cpu) in medians.items():
        ratio = "" if name == "d" else f"; /d: wall {wall / floor_wall:.2f}, CPU {cpu / floor_cpu:.2f}"
        print(f"  {name}: wall {wall:.2f} s ({wall / files * 1000:.3f} ms/wb), CPU {cpu:.2f} s "
              f"({cpu / files * 1000:.3f} ms/wb){ratio}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    if not args:
        raise SystemExit(__doc__)
    sys.exit(main(Path(args[0]), int(args[1]) if len(args) > 1 else 3,
                  [Path(a).resolve() for a in args[2:]] or [ROOT]))
