"""Draw the three official tables filled with figures (plain values, no formulas)."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from types import MappingProxyType

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipeline.excel.grid import ORIGIN, Placement, last_row, print_setup, value_range, write_grid
from schemas.spec import Kind, TableLayout

# One shared grid of 16 narrow columns on which all three tables can be stacked (the 汇总 sheet):
# each layout column of a table is spread over a run of grid columns.
STACK_WIDTH = 6.3
STACK_COLUMNS = 16
STACK_MAPS: dict[str, tuple[tuple[int, int], ...]] = {
    "T2": ((0, 3), (4, 7), (8, 11), (12, 15)),
    "T3": ((0, 1), (2, 3), (4, 8), (9, 9), (10, 10), (11, 11), (12, 12), (13, 13), (14, 14), (15, 15)),
    "T4": tuple((c, c) for c in range(15)),
}
STACK_GAP = 2  # empty rows between stacked tables
STACK_PRINT_SCALE = 62


def write_table_values(ws: Worksheet, layout: TableLayout, values: Mapping[str, float],
                       formats: dict[str, Format], at: Placement = ORIGIN) -> None:
    """The table's grid and its figures."""
    write_grid(ws, layout, formats, at)
    for n in layout.numbers:
        r0, c0, r1, c1 = value_range(layout, n.row, n.col, at)
        style = formats["money" if n.kind is Kind.WAN_YUAN else "count"]
        if (r0, c0) != (r1, c1):
            ws.merge_range(r0, c0, r1, c1, "", style)
        ws.write_number(r0, c0, float(values[n.id]), style)


def write_table_sheet(ws: Worksheet, layout: TableLayout, values: Mapping[str, float],
                      formats: dict[str, Format], heading: str) -> None:
    """One table on its own sheet, under a heading line, printed on one A4 page."""
    width = len(layout.col_widths)
    ws.merge_range(0, 0, 0, width - 1, heading, formats["subtitle"])
    write_table_values(ws, layout, values, formats, Placement(row_offset=1))
    print_setup(ws, layout)


def stacked_placements(layouts: tuple[TableLayout, ...]) -> list[tuple[TableLayout, Placement]]:
    """Where each table stands on the stacked sheet: below the heading line, one under the other."""
    row, placed = 1, []
    for layout in layouts:
        placed.append((layout, Placement(row, STACK_MAPS[layout.id])))
        row += last_row(layout) + 1 + STACK_GAP
    return placed


@functools.lru_cache(maxsize=4)
def stacked_cells(layouts: tuple[TableLayout, ...]) -> Mapping[str, tuple[int, int]]:
    """Number id -> the (row, col) of its value on the stacked sheet (the top-left cell of a merged one).

    Cached (read-only): a province's run asks once for each of its 160 roll-ups."""
    return MappingProxyType({n.id: value_range(layout, n.row, n.col, at)[:2]
                             for layout, at in stacked_placements(layouts) for n in layout.numbers})


def write_stacked(ws: Worksheet, layouts: tuple[TableLayout, ...], values: Mapping[str, float],
                  formats: dict[str, Format], heading: str) -> None:
    """All tables on one sheet, one under the other, each starting a new printed page."""
    ws.set_column(0, STACK_COLUMNS - 1, STACK_WIDTH)
    ws.merge_range(0, 0, 0, STACK_COLUMNS - 1, heading, formats["subtitle"])
    for layout, at in stacked_placements(layouts):
        write_table_values(ws, layout, values, formats, at)
    ws.set_h_pagebreaks([at.row_offset for _, at in stacked_placements(layouts)][1:])
    ws.set_paper(9)
    ws.center_horizontally()
    # A fixed scale, not fit-to-width: each table (表三 is the tallest) must fit one portrait page.
    ws.set_print_scale(STACK_PRINT_SCALE)
    ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
