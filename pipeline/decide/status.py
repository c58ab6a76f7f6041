"""Per body, the submission that counts (the latest 填报日期, then the latest file time), and every file's status."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from pipeline.types import Issue, Status, Submission

ON_ROSTER, OFF_ROSTER = "名单内", "名单外"


@dataclass(frozen=True)
class FileStatus:
    """One received file as 报送情况 lists it."""

    file: str
    body: str
    kind: str
    code: str
    date: str
    status: Status
    errors: int
    warnings: int
    superseded_by: str = ""
    sender: str = ""
    received: str = ""  # when the email carrying it was sent, where known
    roster: str = ""  # 名单内 / 名单外, or empty without a roster


def body_key(sub: Submission) -> str:
    """Who sent it: the 统一社会信用代码 when valid, else the normalised 单位名称."""
    return sub.key


def _recency(sub: Submission) -> tuple[dt.date, float, str]:
    return (sub.body.date or dt.date.min, sub.mtime, sub.file)


def choose(subs: list[Submission], key_of: Callable[[Submission], str] = body_key) -> dict[str, str]:
    """file -> the file that supersedes it (absent for the chosen one of each body)."""
    keys = [key_of(sub) for sub in subs]  # once each: a key is a code's check or a name's normalisation
    latest: dict[str, Submission] = {}
    for key, sub in zip(keys, subs, strict=True):
        if key not in latest or _recency(sub) > _recency(latest[key]):
            latest[key] = sub
    return {s.file: latest[key].file for key, s in zip(keys, subs, strict=True) if latest[key].file != s.file}

UNREADABLE_RULES = ("R-WB-UNREADABLE", "R-DOC-UNREADABLE")  # the file (a workbook, a published report) cannot be read


def file_statuses(subs: list[Submission], issues: list[Issue], refused: list[Issue],
                  superseded: dict[str, str]) -> list[FileStatus]:
    """Every file received, readable or not, with its status and problem counts."""
    errors = Counter(i.file for i in issues if i.is_error)
    warnings = Counter(i.file for i in issues if not i.is_error and not i.explanation)
    rows = [_status(s, errors[s.file], warnings[s.file], superseded.get(s.file, "")) for s in subs]
    for issue in refused:
        status = Status.UNREADABLE if issue.rule in UNREADABLE_RULES else Status.REJECTED
        rows.append(FileStatus(issue.file, "", "", "", "", status, 1, 0, sender=issue.sender))
    return sorted(rows, key=lambda r: r.file)


def _status(sub: Submission, errors: int, warnings: int, superseded_by: str) -> FileStatus:
    if superseded_by:
        status = Status.SUPERSEDED
    else:
        status = Status.REJECTED if errors else (Status.WARNED if warnings else Status.PASSED)
    body = sub.body
    return FileStatus(sub.file, body.name, body.kind, body.code, str(body.date) if body.date else "", status, errors,
                      warnings, superseded_by, sub.sender, sub.received)
