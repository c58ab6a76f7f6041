"""The template's non-table parts: sheet names, 基本信息 fields, text sections, the version marker."""

from __future__ import annotations

from schemas.constraints import BodyKind, CreditCode, RequiredText, RunYear, ValidDate
from schemas.rules import CHECKED_IN_TEMPLATE
from schemas.spec import CheckSheet, InfoField, Sheets, TextField
from schemas.tables import SHEET_T2, SHEET_T3, SHEET_T4

FORMAT_NAME = "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）"
TEMPLATE_VERSION = "GKNB-2021-1"  # bump when a label or cell moves; the reader refuses other versions
TEMPLATE_TITLE = "政府信息公开工作年度报告填报模板"

SHEETS = Sheets(
    guide="填报说明", info="基本信息", t2=SHEET_T2, t3=SHEET_T3, t4=SHEET_T4, text="文字内容", check="校验",
)

BODY_KINDS = ("县政府办", "县直部门", "乡镇", "街道", "其他")
YEAR_MIN, YEAR_MAX = 2021, 2100  # the years a report of this format can be for (and filled in)

# 基本信息: label in column A, value in column B, hint in column C. Row 0 is the title,
# row 1 the version marker, row 2 the column headers, then one field a row.
INFO_TITLE_ROW = 0
INFO_VERSION_ROW = 1
INFO_HEADER_ROW = 2
INFO_VERSION_LABEL = "模板版本"
INFO_LABEL_COL, INFO_VALUE_COL, INFO_HINT_COL = 0, 1, 2
INFO_FIELDS: tuple[InfoField, ...] = (
    InfoField("name", "单位名称", 3, "填写单位全称，与公开的年度报告标题一致，例如：青同镇人民政府",
              RequiredText("R-INFO-NAME")),
    InfoField("kind", "单位类型", 4, "从下拉列表中选择：" + "、".join(BODY_KINDS),
              BodyKind("R-INFO-KIND", "请从下拉列表中选择")),
    InfoField("code", "统一社会信用代码", 5, "18位，可在单位法人证书上查到",
              CreditCode("R-INFO-CODE", "18位代码，字母大写", "统一社会信用代码应为18位")),
    InfoField("year", "报告年度", 6, "报告所统计的年度，例如 2024",
              RunYear("R-INFO-YEAR", YEAR_MIN, YEAR_MAX, "四位年份，例如 2024", "请填写四位年份，例如 2024")),
    InfoField("filler", "填报人", 7, "填表人姓名"),
    InfoField("phone", "联系电话", 8, "便于汇总单位联系核实"),
    InfoField("date", "填报日期", 9, "格式：2025-01-15",
              ValidDate("R-INFO-DATE", YEAR_MIN, YEAR_MAX, "日期，例如 2025-01-15", "请填写日期，例如 2025-01-15")),
)
INFO_HEADER = ("项目", "填写内容", "说明")

# 文字内容: heading in column A, text in column B.
TEXT_LABEL_COL, TEXT_VALUE_COL = 0, 1
TEXT_TITLE = "文字内容（年度报告第一、五、六部分）"
TEXT_FIELDS: tuple[TextField, ...] = (
    TextField("s1_active", "一", "（一）主动公开", 2, "本年主动公开政府信息的数量、内容和渠道"),
    TextField("s1_request", "一", "（二）依申请公开", 3, "收到和办理政府信息公开申请的情况，数字须与表三一致"),
    TextField("s1_manage", "一", "（三）政府信息管理", 4, "保密审查、信息发布审核、动态更新等"),
    TextField("s1_platform", "一", "（四）政府信息公开平台建设", 5, "政府网站、政务新媒体、公开栏等平台"),
    TextField("s1_oversight", "一", "（五）监督保障", 6, "制度建设、培训、考核、社会评议和责任追究等"),
    TextField("s5", "五", "五、存在的主要问题及改进情况", 7, "上年问题整改情况、本年存在的问题和改进措施"),
    TextField("s6", "六", "六、其他需要报告的事项", 8, "信息处理费收取情况（金额或“未收取”）、政务公开工作要点落实、"
              "人大代表建议和政协提案办理结果公开、政务公开工作创新等"),
)
TEXT_SECTION_ROW = {"一": 1}  # the heading row of section 一, above its five sub-parts

SECTION_HEADINGS = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

