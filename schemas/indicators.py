"""Key indicators of the county roll-up (指标 sheet) and the 办理结果 categories, as data over number ids.

Each indicator is a ratio of two sums of numbers; the defaults for its warning thresholds can be changed
on the command line (`python -m pipeline report --threshold 实质公开率=50,30`).
"""

from __future__ import annotations

import re

from schemas.spec import Indicator
from schemas.tables import T3_RESULT_ROWS, T3_RESULTS, T3_ROWS, T3_TOTAL_COL, T4_GROUPS, t3_id, t4_id


def _category(key: str, group: str, short: str) -> str:
    # （三）不予公开 -> 不予公开; rows directly under 三、本年度办理结果 have a short label of their own.
    return short if group == T3_RESULTS else re.sub(r"^（[一二三四五六七八九十]+）", "", group)


def _result_categories() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(category, row keys) of 三、本年度办理结果 in table order: 予以公开, 部分公开, 不予公开, ..."""
    categories: dict[str, list[str]] = {}
    for key, group, _label, short in T3_ROWS:
        if key in T3_RESULT_ROWS:
            categories.setdefault(_category(key, group, short), []).append(key)
    return tuple((name, tuple(keys)) for name, keys in categories.items())


RESULT_CATEGORIES = _result_categories()
_ROWS = dict(RESULT_CATEGORIES)
_CATEGORY_OF = {key: name for name, keys in RESULT_CATEGORIES for key in keys}
OPEN, PART = (_CATEGORY_OF[k] for k in ("open", "part"))
WITHHELD, UNAVAILABLE = (_CATEGORY_OF[k] for k in ("d1", "u1"))


def t3_total(*row_keys: str) -> tuple[str, ...]:
    """The 总计-column ids of some table-三 rows."""
    return tuple(t3_id(r, T3_TOTAL_COL) for r in row_keys)


def t4_all(outcome: str) -> tuple[str, ...]:
    """One outcome of table 四 in all three groups (行政复议 and both kinds of 行政诉讼)."""
    return tuple(t4_id(g, outcome) for g, _ in T4_GROUPS)


APPLICATIONS = t3_total("new")  # what "applications" means in charts and rankings: 本年新收 总计
RESULTS_TOTAL = t3_total("tot")

INDICATORS: tuple[Indicator, ...] = (
    Indicator("disclosure", "实质公开率", t3_total(*_ROWS[OPEN], *_ROWS[PART]), RESULTS_TOTAL, True, 0.5, 0.3,
              f"（{OPEN} + {PART}）÷ 办理结果总计"),
    Indicator("withheld", "不予公开率", t3_total(*_ROWS[WITHHELD]), RESULTS_TOTAL, False, 0.1, 0.2,
              f"{WITHHELD}（{len(_ROWS[WITHHELD])}项之和）÷ 办理结果总计"),
    Indicator("unavailable", "无法提供率", t3_total(*_ROWS[UNAVAILABLE]), RESULTS_TOTAL, False, 0.3, 0.5,
              f"{UNAVAILABLE}（{len(_ROWS[UNAVAILABLE])}项之和）÷ 办理结果总计"),
    Indicator("corrected", "纠错率", t4_all("corr"), t4_all("total"), False, 0.0, 0.2,
              "行政复议和行政诉讼的结果纠正 ÷ 已审结的行政复议和行政诉讼（总计 − 尚未审结）",
              subtract=t4_all("pend")),
    Indicator("carried", "结转率", t3_total("next"), t3_total("new", "carry"), False, 0.2, 0.4,
              "结转下年度继续办理 ÷（本年新收 + 上年结转），即年底仍未办结的申请占全年应办申请的比例"),
)
