"""R-DOC-UNPLACED: a published report's figures the reader could not place, one message per place and reason.

Figures left unknown for one reason at one place (a row whose numbers do not line up, （六）其他处理 printed
as one row without its three sub-items) are one problem to the person who reads the report: one message
names them together, and marks all their cells in the template sent back. Each figure stays unknown (NaN)
in the Submission; only the telling is grouped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from pipeline.checks.issues import make_issue, number_cells
from pipeline.types import Issue, Submission
from schemas.spec import Number, ReportSpec

ROW_END = re.compile("／|（")  # a figure's label is its row's, then ／column (表三, 表四) or （column） (表二)
ROWS_NAMED = 3  # more rows than this are counted, not listed


def unplaced_issues(sub: Submission, spec: ReportSpec) -> Iterator[Issue]:
    """One R-DOC-UNPLACED error for each (reason, place) among the unknown figures, in the reader's order."""
    groups: dict[tuple[str, str], list[Number]] = {}
    for number_id, reason in sub.unplaced.items():
        groups.setdefault((reason, sub.where.get(number_id, "")), []).append(spec.number(number_id))
    for (reason, where), numbers in groups.items():
        for sheet in dict.fromkeys(n.sheet for n in numbers):
            yield _issue(sub, spec, reason, where, [n for n in numbers if n.sheet == sheet])


def _issue(sub: Submission, spec: ReportSpec, reason: str, where: str, numbers: list[Number]) -> Issue:
    if len(numbers) == 1:
        label, these = numbers[0].label, "该数字"
        reason = reason.replace("：" + label, "")  # the reader names the figure; the message does already
    else:
        label, these = _group_label(numbers), "这些数字"
    issue = make_issue(spec, "R-DOC-UNPLACED", sub, numbers[0].sheet, number_cells(*numbers), detail=reason,
                       label=label, these=these)
    return replace(issue, where=where) if where else issue


def _group_label(numbers: list[Number]) -> str:
    """表三 1.…、2.…、3.其他 的21个数字: the rows they are on (or how many rows), and how many figures."""
    sheet = numbers[0].sheet
    rows = list(dict.fromkeys(ROW_END.split(n.label.removeprefix(sheet).strip())[0] for n in numbers))
    named = "、".join(rows) if len(rows) <= ROWS_NAMED else f"{len(rows)}行"
    return f"{sheet} {named} 的{len(numbers)}个数字"
