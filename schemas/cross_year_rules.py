"""FORMAT.md §4 rules that compare a body's report with its report of the year before (issue 14).

Checked by pipeline/checks/cross_year.py when the run has last year's data (pipeline/decide/history.py). A
personal template built with history also checks the two chains in its 校验 sheet (CROSS_YEAR_CHECKS below).

Message placeholders:
  {scope}      where in this year's tables, e.g. "表三 总计列"
  {this} {cell} {year}            this year's figure, its cell and the report year
  {last} {last_cell} {last_year}  last year's figure, where it was found, last year
  {source}     where last year's figures came from, e.g. "2023年汇总" or a published report's file name
  {expected} {made} {repealed} {ratio} {detail} {review} {review_cell}: rule-specific
"""

from __future__ import annotations

from dataclasses import dataclass

from schemas.spec import Rule, Severity
from schemas.tables import T2_BANDS, T3_COLUMNS, t3_id

E, W = Severity.ERROR, Severity.WARNING

# R-YOY-JUMP: a change counts as a jump when the larger figure is at least JUMP_FACTOR times the smaller, the
# smaller is above 0 (starting or stopping an activity is no jump) and the larger is at least JUMP_FLOOR.
JUMP_FACTOR = 10
JUMP_FLOOR = 50
# R-YOY-IDENTICAL: a text counts as copied when it is at least this similar to last year's and this long.
TEXT_SIMILAR = 0.9
TEXT_MIN_CHARS = 50

CROSS_YEAR_RULES: tuple[Rule, ...] = (
    Rule("R-T3-CARRY-CONT", E, "跨年度：表三每一列的上年结转 = 上年度报告的结转下年度继续办理",
         "{scope}：上年结转 {this}（{year}年 {cell}），但 {last_year} 年度报告的结转下年度为 {last}"
         "（{last_year}年 {last_cell}，来源：{source}），两者应相等",
         "cross-year", source="IMP"),
    Rule("R-T2-VALID-CONT", W, "跨年度：表二 规章、行政规范性文件 现行有效件数 = 上年现行有效件数 + 本年制发 − 本年废止",
         "{scope}：现行有效件数 {this}（{year}年 {cell}），但 {last_year} 年度现行有效 {last}（{last_year}年 {last_cell}，"
         "来源：{source}）+ 本年制发 {made} − 本年废止 {repealed} = {expected}；如有修改或同年制发又废止的文件，请在说明栏说明",
         "cross-year", source="IMP"),
    Rule("R-YOY-IDENTICAL", W, f"跨年度：数字与上年度完全相同（且不全为0），或文字与上年度相似度超过{TEXT_SIMILAR:.0%}，疑为照抄上年",
         "{detail}与 {last_year} 年度报告（来源：{source}）{how}，请确认不是照抄上年的报告",
         "cross-year", source="PRAC"),
    Rule("R-YOY-JUMP", W, f"跨年度：表二、表三总计列（上年结转、结转下年度除外）、表四总计的数字比上年度增减{JUMP_FACTOR}倍以上"
         f"（较大一方不少于{JUMP_FLOOR}，较小一方大于0），请核对",
         "{scope}：本年 {this}（{year}年 {cell}），{last_year} 年度为 {last}（{last_year}年 {last_cell}，来源：{source}），"
         "相差 {ratio} 倍，请核对是否填错位数或单位",
         "cross-year", source="本工具"),
    Rule("R-T3-CARRY-ZERO-FIRST", W, "跨年度：上年数据中没有本单位的报告时，表三的上年结转应为0，否则请说明",
         "{scope}：上年结转 {this}（{year}年 {cell}），但上年数据（来源：{source}）中没有本单位 {last_year} 年度的报告；"
         "新设立的单位上年结转应为0。如本单位 {last_year} 年度已有报告，请在说明栏说明，或把上年的报告一并提供",
         "cross-year", source="IMP"),
    Rule("R-T4-LR-VS-RV", W, "跨年度：表四 复议后起诉的总计不应多于本年与上年度行政复议总计之和",
         "{scope}：复议后起诉 {this}（{year}年 {cell}），多于本年行政复议 {review}（{year}年 {review_cell}）与 "
         "{last_year} 年度行政复议 {last}（{last_year}年 {last_cell}，来源：{source}）之和 {expected}；"
         "复议后起诉的案件应先经过行政复议，请核对",
         "cross-year", source="IMP"),
)


@dataclass(frozen=True)
class Chain:
    """One cross-year chain over this year's figures and one of last year's: this = last + Σplus − Σminus.

    Checked by the county's run (pipeline/checks/cross_year.py) and, in a personal template built with last
    year's data, live on its 校验 sheet (pipeline/template/last_year_sheet.py).
    """

    rule: str
    scope: str  # where in this year's tables, e.g. "表三 自然人列"
    this: str  # this year's figure
    last: str  # last year's figure it continues
    plus: tuple[str, ...] = ()  # this year's figures added to last year's (本年制发)
    minus: tuple[str, ...] = ()  # and subtracted (本年废止)


_T2_DOCS = T2_BANDS[0][2]  # 规章, 行政规范性文件
CHAINS: tuple[Chain, ...] = (
    *(Chain("R-T3-CARRY-CONT", f"表三 {label}列", t3_id("carry", c), t3_id("next", c)) for c, label in T3_COLUMNS),
    *(Chain("R-T2-VALID-CONT", f"表二 {label}", f"t2_{k}_valid", f"t2_{k}_valid", (f"t2_{k}_made",),
            (f"t2_{k}_repealed",)) for k, label in _T2_DOCS),
)

# The 上年数据 sheet of a personal template built with history (python -m pipeline templates --history):
# last year's figures the chains need, one a row, locked; the 校验 sheet's chain rows refer to them.
LAST_YEAR_SHEET = "上年数据"
LAST_YEAR_TITLE = "上年度报告的数字（由县级汇总员根据上年数据填入，供“校验”表核对，不能修改）"
LAST_YEAR_SOURCE_ROW = 1  # "{year} 年度，来源：…"
LAST_YEAR_HEADER_ROW = 2
LAST_YEAR_FIRST_ROW = 3
LAST_YEAR_HEADERS = ("项目", "上年度数字", "在上年度报告中的位置")
LAST_YEAR_LABEL_COL, LAST_YEAR_VALUE_COL, LAST_YEAR_WHERE_COL = 0, 1, 2
LAST_YEAR_WIDTHS = (44, 12, 30)
LAST_YEAR_IDS: tuple[str, ...] = tuple(dict.fromkeys(c.last for c in CHAINS))  # in row order


def last_year_cell(number_id: str) -> tuple[int, int]:
    """(row, col) of last year's figure of number_id on the 上年数据 sheet."""
    return LAST_YEAR_FIRST_ROW + LAST_YEAR_IDS.index(number_id), LAST_YEAR_VALUE_COL
