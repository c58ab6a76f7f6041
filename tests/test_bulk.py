"""The roll-up's bulk number writer produces exactly the file xlsxwriter writes cell by cell."""

from __future__ import annotations

import math
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import numpy as np
import openpyxl
import pytest
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipeline.excel.bulk import BulkWorksheet, _whole_rows
from pipeline.excel.lists import write_list
from pipeline.excel.styles import make_formats
from pipeline.excel.workbook import new_workbook


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


def test_bulk_rows_of_any_doubles_equal_cell_by_cell(tmp_path: Path) -> None:
    # printf-style "%.16G" in the bulk rows, str.format's ".16G" in xlsxwriter's cells: every magnitude, subnormals too
    bits = np.random.default_rng(15).integers(0, 2**64, size=(60, 50), dtype=np.uint64)
    values = bits.view(np.float64)
    values[~np.isfinite(values)] = 1.5
    values[::5] = np.trunc(values[::5] % 1e14) - 5e13  # rows of whole numbers too, of either sign: written as ints
    assert 0 < _whole_rows(values).sum() < len(values)
    assert _write(tmp_path / "bulk.xlsx", values, True) == _write(tmp_path / "cells.xlsx", values, False)


def test_bulk_rows_of_whole_and_odd_numbers_equal_cell_by_cell(tmp_path: Path) -> None:
    # whole rows are written from ints: the edges where int and "%.16G" text could differ
    odd = [-0.0, 0.0, -3.0, 1e15 - 1, 1e15, 1e16, 2.0**53, 1e300, 0.1 + 0.2, 5e-324, 12.0]
    ints = [float(i) for i in range(len(odd) - 1)]
    values = np.array([odd, [-0.0, *ints], [1e15 - 1, *ints], [-(1e15 - 1), *ints], [1e15, *ints], [0.0, *ints]])
    assert _write(tmp_path / "bulk.xlsx", values, True) == _write(tmp_path / "cells.xlsx", values, False)


def test_bulk_refuses_what_write_number_refuses(tmp_path: Path) -> None:
    wb = new_workbook(tmp_path / "x.xlsx", "x")
    ws = wb.add_worksheet("x", worksheet_class=BulkWorksheet)
    with pytest.raises(ValueError):
        ws.write_number_rows(0, 0, np.array([[1.0, math.nan]]), None)
    wb.close()


def _write_list(dest: Path, rows: list[list[object]], bulk: bool, constant_memory: bool = False) -> bytes:
    wb = new_workbook(dest, "问题清单", constant_memory=constant_memory)
    formats = make_formats(wb)
    ws = wb.add_worksheet("问题清单", worksheet_class=BulkWorksheet if bulk else None)
    write_list(ws, ["级别", "文件", "数", "说明"], rows, formats, (6, 30))
    if constant_memory:  # a list alone, as 问题清单 is written
        pass
    elif bulk:  # numbers beside the text, as in 明细
        ws.write_number_rows(1, 4, np.arange(len(rows) * 2, dtype=float).reshape(len(rows), 2), formats["cell_number"])
    else:
        for r in range(len(rows)):
            for c in range(2):
                ws.write_number(r + 1, 4 + c, float(r * 2 + c), formats["cell_number"])
    wb.close()
    return dest.read_bytes()


def test_bulk_list_rows_equal_cell_by_cell(tmp_path: Path) -> None:
    rows: list[list[object]] = [
        ["错误", "甲镇.xlsx", 3, "表三 <B5> & “引号”"],
        ["警告", "甲镇.xlsx", 0.25, ""],  # repeated text shares one string; empty text is still a cell
        ["错误", None, True, "字" * 40000],  # None and bool as text; over Excel's limit: cut as write_string cuts
        ["警告", "乙街道.xlsx", 123456789012.5, " 前后有空格 "],
    ]
    assert _write_list(tmp_path / "bulk.xlsx", rows, True) == _write_list(tmp_path / "cells.xlsx", rows, False)


ODD_TEXT = [" 前后有空格 ", "\t制表", "控制\x01字符", "_x0041_ 像转义", "<b>标签</b> & “引号”", "<r>5 & </r>",
            "<r><t>x</t></r>", "\u4e00" * 40000, "<r>" + "<" * 20000 + "</r>", "",
            "\x00\x011\x02 {0} {1}} {", "<r>\x011\x02</r>"]  # what a row's template is filled at, and format fields


