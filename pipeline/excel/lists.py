"""Plain list sheets (header row, data rows, filter, frozen header), written as values only.

On a BulkWorksheet the rows are stored a row at a time (pipeline/excel/bulk.py): the same file, much sooner.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipeline.excel.bulk import BulkWorksheet


def write_list(ws: Worksheet, headers: Sequence[str], rows: Sequence[Sequence[Any]], formats: dict[str, Format],
               widths: Sequence[float] = (), first_row: int = 0) -> int:
    """Write a filterable list; return the row after the last one written."""
    for col, text in enumerate(headers):
        ws.write_string(first_row, col, text, formats["table_header"])
    if isinstance(ws, BulkWorksheet):
        ws.write_value_rows(first_row + 1, [[_typed(value, formats) for value in row] for row in rows])
    else:
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
    typed, cell_format = _typed(value, formats)
    if isinstance(typed, str):
        ws.write_string(row, col, typed, cell_format)
    else:
        ws.write_number(row, col, typed, cell_format)


def _typed(value: Any, formats: dict[str, Format]) -> tuple[str | float, Format]:
    """What a list cell holds and its format: a number stays a number, anything else becomes text."""
    if isinstance(value, str):  # most cells of a list: tested first (a province's lists have a million cells)
        return value, formats["cell"]
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value), formats["cell"]
    if isinstance(value, int | float):
        return value, formats["cell_number"]
    return str(value), formats["cell"]
