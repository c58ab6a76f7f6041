"""A worksheet that takes whole rows at once: the roll-up's 明细 and the long lists at a province's scale.

xlsxwriter spends about 4 µs on every cell (a record per cell, then the XML of each cell on close);
明细 of 10,000 bodies has two million numbers, and 问题清单 tens of thousands of rows of text. A
block of numbers, or a row of text and numbers, is stored here as one record per row and turned into
exactly the XML xlsxwriter writes for the same cells one by one (tests/test_bulk.py compares the two
files byte for byte), in one pass per row.

It relies on internals of xlsxwriter's Worksheet (the cell table, the shared string table, _write_cell,
the constant_memory row flush and its text escaping helpers), with the version pinned in pyproject.toml;
the byte-for-byte tests fail if an upgrade changes any of them.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name

from pipeline.excel.workbook import TextSafeWorksheet, looks_rich, storable_text

_ROW = "\x00"  # where a row's number goes in a row's template: no cell's XML holds this character (see _slot)


class _NumberBlock:
    """What the rows of one block of numbers share: columns, format and (made on close) the XML of a row."""

    __slots__ = ("columns", "cell_format", "_row_xml")

    def __init__(self, columns: tuple[str, ...], cell_format: Format) -> None:
        self.columns, self.cell_format = columns, cell_format
        self._row_xml: dict[bool, str] = {}

    def row_xml(self, ref: int, numbers: list[int] | list[float], integral: bool) -> str:
        """A row's cells, as xlsxwriter writes them: each number with 16 significant digits ("%.16G").

        Whole numbers come as ints, whose "%d" is the same text at a third of the cost. The row number is put
        into the row's template first, once, and the numbers then by printf-style formatting: half the cost
        of one str.format with the row number as a field of every cell (明细 of a province: 1.7 million cells).
        """
        if not self._row_xml:  # formats have their style numbers only once the workbook is closing
            style = self.cell_format._get_xf_index()
            for whole, spec in ((True, "%d"), (False, "%.16G")):
                self._row_xml[whole] = "".join(f'<c r="{c}{_ROW}" s="{style}"><v>{spec}</v></c>' for c in self.columns)
        return self._row_xml[integral].replace(_ROW, str(ref)) % tuple(numbers)


class _NumberRun:
    """One row's numbers from a block, written as consecutive cells."""

    __slots__ = ("numbers", "block", "integral")

    def __init__(self, numbers: list[int] | list[float], block: _NumberBlock, integral: bool) -> None:
        self.numbers, self.block, self.integral = numbers, block, integral


class _ValueRun:
    """One row of cells as one template: _ROW stands for the row number, _slot(1), _slot(2), ... for the style
    numbers of the row's formats (known only on close), in the order the row first uses them, as xlsxwriter would
    number them. Filled in by str.replace: the template's text needs no escaping, and a replace costs a fraction
    of a format field per cell (a province's lists: a million cells)."""

    __slots__ = ("template", "formats")

    def __init__(self, template: str, formats: tuple[Format, ...]) -> None:
        self.template, self.formats = template, formats

    def xml(self, ref: int) -> str:
        text = self.template.replace(_ROW, str(ref))
        for k, cell_format in enumerate(self.formats, start=1):
            text = text.replace(_slot(k), str(cell_format._get_xf_index()))
        return text


def _slot(k: int) -> str:
    """Where the style number of a row's k-th format goes: control characters delimit it, which no cell's XML
    holds (xlsxwriter and _inline_text escape them in text; shared strings are only numbers in a cell)."""
    return f"\x01{k}\x02"


_KNOWN_TEXT = 200  # texts up to this length are rendered once per list
# what xlsxwriter's _escape_control_characters changes: control characters, text like its escapes, non-characters
_CONTROL_ESCAPED = re.compile("[\x00-\x08\x0b-\x1f\ufffe\uffff]|_x[0-9a-fA-F]{4}_")


class _RunEnd:
    """Marks a run's last cell, so the row's extent (its "spans") is what single cells would give."""


_RUN_END = _RunEnd()


