"""The 指标 sheet of 汇总.xlsx: each body's key indicators with rank and warning flag, the county's, and the definitions."""

from __future__ import annotations

import math
from collections.abc import Mapping

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipeline.decide.indicators import (
    RED,
    YELLOW,
    IndicatorTable,
    Thresholds,
    default_thresholds,
    threshold_note,
)
from pipeline.excel.bulk import BulkWorksheet
from schemas.hierarchy import SCOPES
from schemas.indicators import INDICATORS

TITLE = "关键指标（排名：1 为最好，数值相同并列；红、黄为预警；分母为 0 时比率空白，不参与排名）"
NAME_HEADERS = ("单位名称", "单位类型")
SUB_HEADERS = ("比率", "排名", "预警")
COUNTY_LABEL = SCOPES[0]
HEADER_ROW, SUB_ROW, FIRST_ROW = 1, 2, 3
FLAG_STYLE = {RED: "flag_red", YELLOW: "flag_yellow", "": "cell"}


def write_indicator_sheet(ws: BulkWorksheet, accepted: pd.DataFrame, table: IndicatorTable,
                          formats: dict[str, Format], thresholds: Thresholds | None = None,
                          total_label: str = COUNTY_LABEL) -> None:
    """Write the 指标 sheet: one row per accepted body (in the frame's order), then the level (全县), then notes."""
    last_col = len(NAME_HEADERS) + len(SUB_HEADERS) * len(INDICATORS) - 1
    ws.merge_range(0, 0, 0, last_col, TITLE, formats["bold"])
    _write_headers(ws, formats)
    rows = _body_rows(accepted, table, formats)
    rows.append([(total_label, formats["bold_cell"]), ("", formats["cell"])]
                + [cell for ind in INDICATORS
                   for cell in _triple(table.county[ind.id], math.nan, table.county_flags[ind.id], formats)])
    ws.write_value_rows(FIRST_ROW, rows)  # a province's 10,000 rows at once (pipeline/excel/bulk.py)
    county_row = FIRST_ROW + len(accepted)
    _write_notes(ws, county_row + 2, default_thresholds() | dict(thresholds or {}), formats)
    _layout(ws, len(accepted), last_col)


def _body_rows(accepted: pd.DataFrame, table: IndicatorTable,
               formats: dict[str, Format]) -> list[list[tuple[float | str | None, Format]]]:
    """Each body's row: name, type and every indicator's three cells, as _triple gives them.

    Made a column at a time and turned into rows once (a province's 8,000 rows x 15 indicators x 3 cells): a
    flag's cell is one of three, made once; ratios and ranks are tested in one pass over each column.
    """
    ids = [ind.id for ind in INDICATORS]
    percent, number = formats["cell_percent"], formats["cell_number"]
    flag_cells = {flag: (flag, formats[style]) for flag, style in FLAG_STYLE.items()}
    columns: list[list[tuple[float | str | None, Format]]] = []
    for values, ranks, flags in zip(table.values[ids].to_numpy(dtype=float).T.tolist(),
                                    table.ranks[ids].to_numpy(dtype=float).T.tolist(),
                                    table.flags[ids].to_numpy(dtype=str).T.tolist(), strict=True):
        columns.append([(None if math.isnan(v) else v, percent) for v in values])
        columns.append([(None if math.isnan(r) else int(r), number) for r in ranks])
        columns.append([flag_cells[f] for f in flags])
    cell = formats["cell"]
    names, kinds = accepted["name"].tolist(), accepted["kind"].tolist()  # not a cell at a time through pandas
    return [[(str(name), cell), (str(kind), cell), *cells]
            for name, kind, cells in zip(names, kinds, zip(*columns, strict=True), strict=True)]


def _write_headers(ws: Worksheet, formats: dict[str, Format]) -> None:
    for col, text in enumerate(NAME_HEADERS):
        ws.merge_range(HEADER_ROW, col, SUB_ROW, col, text, formats["table_header"])
    for k, ind in enumerate(INDICATORS):
        first = len(NAME_HEADERS) + k * len(SUB_HEADERS)
        ws.merge_range(HEADER_ROW, first, HEADER_ROW, first + len(SUB_HEADERS) - 1, ind.name, formats["table_header"])
        for j, text in enumerate(SUB_HEADERS):
            ws.write_string(SUB_ROW, first + j, text, formats["table_header"])


def _triple(value: float, rank: float, flag: str, formats: dict[str, Format]) -> list[tuple[float | str | None, Format]]:
    """An indicator's 比率, 排名 and 预警 cells; no denominator leaves the ratio and rank blank, never 0%."""
    return [(None if math.isnan(value) else float(value), formats["cell_percent"]),
            (None if math.isnan(rank) else int(rank), formats["cell_number"]),
            (flag, formats[FLAG_STYLE[flag]])]


def _write_notes(ws: Worksheet, row: int, limits: Mapping[str, tuple[float, float]],
                 formats: dict[str, Format]) -> None:
    ws.write_string(row, 0, "说明", formats["bold"])
    for i, ind in enumerate(INDICATORS, start=1):
        ws.write_string(row + i, 0, threshold_note(ind, *limits[ind.id]), formats["text_line"])
    ws.write_string(row + len(INDICATORS) + 1, 0, "预警值可在运行时修改，例如：python -m pipeline report "
                    "--inbox 收件箱 --year 2024 --threshold 实质公开率=60,40", formats["text_line"])


def _layout(ws: Worksheet, bodies: int, last_col: int) -> None:
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 10)
    ws.set_column(2, last_col, 7)
    ws.set_row(HEADER_ROW, 20)
    ws.freeze_panes(FIRST_ROW, 1)
    ws.autofilter(SUB_ROW, 0, SUB_ROW + max(bodies, 1), last_col)
    ws.set_paper(9)
    ws.set_landscape()
    ws.repeat_rows(HEADER_ROW, SUB_ROW)
    ws.fit_to_pages(1, 0)
