"""Named xlsxwriter format dicts, keyed by meaning. Create each format once per workbook."""

from __future__ import annotations

from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

FONT = "宋体"  # what Chinese offices print with; LibreOffice falls back to an installed CJK font
INPUT_FILL = "#FFF2CC"  # pale yellow: "write here"
TOTAL_FILL = "#EDEDED"  # grey: computed, do not touch
ERROR_FILL = "#FFC7CE"
WARNING_FILL = "#FFEB9C"
PASS_COLOR = "#006100"
FAIL_COLOR = "#9C0006"

_BASE: dict[str, Any] = {"font_name": FONT, "font_size": 10.5, "valign": "vcenter"}
_BOX: dict[str, Any] = {**_BASE, "border": 1, "text_wrap": True}

STYLES: dict[str, dict[str, Any]] = {
    "title": {**_BASE, "bold": True, "font_size": 14, "align": "center"},
    "subtitle": {**_BASE, "font_size": 10, "align": "left", "text_wrap": True},
    "band": {**_BOX, "bold": True, "align": "center"},
    "header": {**_BOX, "bold": True, "align": "center"},
    "label": {**_BOX, "align": "left"},
    "label_center": {**_BOX, "align": "center"},
    "note": {**_BOX, "font_size": 9, "align": "center"},
    "text": {**_BASE, "text_wrap": True, "valign": "top"},
    "hint": {**_BASE, "text_wrap": True, "font_color": "#595959", "font_size": 9, "valign": "top"},
    "count": {**_BOX, "align": "center", "num_format": "0"},
    "money": {**_BOX, "align": "center", "num_format": "0.00##"},
    "input_count": {**_BOX, "align": "center", "num_format": "0", "locked": False, "bg_color": INPUT_FILL},
    "input_money": {**_BOX, "align": "center", "num_format": "0.00##", "locked": False, "bg_color": INPUT_FILL},
    "input_text": {**_BOX, "align": "left", "valign": "top", "locked": False, "bg_color": INPUT_FILL},
    "input_date": {**_BOX, "align": "left", "num_format": "yyyy-mm-dd", "locked": False, "bg_color": INPUT_FILL},
    "total": {**_BOX, "align": "center", "num_format": "0", "bg_color": TOTAL_FILL},
    "fixed": {**_BOX, "align": "left", "bg_color": TOTAL_FILL},
    "fixed_date": {**_BOX, "align": "left", "num_format": "yyyy-mm-dd", "bg_color": TOTAL_FILL},
    "pass": {**_BOX, "align": "center", "bold": True, "font_color": PASS_COLOR},
    "error_cell": {"bg_color": ERROR_FILL, "font_color": FAIL_COLOR, "bold": True},
    "warning_cell": {"bg_color": WARNING_FILL},
    "bold": {**_BASE, "bold": True},
    "table_header": {**_BOX, "bold": True, "align": "center", "bg_color": "#D9E1F2"},
    "cell": {**_BOX, "align": "left"},
    "cell_number": {**_BOX, "align": "right", "num_format": "0"},
    "cell_percent": {**_BOX, "align": "right", "num_format": "0.0%"},
    "bold_cell": {**_BOX, "align": "left", "bold": True},
    "text_line": {**_BASE, "align": "left"},
    "flag_red": {**_BOX, "align": "center", "bold": True, "bg_color": ERROR_FILL, "font_color": FAIL_COLOR},
    "flag_yellow": {**_BOX, "align": "center", "bold": True, "bg_color": WARNING_FILL},
}


MARKABLE = ("input_count", "input_money", "input_text", "input_date", "total", "fixed", "fixed_date")
MARK_FILLS = {"error": ERROR_FILL, "warning": WARNING_FILL}
for _base in MARKABLE:  # a marked copy shows each problem cell in red (error) or yellow (warning)
    for _mark, _fill in MARK_FILLS.items():
        STYLES[f"{_base}_{_mark}"] = {**STYLES[_base], "bg_color": _fill, "border_color": "#C00000", "border": 2}


def make_formats(workbook: Workbook) -> dict[str, Format]:
    """Create every named format once for this workbook."""
    return {name: workbook.add_format(props) for name, props in STYLES.items()}
