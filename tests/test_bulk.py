"""The roll-up's bulk number writer produces exactly the file xlsxwriter writes cell by cell."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from pipeline.bulk import BulkWorksheet
from pipeline.styles import make_formats
from pipeline.xlsx import new_workbook


def _write(dest: Path, values: np.ndarray, bulk: bool) -> bytes:
    wb = new_workbook(dest, "明细")
    formats = make_formats(wb)
    ws = wb.add_worksheet("明细", worksheet_class=BulkWorksheet if bulk else None)
    ws.write_string(0, 0, "单位名称", formats["table_header"])
    for r in range(len(values)):
        ws.write_string(r + 1, 0, f"单位{r}", formats["cell"])
        ws.write_string(r + 1, 1, "乡镇", formats["cell"])
    if bulk:
        ws.write_number_rows(1, 2, values, formats["cell_number"])
    else:
        for r, row in enumerate(values.tolist()):
            for c, v in enumerate(row):
                ws.write_number(r + 1, c + 2, v, formats["cell_number"])
    ws.set_row(0, 90)
    ws.write_string(len(values) + 1, 0, "合计", formats["bold"])
    ws.freeze_panes(1, 1)
    wb.close()
    return dest.read_bytes()


@pytest.mark.parametrize("shape", [(1, 1), (3, 40), (40, 209), (0, 5)])
def test_bulk_rows_equal_cell_by_cell(tmp_path: Path, shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape))
    values = rng.integers(0, 1000, size=shape).astype(float)
    if values.size:
        values.flat[::7] = rng.uniform(0, 99, size=values.flat[::7].shape).round(4)
        values.flat[0] = 123456789012.5  # a long number: the same 16 significant digits either way
    assert _write(tmp_path / "bulk.xlsx", values, True) == _write(tmp_path / "cells.xlsx", values, False)


def test_bulk_refuses_what_write_number_refuses(tmp_path: Path) -> None:
    wb = new_workbook(tmp_path / "x.xlsx", "x")
    ws = wb.add_worksheet("x", worksheet_class=BulkWorksheet)
    with pytest.raises(ValueError):
        ws.write_number_rows(0, 0, np.array([[1.0, math.nan]]), None)
    wb.close()
