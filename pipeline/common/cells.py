"""Cell addresses: 0-based (row, col) inside, A1 form only at the edges."""

from __future__ import annotations

from collections.abc import Iterable

from xlsxwriter.utility import xl_range, xl_rowcol_to_cell

from schemas.spec import Number


def a1(row: int, col: int) -> str:
    """A1 address of a 0-based cell."""
    return str(xl_rowcol_to_cell(row, col))


def sheet_ref(sheet: str, ref: str) -> str:
    """A cross-sheet reference usable in a formula, e.g. '表三'!D5."""
    return f"'{sheet}'!{ref}"


def number_ref(number: Number, absolute: bool = False) -> str:
    """Formula reference to a number's cell, qualified by its sheet."""
    ref = str(xl_rowcol_to_cell(number.row, number.col, absolute, absolute))
    return sheet_ref(number.sheet, ref)


def compress(cells: Iterable[tuple[int, int]]) -> list[tuple[int, int, int, int]]:
    """Group cells into rectangles (first_row, first_col, last_row, last_col), in reading order.

    Runs are joined along rows first, then runs with the same columns are stacked, so a whole
    table body becomes one rectangle and a column of cells becomes one range.
    """
    runs: list[list[int]] = []
    for row, col in sorted(set(cells)):
        last = runs[-1] if runs else None
        if last and last[0] == row and last[2] == col - 1:
            last[2] = col
        else:
            runs.append([row, col, col])
    rects: list[list[int]] = []
    for row, c0, c1 in runs:
        match = next((r for r in rects if r[1] == c0 and r[3] == c1 and r[2] == row - 1), None)
        if match:
            match[2] = row
        else:
            rects.append([row, c0, row, c1])
    return [(r[0], r[1], r[2], r[3]) for r in rects]


def range_a1(rect: tuple[int, int, int, int]) -> str:
    """A1 form of a rectangle; a single cell stays a single cell."""
    r0, c0, r1, c1 = rect
    return a1(r0, c0) if (r0, c0) == (r1, c1) else str(xl_range(r0, c0, r1, c1))


def cells_text(numbers: Iterable[Number]) -> str:
    """Human list of the cells of some numbers, e.g. 'D5、D6、D7:D27' (one sheet assumed)."""
    return "、".join(range_a1(r) for r in compress((n.row, n.col) for n in numbers))
