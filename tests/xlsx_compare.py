"""Compare two .xlsx workbooks cell by cell with openpyxl: what a reader sees, not the bytes.

snapshot() flattens a workbook into ordered "where -> what" lines (sheet names, merged ranges, column
widths, row heights, page setup, and per cell: value, font, borders, fill, number format, alignment).
differences() returns only the lines that differ, as two aligned lists (got, expected), so
`assert got == expected` gives pytest a short, readable diff.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

MISSING = "<missing>"


def _color(color: Any) -> str:
    if color is None:
        return "-"
    if color.type == "rgb":
        return str(color.rgb)
    return f"{color.type}:{color.value}"


def _font(cell: Cell | MergedCell) -> str:
    f = cell.font
    return f"{f.name},{'bold' if f.b else 'regular'},{f.sz},{_color(f.color)}"


def _border(cell: Cell | MergedCell) -> str:
    b = cell.border
    return "/".join(str(side.style or "-") for side in (b.left, b.right, b.top, b.bottom))


def _fill(cell: Cell | MergedCell) -> str:
    f = cell.fill
    return f"{f.patternType or 'none'}:{_color(f.fgColor)}" if f.patternType else "none"


def _align(cell: Cell | MergedCell) -> str:
    a = cell.alignment
    return f"{a.horizontal or '-'}/{a.vertical or '-'}/{'wrap' if a.wrap_text else 'nowrap'}"


def _cell(cell: Cell | MergedCell) -> str:
    value = "" if cell.value is None else f"{cell.value!r}"
    return (f"value={value} | font={_font(cell)} | border={_border(cell)} | fill={_fill(cell)} "
            f"| format={cell.number_format} | align={_align(cell)}")


def _widths(ws: Worksheet) -> dict[int, float]:
    widths: dict[int, float] = {}
    for dim in ws.column_dimensions.values():
        if dim.min is not None and dim.max is not None:
            for col in range(dim.min, dim.max + 1):
                widths[col] = round(float(dim.width or 0), 2)
    return widths


def _sheet(ws: Worksheet) -> dict[str, str]:
    name = ws.title
    lines = {
        f"{name}!used range": ws.dimensions,
        f"{name}!merged": " ".join(sorted(str(r) for r in ws.merged_cells.ranges)),
        f"{name}!page": (f"{ws.page_setup.orientation},paper={ws.page_setup.paperSize},"
                         f"fit={ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None}"
                         f":{ws.page_setup.fitToWidth}x{ws.page_setup.fitToHeight},"
                         f"centred={ws.print_options.horizontalCentered}"),
    }
    widths = _widths(ws)
    for col in range(1, ws.max_column + 1):
        lines[f"{name}!width {get_column_letter(col)}"] = str(widths.get(col, "default"))
    for row in range(1, ws.max_row + 1):
        height = ws.row_dimensions[row].height if row in ws.row_dimensions else None
        lines[f"{name}!height {row}"] = str(height if height is not None else "default")
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row, max_col=ws.max_column):
        for cell in row:
            lines[f"{name}!{cell.coordinate}"] = _cell(cell)
    return lines


def snapshot(path: Path) -> dict[str, str]:
    """Everything compared, as ordered 'where' -> 'what'."""
    wb = openpyxl.load_workbook(path)
    lines = {"sheets": " ".join(wb.sheetnames)}
    for ws in wb.worksheets:
        lines |= _sheet(ws)
    return lines


def differences(got: Path, expected: Path) -> tuple[list[str], list[str]]:
    """The differing lines of two workbooks, aligned: ([got...], [expected...]); both empty when alike."""
    g, e = snapshot(got), snapshot(expected)
    keys = list(dict.fromkeys([*e, *g]))
    changed = [k for k in keys if g.get(k) != e.get(k)]
    return ([f"{k}: {g.get(k, MISSING)}" for k in changed], [f"{k}: {e.get(k, MISSING)}" for k in changed])
