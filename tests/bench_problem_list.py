"""问题清单.xlsx of 30,000 problems written three ways, each in its own fresh process, interleaved, 5 times:
inline strings (constant_memory, as before issue 16), shared strings (now), and shared strings without
looking repeated texts up once. Prints best and median time, peak RSS and file size.

    .venv/bin/python -m tests.bench_problem_list
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROWS = 30_000
RUNS = 5
CHILD = r'''
import functools, json, resource, sys, time
from pathlib import Path
import pipeline.excel.bulk as bulk
import pipeline.outputs.problem_list as pl
from pipeline.excel.workbook import new_workbook
from pipeline.types import Issue
mode, out, rows = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
if mode == "inline":
    pl.new_workbook = functools.partial(new_workbook, constant_memory=True)
if mode == "shared-uncached":
    bulk._KNOWN_TEXT = -1
issues = [Issue(f"收件箱/单位{i % 3000:04d}.xlsx", f"某某镇{i % 3000}", "表三", f"C{6 + i % 30}", "R-T3-BALANCE",
                "错误" if i % 3 else "警告",
                f"表三 商业企业列：新收 {i} + 上年结转 3 = {i + 3}，但办理结果总计 {i} + 结转下年度 1 = {i + 1}（C6、C7、C29、C30）",
                str(i + 3), str(i + 1)) for i in range(rows)]
out.mkdir(parents=True, exist_ok=True)
start = time.perf_counter()
pl.write_problem_list(out / "问题清单.xlsx", out / "问题清单.csv", issues)
print(json.dumps([time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  (out / "问题清单.xlsx").stat().st_size]))
'''


def main() -> None:
    results: dict[str, list[list[float]]] = {"inline": [], "shared": [], "shared-uncached": []}
    root = Path(__file__).resolve().parent.parent
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(RUNS):
            for mode, runs in results.items():
                done = subprocess.run([sys.executable, "-c", CHILD, mode, f"{tmp}/{mode}", str(ROWS)], cwd=root,
                                      capture_output=True, text=True, check=True)
                runs.append(json.loads(done.stdout))
    for mode, runs in results.items():
        times = [r[0] for r in runs]
        print(f"{mode:16} best {min(times):.2f} s, median {statistics.median(times):.2f} s, "
              f"peak RSS {max(r[1] for r in runs):.0f} MB, file {int(runs[0][2]):,} bytes")


if __name__ == "__main__":
    main()
