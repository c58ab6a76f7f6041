"""Rules that hold only under a condition (body type, size of a figure), checked over the batch.

Each check is derived from the rule's declaration in schemas/conditions.py; the template's formulas for the same
declarations are in pipeline/template/constraint_formulas.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

import numpy as np
import pandas as pd

from pipeline.checks.batch import Batch
from pipeline.checks.body import kinds_of
from pipeline.checks.issues import make_issue, number_cells
from pipeline.common.numbers import format_number
from pipeline.types import Issue
from schemas import SPEC
from schemas.constraints import AtMost, Condition, Implies, ZeroForKinds
from schemas.spec import ReportSpec


def check_conditions(batch: Batch, spec: ReportSpec = SPEC) -> list[Issue]:
    """Every conditional rule over the batch."""
    return [issue for condition in spec.conditions for issue in check_condition(condition, batch, spec)]


def check_condition(condition: Condition, batch: Batch, spec: ReportSpec) -> Iterator[Issue]:
    """The problems one declared condition finds in the batch."""
    match condition:
        case ZeroForKinds():
            return _zero_for_kinds(condition, batch, spec)
        case AtMost():
            return _at_most(condition, batch, spec)
        case Implies():
            return _implies(condition, batch, spec)
        case _:
            assert_never(condition)


DECIMALS_TOLERANCE = 1e-9  # a figure within this of its rounding has no more decimals (float noise)


def condition_failures(condition: Condition, frame: pd.DataFrame, kinds: list[str]) -> np.ndarray:
    """For each row of the frame (kinds: each row's 单位类型), whether the declared condition fails.

    A NaN (an unreadable cell) never fails a condition: its cell's own rule reports it. The template's
    cached ✓/✗ come from this too (pipeline/template/verdicts.py), over the cells as its formulas see them.
    """
    match condition:
        case ZeroForKinds():
            listed = np.array([k in condition.kinds for k in kinds], dtype=bool)
            failed = (frame[list(condition.ids)].to_numpy().sum(axis=1) > 0) & listed
        case AtMost():
            values = frame[condition.id].to_numpy()
            failed = (values > condition.limit) | (np.abs(values - values.round(condition.decimals)) > DECIMALS_TOLERANCE)
        case Implies():
            when = frame[list(condition.when)].to_numpy().sum(axis=1)
            then = frame[list(condition.then)].to_numpy().sum(axis=1)
            failed = (when > 0) & (then == 0)
        case _:
            assert_never(condition)
    return np.asarray(failed, dtype=bool)


def _rows(mask: np.ndarray) -> Iterator[int]:
    return (int(i) for i in np.flatnonzero(mask))


def _zero_for_kinds(condition: ZeroForKinds, batch: Batch, spec: ReportSpec) -> Iterator[Issue]:
    numbers = [spec.number(i) for i in condition.ids]
    values = batch.frame[list(condition.ids)].to_numpy()
    kinds = kinds_of(batch.subs)
    for i in _rows(condition_failures(condition, batch.frame, kinds)):
        detail = "、".join(f"{n.short} {format_number(v)}" for n, v in zip(numbers, values[i], strict=True))
        yield make_issue(spec, condition.rule, batch.subs[i], numbers[0].sheet, number_cells(*numbers),
                         expected="0", actual=format_number(values[i].sum()), detail=detail, value=kinds[i])


def _at_most(condition: AtMost, batch: Batch, spec: ReportSpec) -> Iterator[Issue]:
    number = spec.number(condition.id)
    values = batch.frame[number.id].to_numpy()
    expected = f"不超过{condition.limit}{condition.unit}，至多{condition.decimals}位小数"
    for i in _rows(condition_failures(condition, batch.frame, [])):
        yield make_issue(spec, condition.rule, batch.subs[i], number.sheet, number_cells(number),
                         expected=expected, actual=format_number(values[i]))


def _implies(condition: Implies, batch: Batch, spec: ReportSpec) -> Iterator[Issue]:
    when = batch.frame[list(condition.when)].to_numpy().sum(axis=1)
    first = spec.number(condition.when[0])
    for i in _rows(condition_failures(condition, batch.frame, [])):
        yield make_issue(spec, condition.rule, batch.subs[i], first.sheet, number_cells(first),
                         expected="0", actual=format_number(when[i]))
