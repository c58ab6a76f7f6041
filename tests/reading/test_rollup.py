"""A county's 汇总.xlsx carries a trusted record of itself, and the reader refuses every roll-up it cannot trust.

The roll-ups are made by the project's own report over real workbooks; the changes are made with openpyxl,
another program, as people and other writers change files.
"""

from __future__ import annotations

import dataclasses
import math
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from pipeline.common.cells import a1
from pipeline.excel.tables import stacked_cells
from pipeline.inbox.discover import Found
from pipeline.reading.intake import read_strict
from pipeline.reading.rollup_record import tool_version
from pipeline.settings import ROLLUP_NAME
from pipeline.types import Issue, Rollup
from schemas import SPEC
from schemas.hierarchy import RECORD_FORMAT, RECORD_SHEET, ROLLUP_TOTALS_SHEET
from tests.hierarchy import (
    YEAR,
    county_rollup,
    edit_cell,
    edit_record_line,
    record_of,
    rewrite_record,
    run_level,
)

IDS = [n.id for n in SPEC.numbers]
BODIES = 5


@pytest.fixture(scope="module")
def rollup(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return county_rollup(tmp_path_factory.mktemp("county"), "青同县", BODIES, seed=3, code="331100")


def read(path: Path) -> Rollup | Issue:
    result = read_strict(Found(path, path.name, False, mtime=0.0), path.read_bytes())
    assert not hasattr(result, "numbers"), "a roll-up is no body's Submission"
    return result  # type: ignore[return-value]


def refused(path: Path) -> Issue:
    result = read(path)
    assert isinstance(result, Issue), f"{path.name} was accepted"
    assert result.file == path.name
    return result


def test_the_record_holds_the_region_and_every_body_with_its_figures(rollup: Path) -> None:
    got = read(rollup)
    assert isinstance(got, Rollup)
    assert (got.region, got.code, got.year, got.level, got.tool) == ("青同县", "331100", YEAR, 0, tool_version())
    assert len(got.bodies) == BODIES and {b.path for b in got.bodies} == {("青同县",)}
    book = CalamineWorkbook.from_path(str(rollup))
    detail = book.get_sheet_by_name("明细").to_python()
    shown = {row[2]: row[4:4 + len(IDS)] for row in detail[1:1 + BODIES]}
    assert {b.code: list(b.figures) for b in got.bodies} == shown
    assert [b.status for b in got.bodies] == ["通过"] * BODIES
    sums = [math.fsum(col) for col in zip(*(b.figures for b in got.bodies), strict=True)]
    assert all(math.isclose(a, b, abs_tol=1e-6) for a, b in zip(got.totals, sums, strict=True))


def test_the_record_sheet_is_very_hidden_and_last(rollup: Path) -> None:
    meta = CalamineWorkbook.from_path(str(rollup)).sheets_metadata
    assert meta[-1].name == RECORD_SHEET and str(meta[-1].visible).endswith("VeryHidden")
    assert all(str(m.visible).endswith(".Visible") for m in meta[:-1])


def test_a_figure_typed_over_on_the_visible_sheet_is_named_by_cell(rollup: Path, tmp_path: Path) -> None:
    cells = stacked_cells(SPEC.tables)
    (r1, c1), (r2, c2) = cells["t2_lic"], cells["t3_new_total"]
    edited = edit_cell(rollup, ROLLUP_TOTALS_SHEET, a1(r1, c1), 99999, tmp_path / "一处.xlsx")
    edited = edit_cell(edited, ROLLUP_TOTALS_SHEET, a1(r2, c2), "很多", tmp_path / "两处.xlsx")
    issue = refused(edited)
    assert (issue.rule, issue.sheet) == ("R-ROLLUP-EDITED", ROLLUP_TOTALS_SHEET)
    assert {(c.row, c.col) for c in issue.cells} == {(r1, c1), (r2, c2)}
    assert a1(r1, c1) in issue.message and "99999" in issue.message and "共 2 处" in issue.message


def test_an_untouched_copy_saved_by_another_program_is_still_read(rollup: Path, tmp_path: Path) -> None:
    resaved = edit_cell(rollup, "明细", "A1", "单位名称", tmp_path / "另存.xlsx")  # same text: a plain re-save
    got = read(resaved)
    assert isinstance(got, Rollup) and len(got.bodies) == BODIES


def test_a_copy_whose_record_sheet_was_deleted_is_no_roll_up_and_says_why(rollup: Path, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(rollup)
    del wb[RECORD_SHEET]
    wb.save(tmp_path / "无记录.xlsx")
    issue = refused(tmp_path / "无记录.xlsx")
    assert issue.rule == "R-ROLLUP-RECORD" and RECORD_SHEET in issue.message


def test_a_changed_record_line_breaks_the_digest(rollup: Path, tmp_path: Path) -> None:
    assert refused(edit_record_line(rollup, 3, tmp_path / "改记录.xlsx")).rule == "R-ROLLUP-RECORD"


def test_a_record_cut_short_is_refused(rollup: Path, tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(rollup)
    wb[RECORD_SHEET].delete_rows(4, 2)
    wb.save(tmp_path / "截断记录.xlsx")
    assert refused(tmp_path / "截断记录.xlsx").rule == "R-ROLLUP-RECORD"


def test_a_truncated_file_is_refused_by_name(rollup: Path, tmp_path: Path) -> None:
    cut = tmp_path / "截断.xlsx"
    cut.write_bytes(rollup.read_bytes()[: rollup.stat().st_size // 2])
    issue = refused(cut)
    assert issue.is_error and issue.message


def test_a_body_list_that_does_not_add_up_is_refused(rollup: Path, tmp_path: Path) -> None:
    head, bodies = record_of(rollup)
    figures = list(bodies[0].figures)
    figures[IDS.index("t2_lic")] += 7
    bodies[0] = dataclasses.replace(bodies[0], figures=tuple(figures))
    issue = refused(rewrite_record(rollup, head, bodies, tmp_path / "不平.xlsx"))
    assert issue.rule == "R-ROLLUP-SUMS" and SPEC.number("t2_lic").label in issue.message


@pytest.mark.parametrize(("change", "rule"), [
    ({"tool": "99.0.0"}, "R-ROLLUP-VERSION"),
    ({"tool": "测试版"}, "R-ROLLUP-VERSION"),
    ({"ids": tuple(reversed(IDS))}, "R-ROLLUP-VERSION"),
    ({"region": ""}, "R-ROLLUP-REGION"),
])
def test_a_record_of_a_newer_or_unknown_tool_or_without_region_is_refused(rollup: Path, tmp_path: Path,
                                                                           change: dict[str, object], rule: str) -> None:
    head, bodies = record_of(rollup)
    issue = refused(rewrite_record(rollup, dataclasses.replace(head, **change), bodies, tmp_path / "变.xlsx"))  # type: ignore[arg-type]
    assert issue.rule == rule


def test_an_unknown_record_format_is_refused(rollup: Path, tmp_path: Path) -> None:
    wrong = edit_cell(rollup, RECORD_SHEET, "A1", RECORD_FORMAT + "9", tmp_path / "格式.xlsx")
    issue = refused(wrong)
    assert issue.rule == "R-ROLLUP-VERSION" and RECORD_FORMAT in issue.message


def test_the_roll_up_is_deterministic(rollup: Path, tmp_path: Path) -> None:
    again = run_level(rollup.parents[2].parent / "inbox" / "青同县", tmp_path, "青同县", "331100")
    assert (again.outdir / ROLLUP_NAME).read_bytes() == rollup.read_bytes()


def test_a_copy_re_saved_in_libreoffice_keeps_its_record_and_is_read(rollup: Path, tmp_path: Path) -> None:
    # LibreOffice keeps the very hidden record sheet (as a plain hidden one) and every value of 汇总: the roll-up
    # is read as written, and the reader notes which program saved it.
    from tests.libreoffice import convert

    src = tmp_path / "src" / "青同县汇总.xlsx"
    src.parent.mkdir()
    src.write_bytes(rollup.read_bytes())
    resaved = convert(src, "xlsx", tmp_path / "lo")
    got = read(resaved)
    assert isinstance(got, Rollup), got
    assert got.saved_by == "LibreOffice" and len(got.bodies) == BODIES
    assert got.totals == read(rollup).totals  # type: ignore[union-attr]


def test_a_copy_edited_in_libreoffice_is_refused_with_its_cell(rollup: Path, tmp_path: Path) -> None:
    from tests.libreoffice import convert

    r, c = stacked_cells(SPEC.tables)["t2_pen"]
    src = edit_cell(rollup, ROLLUP_TOTALS_SHEET, a1(r, c), 4321, tmp_path / "改过.xlsx")
    (tmp_path / "src").mkdir()
    moved = src.rename(tmp_path / "src" / src.name)
    issue = refused(convert(moved, "xlsx", tmp_path / "lo"))
    assert issue.rule == "R-ROLLUP-EDITED" and a1(r, c) in issue.message
