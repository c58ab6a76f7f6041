"""Key indicators per body and for the county: ratios, ranks and red/yellow flags, over the whole frame at once."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from schemas import SPEC
from schemas.spec import Indicator, ReportSpec

Thresholds = Mapping[str, tuple[float, float]]  # indicator id -> (yellow, red), as fractions
INDICATOR_SHEET = "指标"  # the roll-up's sheet of them, named by the county summary document too
RED, YELLOW = "红", "黄"


def default_thresholds(spec: ReportSpec = SPEC) -> dict[str, tuple[float, float]]:
    """The spec's thresholds (schemas/indicators.py)."""
    return {ind.id: (ind.yellow, ind.red) for ind in spec.indicators}


def find_indicator(key: str, spec: ReportSpec = SPEC) -> Indicator:
    """An indicator by its Chinese name or English id."""
    for ind in spec.indicators:
        if key.strip() in (ind.id, ind.name):
            return ind
    names = "、".join(ind.name for ind in spec.indicators)
    raise ValueError(f"没有名为“{key}”的指标，可用的指标：{names}")


def parse_threshold(text: str, spec: ReportSpec = SPEC) -> tuple[str, tuple[float, float]]:
    """'实质公开率=50,30' (percent: yellow, then red) -> ('disclosure', (0.5, 0.3))."""
    key, sep, numbers = text.partition("=")
    parts = numbers.replace("，", ",").split(",")
    if not sep or len(parts) != 2:
        raise ValueError(f"预警值“{text}”的写法应为 指标名=黄色预警值,红色预警值（百分数），例如 实质公开率=50,30")
    ind = find_indicator(key, spec)
    try:
        yellow, red = (float(p.strip().rstrip("%")) / 100 for p in parts)
    except ValueError:
        raise ValueError(f"预警值“{text}”中的数字无法识别") from None
    if not (0 <= yellow <= 1 and 0 <= red <= 1) or (yellow < red if ind.higher_is_better else yellow > red):
        order = "不小于" if ind.higher_is_better else "不大于"
        raise ValueError(f"预警值“{text}”不合理：应在 0 到 100 之间，且{ind.name}的黄色预警值{order}红色预警值")
    return ind.id, (yellow, red)


def ratios(frame: pd.DataFrame, spec: ReportSpec = SPEC) -> pd.DataFrame:
    """One column per indicator: numerator / divisor per row, NaN (shown blank) where the divisor is 0."""
    out: dict[str, pd.Series] = {}
    for ind in spec.indicators:
        numerator = frame[list(ind.numerator)].sum(axis=1)
        divisor = frame[list(ind.denominator)].sum(axis=1) - frame[list(ind.subtract)].sum(axis=1)
        out[ind.id] = numerator / divisor.where(divisor > 0)
    return pd.DataFrame(out, index=frame.index, columns=[ind.id for ind in spec.indicators])


def ranks(values: pd.DataFrame, spec: ReportSpec = SPEC) -> pd.DataFrame:
    """1 = best; equal values share a rank; a blank value gets no rank."""
    return pd.DataFrame({ind.id: values[ind.id].rank(method="min", ascending=not ind.higher_is_better)
                         for ind in spec.indicators}, index=values.index)


def flags(values: pd.DataFrame, thresholds: Thresholds | None = None, spec: ReportSpec = SPEC) -> pd.DataFrame:
    """红 when a value is worse than the red threshold, 黄 when worse than the yellow one, else ''."""
    limits = default_thresholds(spec) | dict(thresholds or {})
    out: dict[str, np.ndarray] = {}
    for ind in spec.indicators:
        yellow, red = limits[ind.id]
        v = values[ind.id].to_numpy(dtype=float)
        with np.errstate(invalid="ignore"):
            worse_red, worse_yellow = (v < red, v < yellow) if ind.higher_is_better else (v > red, v > yellow)
        out[ind.id] = np.select([worse_red, worse_yellow], [RED, YELLOW], default="")
    return pd.DataFrame(out, index=values.index)


@dataclass(frozen=True)
class IndicatorTable:
    """Per body (rows of the accepted frame) and for the county: value, rank and flag of every indicator."""

    values: pd.DataFrame
    ranks: pd.DataFrame
    flags: pd.DataFrame
    county: dict[str, float]
    county_flags: dict[str, str]


def indicator_table(accepted: pd.DataFrame, totals: Mapping[str, float],
                    thresholds: Thresholds | None = None, spec: ReportSpec = SPEC) -> IndicatorTable:
    """Every indicator for every accepted body, and for the county from its summed figures (not a mean of ratios)."""
    values = ratios(accepted, spec)
    county = ratios(pd.DataFrame([dict(totals)]), spec)
    county_flags = flags(county, thresholds, spec)
    return IndicatorTable(values, ranks(values, spec), flags(values, thresholds, spec),
                          {str(k): float(v) for k, v in county.iloc[0].items()},
                          {str(k): str(v) for k, v in county_flags.iloc[0].items()})


def percent_text(value: float) -> str:
    """12.3% for people; '' when there is no value."""
    return "" if math.isnan(value) else f"{value * 100:.1f}%"


def threshold_note(ind: Indicator, yellow: float, red: float) -> str:
    """One line saying how an indicator is computed and when it is flagged."""
    worse = "低于" if ind.higher_is_better else "高于"
    return (f"{ind.name} = {ind.definition}。{worse} {percent_text(yellow)} 为黄色预警，"
            f"{worse} {percent_text(red)} 为红色预警。")