@pytest.mark.parametrize("constant_memory", [False, True])
def test_bulk_list_rows_of_odd_text_equal_cell_by_cell(tmp_path: Path, constant_memory: bool) -> None:
    rows: list[list[object]] = [["警告", text, i, None] for i, text in enumerate(ODD_TEXT)]
    bulk = _write_list(tmp_path / "bulk.xlsx", rows, True, constant_memory)
    assert bulk == _write_list(tmp_path / "cells.xlsx", rows, False, constant_memory)


@pytest.mark.parametrize("constant_memory", [False, True])
@pytest.mark.parametrize("bulk", [False, True])
def test_text_that_looks_like_rich_text_xml_is_shown_as_typed(tmp_path: Path, bulk: bool, constant_memory: bool) -> None:
    # xlsxwriter alone writes "<r>...</r>" into the file unescaped: the file breaks and the text is lost
    typed = ["<r>5 & </r>", "<r><t>x</t></r>", "<r></is></c></row></r>", "<r>" + "字" * 40000 + "</r>"]
    dest = tmp_path / "list.xlsx"
    _write_list(dest, [["错误", text, 1, None] for text in typed], bulk, constant_memory)
    with zipfile.ZipFile(dest) as zf:
        for part in zf.namelist():
            if part.endswith(".xml"):
                ElementTree.fromstring(zf.read(part))  # well-formed
    shown = [row[1] for row in openpyxl.load_workbook(dest, rich_text=False).active.iter_rows(min_row=2, values_only=True)]
    assert shown[:3] == typed[:3]
    assert typed[3].startswith(shown[3]) and len(shown[3]) >= 32767 - 1  # cut to Excel's limit, like any long text


def test_a_row_of_many_formats_equals_cell_by_cell(tmp_path: Path) -> None:
    # more formats in a row than one digit numbers: the 1st's place in the row's template is not the 11th's
    def write(dest: Path, bulk: bool) -> bytes:
        wb = new_workbook(dest, "x")
        many = [wb.add_format({"num_format": "0." + "0" * k}) for k in range(1, 14)]
        ws = wb.add_worksheet("x", worksheet_class=BulkWorksheet)
        for c, f in enumerate(reversed(many)):  # style numbers then run against the formats' places in a row
            ws.write_number(0, c, 1.0, f)
        rows: list[list[tuple[str | float | None, Format]]] = [
            [(float(r * 100 + c) + 0.5, f) for c, f in enumerate(many)] + [("文字", many[0]), (None, many[-1])]
            for r in range(3)]
        if bulk:
            ws.write_value_rows(2, rows)
        else:
            write_cell_by_cell(ws, 2, rows)
        wb.close()
        return dest.read_bytes()

    assert write(tmp_path / "bulk.xlsx", True) == write(tmp_path / "cells.xlsx", False)


def write_cell_by_cell(ws: Worksheet, first_row: int, rows: Sequence[Sequence[tuple[Any, Format]]]) -> None:
    """What write_value_rows must equal: xlsxwriter's own write_string / write_blank / write_number, cell by cell."""
    for r, row in enumerate(rows, start=first_row):
        for c, (value, cell_format) in enumerate(row):
            if isinstance(value, str):
                ws.write_string(r, c, value, cell_format)
            elif value is None:
                ws.write_blank(r, c, None, cell_format)
            else:
                ws.write_number(r, c, value, cell_format)


def test_bulk_list_refuses_what_write_number_refuses(tmp_path: Path) -> None:
    wb = new_workbook(tmp_path / "x.xlsx", "x")
    ws = wb.add_worksheet("x", worksheet_class=BulkWorksheet)
    with pytest.raises(ValueError):
        write_list(ws, ["数"], [[math.inf]], make_formats(wb))
    wb.close()


def test_bulk_blanks_equal_write_blank(tmp_path: Path) -> None:
    def write(dest: Path, bulk: bool) -> bytes:
        wb = new_workbook(dest, "指标")
        formats = make_formats(wb)
        ws = wb.add_worksheet("指标", worksheet_class=BulkWorksheet if bulk else None)
        cells = [("甲镇", formats["cell"]), (None, formats["cell_percent"]), (0.5, formats["cell_percent"]), (None, formats["cell_number"])]
        if bulk:
            ws.write_value_rows(3, [cells, cells])
        else:
            write_cell_by_cell(ws, 3, [cells, cells])
        wb.close()
        return dest.read_bytes()

    assert write(tmp_path / "bulk.xlsx", True) == write(tmp_path / "cells.xlsx", False)
