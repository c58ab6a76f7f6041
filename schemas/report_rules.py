"""Rules of a report as a whole (FORMAT.md §4, report-level) and of reading published reports.

Checked by pipeline/checks/report_text.py. Scope "document": only a published report has them (a title,
headings, the opening that states the period and the basis; figures placed on a page); scope "report":
the 文字内容 of any submission, a workbook's texts included.

Message placeholders:
  document: {detail} (and {label} for a figure)
  report:   {label} {detail}
"""

from __future__ import annotations

from schemas.spec import Rule, Severity

E, W = Severity.ERROR, Severity.WARNING

DOCUMENT_RULES: tuple[Rule, ...] = (
    Rule("R-DOC-UNREADABLE", E, "已公开的年度报告能读出表二、表三、表四（不是扫描件、图片表格、加密文件或栏目列表页）",
         "无法读取此年度报告：{detail}", "document", source="本工具"),
    Rule("R-DOC-UNPLACED", E, "已公开的年度报告中每个数字都能确定所在的行和栏；不能确定的按未知处理，不猜测",
         "{label} 无法确定：{detail}。该数字按未知处理，请对照原文核实", "document", source="本工具"),
    Rule("R-DOC-LABEL", W, "已公开的年度报告中表格的行名与格式规定的文字一致（缺字的行名按唯一相符的官方行名读取，并提示）",
         "{detail}。请核对该行的名称和数字", "document", source="本工具"),
    Rule("R-SEC-ORDER", E, "六个部分的标题齐全且顺序正确（一、总体情况 …… 六、其他需要报告的事项）",
         "{detail}。年度报告须按格式依次包含六个部分", "document", source="OFF"),
    Rule("R-SEC-ORDER-ALIAS", W, "六个部分的标题用格式规定的文字（常见的其他写法可以接受，但提示）",
         "{detail}", "document", source="OFF"),
    Rule("R-PERIOD", E, "写明统计期限为报告年度的1月1日至12月31日",
         "{detail}。报告应写明数据的统计期限为本年度1月1日至12月31日", "document", source="PRAC"),
    Rule("R-FORMAT-CITE", W, "2021年起的报告不以国办公开办函〔2019〕60号或“（试行）”格式为依据",
         "{detail}。2021年起的年度报告格式依据是国办公开办函〔2021〕30号", "document", source="PRAC"),
)

REPORT_RULES: tuple[Rule, ...] = (
    Rule("R-SEC1-ASPECTS", W, "总体情况写到主动公开、依申请公开、政府信息管理、政府信息公开平台建设、监督保障五个方面",
         "“{label}”{detail}，请补充", "report", source="OFF"),
    Rule("R-SEC5-FOLLOWUP", W, "第五部分写明上年度问题的整改情况、本年度存在的问题和改进措施",
         "“{label}”{detail}，请补充", "report", source="R"),
    Rule("R-SEC6-FEE", E, "第六部分写明信息处理费收取情况（收取金额或“未收取”）",
         "“{label}”{detail}。请写明本年度信息处理费的收取情况（金额，或“未收取”）", "report", source="R"),
    Rule("R-SEC6-ITEMS", W, "第六部分写到政务公开工作要点落实、人大代表建议和政协提案办理结果公开、政务公开工作创新",
         "“{label}”{detail}，请补充", "report", source="R"),
)

RULES: tuple[Rule, ...] = DOCUMENT_RULES + REPORT_RULES
