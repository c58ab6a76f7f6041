"""Published reports as Submissions (pipeline/reading/document.py): figures as published, places, refusals."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from pipeline.checks.runner import check_batch
from pipeline.reading.document import UNKNOWN, read_document
from pipeline.reading.intake import read_strict
from pipeline.types import Found, Issue, Submission
from schemas import SPEC
from schemas.tables import t3_id
from tests.reading import tinypdf
from tests.reading.builders import (
    distinct_raw,
    layout_rows,
    official_tables_html,
    report_docx,
    report_html,
    table_html,
)
from tests.reading.realdocs import REALDOCS, needs_realdocs

NP_NEW, BIZ_NEW, RES_NEW = t3_id("new", "np"), t3_id("new", "biz"), t3_id("new", "res")


def _read(name: str, data: bytes, tmp_path: Path) -> Submission | Issue:
    path = tmp_path / name
    path.write_bytes(data)
    return read_strict(Found(path, name, False), data)


def _sub(name: str, data: bytes, tmp_path: Path) -> Submission:
    result = _read(name, data, tmp_path)
    assert isinstance(result, Submission), result
    return result


def test_html_report_becomes_a_submission_with_places(tmp_path: Path) -> None:
    raw = distinct_raw()
    sub = _sub("某县某局.html", report_html(official_tables_html(raw)).encode(), tmp_path)
    assert sub.source == "html" and sub.published
    assert sub.numbers == raw  # exactly as published, by spec id
    assert (sub.body.name, sub.body.year, sub.body.kind, sub.body.code) == ("某县某局", 2024, "", "")
    assert sub.where[NP_NEW] == "第2个表格第4行第4列"
    assert sub.unplaced == {} and sub.findings == ()
    assert [h[0] for h in sub.headings] == list("一二三四五六")


def test_blank_zero_and_slash_stay_apart(tmp_path: Path) -> None:
    raw = distinct_raw() | {NP_NEW: "", BIZ_NEW: "0", RES_NEW: "/"}
    sub = _sub("r.docx", report_docx(raw), tmp_path)
    assert (sub.numbers[NP_NEW], sub.numbers[BIZ_NEW], sub.numbers[RES_NEW]) == ("", "0", "/")
    batch = check_batch([sub], 2024)
    blanks = {i.where for i in batch.issues if i.rule == "R-CELL-BLANK"}
    assert blanks == {sub.where[NP_NEW], sub.where[RES_NEW]}  # '0' is a figure, not a blank
    assert sub.source == "docx"


def test_a_published_blank_total_is_a_blank_not_the_sum_of_its_parts(tmp_path: Path) -> None:
    total = t3_id("new", "total")
    raw = distinct_raw() | {total: ""}
    sub = _sub("r.html", report_html(official_tables_html(raw)).encode(), tmp_path)
    batch = check_batch([sub], 2024)
    assert batch.frame.loc[0, total] == 0
    assert any(i.rule == "R-CELL-BLANK" and i.where == sub.where[total] for i in batch.issues)


def test_a_figure_that_cannot_be_placed_is_unknown_and_an_error_at_its_place(tmp_path: Path) -> None:
    raw = distinct_raw()
    rows = layout_rows("T3", raw)
    row = next(r for r in rows if any(c.number_id == NP_NEW for c in r))
    row.remove(next(c for c in row if c.number_id == BIZ_NEW))  # one cell fewer: the row's figures do not line up
    tables = official_tables_html(raw) | {"T3": table_html(rows)}
    sub = _sub("r.html", report_html(tables).encode(), tmp_path)
    assert BIZ_NEW in sub.unplaced and math.isnan(sub.numbers[BIZ_NEW])
    batch = check_batch([sub], 2024)
    assert math.isnan(batch.frame.loc[0, BIZ_NEW])  # never guessed
    # the row's 7 figures are unknown for one reason at one place: one message for the row, at all their cells
    (issue,) = [i for i in batch.issues if i.rule == "R-DOC-UNPLACED"]
    new = SPEC.number(BIZ_NEW)
    assert issue.is_error and len(sub.unplaced) == 7
    cols = [SPEC.number(k).col for k in sub.unplaced]
    assert [(c.row, c.col, c.last_row, c.last_col) for c in issue.cells] == [(new.row, min(cols), new.row, max(cols))]
    assert issue.message.startswith("表三 一、本年新收政府信息公开申请数量 的7个数字 无法确定：该行有9格，表头有10格")
    assert issue.cell.startswith("第2个表格")  # what people see: the place in the document


def test_template_only_checks_do_not_fire_for_documents(tmp_path: Path) -> None:
    sub = _sub("r.html", report_html(official_tables_html(distinct_raw())).encode(), tmp_path)
    rules = {i.rule for i in check_batch([sub], 2024).issues}
    assert not rules & {"R-INFO-KIND", "R-INFO-CODE", "R-INFO-DATE"}
    assert "R-T3-BALANCE" in rules  # the distinct figures break the balance: the table checks do run


@pytest.mark.parametrize(("name", "data", "rule", "words"), [
    ("list.html", b"<html><body><ul><li><a href='1'>2024 news</a></li></ul></body></html>", "R-DOC-UNREADABLE",
     "栏目列表页"),
    ("pictures.html", report_html({}).replace("<p>二部分", "<img src='t2.png'><p>二部分").encode(),
     "R-DOC-UNREADABLE", "图片"),
    ("scan.pdf", tinypdf.image_pdf(pages=2), "R-DOC-UNREADABLE", "扫描件"),
    ("locked.pdf", tinypdf.text_pdf(["secret"] * 5, encrypt_user=""), "R-DOC-UNREADABLE", "加密"),
    ("half.docx", b"PK\x03\x04" + bytes(60), "R-DOC-UNREADABLE", "Word文件"),
    ("deep.html", b"<html><body>" + b"<div>" * 10_000 + b"</body></html>", "R-DOC-UNREADABLE", "嵌套"),
])
def test_whole_document_problems_refuse_the_file(name: str, data: bytes, rule: str, words: str,
                                                 tmp_path: Path) -> None:
    result = _read(name, data, tmp_path)
    assert isinstance(result, Issue)
    assert (result.rule, result.is_error) == (rule, True)
    assert words in result.message and result.message.startswith("无法读取此年度报告：")


@needs_realdocs
def test_a_report_in_the_2019_format_is_refused(tmp_path: Path) -> None:
    result = _read("pingtan2020.txt", (REALDOCS / "pingtan2020.txt").read_bytes(), tmp_path)
    assert isinstance(result, Issue) and result.rule == "R-FMT-DETECT"
    assert "2019年试行格式" in result.message


def test_mixed_labels_are_read_and_reported(tmp_path: Path) -> None:
    html = report_html(official_tables_html(distinct_raw())).replace("行政规范性文件", "规范性文件")
    sub = _sub("mixed.html", html.encode(), tmp_path)
    issue = next(i for i in check_batch([sub], 2024).issues if i.rule == "R-FMT-DETECT")
    assert issue.is_error and "规范性文件" in issue.message and issue.where  # at the title's place


def test_read_document_direct() -> None:
    sub = read_document("r.docx", report_docx(distinct_raw()), 5.0)
    assert (sub.mtime, sub.file, sub.source) == (5.0, "r.docx", "docx")
    assert UNKNOWN not in sub.numbers.values()
