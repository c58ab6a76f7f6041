"""The seed township's official tables match the golden workbook cell by cell (values, merges, styles, widths).

After an intended layout change run `make golden` and review tests/golden/ before committing.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from schemas import SPEC
from tests.update_golden import GOLDEN, render_seed_tables
from tests.xlsx_compare import differences, snapshot


def test_official_tables_match_golden(tmp_path: Path) -> None:
    assert GOLDEN.is_file(), "no golden file: run `make golden`"
    got = render_seed_tables(tmp_path / "tables.xlsx")
    got_lines, expected_lines = differences(got, GOLDEN)
    assert got_lines == expected_lines, "layout changed; if intended, run `make golden` and review"


def where(number_id: str) -> str:
    """The A1 address of a number on the official tables (a heading row sits above each table)."""
    n = SPEC.number(number_id)
    return f"{n.sheet}!{get_column_letter(n.col + 1)}{n.row + 2}"


def test_golden_holds_the_seed_figures() -> None:
    lines = snapshot(GOLDEN)
    assert lines["sheets"] == " ".join(t.sheet for t in SPEC.tables)
    assert lines[where("t2_lic")].startswith("value=570 |")
    assert lines[where("t2_pen")].startswith("value=2 |")


def test_comparison_reports_a_changed_cell(tmp_path: Path) -> None:
    changed = tmp_path / "changed.xlsx"
    wb = openpyxl.load_workbook(GOLDEN)
    sheet, cell = where("t3_new_np").split("!")
    wb[sheet][cell].font = Font(name="Arial", bold=True, size=10.5)
    wb[sheet].column_dimensions["C"].width = 3
    wb.save(changed)
    got, expected = differences(changed, GOLDEN)
    assert [line.split(": ")[0] for line in got] == [f"{sheet}!width C", f"{sheet}!{cell}"]
    assert "font=Arial,bold" in got[1] and "font=宋体,regular" in expected[1]
