"""Types and ranges with pandera, over every submission of a batch in one call per schema.

Each check is named after its rule id, so a failure case maps straight back to a rule, and its
position to a submission and a cell: for the numbers, position = submission * width + the number's
place in the spec; for 基本信息, the frame's index and the field's column. The 基本信息 schema is derived from
the fields' declared checks in pipeline/checks/info_schema.py.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from pipeline.checks.batch import TABLE_TYPE_RULE, Batch
from pipeline.checks.info_schema import expected_text, info_frame, info_schema
from pipeline.checks.issues import cell_issue, make_issue
from pipeline.common.numbers import format_number
from pipeline.types import Issue, Rect
from schemas import SPEC
from schemas.spec import Kind, Number, ReportSpec

# pandera is imported where first used: a run with no workbook to check (a level above, over its roll-ups)
# does not pay for importing it (a sixth of a second)
if TYPE_CHECKING:
    import pandera.pandas as pa


def number_schema(spec: ReportSpec = SPEC) -> pa.SeriesSchema:
    """The pandera schema of every number of the run as one long column, derived from the spec.

    Submission after submission, each in spec order: position = submission * width + number. Floats,
    NaN where a cell was unreadable. One long column rather than 200 columns: pandera costs about a
    millisecond per column and check on every call, which a re-run after one correction would pay.
    """
    import pandera.pandas as pa

    largest = _per_number(spec, lambda n: n.kind.maximum)
    checks = [pa.Check(lambda s: s <= largest(s), name="R-CELL-TOO-LARGE")]
    for table, rule in TABLE_TYPE_RULE.items():
        checks.extend(_table_checks(spec, table, rule))
    return pa.SeriesSchema(float, checks, nullable=True, name="numbers")


def _table_checks(spec: ReportSpec, table: str, rule: str) -> list[pa.Check]:
    """A table's numbers are not negative, and its counts are whole numbers."""
    import pandera.pandas as pa

    lowest = _per_number(spec, lambda n: 0.0 if n.table == table else -math.inf)
    whole = _per_number(spec, lambda n: n.table == table and n.kind is Kind.COUNT)
    return [pa.Check(lambda s: s >= lowest(s), name=rule), pa.Check(lambda s: (s == s.round()) | ~whole(s), name=rule)]


def _per_number(spec: ReportSpec, value: Callable[[Number], Any]) -> Callable[[pd.Series], np.ndarray]:
    """For a slice of the long column, each position's number's value (pandera drops NaN before a check,
    so positions are taken from the index, not counted)."""
    values = np.array([value(n) for n in spec.numbers])
    return lambda s: values[s.index.to_numpy() % len(values)]


def long_numbers(frame: pd.DataFrame, spec: ReportSpec = SPEC) -> pd.Series:
    """The numbers frame as number_schema's long column."""
    return pd.Series(frame[[n.id for n in spec.numbers]].to_numpy(dtype=float).ravel(), name="numbers")


def _failures(validate: Callable[[], object]) -> pd.DataFrame:
    """Each value a lazy validation failed, with its check's name and its position (never a whole column's
    dtype: our frames are built with theirs)."""
    from pandera.errors import SchemaErrors

    try:
        validate()
    except SchemaErrors as err:
        cases: pd.DataFrame = err.failure_cases
        return cases[cases["index"].notna()]
    return pd.DataFrame(columns=["column", "check", "failure_case", "index"])


def validate_types(batch: Batch, year: int, spec: ReportSpec = SPEC) -> list[Issue]:
    """Range and type problems of numbers and 基本信息, as Issues."""
    issues = [_number_issue(batch, row, spec)
              for row in _failures(lambda: number_schema(spec).validate(long_numbers(batch.frame, spec), lazy=True)).itertuples()]
    info = info_frame(batch, spec)
    for row in _failures(lambda: info_schema(year, spec).validate(info, lazy=True)).itertuples():
        issues.append(_info_issue(batch, row, year, spec))
    return issues


def _number_issue(batch: Batch, row: Any, spec: ReportSpec) -> Issue:
    sub, number = divmod(int(row.index), len(spec.numbers))
    return cell_issue(spec, str(row.check), batch.subs[sub], spec.numbers[number], raw=format_number(float(row.failure_case)))


def _info_issue(batch: Batch, row: Any, year: int, spec: ReportSpec) -> Issue:
    field = spec.info_field(str(row.column))
    value = str(row.failure_case)
    expected = expected_text(field.check, value, year, spec) if field.check is not None else ""
    return make_issue(spec, str(row.check), batch.subs[int(row.index)], spec.sheets.info,
                      (Rect.cell(field.row, spec.info_value_col),), expected=expected, actual=value)
