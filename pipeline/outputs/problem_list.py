"""问题清单: every problem, one row each, errors first; as .xlsx and as .csv (UTF-8 with BOM)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from pipeline.excel.bulk import BulkWorksheet
from pipeline.excel.lists import write_list
from pipeline.excel.styles import make_formats
from pipeline.excel.workbook import new_workbook
from pipeline.run.atomic import atomic_path, write_bytes_atomic
from pipeline.types import Issue

HEADERS = ("级别", "文件", "单位", "工作表", "单元格", "规则编号", "问题说明", "应为", "实为", "单位说明")
WIDTHS = (6, 30, 22, 8, 10, 18, 80, 14, 14, 30)
EXPLAINED = "已说明："
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def issue_row(issue: Issue) -> tuple[str, ...]:
    """One problem as the columns people read."""
    note = EXPLAINED + issue.explanation if issue.explanation else ""
    return (issue.severity, issue.file, issue.body, issue.sheet, issue.cell, issue.rule, issue.message,
            issue.expected, issue.actual, note)


def write_problem_list(dest_xlsx: Path, dest_csv: Path, issues: Sequence[Issue]) -> None:
    """Write both forms of the problem list atomically."""
    rows = [issue_row(i) for i in issues]
    with atomic_path(dest_xlsx) as tmp:
        # Shared strings, as Excel writes them: WPS is reported not to open inline strings (constant_memory).
        # Rows are held as one template each (pipeline/excel/bulk.py), so a province's list stays small.
        wb = new_workbook(tmp, "问题清单")
        formats = make_formats(wb)
        ws = wb.add_worksheet("问题清单", worksheet_class=BulkWorksheet)
        write_list(ws, HEADERS, rows, formats, WIDTHS)
        ws.set_landscape()
        ws.set_paper(9)
        ws.fit_to_pages(1, 0)
        wb.close()
    write_bytes_atomic(dest_csv, csv_bytes(HEADERS, rows))


def csv_safe(value: str) -> str:
    """Text that a spreadsheet opening the CSV will not run as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_bytes(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    """CSV with a BOM, so Excel opens the Chinese text correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(headers)
    writer.writerows([csv_safe(str(v)) for v in row] for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")
