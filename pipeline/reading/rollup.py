"""Read a 汇总.xlsx of the level below (a county's in a city's inbox): its record, checked, as a Rollup.

The record (pipeline/reading/rollup_record.py) is what counts; the visible 汇总 sheet is only compared
with it, cell by cell, so a figure typed over after the file was written is found and named. Everything
that makes a roll-up unusable is a WorkbookProblem naming what and where: the batch goes on without it.
"""

from __future__ import annotations

import hashlib
import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

from python_calamine import CalamineWorkbook

from pipeline.common.cells import a1
from pipeline.errors import WorkbookProblem
from pipeline.excel.tables import stacked_cells
from pipeline.inbox.inspected import Inspected
from pipeline.inbox.rollup_parts import has_sheet, is_rollup_book
from pipeline.inbox.sheet_xml import BOOK_PART
from pipeline.reading.rollup_record import RecordHead, parse_record, tool_version, version_tuple
from pipeline.types import RecordBody, Rect, Rollup
from schemas import SPEC
from schemas.hierarchy import RECORD_SHEET, ROLLUP_DETAIL_SHEET, ROLLUP_TOTALS_SHEET
from schemas.spec import ReportSpec

SUM_TOLERANCE = 1e-3  # totals are rounded to 4 decimals (pipeline/decide/sums.py); a typed figure moves by >= 1e-2
MAX_LISTED = 20  # differing cells named in one message


def is_rollup(inspected: Inspected) -> bool:
    """Whether the workbook is a roll-up (a sheet of the record's name in its workbook part).

    Raises WorkbookProblem for a roll-up whose record sheet is gone (its 汇总 and 明细 sheets are there).
    """
    book = inspected.parts.get(BOOK_PART, b"")
    if is_rollup_book(book):  # the guard's test too: it inflated only what read_rollup opens
        return True
    if has_sheet(book, ROLLUP_TOTALS_SHEET) and has_sheet(book, ROLLUP_DETAIL_SHEET):
        raise WorkbookProblem("R-ROLLUP-RECORD", f"这是一份汇总表，但其中隐藏的“{RECORD_SHEET}”表不见了（被删除，或被不保留"
                              "隐藏工作表的软件另存过），无法确认其中的数字；请下级发送汇总工具生成的原文件")
    return False


def saved_by(inspected: Inspected) -> str:
    """Which other program saved the file after we wrote it, where it says so (LibreOffice does)."""
    return "LibreOffice" if b'appName="Calc"' in inspected.parts.get(BOOK_PART, b"") else ""


def read_rollup(file: str, data: bytes, mtime: float = 0.0, spec: ReportSpec = SPEC, by: str = "") -> Rollup:
    """A roll-up's bytes as a Rollup; WorkbookProblem when its record is missing, damaged, foreign or contradicted."""
    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        lines = [row[0] if row else None for row in wb.get_sheet_by_name(RECORD_SHEET).to_python(skip_empty_area=False)]
    except Exception as exc:  # calamine raises several unrelated types for broken files
        raise WorkbookProblem("R-ROLLUP-RECORD", "汇总记录无法读取，文件可能已损坏，请下级重新发送") from exc
    try:
        head, bodies = parse_record(lines)
    except (ValueError, TypeError, KeyError) as exc:  # a line that is no JSON of ours: edited by hand
        raise WorkbookProblem("R-ROLLUP-RECORD", "汇总记录被改动，无法识别，请下级重新运行汇总后发送") from exc
    _check_head(head, spec)
    _check_sums(head, bodies, spec)
    _check_visible(wb, head, spec)
    return Rollup(file, hashlib.sha256(data).hexdigest(), mtime, head.region, head.code, head.year, head.level,
                  head.tool, head.ids, head.totals, tuple(bodies), saved_by=by)


