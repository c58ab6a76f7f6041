"""Build Issue records from rule templates, so wording lives only in the spec."""

from __future__ import annotations

from typing import Any

from pipeline.checks.body import name_of
from pipeline.checks.messages import fill
from pipeline.common.cells import a1
from pipeline.common.numbers import kind_requirement
from pipeline.reading.workbook import RawSubmission
from pipeline.types import Issue
from schemas.spec import Number, ReportSpec


def make_issue(spec: ReportSpec, rule_id: str, sub: RawSubmission, sheet: str, cell: str,
               expected: str = "", actual: str = "", **values: Any) -> Issue:
    """An Issue for a rule, its message rendered from the rule's template."""
    rule = spec.rule(rule_id)
    fields = {"sheet": sheet, "cell": cell, "expected": expected, "value": actual} | values
    message = fill(rule.message, **fields)
    return Issue(sub.file, name_of(sub), sheet, cell, rule.id, rule.severity.value, message, expected, actual)


def cell_issue(spec: ReportSpec, rule_id: str, sub: RawSubmission, number: Number, raw: str) -> Issue:
    """A problem with one number cell."""
    return make_issue(spec, rule_id, sub, number.sheet, a1(number.row, number.col),
                      expected=kind_requirement(number.kind), actual=raw, label=number.label, raw=raw)
