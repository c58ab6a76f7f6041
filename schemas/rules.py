"""The rule table: FORMAT.md §4 rules that one workbook can be checked against, plus our reading rules.

Message placeholders (filled by pipeline/checks/messages.py):
  equations: {scope} {lhs} {lhs_sum} {rhs} {rhs_sum} {cells}
  cells:     {sheet} {cell} {label} {raw}
  info:      {label} {cell} {value} {expected}
  workbook:  {detail}
  narrative: {label} {cell} {sentence} {detail}
"""

from __future__ import annotations

from schemas import report_rules
from schemas.conditions import FEE_DECIMALS, FEE_UNIT_LIMIT
from schemas.cross_year_rules import CROSS_YEAR_RULES
from schemas.hierarchy import HIERARCHY_RULES
from schemas.spec import Equation, Rule, Severity, Term
from schemas.tables import (
    T2_BANDS,
    T3_COLUMNS,
    T3_PART_COLUMNS,
    T3_RESULT_ROWS,
    T3_ROWS,
    T3_TOTAL_COL,
    T4_GROUPS,
    T4_OUTCOMES,
    TABLES,
    t3_id,
    t4_id,
)

E, W = Severity.ERROR, Severity.WARNING
_SHORT = {n.id: n.short for t in TABLES for n in t.numbers}
_T3_COL_LABEL = dict(T3_COLUMNS)


def _terms(*ids: str) -> tuple[Term, ...]:
    return tuple(Term(i, _SHORT[i]) for i in ids)


def _t3_balance() -> tuple[Equation, ...]:
    return tuple(
        Equation(c, f"表三 {label}列", _terms(t3_id("new", c), t3_id("carry", c)),
                 _terms(t3_id("tot", c), t3_id("next", c)), anchor=t3_id("tot", c))
        for c, label in T3_COLUMNS
    )


def _t3_rowsum() -> tuple[Equation, ...]:
    return tuple(
        Equation(r, f"表三 “{short}”行", _terms(t3_id(r, T3_TOTAL_COL)),
                 tuple(Term(t3_id(r, c), label) for c, label in T3_PART_COLUMNS))
        for r, _, _, short in T3_ROWS
    )


def _t3_resultsum() -> tuple[Equation, ...]:
    return tuple(
        Equation(c, f"表三 {label}列", _terms(t3_id("tot", c)), _terms(*(t3_id(r, c) for r in T3_RESULT_ROWS)))
        for c, label in T3_COLUMNS
    )


def _t4_sum(group: str) -> tuple[Equation, ...]:
    label = dict(T4_GROUPS)[group]
    parts = tuple(Term(t4_id(group, o), olabel) for o, olabel in T4_OUTCOMES[:-1])
    return (Equation(group, f"表四 {label}", (Term(t4_id(group, "total"), "总计"),), parts),)


def _t2_valid_floor() -> tuple[Equation, ...]:
    (_, _, rows), *_ = T2_BANDS
    return tuple(
        Equation(key, f"表二 {label}", _terms(f"t2_{key}_valid", f"t2_{key}_repealed"),
                 _terms(f"t2_{key}_made"), op=">=")
        for key, label in rows
    )


_SUM_MSG = "{scope}：{lhs} = {lhs_sum}，但{rhs} = {rhs_sum}，两者应相等（{cells}）"
_TOTAL_MSG = "{scope}：总计填写为 {lhs_sum}，但{rhs} = {rhs_sum}，总计应等于各项之和（{cells}）"

EQUATION_RULES: tuple[Rule, ...] = (
    Rule("R-T3-BALANCE", E, "表三每一列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度",
         _SUM_MSG, "equation", _t3_balance(), "OFF"),
    Rule("R-T3-ROWSUM", E, "表三每一行：总计列 = 自然人 + 五类法人或其他组织之和",
         _TOTAL_MSG, "equation", _t3_rowsum(), "IMP"),
    Rule("R-T3-RESULTSUM", E, "表三每一列：（七）总计 = （一）至（六）各项办理结果之和",
         "{scope}：（七）总计为 {lhs_sum}，但（一）至（六）各项办理结果之和为 {rhs_sum}（{cells}）",
         "equation", _t3_resultsum(), "IMP"),
    Rule("R-T4-REVIEW-SUM", E, "表四 行政复议：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
         _TOTAL_MSG, "equation", _t4_sum("rv"), "IMP"),
    Rule("R-T4-LD-SUM", E, "表四 未经复议直接起诉：总计 = 四项结果之和",
         _TOTAL_MSG, "equation", _t4_sum("ld"), "IMP"),
    Rule("R-T4-LR-SUM", E, "表四 复议后起诉：总计 = 四项结果之和",
         _TOTAL_MSG, "equation", _t4_sum("lr"), "IMP"),
    Rule("R-T2-VALID-FLOOR", E, "表二 规章、行政规范性文件：现行有效件数 ≥ 本年制发件数 − 本年废止件数",
         "{scope}：{lhs} = {lhs_sum}，小于{rhs} {rhs_sum}；本年制发且未废止的文件应计入现行有效件数（{cells}）",
         "equation", _t2_valid_floor(), "IMP"),
)

