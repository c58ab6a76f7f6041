"""The 图表 sheet of 汇总.xlsx: three small data tables, each with a native Excel chart beside it.

Native charts (not pictures) keep working when a colleague edits the numbers, and the city above can
copy them into its own roll-up.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.excel.lists import write_cell
from schemas import SPEC
from schemas.hierarchy import SCOPES
from schemas.indicators import APPLICATIONS, RESULT_CATEGORIES, t3_total
from schemas.spec import ReportSpec

CHART_SHEET = "图表"
TOP_BODIES = 10
BLOCK_ROWS = 20  # rows between the tops of two blocks: a chart is 15 rows tall at the default size
CHART_COL = 4
CHART_FONT = {"name": "宋体", "size": 10}


def applications_label(spec: ReportSpec = SPEC) -> str:
    """'本年新收申请（件）', from the spec's short label."""
    return f"{spec.number(APPLICATIONS[0]).short}申请（件）"


def write_chart_sheet(wb: Workbook, ws: Worksheet, accepted: pd.DataFrame, kinds: pd.DataFrame,
                      totals: Mapping[str, float], formats: dict[str, Format], spec: ReportSpec = SPEC,
                      scope: str = SCOPES[0]) -> None:
    """Applications by 单位类型 (kinds: rollup.by_kind), the mix of 办理结果 (totals: rollup.county_totals),
    and the bodies with the most applications. scope: what the totals cover (全县, 全市, 全省: outputs/levels.py)."""
    apps = applications_label(spec)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 10)
    ws.set_column(2, 2, 20)
    rows = [(str(k), int(r["bodies"]), float(r[list(APPLICATIONS)].sum())) for k, r in kinds.iterrows()]
    _block(wb, ws, 0, ("单位类型", "单位数", apps), rows, formats,
           {"type": "column", "title": f"各类型单位{apps}", "value_col": 2})
    mix = [(name, sum(totals[i] for i in t3_total(*keys))) for name, keys in RESULT_CATEGORIES]
    _block(wb, ws, BLOCK_ROWS, ("办理结果", "件数"), mix, formats,
           {"type": "pie", "title": f"{scope}政府信息公开申请办理结果构成", "value_col": 1})
    _block(wb, ws, 2 * BLOCK_ROWS, ("单位名称", apps), top_bodies(accepted), formats,
           {"type": "bar", "title": f"{apps}最多的单位（前{TOP_BODIES}名）", "value_col": 1})
    ws.set_paper(9)
    ws.set_landscape()
    ws.fit_to_pages(1, 1)


def top_bodies(accepted: pd.DataFrame, count: int = TOP_BODIES) -> list[tuple[str, float]]:
    """The bodies with the most applications (none with 0), most first; ties by name."""
    if not len(accepted):
        return []
    apps = accepted[list(APPLICATIONS)].sum(axis=1)
    ranked = pd.DataFrame({"name": accepted["name"], "apps": apps})
    ranked = ranked[ranked["apps"] > 0].sort_values(["apps", "name"], ascending=[False, True], kind="stable")
    return [(str(n), float(a)) for n, a in ranked.head(count).itertuples(index=False)]


def _block(wb: Workbook, ws: Worksheet, row: int, headers: Sequence[str], rows: Sequence[Sequence[Any]],
           formats: dict[str, Format], chart: dict[str, Any]) -> None:
    ws.write_string(row, 0, chart["title"], formats["bold"])
    for col, text in enumerate(headers):
        ws.write_string(row + 1, col, text, formats["table_header"])
    for r, values in enumerate(rows, start=row + 2):
        for col, value in enumerate(values):
            write_cell(ws, r, col, value, formats)
    if not rows or not any(values[chart["value_col"]] for values in rows):
        ws.write_string(row + 2 + len(rows), 0, "（没有可作图的数据）", formats["text_line"])
        return
    ws.insert_chart(row, CHART_COL, _chart(wb, ws.get_name(), row + 2, row + 1 + len(rows), chart))


def _chart(wb: Workbook, sheet: str, first: int, last: int, spec: dict[str, Any]) -> Any:
    chart = wb.add_chart({"type": spec["type"]})
    labels: dict[str, Any] = {"value": True, "font": CHART_FONT}
    if spec["type"] == "pie":
        labels = {"percentage": True, "category": True, "leader_lines": True, "font": CHART_FONT}
    chart.add_series({
        "name": spec["title"],
        "categories": [sheet, first, 0, last, 0],
        "values": [sheet, first, spec["value_col"], last, spec["value_col"]],
        "data_labels": labels,
    })
    chart.set_title({"name": spec["title"], "name_font": {**CHART_FONT, "size": 12, "bold": True}})
    if spec["type"] == "pie":
        chart.set_legend({"position": "right", "font": CHART_FONT})
    else:
        chart.set_legend({"none": True})
        axis = {"num_font": CHART_FONT}
        chart.set_x_axis(axis)
        # A bar chart's y axis holds the categories (xlsxwriter swaps them): reversed, the first row is on top.
        chart.set_y_axis(axis | ({"reverse": True} if spec["type"] == "bar" else {}))
    chart.set_size({"width": 560, "height": 300})
    return chart
