"""汇总报告's sentences comparing the level's main figures with last year (issue 14):
全县收到政府信息公开申请 120 件，比上年增加 20 件，增长 20.0% (above the county 全市, 全省: the level's scope).

No percentage when last year's figure is 0; a figure whose last year is unknown says so rather than guess.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pipeline.common.numbers import format_number
from pipeline.decide.indicators import percent_text
from pipeline.decide.last_year import YearComparison, change, figure
from pipeline.documents.key_figures import COUNTY_SCOPE
from schemas.year_compare import COMPARED, Compared


def comparison_intro(compare: YearComparison) -> str:
    """Where last year's figures come from."""
    return (f"以下与{compare.year}年度比较；{compare.year}年度的数字为上年数据中{compare.bodies}个单位的合计"
            f"（来源：{'、'.join(compare.sources[:3])}{'等' if len(compare.sources) > 3 else ''}）。")


def comparison_sentences(totals: Mapping[str, float], compare: YearComparison,
                         scope: str = COUNTY_SCOPE) -> list[str]:
    """One sentence per main figure of schemas/year_compare.py."""
    return [change_sentence(c, figure(totals, c.ids), figure(compare.totals, c.ids), scope) for c in COMPARED]


def change_sentence(compared: Compared, now: float, before: float, scope: str = COUNTY_SCOPE) -> str:
    """{scope}{name}{now}{unit}，比上年增加/减少 N{unit}，增长/下降 N% (or 与上年持平)."""
    head = f"{scope}{compared.name}{format_number(now)}{compared.unit}"
    if math.isnan(before):
        return f"{head}；上年的数字不完整，不作比较。"
    diff, rate = change(now, before)
    if diff == 0:
        return f"{head}，与上年持平。"
    more = diff > 0
    text = f"{head}，比上年{'增加' if more else '减少'}{format_number(abs(diff))}{compared.unit}"
    if math.isnan(rate):  # last year 0: a rate would be infinite
        return f"{text}（上年为0）。"
    return f"{text}，{'增长' if more else '下降'}{percent_text(abs(rate))}。"
