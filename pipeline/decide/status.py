"""Per body, the submission that counts: the latest 填报日期, then the latest file time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.common.creditcode import code_problem
from pipeline.common.dates import parse_date
from pipeline.common.labels import normalise_label
from pipeline.reading.workbook import RawSubmission
from pipeline.types import Issue
from schemas.spec import Severity

PASSED, WARNED, REJECTED, UNREADABLE, SUPERSEDED = "通过", "有警告", "退回", "无法读取", "已被替代"
NOT_SENT = "未报送"
ON_ROSTER, OFF_ROSTER = "名单内", "名单外"


@dataclass(frozen=True)
class FileStatus:
    """One received file as 报送情况 lists it."""

    file: str
    body: str
    kind: str
    code: str
    date: str
    status: str
    errors: int
    warnings: int
    superseded_by: str = ""
    sender: str = ""
    received: str = ""  # when the email carrying it was sent, where known
    roster: str = ""  # 名单内 / 名单外, or empty without a roster


def body_key(sub: RawSubmission) -> str:
    """Who sent it: the 统一社会信用代码 when valid, else the normalised 单位名称."""
    code = str(sub.info.get("code") or "").strip().upper()
    if code and not code_problem(code):
        return code
    return "name:" + normalise_label(sub.info.get("name") or sub.file)


def _recency(sub: RawSubmission) -> tuple[dt.date, float, str]:
    return (parse_date(sub.info.get("date")) or dt.date.min, sub.mtime, sub.file)


def choose(subs: list[RawSubmission], key_of: Callable[[RawSubmission], str] = body_key) -> dict[str, str]:
    """file -> the file that supersedes it (absent for the chosen one of each body)."""
    latest: dict[str, RawSubmission] = {}
    for sub in subs:
        key = key_of(sub)
        if key not in latest or _recency(sub) > _recency(latest[key]):
            latest[key] = sub
    return {s.file: latest[key_of(s)].file for s in subs if latest[key_of(s)].file != s.file}


def file_statuses(subs: list[RawSubmission], issues: list[Issue], refused: list[Issue],
                  superseded: dict[str, str]) -> list[FileStatus]:
    """Every file received, readable or not, with its status and problem counts."""
    errors = Counter(i.file for i in issues if i.severity == Severity.ERROR.value)
    warnings = Counter(i.file for i in issues if i.severity == Severity.WARNING.value and not i.explanation)
    rows = [_status(s, errors[s.file], warnings[s.file], superseded.get(s.file, "")) for s in subs]
    for issue in refused:
        status = UNREADABLE if issue.rule == "R-WB-UNREADABLE" else REJECTED
        rows.append(FileStatus(issue.file, "", "", "", "", status, 1, 0, sender=issue.sender))
    return sorted(rows, key=lambda r: r.file)


def _status(sub: RawSubmission, errors: int, warnings: int, superseded_by: str) -> FileStatus:
    if superseded_by:
        status = SUPERSEDED
    else:
        status = REJECTED if errors else (WARNED if warnings else PASSED)
    date = parse_date(sub.info.get("date"))
    return FileStatus(sub.file, str(sub.info.get("name") or "").strip(), str(sub.info.get("kind") or "").strip(),
                      str(sub.info.get("code") or "").strip(), str(date) if date else "", status, errors, warnings,
                      superseded_by, sub.sender, sub.received)

