"""`python -m pipeline check FILE`: one workbook's problems, in Chinese or as JSON."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from pipeline.checks.runner import check_batch
from pipeline.common.filenames import readable_name
from pipeline.errors import WorkbookProblem
from pipeline.inbox.discover import Found
from pipeline.reading.intake import problem_issue, read_found, unopenable
from pipeline.settings import FOREIGN_SUFFIXES
from pipeline.types import Issue, Rollup, Submission
from schemas import SPEC
from schemas.spec import ReportSpec, Severity

EXIT_CLEAN, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2


@dataclass(frozen=True)
class CheckResult:
    """One file's verdict."""

    file: str
    issues: list[Issue]
    usable: bool

    @property
    def exit_code(self) -> int:
        if not self.usable:
            return EXIT_UNUSABLE
        return EXIT_ERRORS if any(i.is_error for i in self.issues) else EXIT_CLEAN

    def summary(self) -> str:
        """The problems as lines a person reads."""
        errors = sum(i.is_error for i in self.issues)
        if not self.usable:
            head = f"{self.file}：无法使用"
        elif not self.issues:
            head = f"{self.file}：全部检查通过"
        else:
            head = f"{self.file}：错误 {errors} 个，警告 {len(self.issues) - errors} 个"
        lines = [head] + [f"  [{i.severity}] {i.sheet} {i.cell} {i.message}（{i.rule}）".replace("   ", " ")
                          for i in self.issues]
        return "\n".join(lines)


def _year_of(sub: Submission) -> int:
    # Without --year, judge the file against the year it states (a wrong year is then not an error).
    return sub.body.year or 0


def check_file(path: Path, year: int | None = None, spec: ReportSpec = SPEC) -> CheckResult:
    """Check one workbook on disk without modifying it."""
    if not path.is_file():
        missing = Issue(str(path), "", "", (), "R-WB-UNREADABLE", Severity.ERROR, f"文件“{path}”不存在")
        return CheckResult(str(path), [missing], usable=False)
    found = Found(path, readable_name(path.name), path.suffix.lower() in FOREIGN_SUFFIXES)
    try:
        data = path.read_bytes()
    except OSError as exc:
        problem = problem_issue(found.display, WorkbookProblem("R-WB-UNREADABLE", unopenable(exc)), spec)
        return CheckResult(found.display, [problem], usable=False)
    result = read_found(found, data, spec)
    if isinstance(result, Issue):
        return CheckResult(found.display, [result], usable=False)
    if isinstance(result, Rollup):  # the level below's roll-up: its record was checked while reading it
        return CheckResult(found.display, [], usable=True)
    batch = check_batch([result], year if year is not None else _year_of(result), spec)
    return CheckResult(found.display, batch.issues, usable=True)
