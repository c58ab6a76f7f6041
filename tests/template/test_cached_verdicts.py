"""The 校验 sheet's cached values, without an office suite: a viewer that does not recalculate (WPS preview,
mail previews, python-calamine) shows ✗ on exactly the rows that fail, with their messages. The proof that
every cached value equals a recalculation is in tests/template/test_libreoffice.py and tests/test_office_forms.py."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from pipeline.checks.runner import check_batch
from pipeline.reading.workbook import read_path
from pipeline.template.build import build_template
from pipeline.template.cell_values import cell_values, excel_text, is_blankish, is_unreadable, trimmed
from pipeline.template.check_sheet import check_rows
from pipeline.types import Fill
from schemas import SPEC, info
from tests.factories import filled
from tests.template.test_libreoffice import BASE, CASES, RUN_YEAR

INFO_RULES = {f.check.rule for f in SPEC.info_fields if f.check is not None}


def _check_grid(path: Path) -> list[list[Any]]:
    grid: list[list[Any]] = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SPEC.sheets.check).to_python(
        skip_empty_area=False)
    return grid


def _failing(grid: list[list[Any]]) -> list[tuple[str, str]]:
    """(rule, message) of every row whose cached result is ✗."""
    rows = grid[info.CHECK_FIRST_ROW:]
    return [(r[info.CHECK_RULE_COL], r[info.CHECK_MESSAGE_COL]) for r in rows if r[info.CHECK_RESULT_COL] == info.CHECK_FAIL]


def test_the_blank_template_caches_the_failures_of_its_empty_basic_information(tmp_path: Path) -> None:
    grid = _check_grid(build_template(tmp_path / "blank.xlsx"))
    failing = _failing(grid)
    assert [rule for rule, _ in failing] == [r.id for r in SPEC.rules if r.id in INFO_RULES]
    assert all(message == SPEC.rule(rule).title for rule, message in failing)
    passing = [r for r in grid[info.CHECK_FIRST_ROW:] if r[info.CHECK_RESULT_COL] == info.CHECK_PASS]
    assert passing and all(r[info.CHECK_MESSAGE_COL] == "" for r in passing)
    rows = len(list(check_rows(SPEC)))
    assert grid[info.CHECK_SUMMARY_ROW][0].startswith(f"共 {rows} 项检查，未通过 {len(INFO_RULES)} 项。")


def test_a_broken_balance_shows_its_cross_and_the_pipelines_message_in_its_own_row(tmp_path: Path) -> None:
    path = build_template(tmp_path / "balance.xlsx", filled(numbers={"t3_new_np": BASE["t3_new_np"] + 1}))
    grid = _check_grid(path)
    natural = SPEC.rule("R-T3-BALANCE").equations[0]
    rows = [(r[info.CHECK_RULE_COL], r[info.CHECK_WHAT_COL]) for r in grid[info.CHECK_FIRST_ROW:]]
    row = grid[info.CHECK_FIRST_ROW + rows.index(("R-T3-BALANCE", natural.scope))]
    issues = [i for i in check_batch([read_path(path, path.name)], RUN_YEAR).issues if i.rule == "R-T3-BALANCE"]
    assert row[info.CHECK_RESULT_COL] == info.CHECK_FAIL
    # Also the 总计 column's balance breaks (its new total includes the natural person's): two rows, two issues.
    assert sorted(m for _, m in _failing(grid)) == sorted(i.message for i in issues)
    assert row[info.CHECK_MESSAGE_COL] in {i.message for i in issues}
    assert "未通过 2 项" in grid[info.CHECK_SUMMARY_ROW][0]


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.name)
def test_every_case_caches_a_cross_for_the_rules_it_breaks(c: Any) -> None:
    cells = cell_values(c.fill, SPEC)
    failed = {row.rule.id for row in check_rows(SPEC) if not row.holds(cells)}
    assert c.breaks <= failed
    if not c.breaks:
        assert failed == set()


def test_a_negative_figure_is_its_cells_rule_not_the_conditions() -> None:
    # The pipeline fails R-T2-REG-POWER only for a positive sum (conditions.py); the formula says the same.
    cells = cell_values(filled(numbers={"t2_reg_made": -1}), SPEC)
    failed = {row.rule.id for row in check_rows(SPEC) if not row.holds(cells)}
    assert "R-T2-NONNEG" in failed and "R-T2-REG-POWER" not in failed


def test_the_cells_as_formulas_see_them() -> None:
    fill = Fill(info={"name": " \u3000县  教育局\u00a0", "date": dt.date(2025, 1, 15), "year": 2024},
                numbers={"t2_lic": "12", "t2_pen": "NULL", "t2_coe": None, "t2_fee": 1.5})
    cells = cell_values(fill, SPEC)
    assert cells.numbers["t2_lic"] == "12" and is_unreadable("12") and not is_unreadable("NULL")
    assert is_blankish(cells.numbers["t2_pen"]) and cells.numbers["t2_coe"] is None
    assert cells.info["date"] == 45672.0  # Excel's serial number of 2025-01-15
    assert trimmed(cells.info["name"]) == "县 教育局"  # TRIM makes a run of spaces one
    assert cells.sums.loc[0, "t2_lic"] == 0.0  # SUM leaves text out
    total = next(n for n in SPEC.numbers if n.derived)
    assert cells.numbers[total.id] == sum(float(cells.sums.loc[0, p]) for p in total.parts)


@pytest.mark.parametrize(("value", "text"), [(None, ""), (12.0, "12"), (1.5, "1.5"), (0.1 + 0.2, "0.3"),
                                             (-3.0, "-3"), (12.3456, "12.3456"), (1e16, "1E+16"), ("无", "无")])
def test_a_number_joined_into_a_message_reads_as_excel_shows_it(value: Any, text: str) -> None:
    assert excel_text(value) == text


def test_a_total_beyond_the_largest_number_caches_excels_error(tmp_path: Path) -> None:
    # Found by tests/test_fuzz.py: two parts near the float maximum; Excel's SUM shows #NUM! there.
    total = next(n for n in SPEC.numbers if n.derived)
    big = dict.fromkeys(total.parts[:2], 1.7976931348623157e308)
    path = build_template(tmp_path / "huge.xlsx", Fill(numbers=big))
    with zipfile.ZipFile(path) as zf:
        sheets = b"".join(zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/sheet"))
    assert b"<v>#NUM!</v>" in sheets and b"inf<" not in sheets
