"""A run over an inbox holding published reports beside a workbook: each its status, problems at page and line."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

import openpyxl
import pytest

from pipeline.checks.runner import check_batch
from pipeline.cli import build_parser, main
from pipeline.decide.status import ON_ROSTER
from pipeline.documents.model import body_report
from pipeline.documents.web import render_html
from pipeline.documents.word import write_docx
from pipeline.file_check import EXIT_CLEAN, EXIT_ERRORS, EXIT_UNUSABLE
from pipeline.outputs.imports import import_reports
from pipeline.reading.intake import read_strict
from pipeline.report import RunOptions, run_report
from pipeline.template.build import resolved_numbers
from pipeline.types import Found, Status, Submission
from schemas import SPEC
from tests.checks.test_report_text import GOOD_TEXTS
from tests.factories import filled, valid_numbers, write_filled
from tests.reading import tinypdf
from tests.reading.builders import distinct_raw, report_docx
from tests.reading.realdocs import REALDOCS, needs_realdocs

YEAR = 2024


def own_values(seed: int) -> dict[str, float]:
    """A body's figures, every rule holding, totals included (as our own published report prints them)."""
    return {k: float(v or 0) for k, v in resolved_numbers(valid_numbers(random.Random(seed))).items()}


def own_texts(values: dict[str, float]) -> dict[str, str]:
    new = int(values["t3_new_total"])
    return GOOD_TEXTS | {"s1_request": f"本年共收到政府信息公开申请{new}件。"}


