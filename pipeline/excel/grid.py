"""Write an official table's fixed grid (titles, headers, row labels) from the spec's layout.

A column map lets several tables share one sheet: layout column c is drawn over sheet columns
col_map[c][0]..col_map[c][1]; rows are shifted by row_offset.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from schemas.spec import TableLayout

_ROLE_STYLE = {"title": "title", "band": "band", "header": "header", "label": "label", "note": "note"}
TITLE_HEIGHT = 30
HEADER_HEIGHT = 30
ROW_HEIGHT = 22
LINE_HEIGHT = 14


@dataclass(frozen=True)
class Placement:
    """Where a layout lands on a sheet."""

    row_offset: int = 0
    col_map: tuple[tuple[int, int], ...] = ()

    def cols(self, first: int, last: int) -> tuple[int, int]:
        """Sheet columns covered by layout columns first..last."""
        if not self.col_map:
            return first, last
        return self.col_map[first][0], self.col_map[last][1]


ORIGIN = Placement()


def write_range(ws: Worksheet, r0: int, c0: int, r1: int, c1: int, text: str, fmt: Format) -> None:
    """Write text into one cell, or merge when the range is larger."""
    if (r0, c0) == (r1, c1):
        ws.write_string(r0, c0, text, fmt)
    else:
        ws.merge_range(r0, c0, r1, c1, text, fmt)


def write_grid(ws: Worksheet, layout: TableLayout, formats: dict[str, Format], at: Placement = ORIGIN) -> None:
    """Write the layout's fixed cells and size its rows (and its columns when not mapped)."""
    off = at.row_offset
    for b in layout.blocks:
        c0, c1 = at.cols(b.col, b.last_col)
        write_range(ws, b.row + off, c0, b.last_row + off, c1, b.text, formats[_ROLE_STYLE[b.role]])
    if not at.col_map:
        for col, width in enumerate(layout.col_widths):
            ws.set_column(col, col, width)
    ws.set_row(off, TITLE_HEIGHT)
    for row in range(1, last_row(layout) + 1):
        ws.set_row(row + off, _row_height(layout, row))


def value_range(layout: TableLayout, row: int, col: int, at: Placement = ORIGIN) -> tuple[int, int, int, int]:
    """The sheet range a value cell covers: widened by the layout (表二) and by the column map."""
    last_col = next((m[3] for m in layout.value_merges if (m[0], m[1]) == (row, col)), col)
    c0, c1 = at.cols(col, last_col)
    return row + at.row_offset, c0, row + at.row_offset, c1


def last_row(layout: TableLayout) -> int:
    """The last 0-based row the table occupies."""
    return max([b.last_row for b in layout.blocks] + [n.row for n in layout.numbers])


CHARS_PER_WIDTH = 1 / 1.9  # Chinese characters per unit of column width at 10.5 pt


def _row_height(layout: TableLayout, row: int) -> float:
    # A one-row label longer than its cells are wide (表三 （六）1., 2.) needs more lines.
    lines = max((_lines(layout, b.text, b.col, b.last_col) for b in layout.blocks
                 if b.row == row == b.last_row and b.role == "label"), default=1)
    is_header = any(b.row <= row <= b.last_row and b.role in ("header", "note") for b in layout.blocks)
    return max(HEADER_HEIGHT if is_header else ROW_HEIGHT, LINE_HEIGHT * lines + 6)


def _lines(layout: TableLayout, text: str, first_col: int, last_col: int) -> int:
    width = sum(layout.col_widths[first_col:last_col + 1])
    per_line = max(int(width * CHARS_PER_WIDTH), 1)
    return -(-len(text) // per_line)


def print_setup(ws: Worksheet, layout: TableLayout) -> None:
    """A4, centred, the whole table on one page."""
    ws.set_paper(9)
    if layout.landscape:
        ws.set_landscape()
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 1)