class BulkWorksheet(TextSafeWorksheet):
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
        block = _NumberBlock(tuple(xl_col_to_name(first_col + j) for j in range(width)), cell_format)
        values = values.astype(float)
        whole = _whole_rows(values)
        # Each row as Python numbers once: ints for whole rows, floats for the others (not both for every row).
        as_ints = iter(values[whole].astype(np.int64).tolist())
        as_floats = iter(values[~whole].tolist())
        for i, integral in enumerate(whole.tolist()):
            cells = self.table[first_row + i]
            cells[first_col] = _NumberRun(next(as_ints) if integral else next(as_floats), block, integral)
            if width > 1:
                cells[first_col + width - 1] = _RUN_END
        self._check_dimensions(first_row, first_col)
        self._check_dimensions(first_row + rows - 1, first_col + width - 1)

    def write_value_rows(self, first_row: int, rows: list[list[tuple[str | float | None, Format]]]) -> None:
        """Write rows of (value, format) cells from column A: str as text (shared, or inline in constant_memory
        mode), int or float as a number, None as a formatted blank, just as write_string, write_number and
        write_blank would, cell by cell."""
        columns = [xl_col_to_name(j) for j in range(max((len(row) for row in rows), default=0))]
        text = self._inline_text if self.constant_memory else self._shared_text
        # The short texts of a list (names, sheets, rules) repeat: each is made once. Shared, each further use
        # is still counted by the string table, as _get_shared_string_index counts it (the count is in the file).
        known: dict[str, str] = {}
        shared = not self.constant_memory
        strings = self.str_table
        for i, row in enumerate(rows):
            if not row:
                continue
            slots: dict[Format, str] = {}
            cells = []  # the inner loop of a province's lists (a million cells)
            for column, (value, cell_format) in zip(columns, row, strict=False):
                slot = slots.get(cell_format) or slots.setdefault(cell_format, _slot(len(slots) + 1))
                if isinstance(value, str):
                    xml = known.get(value)
                    if xml is None:
                        xml = text(value)
                        if len(value) <= _KNOWN_TEXT:
                            known[value] = xml
                    elif shared:
                        strings.count += 1
                    cells.append(f'<c r="{column}{_ROW}" s="{slot}"{xml}</c>')
                elif value is None:
                    cells.append(f'<c r="{column}{_ROW}" s="{slot}"/>')
                elif math.isfinite(value):
                    cells.append(f'<c r="{column}{_ROW}" s="{slot}"><v>{value:.16G}</v></c>')
                else:
                    raise ValueError("only finite numbers can be written")
            self._store_row(first_row + i, len(row), _ValueRun("".join(cells), tuple(slots)))

    def _store_row(self, row: int, width: int, run: _ValueRun) -> None:
        if self.constant_memory and row > self.previous_row:
            self._write_single_row(row)  # as write_string does: the rows before go to disk
        self.table[row][0] = run
        if width > 1:
            self.table[row][width - 1] = _RUN_END
        self._check_dimensions(row, 0)
        self._check_dimensions(row, width - 1)

    def _shared_text(self, value: str) -> str:
        """The rest of a cell's tag for a shared string."""
        return f' t="s"><v>{self.str_table._get_shared_string_index(storable_text(value, self.xls_strmax))}</v>'

    def _inline_text(self, value: str) -> str:
        """The rest of the tag xlsxwriter writes for a string in constant_memory mode (Worksheet._write_cell),
        with its regular-expression passes skipped where they would change nothing."""
        string = storable_text(value, self.xls_strmax)
        if _CONTROL_ESCAPED.search(string):
            string = self._escape_control_characters(string)
        if looks_rich(string):
            body = string
        else:
            space = ' xml:space="preserve"' if string[:1].isspace() or string[-1:].isspace() else ""
            body = f"<t{space}>{self._escape_data(string)}</t>"
        return ' t="inlineStr"><is>' + body + "</is>"

    def _calculate_spans(self) -> None:
        """xlsxwriter's row spans (per block of 16 rows, the first and last column holding a cell), from each
        row's cells rather than by asking every column of the sheet's width (明细 of a province: 9,600 x 180)."""
        if self.comments:
            super()._calculate_spans()
            return
        first: dict[int, int] = {}
        last: dict[int, int] = {}
        for row, cells in self.table.items():
            columns = [c for c in cells if self.dim_colmin <= c <= self.dim_colmax]
            if columns and self.dim_rowmin <= row <= self.dim_rowmax:
                block = row // 16
                first[block] = min(first.get(block, columns[0]), *columns)
                last[block] = max(last.get(block, columns[0]), *columns)
        self.row_spans = {block: f"{first[block] + 1}:{last[block] + 1}" for block in first}

    def _write_rows(self) -> None:
        """xlsxwriter's rows, each row's cells taken in column order from the row itself (see _calculate_spans)."""
        if self.comments:
            super()._write_rows()
            return
        self._calculate_spans()
        spans, table, row_info = self.row_spans, self.table, self.row_info
        for row in range(self.dim_rowmin, self.dim_rowmax + 1):
            cells = table.get(row)
            if cells:
                self._write_row(row, spans.get(row // 16), row_info.get(row))
                for col in sorted(c for c in cells if self.dim_colmin <= c <= self.dim_colmax):
                    self._write_cell(row, col, cells[col])
                self._xml_end_tag("row")
            elif row in row_info:
                self._write_empty_row(row, spans.get(row // 16), row_info[row])

    def _write_cell(self, row: int, col: int, cell: Any) -> None:
        if isinstance(cell, _ValueRun):
            self.fh.write(cell.xml(row + 1))
        elif isinstance(cell, _NumberRun):
            self.fh.write(cell.block.row_xml(row + 1, cell.numbers, cell.integral))
        elif cell is not _RUN_END:
            super()._write_cell(row, col, cell)


def _whole_rows(values: np.ndarray) -> np.ndarray:
    """Rows whose numbers are all whole and print the same as ints (not -0.0, not 1E+16 and beyond)."""
    whole = (values == np.trunc(values)) & (np.abs(values) < 1e15) & ~((values == 0) & np.signbit(values))
    rows: np.ndarray = whole.all(axis=1)
    return rows
