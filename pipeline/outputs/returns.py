"""退回件: for a body sent back, a fresh template pre-filled with its own values, every problem cell
marked, a first sheet listing the problems, and a reply text ready to paste into an email.

Built with xlsxwriter from the spec, never by re-saving the body's file (that loses data validation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipeline.common.dates import parse_date
from pipeline.excel.lists import write_list
from pipeline.run.atomic import write_text_atomic
from pipeline.template.build import build_template
from pipeline.types import BodyJob, Fill, Issue, Rect
from schemas import SPEC
from schemas.info import PERSONAL_LOCKED
from schemas.spec import ReportSpec, Severity

RETURNS_DIR = "退回件"
FRONT_SHEET = "需修改的问题"
FRONT_HEADERS = ("序号", "级别", "工作表", "单元格", "问题说明", "应为", "实为")
FRONT_WIDTHS = (6, 6, 10, 10, 80, 14, 14)
FRONT_CHARS_PER_LINE = 40  # Chinese characters that fit the 80-wide message column
FRONT_LINE_HEIGHT = 14


def marked_copy_name(job: BodyJob) -> str:
    return f"{job.stem}_{job.year}年报_退回修改.xlsx"


def cells_of(rects: tuple[Rect, ...]) -> list[tuple[int, int]]:
    """Every cell (row, col) of some rectangles."""
    return [(r, c) for rect in rects for r in range(rect.row, rect.last_row + 1)
            for c in range(rect.col, rect.last_col + 1)]


def marks_of(issues: tuple[Issue, ...]) -> dict[tuple[str, int, int], tuple[Severity, str]]:
    """(sheet, row, col) -> (级别, messages); an error wins over a warning on the same cell."""
    marks: dict[tuple[str, int, int], tuple[Severity, str]] = {}
    for issue in issues:
        if not issue.sheet or not issue.cells or issue.explanation:
            continue
        for row, col in cells_of(issue.cells):
            severity, text = marks.get((issue.sheet, row, col), (Severity.WARNING, ""))
            if issue.is_error:
                severity = issue.severity
            marks[(issue.sheet, row, col)] = (severity, (text + "\n" if text else "") + issue.message)
    return marks


def refill(job: BodyJob, spec: ReportSpec = SPEC) -> Fill:
    """The body's own values; typed totals give way to the template's formulas again."""
    numbers = {k: v for k, v in job.raw_numbers.items() if not spec.number(k).derived}
    info: dict[str, Any] = dict(job.raw_info)
    date = parse_date(info.get("date"))
    if date:
        info["date"] = date
    # Without the body's own figures (its file could not be read) there is nothing to mark.
    marks = marks_of(job.issues) if job.raw_numbers else {}
    return Fill(info=info, numbers=numbers, texts=dict(job.texts), explanations=dict(job.explanations),
                marks=marks, locked_info=frozenset() if job.raw_numbers else PERSONAL_LOCKED)


def write_marked_copy(job: BodyJob, outdir: Path) -> list[Path]:
    """退回件/<单位>_<年度>年报_退回修改.xlsx"""
    dest = outdir / RETURNS_DIR / marked_copy_name(job)
    build_template(dest, refill(job), front=(FRONT_SHEET, lambda ws, formats: _front(ws, formats, job)))
    return [dest]


def _front(ws: Worksheet, formats: dict[str, Format], job: BodyJob) -> None:
    open_issues = [i for i in job.issues if not i.explanation]
    errors = sum(i.is_error for i in open_issues)
    heading = (f"{job.name or job.file}：您单位报送的“{job.file}”有 {len(open_issues)} 个问题（错误 {errors} 个，"
               f"警告 {len(open_issues) - errors} 个）。问题单元格已标为红色（错误）或黄色（警告）并附批注。"
               f"请在本文件中修改，确认“{SPEC.sheets.check}”表全部为 ✓ 后重新报送；警告如属实际情况，可在“"
               f"{SPEC.sheets.check}”表的说明列写明理由。")
    ws.merge_range(0, 0, 0, len(FRONT_HEADERS) - 1, heading, formats["subtitle"])
    ws.set_row(0, 48)
    rows = [(n, i.severity, i.sheet, i.cell, i.message, i.expected, i.actual) for n, i in enumerate(open_issues, 1)]
    write_list(ws, FRONT_HEADERS, rows, formats, FRONT_WIDTHS, first_row=1)
    for r, issue in enumerate(open_issues, start=2):
        style = "error_cell" if issue.is_error else "warning_cell"
        ws.conditional_format(r, 0, r, len(FRONT_HEADERS) - 1, {"type": "no_errors", "format": formats[style]})
        ws.set_row(r, FRONT_LINE_HEIGHT * (1 + len(issue.message) // FRONT_CHARS_PER_LINE) + 4)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def return_note(job: BodyJob) -> str:
    """The reply to paste into an email: greeting, the problems in plain words, the deadline."""
    open_issues = [i for i in job.issues if not i.explanation]
    greeting = f"{job.contact}同志：" if job.contact else f"{job.name or '各单位'}："
    deadline = parse_date(job.deadline)
    when = f"于{deadline.year}年{deadline.month}月{deadline.day}日前" if deadline else "尽快"
    lines = [greeting, "",
             f"您好！您单位报送的{job.year}年政府信息公开工作年度报告（文件“{job.file}”）经校验，"
             f"有以下 {len(open_issues)} 个问题需要修改：", ""]
    lines += [f"{n}. {_where(i)}{i.message}" for n, i in enumerate(open_issues, 1)]
    attachment = (f"附件“{marked_copy_name(job)}”已填好您单位原来的数据，问题单元格标为红色（错误）或黄色（警告）并附说明。"
                  f"请在该文件中修改" if job.raw_numbers else
                  f"您单位发来的文件无法使用。附件“{marked_copy_name(job)}”是新版填报模板，已填好单位名称等基本信息，请在其中填写")
    lines += ["", f"{attachment}，确认“{SPEC.sheets.check}”表全部显示 ✓ 后，{when}重新报送。", "", "谢谢！", ""]
    return "\n".join(lines)


def _where(issue: Issue) -> str:
    return f"【{issue.severity}】{issue.sheet} {issue.cell}：" if issue.sheet else f"【{issue.severity}】"


def write_return_note(job: BodyJob, outdir: Path) -> list[Path]:
    """退回件/<单位>_<年度>年报_退回说明.txt (UTF-8 with BOM, so Windows Notepad shows it right)."""
    dest = outdir / RETURNS_DIR / f"{job.stem}_{job.year}年报_退回说明.txt"
    write_text_atomic(dest, "\ufeff" + return_note(job).replace("\n", "\r\n"))
    return [dest]


