"""Whether a row of the 校验 sheet passes for the values a template is written with: its cached ✓ or ✗.

Each verdict is derived from the same declaration as the row's formula (pipeline/template/check_formulas.py,
constraint_formulas.py) and judged by the pipeline's own checks (is_broken of equation_failures, condition_failures,
code_problem) over the cells as the formulas see them (cell_values.py: SUM takes text as 0 where the
pipeline reads it as unreadable). Where the template's formula knowingly differs from the pipeline, the
verdict follows the formula, and says why:
  - an equation waits while one of its cells (or one under a total) holds unreadable text;
  - R-INFO-YEAR asks for a whole year in the declared range, not the run's year (a template cannot know it);
  - R-INFO-DATE asks for a real date (a number to Excel), not text the reader would parse;
  - the cell rules count a number typed as text ('12') as text: SUM leaves it out of the totals.
tests/template/test_libreoffice.py proves every cached value equals LibreOffice's recalculation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import assert_never

from pipeline.checks.conditions import condition_failures
from pipeline.checks.equations import is_broken
from pipeline.common.creditcode import CODE_LENGTH, code_problem
from pipeline.common.numbers import is_whole
from pipeline.template.cell_values import (
    CellValues,
    excel_sum,
    excel_text,
    is_blankish,
    is_unreadable,
    trimmed,
    under,
)
from pipeline.template.check_formulas import CELL_TABLES
from pipeline.template.constraint_formulas import KIND_FIELD, declaration
from schemas.constraints import BodyKind, Condition, CreditCode, InfoCheck, RequiredText, RunYear, ValidDate
from schemas.spec import Equation, InfoField, Kind, Number, ReportSpec, Rule

Verdict = Callable[[CellValues], bool]  # True: the row shows ✓


@dataclass(frozen=True)
class CellTextFlavor:
    """The text a FormulaFlavor message expression evaluates to over these cells (pipeline/common/messages.py)."""

    cells: CellValues

    def lit(self, text: str) -> str:
        return text

    def value(self, number_id: str) -> str:
        return excel_text(self.cells.numbers[number_id])

    def total(self, number_ids: tuple[str, ...]) -> str:
        return excel_text(excel_sum(self.cells.numbers[i] for i in number_ids))

    def join(self, parts: list[str]) -> str:
        return "".join(parts)


def equation_verdict(eq: Equation, spec: ReportSpec) -> Verdict:
    """The equation holds, or waits: a term, or a cell under a total term, holds unreadable text."""
    watched = [n.id for n in under([t.id for t in eq.lhs + eq.rhs], spec)]

    def holds(cells: CellValues) -> bool:
        if any(is_unreadable(cells.numbers[i]) for i in watched):
            return True
        lhs, rhs = (excel_sum(cells.numbers[t.id] for t in side) for side in (eq.lhs, eq.rhs))
        return not is_broken(lhs, rhs, eq.op)

    return holds


def rule_verdict(rule: Rule, spec: ReportSpec) -> Verdict:
    """The verdict of a non-equation rule: from its declaration, or from the numbers' kinds."""
    declared = declaration(rule.id, spec)
    if isinstance(declared, InfoField):
        assert declared.check is not None  # declaration() returns only fields with a check
        return _info_verdict(declared.id, declared.check, spec)
    if declared is not None:
        return _condition_verdict(declared)
    return _CELL_VERDICT[rule.id](spec)


def _info_verdict(field_id: str, check: InfoCheck, spec: ReportSpec) -> Verdict:
    return lambda cells: info_holds(check, cells.info[field_id], spec)


def info_holds(check: InfoCheck, value: float | str | None, spec: ReportSpec) -> bool:
    """The template's check of one 基本信息 cell (constraint_formulas.info_ok)."""
    match check:
        case RequiredText():
            return len(trimmed(value)) > 0
        case BodyKind():
            return trimmed(value) in spec.body_kinds
        case CreditCode():
            code = trimmed(value).upper()
            return len(code) == CODE_LENGTH and code_problem(code) == ""
        case RunYear():
            return isinstance(value, float) and check.first <= value <= check.last and is_whole(value)
        case ValidDate():
            return isinstance(value, float)  # a date is a number to Excel; text is not, even a date's
        case _:
            assert_never(check)


def _condition_verdict(condition: Condition) -> Verdict:
    def holds(cells: CellValues) -> bool:
        kinds = [trimmed(cells.info[KIND_FIELD])]
        return not condition_failures(condition, cells.sums, kinds).any()

    return holds


def _cell_numbers(spec: ReportSpec, tables: tuple[str, ...]) -> list[Number]:
    return [n for t in tables for n in spec.table(t).numbers]


def _nonneg(spec: ReportSpec, table: str) -> Verdict:
    """Every cell a number or blank, none negative, the counts whole (check_formulas._nonneg)."""
    numbers = _cell_numbers(spec, (table,))

    def holds(cells: CellValues) -> bool:
        values = [cells.numbers[n.id] for n in numbers]
        if any(is_unreadable(v) for v in values) or any(isinstance(v, float) and v < 0 for v in values):
            return False
        if any(isinstance(v, str) for v in values):
            return True  # a blank word: the formula's whole-number test would err on text, so it is left out
        return all(is_whole(v) for n, v in zip(numbers, values, strict=True)
                   if n.kind is Kind.COUNT and isinstance(v, float))

    return holds


def _not_too_large(spec: ReportSpec) -> Verdict:
    numbers = _cell_numbers(spec, CELL_TABLES)
    return lambda cells: not any(isinstance(v := cells.numbers[n.id], float) and v > n.kind.maximum for n in numbers)


def _none_blank(spec: ReportSpec) -> Verdict:
    numbers = _cell_numbers(spec, CELL_TABLES)
    return lambda cells: not any(is_blankish(cells.numbers[n.id]) for n in numbers)


# The same rules as check_formulas._CELL_EXPR, derived from the same kinds and tables.
_CELL_VERDICT: dict[str, Callable[[ReportSpec], Verdict]] = {
    "R-T2-NONNEG": lambda s: _nonneg(s, "T2"),
    "R-T3-NONNEG-INT": lambda s: _nonneg(s, "T3"),
    "R-T4-NONNEG-INT": lambda s: _nonneg(s, "T4"),
    "R-CELL-TOO-LARGE": _not_too_large,
    "R-CELL-BLANK": _none_blank,
}
