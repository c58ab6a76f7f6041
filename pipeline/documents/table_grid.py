"""An official table as a grid of (possibly merged) cells, for documents: .docx and .html reports.

Derived from the spec's layout, so every label, merge and position matches the template and the
official tables workbook. The layout's title row is left out: documents print it as the section heading.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pipeline.common.numbers import format_number
from schemas.spec import TableLayout

VALUE_ROLE = "value"
HEADER_ROLES = ("header", "note", "band")  # fixed cells that head rows or columns (<th> in html)


@dataclass(frozen=True)
class GridCell:
    """One cell of a document table: its top-left position (0-based, title row removed) and its span."""

    row: int
    col: int
    rowspan: int
    colspan: int
    text: str
    role: str  # a Block role ("header", "note", "band", "label") or VALUE_ROLE
    number_id: str = ""


@dataclass(frozen=True)
class Grid:
    """Every cell of one table, in reading order, and the table's size."""

    rows: int
    cols: int
    cells: tuple[GridCell, ...]
    header_rows: int  # leading rows made only of header cells

    @property
    def headers_recur(self) -> bool:
        """True when header cells also stand further down (表二 heads each band anew)."""
        return any(c.role in HEADER_ROLES and c.row >= self.header_rows for c in self.cells)


def table_grid(layout: TableLayout, values: Mapping[str, float]) -> Grid:
    """The layout's cells below its title, with the figures as text (12, not 12.0)."""
    first = min(b.row for b in layout.blocks if b.role != "title")
    cells = [GridCell(b.row - first, b.col, b.last_row - b.row + 1, b.last_col - b.col + 1, b.text, b.role)
             for b in layout.blocks if b.role != "title"]
    widen = {(r, c): last_col for r, c, _, last_col in layout.value_merges}
    for n in layout.numbers:
        colspan = widen.get((n.row, n.col), n.col) - n.col + 1
        cells.append(GridCell(n.row - first, n.col, 1, colspan, format_number(values[n.id]), VALUE_ROLE, n.id))
    cells.sort(key=lambda c: (c.row, c.col))
    rows = max(c.row + c.rowspan for c in cells)
    return Grid(rows, len(layout.col_widths), tuple(cells), _header_rows(cells))


def _header_rows(cells: list[GridCell]) -> int:
    """The first row holding a label or a value: the rows above it are the table's header."""
    return min(c.row for c in cells if c.role not in HEADER_ROLES)