GUIDE_TITLE = "填报说明"
# {sheets} placeholders are filled with the sheet names above, so the guide never drifts from them.
GUIDE_LINES = (
    "一、本工作簿用于填报本单位{year_hint}政府信息公开工作年度报告，格式依据" + FORMAT_NAME + "。",
    "二、只需填写浅黄色的格子；灰色格子是自动计算的合计，不能修改；其余格子已保护，不能插入或删除行列。",
    "三、请先在“{info}”表填写单位名称、单位类型（下拉选择）、统一社会信用代码、报告年度、填报人、联系电话和填报日期。",
    "四、“{t2}”“{t3}”“{t4}”三张表与公开的年度报告表格完全一致。每个格子填写数字：件数填整数，收费金额以万元为单位，可填小数。"
    "没有发生的填 0，不要留空，也不要填“无”“-”“/”或“12件”这样的文字。",
    "五、“{t3}”的总计列和（七）总计行、“{t4}”的三个总计会自动计算。表三每一列须满足：第一项加第二项之和，等于第三项加第四项之和。",
    "六、“{text}”表填写报告第一部分（总体情况，分五个方面）、第五部分和第六部分的文字，正文中的数字须与表格一致。"
    "第六部分须说明信息处理费收取情况（金额或“未收取”）。",
    "七、填完后请查看“{check}”表：每一项检查显示 ✓ 为通过，红色 ✗ 为未通过，并说明哪里不一致。请改正全部 ✗ 后再报送；"
    "警告项如确属实际情况，可在“说明”列写明理由。",
    "八、请勿修改工作表名称、表格文字和版本号，不要另存为其他格式；直接把本文件作为邮件附件发送给县政府办公室。",
)

# 校验 sheet: one row per check (an equation, or a whole rule), from CHECK_FIRST_ROW on.
CHECK_TITLE = "校验结果（本表自动计算；✓ 通过，✗ 未通过）"
CHECK_SUMMARY_ROW = 1
CHECK_HEADER_ROW = 2
CHECK_FIRST_ROW = 3
CHECK_HEADERS = ("规则编号", "级别", "检查内容", "结果", "问题说明", "说明（警告项如确属实际情况，请在此写明理由）")
CHECK_RULE_COL, CHECK_SEVERITY_COL, CHECK_WHAT_COL, CHECK_RESULT_COL, CHECK_MESSAGE_COL, CHECK_NOTE_COL = range(6)
CHECK_WIDTHS = (17, 6, 30, 6, 80, 30)
CHECK_PASS, CHECK_FAIL = "✓", "✗"
CHECK_SHEET = CheckSheet(
    title=CHECK_TITLE, summary_row=CHECK_SUMMARY_ROW, header_row=CHECK_HEADER_ROW, first_row=CHECK_FIRST_ROW,
    headers=CHECK_HEADERS, widths=CHECK_WIDTHS, rule_col=CHECK_RULE_COL, severity_col=CHECK_SEVERITY_COL,
    what_col=CHECK_WHAT_COL, result_col=CHECK_RESULT_COL, message_col=CHECK_MESSAGE_COL, note_col=CHECK_NOTE_COL,
    passed=CHECK_PASS, failed=CHECK_FAIL, scopes=CHECKED_IN_TEMPLATE,
)

# 单位名单 (roster): one row per body the county expects a report from; header names as below.
ROSTER_COLUMNS = (
    ("name", "单位名称"), ("kind", "单位类型"), ("code", "统一社会信用代码"), ("contact", "联系人"), ("email", "邮箱"),
)
ROSTER_REQUIRED = ("name",)
# 基本信息 fields a personal template (or a fresh copy sent back) fills in from the roster and locks.
PERSONAL_LOCKED = frozenset({"name", "kind", "code", "year"})
# The published report (FORMAT.md §2): title, opening paragraph with the statistical period, and what
# stands under a heading whose text the body left empty (so nobody publishes an empty section unnoticed).
REPORT_TITLE = "{name}{year}年政府信息公开工作年度报告"
REPORT_OPENING = ("按照《中华人民共和国政府信息公开条例》和" + FORMAT_NAME + "要求，编制本年度报告。"
                  "报告中所列数据的统计期限为{year}年1月1日至{year}年12月31日。")
REPORT_EMPTY_SECTION = "（本部分未填写）"
