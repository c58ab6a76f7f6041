"""The fill-in template as built: reproducible, every number in its cell, totals as formulas,
inputs unlocked, every template rule on the 校验 sheet, data validation on every input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import range_boundaries
from openpyxl.worksheet.worksheet import Worksheet
from python_calamine import CalamineWorkbook

from pipeline.common.cells import a1
from pipeline.inbox.sheet_xml import formula_cells
from pipeline.reading.workbook import read_path
from pipeline.template.build import TEMPLATE_FILENAME, build_template, total_formula
from pipeline.types import Fill
from schemas import SPEC, info
from schemas.rules import CHECKED_IN_TEMPLATE
from schemas.spec import Kind
from schemas.tables import T3_COLUMNS, T3_ROWS, T3_TOTAL_COL, T4_GROUPS, t3_id, t4_id

COMMITTED = Path(__file__).resolve().parents[2] / "input_templates" / TEMPLATE_FILENAME
TABLE_SHEETS = tuple(t.sheet for t in SPEC.tables)


@pytest.fixture(scope="module")
def blank(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_template(tmp_path_factory.mktemp("blank") / TEMPLATE_FILENAME)


@pytest.fixture(scope="module")
def book(blank: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(blank)


def _grid(path: Path, sheet: str) -> list[list[Any]]:
    grid: list[list[Any]] = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python(
        skip_empty_area=False)
    return grid


def _at(grid: list[list[Any]], row: int, col: int) -> Any:
    return grid[row][col] if row < len(grid) and col < len(grid[row]) else ""


def _cells(ref: str) -> set[tuple[int, int]]:
    """0-based (row, col) of every cell of an A1 range or cell, sheet prefix dropped."""
    c0, r0, c1, r1 = range_boundaries(ref.split("!")[-1].replace("$", ""))
    assert c0 is not None and r0 is not None and c1 is not None and r1 is not None
    return {(r - 1, c - 1) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}


# ------------------------------------------------------------------ (a) reproducible


def test_committed_template_is_a_fresh_build(blank: Path) -> None:
    assert COMMITTED.read_bytes() == blank.read_bytes(), (
        "input_templates/ is stale: run `.venv/bin/python -m pipeline templates`")


def test_two_builds_are_identical(tmp_path: Path, blank: Path) -> None:
    again = build_template(tmp_path / "again.xlsx")
    assert again.read_bytes() == blank.read_bytes()


def test_filled_builds_are_identical(tmp_path: Path) -> None:
    from tests.factories import filled

    fill = filled(numbers={"t3_open_total": 99, "t2_lic": "12件"})
    assert build_template(tmp_path / "a.xlsx", fill).read_bytes() == build_template(tmp_path / "b.xlsx", fill).read_bytes()


# ------------------------------------------------------------------ (b) cells, formulas, locking


def test_every_number_reaches_its_cell(tmp_path: Path) -> None:
    # A distinct value for every id, totals included (given totals are written as constants).
    values = {n.id: float(1000 + i) for i, n in enumerate(SPEC.numbers)}
    path = build_template(tmp_path / "numbered.xlsx", Fill(numbers=values))
    grids = {sheet: _grid(path, sheet) for sheet in TABLE_SHEETS}
    misplaced = {n.id: _at(grids[n.sheet], n.row, n.col) for n in SPEC.numbers
                 if _at(grids[n.sheet], n.row, n.col) != values[n.id]}
    assert misplaced == {}
    assert read_path(path, "numbered.xlsx").numbers == values


def test_the_blank_template_reads_as_zeros(blank: Path) -> None:
    assert set(read_path(blank, "blank").numbers.values()) == {0.0}


def test_derived_totals_are_the_expected_cells() -> None:
    derived = {n.id for n in SPEC.numbers if n.derived}
    t3_total_column = {t3_id(r[0], T3_TOTAL_COL) for r in T3_ROWS}
    t3_total_row = {t3_id("tot", c) for c, _ in T3_COLUMNS}
    t4_totals = {t4_id(g, "total") for g, _ in T4_GROUPS}
    assert derived == t3_total_column | t3_total_row | t4_totals


def test_derived_totals_are_sum_formulas_over_their_parts(blank: Path, book: openpyxl.Workbook) -> None:
    data = blank.read_bytes()
    for sheet in TABLE_SHEETS:
        derived = [n for n in SPEC.numbers if n.derived and n.sheet == sheet]
        # Exactly the totals hold formulas: no input cell is accidentally computed.
        assert formula_cells(data, sheet) == {a1(n.row, n.col) for n in derived}, sheet
        ws = book[sheet]
        for n in derived:
            formula = ws.cell(n.row + 1, n.col + 1).value
            assert formula == total_formula(n)
            assert formula.startswith("=SUM(") and formula.endswith(")")
            covered = set().union(*(_cells(ref) for ref in formula[5:-1].split(",")))
            parts = {(SPEC.number(p).row, SPEC.number(p).col) for p in n.parts}
            assert covered == parts, n.id


def _unlocked(ws: Worksheet) -> set[tuple[int, int]]:
    return {(c.row - 1, c.column - 1) for row in ws.iter_rows() for c in row
            if c.has_style and not c.protection.locked}


def test_every_sheet_is_protected(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == list(SPEC.sheets.ordered())
    for ws in book.worksheets:
        assert ws.protection.sheet, ws.title
        p = ws.protection  # in OOXML a true flag forbids the action on a protected sheet
        assert p.insertRows and p.deleteRows and p.insertColumns and p.deleteColumns, ws.title


def test_only_input_cells_are_unlocked(book: openpyxl.Workbook) -> None:
    for layout in SPEC.tables:
        ws = book[layout.sheet]
        inputs = {(n.row, n.col) for n in layout.numbers if not n.derived}
        widened = {(r, c) for r0, c0, r1, c1 in layout.value_merges
                   for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)}  # 表二's merged value cells
        assert _unlocked(ws) == inputs | widened, layout.sheet
        for n in layout.numbers:
            assert ws.cell(n.row + 1, n.col + 1).protection.locked is n.derived, n.id
        for block in layout.blocks:
            assert ws.cell(block.row + 1, block.col + 1).protection.locked, block.text
    fields = {f.row for f in SPEC.info_fields}
    assert _unlocked(book[SPEC.sheets.info]) == {(r, SPEC.info_value_col) for r in fields}
    texts = {f.row for f in SPEC.text_fields}
    assert _unlocked(book[SPEC.sheets.text]) == {(r, SPEC.text_value_col) for r in texts}
    check_rows = len(_check_grid(book)) - info.CHECK_FIRST_ROW
    assert _unlocked(book[SPEC.sheets.check]) == {
        (info.CHECK_FIRST_ROW + i, info.CHECK_NOTE_COL) for i in range(check_rows)}
    assert _unlocked(book[SPEC.sheets.guide]) == set()


def test_the_version_marker_is_locked(book: openpyxl.Workbook) -> None:
    sheet, row, col = SPEC.version_cell
    cell = book[sheet].cell(row + 1, col + 1)
    assert cell.value == SPEC.template_version and cell.protection.locked


# ------------------------------------------------------------------ (c) the 校验 sheet


def _check_grid(book: openpyxl.Workbook) -> list[tuple[Any, ...]]:
    return list(book[SPEC.sheets.check].iter_rows(values_only=True))


def test_every_template_rule_is_on_the_check_sheet(book: openpyxl.Workbook) -> None:
    rows = _check_grid(book)[info.CHECK_FIRST_ROW:]
    rules = [r for r in SPEC.rules if r.scope in CHECKED_IN_TEMPLATE]
    expected = [(rule.id, rule.severity.value, eq.scope) for rule in rules for eq in rule.equations] + [
        (rule.id, rule.severity.value, rule.title) for rule in rules if not rule.equations]
    found = [(r[info.CHECK_RULE_COL], r[info.CHECK_SEVERITY_COL], r[info.CHECK_WHAT_COL]) for r in rows]
    assert sorted(found) == sorted(expected)  # one row per equation, one per other rule, nothing else
    assert {r[info.CHECK_RULE_COL] for r in rows} == {r.id for r in rules}
    for rule in rules:
        assert sum(r[info.CHECK_RULE_COL] == rule.id for r in rows) == max(1, len(rule.equations)), rule.id


def test_check_rows_are_formulas(book: openpyxl.Workbook) -> None:
    rows = _check_grid(book)
    for r in rows[info.CHECK_FIRST_ROW:]:
        result, message = r[info.CHECK_RESULT_COL], r[info.CHECK_MESSAGE_COL]
        assert isinstance(result, str) and result.startswith("=IF(") and info.CHECK_FAIL in result
        assert isinstance(message, str) and message.startswith("=IF(")
    count = len(rows) - info.CHECK_FIRST_ROW
    summary = rows[info.CHECK_SUMMARY_ROW][0]
    assert isinstance(summary, str) and f"共 {count} 项检查" in summary and "COUNTIF(" in summary


def test_check_sheet_cache_of_the_blank_template(blank: Path) -> None:
    # calamine reads the cached results: the empty 基本信息 fails its rules, every other row says ✓
    # (tests/template/test_cached_verdicts.py has the rows one by one).
    grid = _grid(blank, SPEC.sheets.check)
    failing = {r[info.CHECK_RULE_COL] for r in grid[info.CHECK_FIRST_ROW:] if r[info.CHECK_RESULT_COL] == info.CHECK_FAIL}
    assert failing == {f.check.rule for f in SPEC.info_fields if f.check is not None}


# ------------------------------------------------------------------ (d) data validation


def _validations(ws: Worksheet) -> list[tuple[set[tuple[int, int]], Any]]:
    return [(set().union(*(_cells(str(r)) for r in dv.sqref.ranges)), dv)
            for dv in ws.data_validations.dataValidation]


def test_every_input_number_has_a_validation(book: openpyxl.Workbook) -> None:
    for layout in SPEC.tables:
        found = _validations(book[layout.sheet])
        for n in layout.numbers:
            rules = [dv for cells, dv in found if (n.row, n.col) in cells]
            if n.derived:
                assert rules == [], n.id
                continue
            assert len(rules) == 1, n.id
            (dv,) = rules
            assert dv.type == ("decimal" if n.kind is Kind.WAN_YUAN else "whole"), n.id
            assert (dv.operator, dv.formula1) == ("greaterThanOrEqual", "0"), n.id
            assert dv.showErrorMessage and dv.error, n.id


def test_info_validations(book: openpyxl.Workbook) -> None:
    found = _validations(book[SPEC.sheets.info])
    by_field = {}
    for f in SPEC.info_fields:
        rules = [dv for cells, dv in found if (f.row, SPEC.info_value_col) in cells]
        assert len(rules) <= 1, f.id
        by_field[f.id] = rules[0] if rules else None
    kind = by_field["kind"]
    assert kind is not None and kind.type == "list"
    assert kind.formula1 == '"' + ",".join(SPEC.body_kinds) + '"'
    assert kind.showDropDown is not True  # openpyxl's flag is inverted: True would hide the arrow
    year = by_field["year"]
    assert year is not None and year.type == "whole" and year.operator in (None, "between")  # the default
    assert (year.formula1, year.formula2) == (str(info.YEAR_MIN), str(info.YEAR_MAX))
    code = by_field["code"]
    assert code is not None and (code.type, code.formula1) == ("textLength", "18")
    date = by_field["date"]
    assert date is not None and date.type == "date"
