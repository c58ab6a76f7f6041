"""Time the publishable outputs: `.venv/bin/python -m tests.bench_publish [bodies]` prints figures.

Per body: the outline, the .docx and the .html; per county: the summary document and 汇总.xlsx (with
its 指标 and 图表 sheets), on random valid bodies.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from pipeline.documents.county_report import write_county_documents
from pipeline.documents.model import body_report
from pipeline.documents.web import write_html
from pipeline.documents.word import write_docx
from pipeline.outputs.rollup import write_rollup
from pipeline.template.build import resolved_numbers
from schemas import SPEC
from tests.factories import texts_for, valid_numbers


def _bodies(count: int) -> pd.DataFrame:
    rows = []
    for i in range(count):
        values = {k: float(v or 0) for k, v in resolved_numbers(valid_numbers(random.Random(i))).items()}
        rows.append({"name": f"单位{i:04d}", "kind": SPEC.body_kinds[i % 4], "code": "", "file": f"{i}.xlsx"} | values)
    return pd.DataFrame(rows)


def _time(label: str, count: int, run: object) -> None:
    start = time.perf_counter()
    run()  # type: ignore[operator]
    took = time.perf_counter() - start
    print(f"{label:<28} {count:>5} 个  共 {took:7.2f} 秒  每个 {took / count * 1000:8.1f} 毫秒")


def main(count: int = 50) -> int:
    bodies = _bodies(count)
    outlines = [body_report(r["name"], 2024, r, texts_for(r["name"])) for _, r in bodies.iterrows()]
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        _time("大纲（body_report）", count,
              lambda: [body_report(r["name"], 2024, r, texts_for(r["name"])) for _, r in bodies.iterrows()])
        _time("年度报告 .docx", count, lambda: [write_docx(out / f"{i}.docx", p) for i, p in enumerate(outlines)])
        _time("年度报告 .html", count, lambda: [write_html(out / f"{i}.html", p) for i, p in enumerate(outlines)])
        _time("汇总.xlsx（含指标、图表）", 1, lambda: write_rollup(out / "汇总.xlsx", 2024, bodies, []))
        _time("汇总报告 .docx + .html", 1, lambda: write_county_documents(out, 2024, bodies, []))
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 50))
