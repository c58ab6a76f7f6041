"""Excel expressions (no leading '=') that are TRUE when a rule holds in the template's cells.

The pipeline checks the same rules in Python (pipeline/checks/equations.py, pipeline/checks/validate.py); the
LibreOffice test proves the two agree, case by case. The 基本信息 and conditional rules are derived from their
declarations in pipeline/template/constraint_formulas.py.
"""

from __future__ import annotations

from collections.abc import Callable

from pipeline.common.cells import compress, number_ref, range_a1, sheet_ref
from pipeline.reading.normalise import BLANK_WORDS as NORMALISE_BLANK_WORDS
from pipeline.template.cell_values import under
from pipeline.template.constraint_formulas import declared_ok
from schemas.spec import Equation, Kind, ReportSpec, Rule

TOLERANCE = "0.00005"  # half of the fourth decimal of 万元
CELL_TABLES = ("T2", "T3", "T4")  # the tables whose cells R-CELL-TOO-LARGE and R-CELL-BLANK look at


def equation_ok(eq: Equation, spec: ReportSpec) -> str:
    """lhs (op) rhs over the cells, tolerant of 万元 rounding; passed over while a term is unreadable.

    SUM silently skips text, so an equation over "12件" would fail with sums that leave it out; the
    cell's own rule (R-T3-NONNEG-INT …) reports it, and the pipeline skips such equations too.
    """
    lhs = "SUM(" + ",".join(number_ref(spec.number(t.id)) for t in eq.lhs) + ")"
    rhs = "SUM(" + ",".join(number_ref(spec.number(t.id)) for t in eq.rhs) + ")"
    holds = f"{lhs}>={rhs}-{TOLERANCE}" if eq.op == ">=" else f"ABS({lhs}-{rhs})<{TOLERANCE}"
    return f"OR({unreadable_count(tuple(t.id for t in eq.lhs + eq.rhs), spec)}>0,{holds})"


def unreadable_count(ids: tuple[str, ...], spec: ReportSpec) -> str:
    """How many of these cells, or cells under their totals, hold text that is neither a number nor blank."""
    numbers = under(ids, spec)
    counts = []
    for sheet in dict.fromkeys(n.sheet for n in numbers):
        for rect in compress((n.row, n.col) for n in numbers if n.sheet == sheet):
            r = sheet_ref(sheet, range_a1(rect))
            counts.append(f"COUNTA({r})-COUNT({r})-SUMPRODUCT(COUNTIF({r},{_BLANK_ARRAY}))")
    return "(" + "+".join(counts) + ")"


def _table_ranges(spec: ReportSpec, table: str, kind: Kind) -> list[str]:
    layout = spec.table(table)
    cells = [(n.row, n.col) for n in layout.numbers if n.kind is kind]
    return [sheet_ref(layout.sheet, range_a1(r)) for r in compress(cells)]


# Typed instead of 0; the pipeline counts them as 0 with a warning. The same words as the reader's
# (COUNTIF ignores case, as the reader does).
BLANK_WORDS = tuple(sorted(NORMALISE_BLANK_WORDS))


_BLANK_ARRAY = "{" + ",".join(f'"{w}"' for w in BLANK_WORDS) + "}"


def _blankish(ranges: list[str]) -> str:
    counts = [f"COUNTBLANK({r})" for r in ranges]
    counts += [f"SUMPRODUCT(COUNTIF({r},{_BLANK_ARRAY}))" for r in ranges]
    return "(" + "+".join(counts) + ")"


def _nonneg(spec: ReportSpec, table: str) -> str:
    counts, money = _table_ranges(spec, table, Kind.COUNT), _table_ranges(spec, table, Kind.WAN_YUAN)
    every = counts + money
    size = len(spec.table(table).numbers)
    numbers = f"COUNT({','.join(every)})"
    blanks = "+".join(f"COUNTBLANK({r})" for r in every)
    negatives = "+".join(f'COUNTIF({r},"<0")' for r in every) + "=0"
    whole = "+".join(f"SUMPRODUCT({r}-INT({r}))" for r in counts) + "=0"
    # The whole-number test errors on text, so it runs only when every cell is a number or blank.
    return (f"AND({numbers}+{_blankish(every)}={size},{negatives},"
            f"IF({numbers}+{blanks}={size},{whole},TRUE))")


# The cell rules follow from the numbers' kinds; the 基本信息 and conditional rules from their declarations.
_CELL_EXPR: dict[str, Callable[[ReportSpec], str]] = {
    "R-T2-NONNEG": lambda s: _nonneg(s, "T2"),
    "R-T3-NONNEG-INT": lambda s: _nonneg(s, "T3"),
    "R-T4-NONNEG-INT": lambda s: _nonneg(s, "T4"),
    "R-CELL-TOO-LARGE": lambda s: "+".join(
        f'COUNTIF({r},">{k.maximum}")' for t in CELL_TABLES for k in Kind for r in _table_ranges(s, t, k))
    + "=0",
    "R-CELL-BLANK": lambda s: _blankish(
        [r for t in CELL_TABLES for k in Kind for r in _table_ranges(s, t, k)]) + "=0",
}


def rule_ok(rule: Rule, spec: ReportSpec) -> str:
    """The expression for a non-equation rule."""
    declared = declared_ok(rule.id, spec)
    return declared if declared is not None else _CELL_EXPR[rule.id](spec)
