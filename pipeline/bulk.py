"""A worksheet that takes a whole block of numbers at once: the roll-up's 明细 at a province's scale.

xlsxwriter spends about 4 µs on every cell (a record per cell, then the XML of each cell on close);
明细 of 10,000 bodies has two million numbers, which made it most of a validation-only run. A block
is stored here as one record per row and turned into exactly the XML xlsxwriter writes for the same
numbers one by one (tests/test_bulk.py compares the two files byte for byte), in one pass per row.

It relies on two internals of xlsxwriter's Worksheet, the cell table and _write_cell, with the version
pinned in pyproject.toml; the byte-for-byte test fails if an upgrade changes either.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet


class _NumberRun:
    """One row's numbers from a block, written as consecutive cells."""

    __slots__ = ("numbers", "cell_format", "columns")

    def __init__(self, numbers: list[float], cell_format: Format, columns: tuple[str, ...]) -> None:
        self.numbers, self.cell_format, self.columns = numbers, cell_format, columns


class _RunEnd:
    """Marks a run's last cell, so the row's extent (its "spans") is what single cells would give."""


_RUN_END = _RunEnd()


class BulkWorksheet(Worksheet):  # type: ignore[misc]  # xlsxwriter ships no type information
    """A Worksheet with write_number_rows; everything else is xlsxwriter's own."""

    def write_number_rows(self, first_row: int, first_col: int, values: np.ndarray, cell_format: Format) -> None:
        """Write a 2-D array of finite numbers, all in one format, with its top left cell at (first_row, first_col).

        No other cell may be written inside the block.
        """
        rows, width = values.shape
        if not rows or not width:
            return
        if not np.isfinite(values).all():
            raise ValueError("only finite numbers can be written")  # xlsxwriter's write_number refuses them too
        columns = tuple(xl_col_to_name(first_col + j) for j in range(width))
        for i, numbers in enumerate(values.astype(float).tolist()):
            cells = self.table[first_row + i]
            cells[first_col] = _NumberRun(numbers, cell_format, columns)
            if width > 1:
                cells[first_col + width - 1] = _RUN_END
        self._check_dimensions(first_row, first_col)
        self._check_dimensions(first_row + rows - 1, first_col + width - 1)

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        if isinstance(cell, _NumberRun):
            style, ref = cell.cell_format._get_xf_index(), row + 1
            self.fh.write("".join(f'<c r="{c}{ref}" s="{style}"><v>{v:.16G}</v></c>'
                                  for c, v in zip(cell.columns, cell.numbers, strict=True)))
        elif cell is not _RUN_END:
            super()._write_cell(row, col, cell)
