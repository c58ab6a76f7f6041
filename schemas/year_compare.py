"""The main figures compared with last year in 汇总.xlsx (各单位与上年对比) and in 汇总报告's sentences (issue 14).

Each is a sum of number ids, so a figure the format splits (行政诉讼: 未经复议直接起诉 + 复议后起诉) is compared whole.
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.tables import T3_TOTAL_COL, T4_GROUPS, t3_id, t4_id


@dataclass(frozen=True)
class Compared:
    """One main figure: its Chinese name, the number ids it sums and its unit."""

    name: str
    ids: tuple[str, ...]
    unit: str = "件"


_RV, *_SUITS = (g for g, _ in T4_GROUPS)
COMPARED: tuple[Compared, ...] = (
    Compared("收到政府信息公开申请", (t3_id("new", T3_TOTAL_COL),)),
    Compared("办结政府信息公开申请", (t3_id("tot", T3_TOTAL_COL),)),
    Compared("结转下年度继续办理的申请", (t3_id("next", T3_TOTAL_COL),)),
    Compared("制发行政规范性文件", ("t2_norm_made",)),
    Compared("现行有效行政规范性文件", ("t2_norm_valid",)),
    Compared("被申请行政复议", (t4_id(_RV, "total"),)),
    Compared("被提起行政诉讼", tuple(t4_id(g, "total") for g in _SUITS)),
)
NO_LAST_YEAR = "无上年数据"  # a body with no report of last year: not checked across years, no error
