"""The template's cells as its formulas see them, from the values the workbook is written with (a Fill).

Every formula the template writes gets, as its cached value, what an office suite computes on opening
(WPS and viewers that do not recalculate show the cached value). The formulas' own Excel semantics live
here, once: SUM skips text, COUNTIF matches the blank words without regard to case, & turns a number into
General-format text, TRIM removes spaces only. The checks judged on these values are the pipeline's
(pipeline/template/verdicts.py).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from pipeline.reading.normalise import BLANK_WORDS
from pipeline.types import Fill
from schemas.spec import Number, ReportSpec

Value = float | str | None  # what a cell holds: a number, text, or nothing
EXCEL_EPOCH = dt.datetime(1899, 12, 30)  # day 0 of Excel's date serial numbers (1900 system)
GENERAL_DIGITS = 15  # significant digits of Excel's General format


@dataclass(frozen=True)
class CellValues:
    """Every number's and 基本信息 field's cell, as written; a formula total holds its SUM."""

    numbers: Mapping[str, Value]
    info: Mapping[str, Value]
    sums: pd.DataFrame  # one row: every number as SUM sees it (text and blanks are 0)


def cell_values(fill: Fill, spec: ReportSpec) -> CellValues:
    """The cells of a template built with fill (pipeline/template/build.py writes exactly these)."""
    numbers: dict[str, Value] = {}
    for n in spec.numbers:  # totals come after their parts in spec order
        if n.derived and n.id not in fill.numbers:
            numbers[n.id] = excel_sum(numbers[p] for p in n.parts)
        else:
            numbers[n.id] = number_cell(fill.numbers.get(n.id, 0))
    info = {f.id: info_cell(fill.info.get(f.id)) for f in spec.info_fields}
    sums = pd.DataFrame([{k: excel_sum([v]) for k, v in numbers.items()}], dtype=float)
    return CellValues(numbers, info, sums)


def number_cell(raw: Any) -> Value:
    """A table value as the template writes it: a number, text, or an empty cell."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float):
        return str(raw)
    return float(raw)


def info_cell(raw: Any) -> Value:
    """A 基本信息 value as the template writes it; a date is a number (its serial) to a formula."""
    if raw is None:
        return None
    if isinstance(raw, dt.date):  # written as the day, without its time (build.py)
        return (dt.datetime.combine(raw, dt.time()) - EXCEL_EPOCH) / dt.timedelta(days=1)
    if isinstance(raw, int | float):
        return float(raw)
    return str(raw)


def excel_sum(values: Iterable[Value]) -> float:
    """SUM over cells: numbers only, text and empty cells left out. A sum beyond the largest float is inf
    here; Excel shows #NUM! there (see `cached_number`)."""
    numbers = [v for v in values if isinstance(v, float)]
    try:
        return math.fsum(numbers)
    except OverflowError:  # fsum refuses where plain addition reaches inf
        return sum(numbers)


def cached_number(value: Value) -> Value | str:
    """A formula's cached result as Excel stores it: a sum that overflowed is the error #NUM!."""
    return "#NUM!" if isinstance(value, float) and not math.isfinite(value) else value


def is_blankish(value: Value) -> bool:
    """Counted by the template's blank test: an empty cell, or one of the words typed for 0 (any case)."""
    return value is None or (isinstance(value, str) and (value == "" or value.lower() in BLANK_WORDS))


def is_unreadable(value: Value) -> bool:
    """Text that is neither a number nor blank: the cell the template's equations wait for."""
    return isinstance(value, str) and not is_blankish(value)


def excel_text(value: Value) -> str:
    """What & (or TRIM, LEN …) makes of a cell: '' for an empty one, a number in General format."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if not math.isfinite(value):  # an overflowed SUM: the error spreads into the text as Excel's #NUM!
        return str(cached_number(value))
    if value == int(value) and abs(value) < 10 ** GENERAL_DIGITS:
        return str(int(value))
    text = f"{value:.{GENERAL_DIGITS}g}"
    if "e" not in text:
        return text
    mantissa, exponent = text.split("e")
    return f"{mantissa}E{exponent[0]}{int(exponent[1:]):02d}"


def trimmed(value: Value) -> str:
    """The template's TRIM(SUBSTITUTE(…)): full-width and no-break spaces made spaces, then Excel's TRIM
    (spaces, and only spaces, removed at both ends and runs inside made one)."""
    text = excel_text(value).replace("\u3000", " ").replace("\u00a0", " ")
    return " ".join(part for part in text.split(" ") if part)


def under(ids: Iterable[str], spec: ReportSpec) -> list[Number]:
    """The numbers and, for a total, every number its formula adds up (totals of totals included),
    in sheet order (a set's order varies between runs)."""
    found: set[Number] = set()
    todo = [spec.number(i) for i in ids]
    while todo:
        number = todo.pop()
        if number not in found:
            found.add(number)
            todo.extend(spec.number(p) for p in number.parts)
    return sorted(found, key=lambda n: (n.sheet, n.row, n.col))
