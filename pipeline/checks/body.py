"""How the checks read a submission's 基本信息: one small function per need, so that a change in how a
submission holds it (a normalised record instead of RawSubmission.info) is made here alone."""

from __future__ import annotations

from typing import Any

from pipeline.reading.workbook import RawSubmission


def info_value(sub: RawSubmission, field_id: str) -> Any:
    """A 基本信息 value as the workbook holds it; None when the cell is empty."""
    return sub.info.get(field_id)


def name_of(sub: RawSubmission) -> str:
    """The body's name as the workbook gives it, for the 单位 column of a problem."""
    name = info_value(sub, "name")
    return str(name).strip() if name not in (None, "") else ""


def kinds_of(subs: list[RawSubmission]) -> list[str]:
    """Each submission's 单位类型 without surrounding spaces; '' when not filled in."""
    return [str(info_value(s, "kind") or "").strip() for s in subs]
