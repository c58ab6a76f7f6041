"""Time the readers of published reports: `python -m tests.reading.bench_published [count]` prints figures.

One process, one core: the real portal pages of /work/shared/realdocs (100-120 KB each, navigation
and scripts included), the project's own .docx and .html reports, and a Word report made with
python-docx's merge; each read completely (figures, sections, body, year).
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.documents.model import body_report
from pipeline.documents.web import render_html
from pipeline.documents.word import write_docx
from pipeline.reading.published.read import read_published
from schemas import SPEC
from tests.reading.builders import distinct_raw, report_docx
from tests.reading.realdocs import REALDOCS


def _inputs() -> dict[str, tuple[str, bytes]]:
    values = {n.id: float(i % 17) for i, n in enumerate(SPEC.numbers)}
    parts = body_report("某县某局", 2024, values, {"s1_active": "文字。", "s5": "问题。", "s6": "未收取。"})
    with tempfile.TemporaryDirectory() as tmp:
        own_docx = write_docx(Path(tmp) / "r.docx", parts).read_bytes()
    return {
        "真实网页 pingtan2023.html": ("p.html", (REALDOCS / "pingtan2023.html").read_bytes()),
        "真实网页 shuyang_fgj2023.html": ("s.html", (REALDOCS / "shuyang_fgj2023.html").read_bytes()),
        "本工具的网页报告 .html": ("o.html", render_html(parts).encode("utf-8")),
        "本工具的Word报告 .docx": ("o.docx", own_docx),
        "Word合并单元格报告 .docx": ("w.docx", report_docx(distinct_raw())),
        "扁平文本 pingtan2024.txt": ("p.txt", (REALDOCS / "pingtan2024.txt").read_bytes()),
    }


def _time(label: str, count: int, run: Callable[[], object]) -> None:
    """Wall time and this process's CPU time: on a shared machine the CPU time is the one-core figure."""
    run()  # warm up: imports and caches are not what is measured
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(count):
        run()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{label:<28} {count:>5} 份  CPU 每份 {cpu / count * 1000:6.2f} 毫秒 = 每秒 {count / cpu:5.0f} 份"
          f"（墙钟 每秒 {count / wall:5.0f} 份）")


def main(count: int) -> None:
    for label, (name, data) in _inputs().items():
        _time(label, count, lambda name=name, data=data: read_published(name, data))  # type: ignore[misc]


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
