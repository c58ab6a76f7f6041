"""`python -m pipeline check FILE --history 路径`: one workbook's problems, with last year's figures checked too."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.checks.batch import build_batch
from pipeline.checks.cross_year import cross_year
from pipeline.checks.runner import issue_order
from pipeline.common.filenames import readable_name
from pipeline.decide.history import load_history
from pipeline.file_check import CheckResult, check_file
from pipeline.inbox.discover import Found
from pipeline.reading.intake import read_found
from pipeline.settings import FOREIGN_SUFFIXES
from pipeline.types import Submission
from schemas import SPEC
from schemas.spec import ReportSpec


@dataclass(frozen=True)
class HistoryCheckResult(CheckResult):
    """check_file's verdict with the cross-year problems, and notes on last year's data."""

    notes: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return "\n".join([super().summary(), *(f"  上年数据：{n}" for n in self.notes)])


def check_file_with_history(path: Path, year: int | None, history: Sequence[Path],
                            spec: ReportSpec = SPEC) -> CheckResult:
    """check_file, plus the cross-year rules against the reports found under the history paths."""
    result = check_file(path, year, spec)
    if not result.usable:
        return result
    last_year = load_history(history, spec)
    found = Found(path, readable_name(path.name), path.suffix.lower() in FOREIGN_SUFFIXES)
    sub = read_found(found, path.read_bytes(), spec)
    if not isinstance(sub, Submission):  # read once already, so not expected; the first reading's verdict stands
        return result
    this_year = year if year is not None else sub.body.year or 0
    cross = cross_year(build_batch([sub], spec), last_year, this_year, spec)
    notes = list(last_year.notes)
    if not last_year:
        notes.append("在 --history 指定的位置没有找到任何上年度报告，未做跨年度核对")
    elif cross.without:
        notes.append(f"没有找到本单位 {this_year - 1} 年度的数据（无上年数据），未做跨年度核对")
    issues = sorted(result.issues + cross.issues, key=issue_order(spec))
    return HistoryCheckResult(result.file, issues, result.usable, notes)
