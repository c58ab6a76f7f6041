"""The data validation of the template's 基本信息 cells, derived from each field's check (schemas/constraints.py).

Data validation is an input aid: Excel stops a wrong entry while it is typed. It cannot see a pasted value or
one typed before the rule existed, which is why the 校验 sheet checks the same fields with formulas.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, assert_never

from pipeline.common.creditcode import CODE_LENGTH
from schemas.constraints import BodyKind, CreditCode, RequiredText, RunYear, ValidDate
from schemas.spec import InfoField, ReportSpec


def info_validation(field: InfoField, spec: ReportSpec) -> dict[str, Any] | None:
    """xlsxwriter's data_validation options for a field's value cell; None where Excel has nothing to offer."""
    check = field.check
    match check:
        case None | RequiredText():  # Excel skips blank cells, so it cannot ask for one to be filled in
            return None
        case BodyKind():
            kinds = "、".join(spec.body_kinds)
            return {"validate": "list", "source": list(spec.body_kinds)} | _texts(
                field, check.prompt, f"{check.prompt}：{kinds}")
        case CreditCode():
            return {"validate": "length", "criteria": "==", "value": CODE_LENGTH} | _texts(
                field, check.prompt, check.error)
        case RunYear():
            return {"validate": "integer", "criteria": "between", "minimum": check.first,
                    "maximum": check.last} | _texts(field, check.prompt, check.error)
        case ValidDate():
            return {"validate": "date", "criteria": "between", "minimum": dt.date(check.first, 1, 1),
                    "maximum": dt.date(check.last, 12, 31)} | _texts(field, check.prompt, check.error)
        case _:
            assert_never(check)


def _texts(field: InfoField, prompt: str, error: str) -> dict[str, str]:
    return {"input_title": field.label, "input_message": prompt, "error_title": field.label, "error_message": error}
