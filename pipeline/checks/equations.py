"""The rule table's equations, run vectorised over every submission at once."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pipeline.checks.batch import Batch
from pipeline.checks.issues import document_places
from pipeline.checks.sums import RowSums
from pipeline.common.messages import TextFlavor, equation_fields, render
from pipeline.common.numbers import format_number
from pipeline.types import Issue, Rect
from schemas import SPEC
from schemas.spec import Equation, ReportSpec, Rule

TOLERANCE = 0.00005  # half of the fourth decimal of 万元; counts are whole numbers


def equation_failures(frame: pd.DataFrame, eq: Equation, sums: RowSums | None = None) -> np.ndarray:
    """Row positions where the equation does not hold (rows with unreadable terms are skipped).

    sums: the frame's RowSums, when many equations are checked over it.
    """
    sums = sums or RowSums(frame)
    lhs = sums.sum([t.id for t in eq.lhs])
    rhs = sums.sum([t.id for t in eq.rhs])
    with np.errstate(invalid="ignore"):  # inf - inf (a typed 1e308) is NaN: not broken, as with pandas before
        return np.flatnonzero(is_broken(lhs, rhs, eq.op))


def is_broken(lhs: Any, rhs: Any, op: str) -> Any:
    """Whether lhs (op) rhs fails, beyond the rounding of 万元: for two sums, or elementwise for arrays
    (a NaN sum, from an unreadable term, never fails). The template's cached ✓/✗ use it too."""
    return lhs < rhs - TOLERANCE if op == ">=" else abs(lhs - rhs) > TOLERANCE


def check_equations(batch: Batch, spec: ReportSpec = SPEC) -> list[Issue]:
    """Every equation of every rule over the whole batch."""
    issues: list[Issue] = []
    values = batch.frame.to_numpy()  # once: a province's batch has 10,000 rows and ~1,500 broken equations
    column = {str(name): j for j, name in enumerate(batch.frame.columns)}
    sums = RowSums(batch.frame)
    for rule in spec.rules:
        for eq in rule.equations:
            for i in equation_failures(batch.frame, eq, sums):
                issues.append(_equation_issue(batch, values, column, int(i), rule, eq, spec))
    return issues


def _equation_issue(batch: Batch, table: np.ndarray, column: dict[str, int], i: int, rule: Rule, eq: Equation,
                    spec: ReportSpec) -> Issue:
    ids = [t.id for t in eq.lhs + eq.rhs]
    values = {k: float(table[i, column[k]]) for k in ids}
    flavor = TextFlavor(values)
    anchor = spec.number(eq.anchor_id)
    sub = batch.subs[i]
    fields = equation_fields(eq, spec, flavor)
    places = document_places(sub, ids, spec, most=len(ids)) if sub.published else ""
    if places:  # a published report's figures are named where the document prints them
        fields["cells"] = [places]
    return Issue(
        sub.file, sub.body.name, anchor.sheet, (Rect.cell(anchor.row, anchor.col),), rule.id, rule.severity,
        render(rule.message, fields, flavor),
        expected=format_number(sum(values[t.id] for t in eq.rhs)),
        actual=format_number(sum(values[t.id] for t in eq.lhs)),
    )
