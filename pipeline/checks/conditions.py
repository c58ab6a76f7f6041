"""Rules that hold only under a condition (body type, size of a figure), checked over the batch.

Each check is derived from the rule's declaration in schemas/conditions.py; the template's formulas for the same
declarations are in pipeline/template/constraint_formulas.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import assert_never

import numpy as np

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


def _rows(mask: np.ndarray) -> Iterator[int]:
    return (int(i) for i in np.flatnonzero(mask))


def _zero_for_kinds(condition: ZeroForKinds, batch: Batch, spec: ReportSpec) -> Iterator[Issue]:
    numbers = [spec.number(i) for i in condition.ids]
    values = batch.frame[list(condition.ids)].to_numpy()
    total = values.sum(axis=1)
    kinds = kinds_of(batch.subs)
    listed = np.array([k in condition.kinds for k in kinds], dtype=bool)
    for i in _rows((total > 0) & listed):
        detail = "、".join(f"{n.short} {format_number(v)}" for n, v in zip(numbers, values[i], strict=True))
        yield make_issue(spec, condition.rule, batch.subs[i], numbers[0].sheet, number_cells(*numbers),
                         expected="0", actual=format_number(total[i]), detail=detail, value=kinds[i])


def _at_most(condition: AtMost, batch: Batch, spec: ReportSpec) -> Iterator[Issue]:
    number = spec.number(condition.id)
    values = batch.frame[number.id].to_numpy()
    odd = (values > condition.limit) | (np.abs(values - values.round(condition.decimals)) > 1e-9)
    expected = f"不超过{condition.limit}{condition.unit}，至多{condition.decimals}位小数"
    for i in _rows(odd):
        yield make_issue(spec, condition.rule, batch.subs[i], number.sheet, number_cells(number),
                         expected=expected, actual=format_number(values[i]))


def _implies(condition: Implies, batch: Batch, spec: ReportSpec) -> Iterator[Issue]:
    when = batch.frame[list(condition.when)].to_numpy().sum(axis=1)
    then = batch.frame[list(condition.then)].to_numpy().sum(axis=1)
    first = spec.number(condition.when[0])
    for i in _rows((when > 0) & (then == 0)):
        yield make_issue(spec, condition.rule, batch.subs[i], first.sheet, number_cells(first),
                         expected="0", actual=format_number(when[i]))
