"""The rule table as Chinese text: `python -m pipeline rules` and docs/rules.md."""

from __future__ import annotations

from schemas import SPEC
from schemas.cross_year_rules import CHAINS
from schemas.spec import ReportSpec

_SCOPE = {
    "equation": "勾稽关系", "cell": "单元格", "condition": "条件检查", "info": "基本信息", "workbook": "文件",
    "narrative": "文字与表格", "document": "已公开的报告", "report": "报告内容", "cross-year": "跨年度",
    "hierarchy": "上下级汇总",
}


def rules_markdown(spec: ReportSpec = SPEC) -> str:
    """docs/rules.md: every rule with its id, severity, scope and where it is checked."""
    lines = [
        "# 校验规则一览",
        "",
        "本文件由 `make docs`（`python -m pipeline rules --markdown`）根据 schemas/ 中的规则表生成，请勿手工修改。",
        "",
        "| 规则编号 | 级别 | 类别 | 内容 | 填报模板“校验”表 | 来源 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    chained = {c.rule for c in CHAINS}
    for r in spec.rules:
        in_template = ("是" if r.scope in spec.check_sheet.scopes
                       else "带上年数据的个人模板中检查" if r.id in chained else "否（汇总时检查）")
        count = f"（{len(r.equations)} 个等式）" if r.equations else ""
        lines.append(f"| {r.id} | {r.severity.value} | {_SCOPE.get(r.scope, r.scope)} | {r.title}{count} "
                     f"| {in_template} | {r.source} |")
    return "\n".join(lines) + "\n"


def rules_text(spec: ReportSpec = SPEC) -> str:
    """A plain listing for the terminal."""
    return "\n".join(f"{r.id:<20} {r.severity.value}  {r.title}" for r in spec.rules) + "\n"
