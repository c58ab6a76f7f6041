"""Plain list sheets (header row, data rows, filter, frozen header), written as values only."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet


def write_list(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Any]], formats: dict[str, Format],
               widths: Sequence[float] = (), first_row: int = 0) -> int:
    """Write a filterable list; return the row after the last one written."""
    for col, text in enumerate(headers):
        ws.write_string(first_row, col, text, formats["table_header"])
    for r, row in enumerate(rows, start=first_row + 1):
        for col, value in enumerate(row):
            write_cell(ws, r, col, value, formats)
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.autofilter(first_row, 0, first_row + max(len(rows), 1), len(headers) - 1)
    ws.freeze_panes(first_row + 1, 0)
    return first_row + 1 + len(rows)


def write_cell(ws: Worksheet, row: int, col: int, value: Any, formats: dict[str, Format]) -> None:
    """A number as a number, anything else as text (never a formula)."""
    if isinstance(value, bool) or value is None:
        ws.write_string(row, col, "" if value is None else str(value), formats["cell"])
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, formats["cell_number"])
    else:
        ws.write_string(row, col, str(value), formats["cell"])
