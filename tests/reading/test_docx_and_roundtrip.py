"""Word reports (merged cells made by Word's own merge) and the project's own published .docx/.html read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.common.numbers import format_number
from pipeline.documents.model import body_report
from pipeline.documents.web import render_html
from pipeline.documents.word import write_docx
from pipeline.reading.published.read import read_published
from schemas import SPEC
from schemas.info import SECTION_HEADINGS, TEXT_FIELDS
from tests.reading.builders import distinct_raw, report_docx

TEXTS = {f.id: f"{f.heading}的第一段文字。\n第二段：本年共{i}项。" for i, f in enumerate(TEXT_FIELDS)}


def _values() -> dict[str, float]:
    values = {n.id: float(i * 7 % 23) for i, n in enumerate(SPEC.numbers)}
    values["t2_fee"] = 12.35
    return values


def test_word_report_with_merged_cells_reads_every_figure() -> None:
    raw = distinct_raw()
    raw["t3_new_res"] = ""  # a cell left empty in Word
    reading = read_published("report.docx", report_docx(raw, name="某某街道办事处"))
    assert reading.kind == "docx" and reading.unplaced == []
    assert {i: f.raw for i, f in reading.figures.items()} == raw
    assert (reading.name, reading.year, reading.format) == ("某某街道办事处", 2024, "2021")
    assert [h for h, _ in reading.headings] == list(SECTION_HEADINGS)
    assert reading.figures["t3_new_np"].where.text() == "第2个表格第4行第4列"


@pytest.mark.parametrize("kind", ["docx", "html"])
def test_our_own_published_report_round_trips(kind: str, tmp_path: Path) -> None:
    values = _values()
    parts = body_report("测试县某某镇人民政府", 2024, values, TEXTS)
    if kind == "docx":
        data = write_docx(tmp_path / "r.docx", parts).read_bytes()
    else:
        data = render_html(parts).encode("utf-8")
    reading = read_published(f"r.{kind}", data)
    assert reading.unplaced == []
    assert {i: f.raw for i, f in reading.figures.items()} == {i: format_number(v) for i, v in values.items()}
    assert (reading.name, reading.year, reading.format) == ("测试县某某镇人民政府", 2024, "2021")
    assert reading.title == "测试县某某镇人民政府2024年政府信息公开工作年度报告"
    assert [h for h, _ in reading.headings] == list(SECTION_HEADINGS)
    assert reading.texts == TEXTS
    assert reading.problems == []


def test_empty_text_fields_round_trip_as_the_placeholder(tmp_path: Path) -> None:
    parts = body_report("某局", 2025, _values(), {})
    reading = read_published("r.docx", write_docx(tmp_path / "r.docx", parts).read_bytes())
    assert reading.texts["s5"] == "（本部分未填写）"
    assert reading.unplaced == []
