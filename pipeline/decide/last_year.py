"""Last year's figures beside this year's: the county's and each body's, for 汇总.xlsx and 汇总报告 (issue 14).

Last year's county figure of a number is the sum over every body of last year in the history; when one of them
does not know it (a published report whose figure could not be placed), the county's is unknown (NaN), not a
partial sum.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from pipeline.checks.last_year import History, LastYear
from pipeline.types import Body, RecordBody
from schemas import SPEC
from schemas.spec import ReportSpec


@dataclass(frozen=True)
class YearComparison:
    """Last year's county totals and, per file of this year, its body's report of last year."""

    year: int  # last year
    totals: dict[str, float]  # number id -> last year's county figure, NaN when unknown
    bodies: int  # how many bodies of last year the totals sum
    sources: tuple[str, ...]  # where they came from, e.g. ("2023年汇总",)
    by_file: Mapping[str, LastYear]  # this year's file -> its body's report of last year


def compare_years(history: History, by_file: Mapping[str, LastYear], year: int, spec: ReportSpec = SPEC,
                  beneath: Sequence[RecordBody] = (), shown: Sequence[str] = ()) -> YearComparison | None:
    """The comparison of year with year - 1, or None when the run has no history (outputs stay as without).

    beneath: above the county, the bodies counted from the roll-ups below; each found in the history is compared
    too, under its file as the accepted frame shows it (shown: every file there) when no other body there has that file.
    """
    if not history:
        return None
    by_file = dict(by_file)
    once = Counter(shown)
    for b in beneath:
        found = history.find(Body(b.name, b.kind, b.code, None, None), year - 1)
        if found is not None and once[b.file] == 1 and b.file not in by_file:
            by_file[b.file] = found
    last = [b for b in history.bodies if b.year == year - 1]
    ids = [n.id for n in spec.numbers]
    values = np.array([[b.values.get(k, math.nan) for k in ids] for b in last], dtype=float).reshape(len(last), len(ids))
    sums = values.sum(axis=0)  # NaN wherever one body's figure is unknown
    totals = {k: round(float(v), 4) if not math.isnan(v) else math.nan for k, v in zip(ids, sums, strict=True)}
    sources = tuple(dict.fromkeys(sorted(b.source for b in last)))
    return YearComparison(year - 1, totals, len(last), sources, by_file)


def change(now: float, before: float) -> tuple[float, float]:
    """(增减, 增减率) of now against before; NaN where before is unknown, the rate NaN also when before is 0."""
    if math.isnan(before) or math.isnan(now):
        return math.nan, math.nan
    diff = round(now - before, 4)
    return diff, (diff / before if before else math.nan)


def figure(values: Mapping[str, float], ids: tuple[str, ...]) -> float:
    """The sum of ids in values; NaN when one is unknown."""
    return math.fsum(values.get(k, math.nan) for k in ids)
