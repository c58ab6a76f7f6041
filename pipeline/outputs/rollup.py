"""The county roll-up workbook 汇总.xlsx: 汇总, 明细, 按类型, 报送情况."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.common.frames import column_rows
from pipeline.decide.hierarchy import REGION
from pipeline.decide.indicators import INDICATOR_SHEET, Thresholds
from pipeline.decide.jobs import META
from pipeline.decide.last_year import YearComparison
from pipeline.decide.ledger import LedgerRow
from pipeline.decide.status import FileStatus
from pipeline.decide.sums import CountyFigures, county_figures
from pipeline.excel.bulk import BulkWorksheet
from pipeline.excel.lists import write_cell, write_list
from pipeline.excel.styles import make_formats
from pipeline.excel.tables import write_stacked
from pipeline.excel.workbook import new_workbook
from pipeline.outputs.charts import CHART_SHEET, write_chart_sheet
from pipeline.outputs.indicator_sheet import write_indicator_sheet
from pipeline.outputs.year_compare import with_last_year, write_compare_sheets
from pipeline.run.atomic import atomic_path
from pipeline.run.collector import set_aside
from schemas import SPEC
from schemas.hierarchy import REGION_HEADER, ROLLUP_DETAIL_SHEET, ROLLUP_TOTALS_SHEET
from schemas.spec import ReportSpec

META_HEADERS = ("单位名称", "单位类型", "统一社会信用代码", "文件")
STATUS_HEADERS = ("单位名称", "单位类型", "统一社会信用代码", "名单", "状态", "文件", "填报日期", "发件人", "发送时间",
                  "错误数", "警告数", "被替代为")
STATUS_WIDTHS = (24, 10, 22, 8, 8, 36, 12, 24, 18, 7, 7, 36)
HISTORY_SHEET = "历次报送"
HISTORY_HEADERS = ("单位名称", "统一社会信用代码", "文件", "首次收到（汇总轮次）", "状态", "错误数", "警告数", "被替代为",
                   "填报日期", "发件人", "发送时间", "文件指纹")
HISTORY_WIDTHS = (24, 22, 36, 10, 8, 7, 7, 36, 12, 24, 18, 14)
TOTAL_LABEL = "合计"


def status_row(s: FileStatus) -> tuple[object, ...]:
    """One 报送情况 row."""
    return (s.body, s.kind, s.code, s.roster, s.status, s.file, s.date, s.sender, s.received, s.errors, s.warnings,
            s.superseded_by)


def history_row(r: LedgerRow) -> tuple[object, ...]:
    """One 历次报送 row."""
    return (r.body, r.code, r.file, f"第{r.first_round}轮", r.status, r.errors, r.warnings, r.superseded_by, r.date,
            r.sender, r.received, r.sha256[:12])


def write_rollup(dest: Path, year: int, accepted: pd.DataFrame, statuses: Sequence[FileStatus],
                 history: Sequence[LedgerRow] = (), spec: ReportSpec = SPEC,
                 thresholds: Thresholds | None = None, figures: CountyFigures | None = None,
                 compare: YearComparison | None = None,
                 more: Callable[[Workbook, dict[str, Format]], None] | None = None, scope: str = "") -> Path:
    """Write 汇总.xlsx atomically.

    Args:
        dest: the .xlsx to write.
        year: 报告年度.
        accepted: one row per accepted body: META columns and one column per number id.
        statuses: every received file and every roster body (报送情况).
        history: every file ever taken in, from the ledger (历次报送).
        thresholds: warning thresholds of the 指标 sheet (defaults: schemas/indicators.py).
        figures: county_figures(accepted, spec, thresholds), when the caller has them already.
        compare: last year's figures (pipeline/decide/last_year.py); None: no run history, no sheets about it.
        more: writes the sheets after these (the record, the regions: pipeline/outputs/levels.py).
        scope: what the totals cover when not a county's (全市, 全省).
    Returns:
        dest.
    """
    title = f"{year}年度政府信息公开工作年度报告汇总"
    figures = figures or county_figures(accepted, spec, thresholds)
    totals = figures.totals
    with atomic_path(dest) as tmp:
        wb = new_workbook(tmp, title)
        formats = make_formats(wb)
        heading = f"{title}（共 {len(accepted)} 个单位）"
        write_stacked(wb.add_worksheet(ROLLUP_TOTALS_SHEET), spec.tables, totals, formats, heading)
        _write_detail(wb.add_worksheet(ROLLUP_DETAIL_SHEET, worksheet_class=BulkWorksheet), accepted, totals, formats, spec)
        set_aside()  # 明细 (a province's 1.6 million numbers) lives until the workbook is closed: no pass walks it
        _write_kinds(wb.add_worksheet("按类型", worksheet_class=BulkWorksheet), figures.kinds, formats, spec)
        write_indicator_sheet(wb.add_worksheet(INDICATOR_SHEET, worksheet_class=BulkWorksheet), accepted,
                              figures.indicators, formats, thresholds, *([scope] if scope else []))
        write_chart_sheet(wb, wb.add_worksheet(CHART_SHEET), accepted, figures.kinds, totals, formats, spec,
                          *([scope] if scope else []))
        status_sheet = wb.add_worksheet("报送情况", worksheet_class=BulkWorksheet)
        headers, rows, widths = with_last_year(STATUS_HEADERS, [status_row(s) for s in statuses], STATUS_WIDTHS,
                                               statuses, compare)
        write_list(status_sheet, headers, rows, formats, widths)
        _print_wide(status_sheet, repeat_first_column=False)
        history_sheet = wb.add_worksheet(HISTORY_SHEET, worksheet_class=BulkWorksheet)
        write_list(history_sheet, HISTORY_HEADERS, [history_row(r) for r in history], formats, HISTORY_WIDTHS)
        _print_wide(history_sheet, repeat_first_column=False)
        if compare is not None:
            write_compare_sheets(wb, year, accepted, totals, compare, formats, spec)
            for sheet in wb.worksheets()[-2:]:
                _print_wide(sheet)
        if more:  # last: the roll-up's record is the workbook's last sheet
            more(wb, formats)
        wb.close()
    return dest


def _number_headers(spec: ReportSpec) -> list[str]:
    return [n.label for n in spec.numbers]


def _write_detail(ws: BulkWorksheet, accepted: pd.DataFrame, totals: dict[str, float], formats: dict[str, Format],
                  spec: ReportSpec) -> None:
    ids = [n.id for n in spec.numbers]
    # Above the county each body's region stands beside its file (pipeline/decide/hierarchy.py).
    region = REGION in accepted
    meta, headers = (META + (REGION,), META_HEADERS + (REGION_HEADER,)) if region else (META, META_HEADERS)
    rows = [list(r) for r in column_rows(accepted, meta)]
    end = write_list(ws, list(headers) + _number_headers(spec), rows, formats, (24, 10, 22, 30) + ((20,) * region))
    # Two million numbers for a province: one block, not one call per cell (pipeline/excel/bulk.py).
    ws.write_number_rows(1, len(meta), accepted[ids].to_numpy(dtype=float), formats["cell_number"])
    ws.set_column(len(meta), len(meta) + len(ids) - 1, 12)
    ws.set_row(0, 90)
    ws.write_string(end, 0, TOTAL_LABEL, formats["bold"])
    for j, value in enumerate(totals.values()):
        write_cell(ws, end, len(meta) + j, value, formats)
    ws.freeze_panes(1, 1)
    _print_wide(ws)


def subtotal_rows(subtotals: pd.DataFrame, spec: ReportSpec = SPEC) -> list[list[object]]:
    """Rows of a frame of subtotals (indexed by kind or region; "bodies", then one column per number id): the name,
    the number of bodies, every number; from whole columns, not cell by cell (a province's 160 regions x 175)."""
    numbers = subtotals[[n.id for n in spec.numbers]].to_numpy(dtype=float).tolist()
    return [[str(name), int(bodies), *row]
            for name, bodies, row in zip(subtotals.index, subtotals["bodies"], numbers, strict=True)]


def _write_kinds(ws: Worksheet, kinds: pd.DataFrame, formats: dict[str, Format], spec: ReportSpec) -> None:
    rows = subtotal_rows(kinds, spec)
    write_list(ws, ["单位类型", "单位数"] + _number_headers(spec), rows, formats, (12, 8))
    ws.set_column(2, 1 + len(spec.numbers), 12)
    ws.set_row(0, 90)
    ws.freeze_panes(1, 1)
    _print_wide(ws)


def _print_wide(ws: Worksheet, repeat_first_column: bool = True) -> None:
    """Landscape A4; a list too wide for one page repeats its header row (and name column) on every page."""
    ws.set_paper(9)
    ws.set_landscape()
    ws.repeat_rows(0)
    if repeat_first_column:
        ws.repeat_columns(0)
    else:
        ws.fit_to_pages(1, 0)
