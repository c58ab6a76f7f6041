"""All submissions of a run as one frame: one row per workbook, one column per number."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.checks.issues import cell_issue
from pipeline.checks.sums import RowSums
from pipeline.common.cells import a1
from pipeline.inbox.sheet_xml import NO_CACHED_VALUE, formula_cells, unusable_cells
from pipeline.reading.normalise import Parsed, describe_raw, parse_number
from pipeline.reading.workbook import workbook_bytes
from pipeline.types import Issue, Submission
from schemas import SPEC
from schemas.spec import Number, ReportSpec

TABLE_TYPE_RULE = {"T2": "R-T2-NONNEG", "T3": "R-T3-NONNEG-INT", "T4": "R-T4-NONNEG-INT"}
TOTAL_TOLERANCE = 1e-6


@dataclass
class Batch:
    """The frame of numbers (float, NaN where unreadable) and the problems found so far."""

    subs: list[Submission]
    frame: pd.DataFrame
    issues: list[Issue] = field(default_factory=list)


def build_batch(subs: list[Submission], spec: ReportSpec = SPEC) -> Batch:
    """Parse every number of every submission; typed totals stay, formula totals follow their parts."""
    ids = [n.id for n in spec.numbers]
    values = np.full((len(subs), len(ids)), math.nan)
    issues: list[Issue] = []
    blank_total = np.zeros(values.shape, dtype=bool)  # a formula total never calculated: take its parts
    unusable: dict[tuple[int, str], dict[str, str]] = {}
    for i, sub in enumerate(subs):
        row = [sub.numbers[k] for k in ids]
        if set(map(type, row)) == {float}:  # the common case, straight from calamine: the row at once
            values[i] = row
            continue
        for j, (number, raw) in enumerate(zip(spec.numbers, row, strict=True)):
            if type(raw) is float:
                values[i, j] = raw
                continue
            parsed = parse_number(raw)
            if number.derived and parsed.blank and not sub.published:
                blank_total[i, j] = True  # a formula never calculated (a published blank is a blank)
                continue
            if parsed.blank:
                parsed = _hidden_value(unusable, i, sub, number) or parsed
            values[i, j] = parsed.value
            issues.extend(_parse_issue(sub, number, parsed, spec))
    frame = pd.DataFrame(values, columns=ids)
    resolve_totals(frame, subs, spec, blank_total)
    return Batch(subs, frame, issues)


def _hidden_value(cache: dict[tuple[int, str], dict[str, str]], i: int, sub: Submission,
                  number: Number) -> Parsed | None:
    """What an input cell that reads as empty really holds: an error value, or a formula never calculated.

    Either is an error: the figure is unknown, and counting it as 0 would be a silent guess.
    """
    if sub.published:
        return None  # a published report has no formulas or error values: its blank is what was published
    key = (i, number.sheet)
    if key not in cache:
        cache[key] = unusable_cells(workbook_bytes(sub), number.sheet)
    hidden = cache[key].get(a1(number.row, number.col))
    if hidden is None:
        return None
    if hidden == NO_CACHED_VALUE:
        return Parsed(math.nan, raw="公式（没有计算结果，请改为直接填写数字）")
    return Parsed(math.nan, raw=f"{hidden}（公式出错，请改为直接填写数字）")


def _parse_issue(sub: Submission, number: Number, parsed: Parsed, spec: ReportSpec) -> list[Issue]:
    if parsed.blank:
        return [cell_issue(spec, "R-CELL-BLANK", sub, number, raw=describe_raw(parsed))]
    if math.isnan(parsed.value):
        return [cell_issue(spec, TABLE_TYPE_RULE[number.table], sub, number, raw=parsed.raw)]
    return []


def resolve_totals(frame: pd.DataFrame, subs: list[Submission], spec: ReportSpec, blank_total: np.ndarray) -> None:
    """Replace formula totals by the sum of their parts; leave typed totals for the rules to judge.

    blank_total marks the totals that read as blank (a formula no office suite calculated): they take
    their parts too. Derived numbers are visited in spec order, which lists every total after its parts.
    """
    formulas: dict[tuple[int, str], frozenset[str]] = {}
    column = {n.id: j for j, n in enumerate(spec.numbers)}
    sums = RowSums(frame)
    for number in (n for n in spec.numbers if n.derived):
        blank = blank_total[:, column[number.id]]
        parts = sums.sum(list(number.parts))
        current = frame[number.id].to_numpy(copy=True)
        with np.errstate(invalid="ignore"):
            differs = ~(np.abs(current - parts) <= TOTAL_TOLERANCE) & ~np.isnan(parts)
        for i in (int(k) for k in np.flatnonzero(differs)):
            if blank[i] or _is_formula(formulas, subs[i], number, i):
                current[i] = parts[i]
        # A formula over an unreadable part is unreadable too: its cached value silently leaves the text
        # out, and the equations using it would report that one typo again with misleading sums.
        for i in (int(k) for k in np.flatnonzero(np.isnan(parts) & ~np.isnan(current))):
            if _is_formula(formulas, subs[i], number, i):
                current[i] = math.nan
        sums.replace(number.id, current)


def _is_formula(cache: dict[tuple[int, str], frozenset[str]], sub: Submission, number: Number, i: int) -> bool:
    if sub.published:
        return False  # a published total is as typed: the checks judge it against its parts
    key = (i, number.sheet)
    if key not in cache:
        # Read again from disk only here, for the few totals that disagree: a province's inbox is too
        # large to keep every file's bytes in memory (see pipeline/reading/gather.py).
        cache[key] = formula_cells(workbook_bytes(sub), number.sheet)
    return a1(number.row, number.col) in cache[key]