CELL_RULES: tuple[Rule, ...] = (
    Rule("R-T2-NONNEG", E, "表二 件数为不小于0的整数，收费金额为不小于0的数（万元）",
         "{label}（{sheet} {cell}）应为{expected}，填写的是“{raw}”", "cell", source="IMP"),
    Rule("R-T3-NONNEG-INT", E, "表三 每一格为不小于0的整数",
         "{label}（{sheet} {cell}）应为{expected}，填写的是“{raw}”", "cell", source="IMP"),
    Rule("R-T4-NONNEG-INT", E, "表四 每一格为不小于0的整数",
         "{label}（{sheet} {cell}）应为{expected}，填写的是“{raw}”", "cell", source="IMP"),
    Rule("R-CELL-TOO-LARGE", E, "数字格不超过一千万（件数）或一亿（万元），防止误填",
         "{label}（{sheet} {cell}）填写为 {raw}，数值过大，请核对", "cell", source="本工具"),
    Rule("R-CELL-BLANK", W, "数字格为空或填写“无”“-”“/”时按0计算",
         "{label}（{sheet} {cell}）{raw}，已按 0 计算；如确为0，请填写数字0", "cell", source="本工具"),
)

CONDITION_RULES: tuple[Rule, ...] = (
    Rule("R-T2-REG-POWER", W, "乡镇、街道、县政府办和县直部门没有规章制定权，表二规章一行应为0",
         "单位类型为“{value}”，没有规章制定权，表二“规章”一行应全部为0，现为 {detail}（{cell}）",
         "condition", source="LAW"),
    Rule("R-T2-FEE-UNIT", W, f"表二 收费金额单位为万元：超过{FEE_UNIT_LIMIT}万元或多于{FEE_DECIMALS}位小数时请核对单位",
         "表二 行政事业性收费填写为 {value} 万元（{cell}），请核对单位是万元而不是元", "condition", source="OFF"),
    Rule("R-T4-PLAUSIBLE", W, "本年无政府信息公开申请（新收与结转均为0）却有行政复议或诉讼，请确认",
         "表三 本年新收与上年结转均为0，但表四共有 {value} 件行政复议、行政诉讼（{cell}），请确认",
         "condition", source="IMP"),
)

INFO_RULES: tuple[Rule, ...] = (
    Rule("R-INFO-NAME", E, "基本信息 单位名称必填", "基本信息 单位名称（{cell}）未填写", "info", source="本工具"),
    Rule("R-INFO-KIND", E, "基本信息 单位类型须从下拉列表选择",
         "基本信息 单位类型（{cell}）填写为“{value}”，应为：{expected}", "info", source="本工具"),
    Rule("R-INFO-CODE", E, "基本信息 统一社会信用代码为18位且校验码正确（GB 32100）",
         "基本信息 统一社会信用代码（{cell}）“{value}”不正确：{expected}", "info", source="本工具"),
    Rule("R-INFO-YEAR", E, "基本信息 报告年度为本次汇总的年度",
         "基本信息 报告年度（{cell}）填写为“{value}”，本次汇总的是 {expected} 年度", "info", source="本工具"),
    Rule("R-INFO-DATE", W, "基本信息 填报日期为有效日期",
         "基本信息 填报日期（{cell}）“{value}”不是有效日期，多份报送时无法判断先后", "info", source="本工具"),
)

WORKBOOK_RULES: tuple[Rule, ...] = (
    Rule("R-WB-UNREADABLE", E, "文件能作为Excel工作簿打开", "无法读取此文件：{detail}", "workbook", source="本工具"),
    Rule("R-WB-NOT-TEMPLATE", E, "工作簿是本县下发的填报模板（工作表和标签未被改动）",
         "不是本县下发的填报模板或模板被改动：{detail}。请使用最新模板重新填写", "workbook", source="本工具"),
    Rule("R-WB-OLD-VERSION", E, "工作簿是当前版本的填报模板",
         "模板版本为“{value}”，当前版本为“{expected}”。请下载最新模板，把数字抄录过去后重新报送",
         "workbook", source="本工具"),
    Rule("R-FMT-DETECT", E, "表格为2021年新格式，而不是2019年试行格式或两者混用",
         "{detail}。2021年起须使用国办公开办函〔2021〕30号格式", "workbook", source="OFF"),
    Rule("R-WB-MACRO", W, "工作簿不含宏（VBA代码）；含宏的文件照常读取数字，宏从不运行",
         "文件含有宏（VBA代码）。本工具只读取单元格中的数值和文字，从不运行宏，数据已照常校验；"
         "下次请用下发的模板（.xlsx）填写，不要加入宏", "workbook", source="本工具"),
)

# The text of 文字内容 against the tables; checked by pipeline/checks/narrative.py when the county runs its report
# (the template's formulas cannot read prose). Warnings: a sentence can be right in a way a pattern misses.
NARRATIVE_RULES: tuple[Rule, ...] = (
    Rule("R-NARR-T3", W, "文字内容中关于政府信息公开申请的表述（如“未收到政府信息公开申请”“收到申请N件”）与表三一致",
         "文字内容“{label}”（{cell}）写道“{sentence}”，但{detail}，请核对文字或表三", "narrative", source="IMP"),
    Rule("R-NARR-T4", W, "文字内容中关于行政复议、行政诉讼的表述（如“未发生行政复议、行政诉讼”）与表四一致",
         "文字内容“{label}”（{cell}）写道“{sentence}”，但{detail}，请核对文字或表四", "narrative", source="IMP"),
)

RULES: tuple[Rule, ...] = (EQUATION_RULES + CELL_RULES + CONDITION_RULES + INFO_RULES + WORKBOOK_RULES
                           + NARRATIVE_RULES + CROSS_YEAR_RULES + report_rules.RULES + HIERARCHY_RULES)

# Scopes the 校验 sheet of the template evaluates with formulas; workbook rules concern the file itself.
CHECKED_IN_TEMPLATE = ("equation", "cell", "condition", "info")
