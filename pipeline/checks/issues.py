"""Build Issue records from rule templates, so wording lives only in the spec."""

from __future__ import annotations

from functools import cache
from typing import Any

from pipeline.common.cells import compress
from pipeline.common.messages import fill
from pipeline.common.numbers import kind_requirement
from pipeline.types import Issue, Rect, Submission, cells_a1
from schemas.spec import Number, ReportSpec


def make_issue(spec: ReportSpec, rule_id: str, sub: Submission, sheet: str, cells: tuple[Rect, ...],
               expected: str = "", actual: str = "", **values: Any) -> Issue:
    """An Issue for a rule, its message rendered from the rule's template.

    A published report's message names the places in the document (第3页第18行), not the template's cells.
    """
    rule = spec.rule(rule_id)
    cell = (document_places(sub, [positions(spec).get((sheet, r.row, r.col), "") for r in cells], spec)
            if sub.published else "") or cells_a1(cells)
    fields = {"sheet": sheet, "cell": cell, "expected": expected, "value": actual} | values
    message = fill(rule.message, **fields)
    return Issue(sub.file, sub.body.name, sheet, cells, rule.id, rule.severity, message, expected, actual)


def number_cells(*numbers: Number) -> tuple[Rect, ...]:
    """Where some numbers of one sheet are, as few rectangles as possible."""
    return tuple(Rect(*r) for r in compress((n.row, n.col) for n in numbers))


def cell_issue(spec: ReportSpec, rule_id: str, sub: Submission, number: Number, raw: str) -> Issue:
    """A problem with one number cell."""
    return make_issue(spec, rule_id, sub, number.sheet, (Rect.cell(number.row, number.col),),
                      expected=kind_requirement(number.kind), actual=raw, label=number.label, raw=raw)


@cache
def positions(spec: ReportSpec) -> dict[tuple[str, int, int], str]:
    """(sheet, row, col) of the template -> the id of the number, text or 基本信息 field kept there."""
    at = {(n.sheet, n.row, n.col): n.id for n in spec.numbers}
    at |= {(spec.sheets.text, f.row, spec.text_value_col): f.id for f in spec.text_fields}
    at |= {(spec.sheets.info, f.row, spec.info_value_col): f.id for f in spec.info_fields}
    return at


def document_places(sub: Submission, ids: list[str], spec: ReportSpec, most: int = 3) -> str:
    """Where some ids were found in a published report, e.g. 第3页第18行、第4页第11行 ('' if nowhere)."""
    places = list(dict.fromkeys(p for p in (sub.where.get(i, "") for i in ids) if p))
    return "、".join(places[:most]) + ("等" if len(places) > most else "")
