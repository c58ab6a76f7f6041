"""Read every discovered file: a Submission, or one problem that says why the file cannot be used."""

from __future__ import annotations

from pathlib import PurePosixPath

from pipeline.common.messages import fill
from pipeline.common.oserrors import os_reason
from pipeline.errors import WorkbookProblem
from pipeline.inbox.discover import Found
from pipeline.inbox.guard import inspect
from pipeline.reading.document import read_document
from pipeline.reading.rollup import is_rollup, read_rollup, saved_by
from pipeline.reading.workbook import read_submission
from pipeline.settings import PUBLISHED_SUFFIXES
from pipeline.types import Issue, Rollup, Submission
from schemas import SPEC
from schemas.spec import ReportSpec

FOREIGN_ADVICE = {
    ".et": "这是WPS表格格式（.et），请在WPS中“另存为”Excel工作簿（.xlsx）后重新发送",
    ".xlsb": "这是Excel二进制格式（.xlsb），请“另存为”Excel工作簿（.xlsx）后重新发送",
    ".csv": "这是CSV文本，不是填报模板，请使用下发的Excel模板填写",
}
DEFAULT_ADVICE = "这不是Excel工作簿，请发送填写好的Excel填报模板（.xlsx）"


def read_strict(found: Found, data: bytes, spec: ReportSpec = SPEC) -> Submission | Rollup | Issue:
    """Read one file's bytes: a Submission (a roll-up of the level below: a Rollup), or the Issue saying why
    the file cannot be used.

    Anything else raised is a bug of a reader (ours or a library's): the fuzz tests call this, so they see it.
    """
    try:
        if found.foreign:
            raise WorkbookProblem("R-WB-UNREADABLE", FOREIGN_ADVICE.get(found.path.suffix.lower(), DEFAULT_ADVICE))
        mtime = found.mtime if found.mtime is not None else found.path.stat().st_mtime
        if is_published(PurePosixPath(found.display).suffix):
            return read_document(found.display, data, mtime, spec)
        inspected = inspect(data)
        if is_rollup(inspected):
            return read_rollup(found.display, data, mtime, spec, saved_by(inspected))
        # calamine reads the XML the guard inflated (and checked) rather than inflating every part again, and
        # without the formula text it would only skip over (it reads cached values)
        return read_submission(found.display, data, mtime, spec, readable=inspected.unpacked(values_only=True))
    except WorkbookProblem as problem:
        return problem_issue(found.display, problem, spec)


def is_published(suffix: str) -> bool:
    """A published report, by its name (.html .htm .docx .pdf .txt); its reader tells the kind from the bytes."""
    return suffix.lower() in PUBLISHED_SUFFIXES


def read_found(found: Found, data: bytes, spec: ReportSpec = SPEC) -> Submission | Rollup | Issue:
    """read_strict with a safety net: a reader's bug in one file becomes that file's Issue, never a stopped batch."""
    try:
        return read_strict(found, data, spec)
    except BaseException as exc:  # pyo3 panics are BaseExceptions
        if isinstance(exc, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        detail = f"读取时出错（{type(exc).__name__}），文件可能已损坏，请用Excel或WPS打开确认后重新保存发送"
        return problem_issue(found.display, WorkbookProblem("R-WB-UNREADABLE", detail), spec)


def unopenable(exc: OSError) -> str:
    """Why a file of the inbox could not even be opened, in words."""
    return f"文件无法打开（{os_reason(exc)}），请检查文件是否被移走、是否有读取权限，然后重新运行"


def problem_issue(display: str, problem: WorkbookProblem, spec: ReportSpec = SPEC) -> Issue:
    """The Issue record of a file that cannot be used."""
    rule = spec.rule(problem.rule)
    message = fill(rule.message, detail=problem.detail, value=problem.value, expected=spec.template_version)
    return Issue(display, "", problem.sheet, problem.cells, rule.id, rule.severity, message,
                 spec.template_version if problem.rule == "R-WB-OLD-VERSION" else "", problem.value)
