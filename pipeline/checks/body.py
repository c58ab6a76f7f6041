"""How the checks read a submission's 基本信息: as typed (for messages) or as its normalised Body."""

from __future__ import annotations

from typing import Any

from pipeline.types import Submission


def info_value(sub: Submission, field_id: str) -> Any:
    """A 基本信息 value as the workbook holds it; None when the cell is empty."""
    return sub.info.get(field_id)


def name_of(sub: Submission) -> str:
    """The body's name, for the 单位 column of a problem."""
    return sub.body.name


def kinds_of(subs: list[Submission]) -> list[str]:
    """Each submission's 单位类型 without surrounding spaces; '' when not filled in."""
    return [s.body.kind for s in subs]
