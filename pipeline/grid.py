"""Write an official table's fixed grid (titles, headers, row labels) from the spec's layout."""

from __future__ import annotations

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from schemas.spec import Block, TableLayout

_ROLE_STYLE = {"title": "title", "band": "band", "header": "header", "label": "label", "note": "note"}
TITLE_HEIGHT = 30
HEADER_HEIGHT = 30
ROW_HEIGHT = 22


def write_block(ws: Worksheet, block: Block, fmt: Format) -> None:
    """Write one fixed text cell, merged when it spans more than one cell."""
    if (block.row, block.col) == (block.last_row, block.last_col):
        ws.write_string(block.row, block.col, block.text, fmt)
    else:
        ws.merge_range(block.row, block.col, block.last_row, block.last_col, block.text, fmt)


def write_grid(ws: Worksheet, layout: TableLayout, formats: dict[str, Format], row_offset: int = 0) -> None:
    """Write the layout's fixed cells and size its columns and rows."""
    for block in layout.blocks:
        moved = Block(block.text, block.row + row_offset, block.col,
                      block.last_row + row_offset, block.last_col, block.role)
        write_block(ws, moved, formats[_ROLE_STYLE[block.role]])
    for col, width in enumerate(layout.col_widths):
        ws.set_column(col, col, width)
    ws.set_row(row_offset, TITLE_HEIGHT)
    for row in range(row_offset + 1, row_offset + last_row(layout) + 1):
        ws.set_row(row, _row_height(layout, row - row_offset))


def last_row(layout: TableLayout) -> int:
    """The last 0-based row the table occupies."""
    return max([b.last_row for b in layout.blocks] + [n.row for n in layout.numbers])


def _row_height(layout: TableLayout, row: int) -> float:
    # Long row labels (表三 （六）1., 2.) need two lines in a 34-wide column.
    longest = max((len(b.text) for b in layout.blocks if b.row == row and b.role == "label"
                   and b.row == b.last_row), default=0)
    is_header = any(b.row <= row <= b.last_row and b.role in ("header", "note") for b in layout.blocks)
    height = HEADER_HEIGHT if is_header else ROW_HEIGHT
    return max(height, ROW_HEIGHT * (1 + longest // 20)) if longest > 20 else height


def value_merge(layout: TableLayout, row: int, col: int) -> tuple[int, int, int, int] | None:
    """The merged range a value cell spans, if the layout widens it (表二's single-value rows)."""
    return next((m for m in layout.value_merges if (m[0], m[1]) == (row, col)), None)


def print_setup(ws: Worksheet, layout: TableLayout) -> None:
    """A4, centred, the whole table on one page."""
    ws.set_paper(9)
    if layout.landscape:
        ws.set_landscape()
    ws.center_horizontally()
    ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
    ws.fit_to_pages(1, 1)
