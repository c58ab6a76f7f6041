"""汇总.xlsx beside last year (issue 14): the county's figures and each body's main figures with last year's and
the change, and the 上年数据 column of 报送情况. Written only when the run has last year's data; without it the
roll-up is exactly what it was before cross-year checks existed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.decide.last_year import YearComparison, change, figure
from pipeline.decide.status import FileStatus
from pipeline.excel.bulk import BulkWorksheet
from pipeline.excel.lists import write_list
from pipeline.types import Status
from schemas import SPEC
from schemas.spec import ReportSpec
from schemas.year_compare import COMPARED, NO_LAST_YEAR

COUNTY_SHEET = "与上年对比"
BODIES_SHEET = "各单位与上年对比"
LAST_YEAR_HEADER = "上年数据"
COUNTY_WIDTHS = (44, 12, 12, 12, 10)


def with_last_year(headers: Sequence[str], rows: list[tuple[object, ...]], widths: Sequence[float],
                   statuses: Sequence[FileStatus], compare: YearComparison | None
                   ) -> tuple[Sequence[str], list[tuple[object, ...]], Sequence[float]]:
    """报送情况's headers, rows and widths, with the 上年数据 column when the run has history (else as given)."""
    if compare is None:
        return headers, rows, widths
    marks = status_column(statuses, compare)
    return (*headers, LAST_YEAR_HEADER), [(*r, m) for r, m in zip(rows, marks, strict=True)], (*widths, 24)


def status_column(statuses: Sequence[FileStatus], compare: YearComparison) -> list[str]:
    """报送情况's 上年数据 per row: where last year's report came from, 无上年数据, or '' where no body is known
    (a roster body that sent nothing, a file that could not be read)."""
    return [_source(compare, s.file) if s.file and s.status != Status.UNREADABLE else "" for s in statuses]


def _source(compare: YearComparison, file: str) -> str:
    found = compare.by_file.get(file)
    return f"{found.year}年（{found.source}）" if found else NO_LAST_YEAR


def write_compare_sheets(wb: Workbook, year: int, accepted: pd.DataFrame, totals: dict[str, float],
                         compare: YearComparison, formats: dict[str, Format], spec: ReportSpec = SPEC) -> None:
    """The sheets 与上年对比 (every number of the county) and 各单位与上年对比 (each body's main figures)."""
    _write_county(wb.add_worksheet(COUNTY_SHEET), year, totals, compare, formats, spec)
    _write_bodies(wb.add_worksheet(BODIES_SHEET, worksheet_class=BulkWorksheet), year, accepted, compare, formats)


def _write_county(ws: Worksheet, year: int, totals: dict[str, float], compare: YearComparison,
                  formats: dict[str, Format], spec: ReportSpec) -> None:
    sources = "、".join(compare.sources[:3]) + ("等" if len(compare.sources) > 3 else "")
    ws.write_string(0, 0, f"{compare.year}年为上年数据中 {compare.bodies} 个单位的合计（来源：{sources or '无'}）；"
                          "有单位的上年数字未知的项目，上年留空；上年为0时不计增减率", formats["text_line"])
    headers = ("项目", f"{year}年", f"{compare.year}年", "增减", "增减率")
    end = write_list(ws, headers, [], formats, COUNTY_WIDTHS, first_row=1)
    for r, number in enumerate(spec.numbers, start=end):
        now, before = totals[number.id], compare.totals[number.id]
        ws.write_string(r, 0, number.label, formats["cell"])
        for col, (value, style) in enumerate(zip((now, before, *change(now, before)),
                                                 ("cell_number",) * 3 + ("cell_percent",), strict=True), start=1):
            _write_figure(ws, r, col, value, formats[style])
    ws.autofilter(1, 0, end - 1 + len(spec.numbers), len(headers) - 1)


def _write_figure(ws: Worksheet, row: int, col: int, value: float, cell_format: Format) -> None:
    if math.isnan(value):
        ws.write_blank(row, col, None, cell_format)
    else:
        ws.write_number(row, col, value, cell_format)


def _write_bodies(ws: BulkWorksheet, year: int, accepted: pd.DataFrame, compare: YearComparison,
                  formats: dict[str, Format]) -> None:
    headers = ["单位名称", "单位类型", "统一社会信用代码", LAST_YEAR_HEADER]
    for c in COMPARED:
        headers += [f"{c.name}（{year}年）", f"{c.name}（{compare.year}年）", f"{c.name}（增减）"]
    write_list(ws, headers, _body_rows(accepted, compare), formats, (24, 10, 22, 24) + (11,) * (3 * len(COMPARED)))
    ws.set_row(0, 60)
    ws.freeze_panes(1, 1)


def _body_rows(accepted: pd.DataFrame, compare: YearComparison) -> list[list[object]]:
    """One row per accepted body; the figures summed a column at a time (a province has 10,000 bodies)."""
    files = [str(f) for f in accepted["file"]]
    found = [compare.by_file.get(f) for f in files]
    cells: list[list[object]] = [[*meta, _source(compare, f)] for meta, f in
                                 zip(accepted[["name", "kind", "code"]].itertuples(index=False), files, strict=True)]
    for c in COMPARED:
        now = accepted[list(c.ids)].to_numpy(dtype=float).sum(axis=1)
        before = np.array([figure(b.values, c.ids) if b else math.nan for b in found], dtype=float)
        diff = np.round(now - before, 4)
        for row, values in zip(cells, zip(now.tolist(), before.tolist(), diff.tolist(), strict=True), strict=True):
            row.extend(_shown(v) for v in values)
    return cells


def _shown(value: float) -> float | str:
    return "" if math.isnan(value) else value
