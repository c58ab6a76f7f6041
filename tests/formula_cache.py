"""Is every cached value in a workbook what an office suite computes? (Issue 16: WPS and viewers that do not
recalculate show the cached values.) Cell formulas are compared with a LibreOffice-recalculated copy, cell by
cell; a chart's cached series with the cells it names."""

from __future__ import annotations

import math
import re
import zipfile
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from pipeline.inbox.sheet_xml import formula_cells
from tests.xlsx_audit import _col

_A1 = re.compile(r"\$?([A-Z]+)\$?([0-9]+)")
_SERIES = re.compile(rb"<c:f>([^<]+)</c:f>\s*<c:(?:str|num)Cache>(.*?)</c:(?:str|num)Cache>", re.S)
_POINT = re.compile(rb'<c:pt idx="([0-9]+)">\s*<c:v>([^<]*)</c:v>')


def _position(ref: str) -> tuple[int, int]:
    match = _A1.fullmatch(ref)
    assert match, ref
    return int(match.group(2)) - 1, _col(match.group(1).encode())


def _grid(book: CalamineWorkbook, sheet: str) -> list[list[Any]]:
    return book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)  # type: ignore[no-any-return]


def _at(grid: list[list[Any]], row: int, col: int) -> Any:
    return grid[row][col] if row < len(grid) and col < len(grid[row]) else ""


def same_value(a: Any, b: Any) -> bool:
    """Equal as a spreadsheet shows them: numbers to 12 significant digits (LibreOffice adds up more exactly
    than a plain float sum), text exactly."""
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool | str):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)
    return type(a) is type(b) and a == b


def formula_values(path: Path) -> dict[tuple[str, str], Any]:
    """(sheet, A1) -> cached value of every formula cell of the workbook."""
    data = path.read_bytes()
    book = CalamineWorkbook.from_path(str(path))
    found: dict[tuple[str, str], Any] = {}
    for sheet in book.sheet_names:
        cells = formula_cells(data, sheet)
        if cells:
            grid = _grid(book, sheet)
            found.update({(sheet, ref): _at(grid, *_position(ref)) for ref in sorted(cells)})
    return found


def stale_formulas(original: Path, recalculated: Path) -> list[str]:
    """Every formula cell whose cached value in original differs from its value in the recalculated copy."""
    book = CalamineWorkbook.from_path(str(recalculated))
    grids: dict[str, list[list[Any]]] = {}
    stale = []
    for (sheet, ref), cached in formula_values(original).items():
        grid = grids.setdefault(sheet, _grid(book, sheet))
        got = _at(grid, *_position(ref))
        if not same_value(cached, got):
            stale.append(f"{original.name} {sheet}!{ref}: cached {cached!r}, recalculated {got!r}")
    return stale


def stale_chart_caches(path: Path) -> list[str]:
    """Every point of a chart's cached series that differs from the cell its reference names."""
    book = CalamineWorkbook.from_path(str(path))
    stale = []
    with zipfile.ZipFile(path) as zf:
        charts = [n for n in zf.namelist() if n.startswith("xl/charts/") and n.endswith(".xml")]
        for name in charts:
            for ref, cache in _SERIES.findall(zf.read(name)):
                sheet, cells = ref.decode().rsplit("!", 1)
                grid = _grid(book, sheet.strip("'").replace("''", "'"))
                (r0, c0), (r1, c1) = (_position(p) for p in (cells.split(":") * 2)[:2])
                points = [(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)]
                for idx, value in _POINT.findall(cache):
                    shown = _at(grid, *points[int(idx)])
                    if str(value.decode()) != _chart_text(shown):
                        stale.append(f"{path.name} {name} {ref.decode()}[{idx.decode()}]: cached {value.decode()!r}, "
                                     f"cell {shown!r}")
    return stale


def _chart_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
