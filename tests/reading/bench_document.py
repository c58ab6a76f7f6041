"""Published reports read into Submissions (read_document, what `check`, `report` and `import` do), timed.

`python -m tests.reading.bench_document [count]` prints: the real PDF read into a Submission against
pypdfium2's bare character extraction (tests/reading/bench_pdf.py), and web and Word reports per second
on one core (tests/reading/bench_published.py's inputs). Printed figures, not timed tests.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.outputs.imports import import_reports
from pipeline.reading.document import read_document
from tests.reading.bench_pdf import REAL, bare, best
from tests.reading.bench_published import _inputs


def _per_second(count: int, run: Callable[[], object]) -> float:
    run()  # warm up: imports and caches are not what is measured
    cpu = time.process_time()
    for _ in range(count):
        run()
    return count / (time.process_time() - cpu)


def document_lines(count: int = 100) -> list[str]:
    """The figures as printed lines (Chinese)."""
    lines = []
    if REAL.exists():
        data = REAL.read_bytes()
        read_document(REAL.name, data)
        b, o = best(bare, data, 15), best(lambda d: len(read_document(REAL.name, d).numbers), data, 15)
        lines.append(f"  已公开报告 {REAL.name}：读成 Submission {o * 1000:.1f} 毫秒，pypdfium2 只取字符 {b * 1000:.1f} 毫秒"
                     f"（{o / b:.2f} 倍）")
        with tempfile.TemporaryDirectory() as tmp:
            imported = best(lambda _: len(import_reports([REAL], Path(tmp))), data, 5)
        lines.append(f"  import {REAL.name}（读取并写成填好的填报模板）：{imported * 1000:.0f} 毫秒")
    for label, (name, data) in _inputs().items():
        if name.endswith((".html", ".docx")):
            rate = _per_second(count, lambda name=name, data=data: read_document(name, data))  # type: ignore[misc]
            lines.append(f"  已公开报告 {label}：每秒 {rate:.0f} 份（单核 CPU 时间）")
    return lines


if __name__ == "__main__":
    print("\n".join(document_lines(int(sys.argv[1]) if len(sys.argv) > 1 else 100)))