def own_report(name: str, seed: int) -> tuple[dict[str, float], list]:  # type: ignore[type-arg]
    values = own_values(seed)
    return values, body_report(name, YEAR, values, own_texts(values))


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    _, parts = own_report("县统计局", 5)
    (inbox / "县统计局2024年报.html").write_text(render_html(parts), encoding="utf-8")
    (inbox / "县水利局年报.docx").write_bytes(report_docx(distinct_raw(), name="县水利局"))  # its balance fails
    write_filled(inbox / "东山镇.xlsx", filled("东山镇人民政府"))
    (inbox / "传了一半.docx").write_bytes(b"PK\x03\x04" + bytes(60))
    (inbox / "扫描件.pdf").write_bytes(tinypdf.image_pdf(pages=2))
    return inbox


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / str(YEAR) / "问题清单.csv").open(encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def test_each_file_gets_its_status_and_problems_their_place(inbox: Path, tmp_path: Path) -> None:
    result = run_report(inbox, YEAR, tmp_path / "out", progress=False)
    status = {s.file: s.status for s in result.statuses}
    assert status == {"县统计局2024年报.html": Status.PASSED, "县水利局年报.docx": Status.REJECTED,
                      "东山镇.xlsx": Status.PASSED, "传了一半.docx": Status.UNREADABLE, "扫描件.pdf": Status.UNREADABLE}
    rows = _rows(tmp_path / "out")
    water = [r for r in rows if r["文件"] == "县水利局年报.docx" and r["规则编号"] == "R-T3-BALANCE"]
    assert water and all(r["单元格"].startswith("第2个表格第") for r in water)
    scan = next(r for r in rows if r["文件"] == "扫描件.pdf")
    assert "扫描件" in scan["问题说明"] and scan["规则编号"] == "R-DOC-UNREADABLE"
    assert sorted(result.accepted["name"]) == ["东山镇人民政府", "县统计局"]


def test_a_word_report_sent_back_gets_a_filled_template_naming_the_places(inbox: Path, tmp_path: Path) -> None:
    run_report(inbox, YEAR, tmp_path / "out", progress=False)
    returns = tmp_path / "out" / str(YEAR) / "退回件"
    note = next(returns.glob("县水利局*退回说明.txt")).read_text(encoding="utf-8-sig")
    assert "第2个表格第" in note and "县水利局年报.docx" in note
    copy = openpyxl.load_workbook(next(returns.glob("县水利局*退回修改.xlsx")))
    t3 = copy[SPEC.sheets.t3]
    number = SPEC.number("t3_new_np")
    assert t3.cell(number.row + 1, number.col + 1).value == int(distinct_raw()["t3_new_np"])
    anchor = SPEC.number("t3_tot_np")  # where R-T3-BALANCE of the 自然人 column is shown
    assert t3.cell(anchor.row + 1, anchor.col + 1).comment is not None  # marked at the template's cell


@needs_realdocs
def test_a_pdf_in_the_inbox_is_located_by_page_and_line(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "洪泽区.pdf").write_bytes((REALDOCS / "hzq2024_working.pdf").read_bytes())
    write_filled(inbox / "东山镇.xlsx", filled("东山镇人民政府"))
    result = run_report(inbox, YEAR, tmp_path / "out", progress=False)
    assert {s.file: s.status for s in result.statuses} == {"洪泽区.pdf": Status.REJECTED, "东山镇.xlsx": Status.PASSED}
    pdf_rows = [r for r in _rows(tmp_path / "out") if r["文件"] == "洪泽区.pdf"]
    assert pdf_rows and all("页第" in r["单元格"] and "行" in r["单元格"] for r in pdf_rows if r["单元格"])
    copy = next((tmp_path / "out" / str(YEAR) / "退回件").glob("*退回修改.xlsx"))
    assert openpyxl.load_workbook(copy)  # unplaced figures are written as 未能读取, never as NaN


@pytest.mark.parametrize("kind", ["html", "docx"])
def test_import_round_trips_our_own_published_report(kind: str, tmp_path: Path) -> None:
    values, parts = own_report("测试县某某镇人民政府", 7)
    path = tmp_path / f"年报.{kind}"
    if kind == "html":
        path.write_text(render_html(parts), encoding="utf-8")
    else:
        write_docx(path, parts)
    (imported,) = import_reports([path], tmp_path / "导入")
    assert imported.dest is not None and imported.unplaced == 0
    sub = read_strict(Found(imported.dest, imported.dest.name, False), imported.dest.read_bytes())
    assert isinstance(sub, Submission) and sub.source == "workbook"
    assert {k: float(v) for k, v in sub.numbers.items()} == values  # totals typed as published, too
    assert (sub.body.name, sub.body.year) == ("测试县某某镇人民政府", YEAR)
    assert sub.texts["s6"] == GOOD_TEXTS["s6"]
    batch = check_batch([sub], YEAR)
    assert {k: float(batch.frame.loc[0, k]) for k in values} == values
    assert {i.rule for i in batch.issues} == {"R-INFO-KIND", "R-INFO-CODE", "R-INFO-DATE"}  # left for the body


def test_import_names_a_report_it_cannot_use(tmp_path: Path) -> None:
    bad = tmp_path / "坏.docx"
    bad.write_bytes(b"PK\x03\x04" + bytes(10))
    (imported,) = import_reports([bad], tmp_path / "导入")
    assert imported.dest is None and imported.problem is not None and imported.problem.rule == "R-DOC-UNREADABLE"


def test_the_roster_matches_a_published_report_by_name(inbox: Path, tmp_path: Path) -> None:
    roster = tmp_path / "单位名单.csv"
    roster.write_text("单位名称,单位类型,统一社会信用代码\n县统计局,县直部门,11938570MG6K7X9FN2\n县交通局,县直部门,\n",
                      encoding="utf-8-sig")
    result = run_report(inbox, YEAR, tmp_path / "out", progress=False, options=RunOptions(roster=roster))
    rows = {(s.body, s.file): (s.status, s.roster) for s in result.statuses}
    assert rows[("县统计局", "县统计局2024年报.html")] == (Status.PASSED, ON_ROSTER)
    assert rows[("县交通局", "")][0] == Status.NOT_SENT


def test_check_command_on_published_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, parts = own_report("县统计局", 5)
    good = tmp_path / "县统计局.html"
    good.write_text(render_html(parts), encoding="utf-8")
    bad = tmp_path / "县水利局.docx"
    bad.write_bytes(report_docx(distinct_raw(), name="县水利局"))
    scan = tmp_path / "扫描件.pdf"
    scan.write_bytes(tinypdf.image_pdf())
    assert main(["check", str(good)]) == EXIT_CLEAN
    assert main(["check", str(bad), "--json"]) == EXIT_ERRORS
    listed = json.loads(capsys.readouterr().out.split("\n", 1)[1])
    assert any(i["rule"] == "R-T3-BALANCE" and i["cell"].startswith("第2个表格") for i in listed)
    assert main(["check", str(scan)]) == EXIT_UNUSABLE
    assert "扫描件" in capsys.readouterr().out


def test_import_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, parts = own_report("县统计局", 5)
    report = tmp_path / "县统计局.html"
    report.write_text(render_html(parts), encoding="utf-8")
    broken = tmp_path / "坏.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    assert main(["import", str(report), str(broken), "--out", str(tmp_path / "导入")]) == 2
    said = capsys.readouterr().out
    assert "县统计局.html：已导入为" in said and "坏.pdf：无法导入：" in said
    assert (tmp_path / "导入" / "县统计局.xlsx").is_file()
    assert "把已公开的年度报告" in build_parser().format_help()
