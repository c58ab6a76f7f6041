"""FORMAT.md §4 rules that compare a body's report with its report of the year before (issue 14).

Checked by pipeline/checks/cross_year.py when the run has last year's data (pipeline/decide/history.py); the
template's 校验 sheet cannot check them (it does not hold last year's figures).

Message placeholders:
  {scope}      where in this year's tables, e.g. "表三 总计列"
  {this} {cell} {year}            this year's figure, its cell and the report year
  {last} {last_cell} {last_year}  last year's figure, where it was found, last year
  {source}     where last year's figures came from, e.g. "2023年汇总" or a published report's file name
  {expected} {made} {repealed} {ratio} {detail}: rule-specific
"""

from __future__ import annotations

from schemas.spec import Rule, Severity

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
)
