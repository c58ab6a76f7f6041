"""The county's sums of its accepted bodies: totals, subtotals per 单位类型 and indicators, computed once a run.

The roll-up workbook and the county summary document both show them (pipeline/outputs/county.py).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipeline.decide.indicators import IndicatorTable, Thresholds, indicator_table
from schemas import SPEC
from schemas.spec import ReportSpec


@dataclass(frozen=True)
class CountyFigures:
    """What the roll-up and the county summary document both show: computed once per run."""

    totals: dict[str, float]
    kinds: pd.DataFrame  # by_kind
    indicators: IndicatorTable


def county_figures(accepted: pd.DataFrame, spec: ReportSpec = SPEC, thresholds: Thresholds | None = None) -> CountyFigures:
    """The county's totals, subtotals per kind and indicators of the accepted bodies."""
    totals = county_totals(accepted, spec)
    return CountyFigures(totals, by_kind(accepted, spec), indicator_table(accepted, totals, thresholds, spec))


def county_totals(accepted: pd.DataFrame, spec: ReportSpec = SPEC) -> dict[str, float]:
    """Every number summed over the accepted bodies (a sum of rule-abiding tables abides by the rules)."""
    ids = [n.id for n in spec.numbers]
    sums = accepted[ids].sum(axis=0) if len(accepted) else pd.Series(0.0, index=ids)
    return {str(k): round(float(v), 4) for k, v in sums.items()}


def by_kind(accepted: pd.DataFrame, spec: ReportSpec = SPEC) -> pd.DataFrame:
    """Subtotals per 单位类型, in the spec's order of kinds, with the number of bodies."""
    ids = [n.id for n in spec.numbers]
    grouped = accepted.groupby("kind")[ids].sum() if len(accepted) else pd.DataFrame(columns=ids)
    counts = accepted.groupby("kind").size() if len(accepted) else pd.Series(dtype=int)
    kinds = [k for k in spec.body_kinds if k in grouped.index]
    out = grouped.loc[kinds]
    out.insert(0, "bodies", counts.loc[kinds].astype(int))
    return out
