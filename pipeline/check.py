"""Run every check on a batch of submissions: parsing, types and ranges, equations, conditions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pipeline.batch import Batch, build_batch
from pipeline.conditions import check_conditions
from pipeline.issues import make_issue
from pipeline.narrative import check_narrative
from pipeline.read import RawSubmission
from pipeline.rules import check_equations
from pipeline.types import Issue
from pipeline.validate import validate_types
from schemas import SPEC
from schemas.spec import ReportSpec, Severity


def check_batch(subs: list[RawSubmission], year: int, spec: ReportSpec = SPEC) -> Batch:
    """Build the batch frame and collect every problem of every submission, in a stable order."""
    batch = build_batch(subs, spec)
    batch.issues.extend(validate_types(batch, year, spec))
    batch.issues.extend(check_equations(batch, spec))
    batch.issues.extend(check_conditions(batch, spec))
    batch.issues.extend(check_narrative(batch, year, spec))
    batch.issues.extend(macro_warnings(subs, spec))
    batch.issues[:] = apply_explanations(batch.issues, subs)
    batch.issues.sort(key=issue_order(spec))
    return batch


def apply_explanations(issues: list[Issue], subs: list[RawSubmission]) -> list[Issue]:
    """A warning the body explained in the 校验 sheet's 说明 column counts as accepted (已说明).

    Errors can never be explained away.
    """
    notes = {s.file: s.explanations for s in subs if s.explanations}
    return [replace(i, explanation=notes[i.file][i.rule])
            if i.severity == Severity.WARNING.value and i.rule in notes.get(i.file, {}) else i
            for i in issues]


def issue_order(spec: ReportSpec = SPEC) -> Callable[[Issue], tuple[int, str, int, int, str, str]]:
    """Sort key: errors first, then by file, sheet order, row and column of the cell."""
    sheet_rank = {s: i for i, s in enumerate(spec.sheets.ordered())}

    def key(issue: Issue) -> tuple[int, str, int, int, str, str]:
        row, col = _cell_position(issue.cell)
        return (0 if issue.severity == Severity.ERROR.value else 1, issue.file,
                sheet_rank.get(issue.sheet, -1), row, col, issue.rule)

    return key


def _cell_position(cell: str) -> tuple[int, str]:
    letters = "".join(c for c in cell.split(":")[0] if c.isalpha())
    digits = "".join(c for c in cell.split(":")[0] if c.isdigit())
    return (int(digits) if digits else 0, letters.rjust(3))


def macro_warnings(subs: list[RawSubmission], spec: ReportSpec = SPEC) -> list[Issue]:
    """One R-WB-MACRO warning per submission that carries macros (read, never run)."""
    return [make_issue(spec, "R-WB-MACRO", sub, "", "") for sub in subs if sub.macros]
