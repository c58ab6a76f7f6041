"""Build Issue records from rule templates, so wording lives only in the spec."""

from __future__ import annotations

from typing import Any

from pipeline.common.cells import compress
from pipeline.common.messages import fill
from pipeline.common.numbers import kind_requirement
from pipeline.types import Issue, Rect, Submission, cells_a1
from schemas.spec import Number, ReportSpec


def make_issue(spec: ReportSpec, rule_id: str, sub: Submission, sheet: str, cells: tuple[Rect, ...],
               expected: str = "", actual: str = "", **values: Any) -> Issue:
    """An Issue for a rule, its message rendered from the rule's template."""
    rule = spec.rule(rule_id)
    fields = {"sheet": sheet, "cell": cells_a1(cells), "expected": expected, "value": actual} | values
    message = fill(rule.message, **fields)
    return Issue(sub.file, sub.body.name, sheet, cells, rule.id, rule.severity, message, expected, actual)


def number_cells(*numbers: Number) -> tuple[Rect, ...]:
    """Where some numbers of one sheet are, as few rectangles as possible."""
    return tuple(Rect(*r) for r in compress((n.row, n.col) for n in numbers))


def cell_issue(spec: ReportSpec, rule_id: str, sub: Submission, number: Number, raw: str) -> Issue:
    """A problem with one number cell."""
    return make_issue(spec, rule_id, sub, number.sheet, (Rect.cell(number.row, number.col),),
                      expected=kind_requirement(number.kind), actual=raw, label=number.label, raw=raw)
