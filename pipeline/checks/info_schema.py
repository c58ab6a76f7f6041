"""The pandera schema of 基本信息, derived from each field's check (schemas/constraints.py).

Each check is named after its rule, so a failure case maps straight back to a rule; the frame holds the
values as text, the form people typed them in, one row per submission and one column per checked field.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, assert_never

import pandas as pd

from pipeline.checks.batch import Batch
from pipeline.checks.body import info_value
from pipeline.common.creditcode import code_problem
from pipeline.common.dates import parse_date
from pipeline.common.numbers import format_number
from schemas import SPEC
from schemas.constraints import BodyKind, CreditCode, InfoCheck, RequiredText, RunYear, ValidDate
from schemas.spec import InfoField, ReportSpec

# pandera is imported where first used: a run with no workbook to check (a level above, over its roll-ups)
# does not pay for importing it (a sixth of a second)
if TYPE_CHECKING:
    import pandera.pandas as pa


def info_schema(year: int, spec: ReportSpec = SPEC) -> pa.DataFrameSchema:
    """The pandera schema of the 基本信息 frame for a run of the given year."""
    import pandera.pandas as pa

    return pa.DataFrameSchema({f.id: pa.Column(str, _check(f.check, year, spec))
                               for f in checked_fields(spec) if f.check is not None})


def _check(check: InfoCheck, year: int, spec: ReportSpec) -> pa.Check:
    import pandera.pandas as pa

    # Not pa.Check.isin and the like: built-in checks report their own error text in failure_cases, not the name.
    match check:
        case RequiredText():
            return pa.Check(lambda s: s.str.len() > 0, name=check.rule)
        case BodyKind():
            kinds = list(spec.body_kinds)
            return pa.Check(lambda s: s.isin(kinds), name=check.rule)
        case CreditCode():
            return pa.Check(lambda s: s.map(code_problem) == "", name=check.rule)
        case RunYear():
            return pa.Check(lambda s: s == str(year), name=check.rule)
        case ValidDate():
            return pa.Check(lambda s: s.map(lambda v: parse_date(v) is not None), name=check.rule)
        case _:
            assert_never(check)


def checked_fields(spec: ReportSpec) -> tuple[InfoField, ...]:
    """The 基本信息 fields that have a check, in sheet order."""
    return tuple(f for f in spec.info_fields if f.check is not None)


def info_frame(batch: Batch, spec: ReportSpec = SPEC) -> pd.DataFrame:
    """基本信息 of every submission as text, the form people typed it in."""
    fields = checked_fields(spec)
    rows = [{f.id: _as_text(f.check, info_value(sub, f.id)) for f in fields} for sub in batch.subs]
    return pd.DataFrame(rows, columns=[f.id for f in fields], dtype=object)


def _as_text(check: InfoCheck | None, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(check, ValidDate) and parse_date(value) is not None:
        return str(parse_date(value))
    if isinstance(check, RunYear) and isinstance(value, float | int) and not isinstance(value, bool):
        return format_number(float(value))
    text = str(value).strip()
    return re.sub(r"\s*年(度)?$", "", text) if isinstance(check, RunYear) else text


def expected_text(check: InfoCheck, value: str, year: int, spec: ReportSpec) -> str:
    """What a failed field should have held, for the {expected} of its rule's message."""
    match check:
        case RequiredText():
            return ""
        case BodyKind():
            return "、".join(spec.body_kinds)
        case CreditCode():
            return code_problem(value) if value else "未填写"
        case RunYear():
            return str(year)
        case ValidDate():
            return "日期"
        case _:
            assert_never(check)
