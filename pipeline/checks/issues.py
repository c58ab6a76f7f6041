"""Build Issue records from rule templates, so wording lives only in the spec."""

from __future__ import annotations

from typing import Any

from pipeline.checks.messages import fill
from pipeline.common.cells import a1
from pipeline.common.numbers import kind_requirement
from pipeline.reading.workbook import RawSubmission
from pipeline.types import Issue
from schemas.spec import Number, ReportSpec


def body_name(sub: RawSubmission) -> str:
    """The body's name as the workbook gives it, for the 单位 column of a problem."""
    name = sub.info.get("name")
    return str(name).strip() if name not in (None, "") else ""


def make_issue(spec: ReportSpec, rule_id: str, sub: RawSubmission, sheet: str, cell: str,
               expected: str = "", actual: str = "", **values: Any) -> Issue:
    """An Issue for a rule, its message rendered from the rule's template."""
    rule = spec.rule(rule_id)
    fields = {"sheet": sheet, "cell": cell, "expected": expected, "value": actual} | values
    message = fill(rule.message, **fields)
    return Issue(sub.file, body_name(sub), sheet, cell, rule.id, rule.severity.value, message, expected, actual)


def cell_issue(spec: ReportSpec, rule_id: str, sub: RawSubmission, number: Number, raw: str) -> Issue:
    """A problem with one number cell."""
    return make_issue(spec, rule_id, sub, number.sheet, a1(number.row, number.col),
                      expected=kind_requirement(number.kind), actual=raw, label=number.label, raw=raw)