def _check_head(head: RecordHead, spec: ReportSpec) -> None:
    ours, theirs = version_tuple(tool_version()), version_tuple(head.tool)
    if theirs is None or ours is None or theirs > ours:
        raise WorkbookProblem("R-ROLLUP-VERSION", f"由汇总工具 {head.tool} 版生成，本工具为 {tool_version()} 版"
                              "（较旧或无法识别），请先升级本工具", value=head.tool)
    if head.ids != tuple(n.id for n in spec.numbers):
        raise WorkbookProblem("R-ROLLUP-VERSION", "汇总记录的统计项与本工具的年度报告格式不同，请下级用相同版本的工具重新汇总")
    if not head.region.strip():
        raise WorkbookProblem("R-ROLLUP-REGION", "汇总表没有记录区划名称，请下级汇总时用 --region 写明区划"
                              "（例如 --region 某某县 --region-code 331102）后重新发送")


def _check_sums(head: RecordHead, bodies: Sequence[RecordBody], spec: ReportSpec) -> None:
    counted = [b.figures for b in bodies if b.figures]
    if any(len(f) != len(head.ids) for f in counted):
        raise WorkbookProblem("R-ROLLUP-RECORD", "汇总记录中有单位的数字个数不对，记录可能被改动")
    sums = [math.fsum(column) for column in zip(*counted, strict=True)] if counted else [0.0] * len(head.ids)
    wrong = [(i, t, s) for i, (t, s) in enumerate(zip(head.totals, sums, strict=True))
             if not math.isclose(t, s, abs_tol=SUM_TOLERANCE)]
    if wrong:
        listed = "；".join(f"{spec.number(head.ids[i]).label} 合计 {t:g}，各单位之和 {s:g}" for i, t, s in wrong[:MAX_LISTED])
        raise WorkbookProblem("R-ROLLUP-SUMS", f"合计与其中 {len(counted)} 个单位之和不符（{len(wrong)} 项）：{listed}")


def _check_visible(wb: CalamineWorkbook, head: RecordHead, spec: ReportSpec) -> None:
    """Every total on the visible 汇总 sheet against the record: each cell that differs is named."""
    try:
        grid = wb.get_sheet_by_name(ROLLUP_TOTALS_SHEET).to_python(skip_empty_area=False)
    except Exception as exc:
        raise WorkbookProblem("R-ROLLUP-EDITED", f"工作表“{ROLLUP_TOTALS_SHEET}”不见了", ROLLUP_TOTALS_SHEET) from exc
    differ = visible_differences(grid, dict(zip(head.ids, head.totals, strict=True)), stacked_cells(spec.tables))
    if differ:
        cells = tuple(Rect.cell(r, c) for r, c, _, _ in differ)
        listed = "；".join(f"{a1(r, c)} 为 {_shown(v)}，记录为 {t:g}" for r, c, v, t in differ[:MAX_LISTED])
        more = f"等 {len(differ)} 处" if len(differ) > MAX_LISTED else f"共 {len(differ)} 处"
        raise WorkbookProblem("R-ROLLUP-EDITED", f"工作表“{ROLLUP_TOTALS_SHEET}”中 {listed}（{more}）",
                              ROLLUP_TOTALS_SHEET, cells)


def visible_differences(grid: list[list[Any]], totals: Mapping[str, float],
                        cells: Mapping[str, tuple[int, int]]) -> list[tuple[int, int, Any, float]]:
    """(row, col, shown value, recorded total) of every 汇总 cell that does not show its recorded total."""
    found = []
    for number_id, (r, c) in sorted(cells.items(), key=lambda item: item[1]):
        shown = grid[r][c] if r < len(grid) and c < len(grid[r]) else None
        if not (isinstance(shown, int | float) and math.isclose(float(shown), totals[number_id], rel_tol=1e-12,
                                                                abs_tol=1e-9)):
            found.append((r, c, shown, totals[number_id]))
    return found


def _shown(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return "空白" if value in (None, "") else f"“{value}”"
