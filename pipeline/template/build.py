"""Build the fill-in template (blank, personal or pre-filled) from the spec with xlsxwriter."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from pipeline.common.cells import compress, range_a1
from pipeline.excel.grid import print_setup, value_range, write_grid
from pipeline.excel.styles import FONT, make_formats
from pipeline.excel.workbook import new_workbook
from pipeline.run.atomic import atomic_path
from pipeline.template.cell_values import CellValues, cached_number, cell_values
from pipeline.template.check_sheet import CheckRow, write_check_sheet
from pipeline.template.last_year_sheet import chain_rows, write_last_year_sheet
from pipeline.template.validations import info_validation
from pipeline.types import Fill
from schemas import SPEC, info
from schemas.constraints import ValidDate
from schemas.cross_year_rules import LAST_YEAR_SHEET
from schemas.spec import InfoField, Kind, Number, ReportSpec, Severity, TableLayout

TEMPLATE_FILENAME = "政府信息公开工作年度报告填报模板.xlsx"
# LibreOffice ignores fit-to-width on a sheet with one used column, so the guide's column must fit
# A4 portrait unscaled; rows get explicit heights because LibreOffice does not size them on open.
GUIDE_WIDTH = 70
GUIDE_CHARS_PER_LINE = 34  # 10 pt Chinese characters in Excel's rendering of that width


FrontSheet = tuple[str, Callable[[Worksheet, dict[str, Format]], None]]


def build_template(dest: Path, fill: Fill | None = None, spec: ReportSpec = SPEC,
                   front: FrontSheet | None = None) -> Path:
    """Write the template workbook to dest (atomically) and return dest.

    Args:
        dest: where to write the .xlsx.
        fill: values to pre-fill; None gives the blank template.
        front: (sheet name, writer) of an extra first sheet, e.g. a marked copy's list of problems.
    Returns:
        dest.
    """
    fill = fill or Fill()
    cells = cell_values(fill, spec)  # what each formula's cached value is computed from
    with atomic_path(dest) as tmp:
        wb = new_workbook(tmp, info.TEMPLATE_TITLE)
        wb.set_custom_property("template_version", spec.template_version)
        formats = make_formats(wb)
        if front:
            front[1](wb.add_worksheet(front[0]), formats)
        _write_guide(wb.add_worksheet(spec.sheets.guide), formats, spec)
        _write_info(wb.add_worksheet(spec.sheets.info), formats, spec, fill)
        for layout in spec.tables:
            _write_table(wb.add_worksheet(layout.sheet), layout, formats, fill, cells)
        _write_texts(wb.add_worksheet(spec.sheets.text), formats, spec, fill)
        chains: list[CheckRow] = []
        if fill.last_year is not None:  # a personal template built with history
            write_last_year_sheet(wb.add_worksheet(LAST_YEAR_SHEET), formats, spec, fill.last_year)
            chains = list(chain_rows(spec, int(fill.info["year"]), fill.last_year))
        write_check_sheet(wb.add_worksheet(spec.sheets.check), formats, spec, fill, cells, chains)
        wb.worksheets()[0 if front else 1].activate()
        wb.close()
    return dest


def _protect(ws: Worksheet) -> None:
    # No password: the point is to stop accidental edits and row inserts, not to lock people out.
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_columns": True,
                    "format_rows": True})


def _fit_width(ws: Worksheet) -> None:
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)


def _write_guide(ws: Worksheet, formats: dict[str, Format], spec: ReportSpec) -> None:
    names = {"info": spec.sheets.info, "t2": spec.sheets.t2, "t3": spec.sheets.t3, "t4": spec.sheets.t4,
             "text": spec.sheets.text, "check": spec.sheets.check, "year_hint": ""}
    ws.set_column(0, 0, GUIDE_WIDTH)
    ws.write_string(0, 0, info.GUIDE_TITLE, formats["title"])
    for i, line in enumerate(info.GUIDE_LINES, start=1):
        text = line.format(**names)
        ws.write_string(i, 0, text, formats["subtitle"])
        ws.set_row(i, 14 * (1 + len(text) // GUIDE_CHARS_PER_LINE) + 4)
    _fit_width(ws)
    _protect(ws)


def _write_info(ws: Worksheet, formats: dict[str, Format], spec: ReportSpec, fill: Fill) -> None:
    ws.set_column(info.INFO_LABEL_COL, info.INFO_LABEL_COL, 18)
    ws.set_column(spec.info_value_col, spec.info_value_col, 40)
    ws.set_column(info.INFO_HINT_COL, info.INFO_HINT_COL, 50)
    ws.merge_range(info.INFO_TITLE_ROW, 0, info.INFO_TITLE_ROW, info.INFO_HINT_COL, info.TEMPLATE_TITLE,
                   formats["title"])
    _, vrow, vcol = spec.version_cell
    ws.write_string(vrow, info.INFO_LABEL_COL, info.INFO_VERSION_LABEL, formats["label"])
    ws.write_string(vrow, vcol, spec.template_version, formats["fixed"])
    for col, text in enumerate(info.INFO_HEADER):
        ws.write_string(info.INFO_HEADER_ROW, col, text, formats["header"])
    for f in spec.info_fields:
        ws.write_string(f.row, info.INFO_LABEL_COL, f.label, formats["label"])
        ws.write_string(f.row, info.INFO_HINT_COL, f.hint, formats["hint"])
        _write_info_value(ws, f, spec.info_value_col, fill, formats)
        ws.set_row(f.row, 22)
    _info_validations(ws, spec)
    _fit_width(ws)
    _protect(ws)


def _write_info_value(ws: Worksheet, field: InfoField, col: int, fill: Fill, formats: dict[str, Format]) -> None:
    locked = field.id in fill.locked_info
    value = fill.info.get(field.id)
    kind = "date" if isinstance(field.check, ValidDate) else "text"
    base = ("fixed" if kind == "text" else "fixed_date") if locked else f"input_{kind}"
    row = field.row
    style = marked_style(ws, row, col, base, formats, fill)
    if isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), style)
    elif isinstance(value, int | float):
        ws.write_number(row, col, value, style)
    elif value is None:
        ws.write_blank(row, col, None, style)
    else:
        ws.write_string(row, col, str(value), style)


def _info_validations(ws: Worksheet, spec: ReportSpec) -> None:
    for f in spec.info_fields:
        options = info_validation(f, spec)
        if options is not None:
            ws.data_validation(f.row, spec.info_value_col, f.row, spec.info_value_col, options)


def _write_table(ws: Worksheet, layout: TableLayout, formats: dict[str, Format], fill: Fill,
                 cells: CellValues) -> None:
    write_grid(ws, layout, formats)
    for number in layout.numbers:
        _write_number(ws, layout, number, formats, fill, cells)
    _number_validations(ws, layout)
    print_setup(ws, layout)
    _protect(ws)


def _write_number(ws: Worksheet, layout: TableLayout, number: Number, formats: dict[str, Format],
                  fill: Fill, cells: CellValues) -> None:
    if number.derived and number.id not in fill.numbers:
        style = marked_style(ws, number.row, number.col, "total", formats, fill)
        # The total's true value, so previews and libraries that read caches see the right total.
        ws.write_formula(number.row, number.col, total_formula(number), style, cached_number(cells.numbers[number.id]))
        return
    base = "total" if number.derived else ("input_money" if number.kind is Kind.WAN_YUAN else "input_count")
    style = marked_style(ws, number.row, number.col, base, formats, fill)
    r0, c0, r1, c1 = value_range(layout, number.row, number.col)
    if (r0, c0) != (r1, c1):
        ws.merge_range(r0, c0, r1, c1, "", style)
    _write_value(ws, number.row, number.col, fill.numbers.get(number.id, 0), style)


def marked_style(ws: Worksheet, row: int, col: int, base: str, formats: dict[str, Format], fill: Fill) -> Format:
    """The cell's style, red or yellow with a visible comment when a problem is marked there."""
    mark = fill.marks.get((ws.name, row, col))
    if mark is None:
        return formats[base]
    severity, message = mark
    ws.write_comment(row, col, message, {"visible": True, "x_scale": 2.5, "y_scale": 1.6, "font_name": FONT,
                                         "font_size": 9, "color": "#FFE0E0" if severity is Severity.ERROR else "#FFF5CC"})
    return formats[f"{base}_{'error' if severity is Severity.ERROR else 'warning'}"]


def _write_value(ws: Worksheet, row: int, col: int, value: Any, style: Format) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, style)
    elif isinstance(value, bool) or not isinstance(value, int | float):
        ws.write_string(row, col, str(value), style)
    else:
        ws.write_number(row, col, value, style)


def total_formula(number: Number, spec: ReportSpec = SPEC) -> str:
    """=SUM over a derived total's parts (its parts share its sheet)."""
    parts = [spec.number(p) for p in number.parts]
    return "=SUM(" + ",".join(range_a1(r) for r in compress((p.row, p.col) for p in parts)) + ")"


def resolved_numbers(given: dict[str, Any], spec: ReportSpec = SPEC) -> dict[str, float | None]:
    """Every number: given values, and derived totals not given computed from their parts.

    None where a value (or a part of a total) is not a number.
    """
    values: dict[str, float | None] = {}
    for n in spec.numbers:  # totals come after their parts in spec order
        if n.id in given or not n.derived:
            raw = given.get(n.id, 0)
            values[n.id] = float(raw) if isinstance(raw, int | float) and not isinstance(raw, bool) else None
        else:
            parts = [values[p] for p in n.parts]
            values[n.id] = None if None in parts else sum(p for p in parts if p is not None)
    return values


def _number_validations(ws: Worksheet, layout: TableLayout) -> None:
    inputs = [n for n in layout.numbers if not n.derived]
    for kind in (Kind.COUNT, Kind.WAN_YUAN):
        cells = [(n.row, n.col) for n in inputs if n.kind is kind]
        for rect in compress(cells):
            ws.data_validation(*rect, _number_rule(kind))


def _number_rule(kind: Kind) -> dict[str, Any]:
    if kind is Kind.WAN_YUAN:
        return {"validate": "decimal", "criteria": ">=", "value": 0,
                "input_title": "收费金额（万元）", "input_message": "以万元为单位，可填小数，没有填0",
                "error_title": "收费金额", "error_message": "请填写不小于0的数，单位：万元"}
    return {"validate": "integer", "criteria": ">=", "value": 0,
            "input_title": "件数", "input_message": "填写不小于0的整数，没有填0",
            "error_title": "件数", "error_message": "请填写不小于0的整数，不要填文字"}


def _write_texts(ws: Worksheet, formats: dict[str, Format], spec: ReportSpec, fill: Fill) -> None:
    label_col, value_col = info.TEXT_LABEL_COL, spec.text_value_col
    ws.set_column(label_col, label_col, 22)
    ws.set_column(value_col, value_col, 80)
    ws.set_column(value_col + 1, value_col + 1, 30)
    ws.merge_range(0, label_col, 0, value_col + 1, info.TEXT_TITLE, formats["title"])
    ws.merge_range(info.TEXT_SECTION_ROW["一"], label_col, info.TEXT_SECTION_ROW["一"], value_col + 1,
                   spec.section_headings[0], formats["band"])
    for f in spec.text_fields:
        ws.write_string(f.row, label_col, f.heading, formats["label"])
        style = marked_style(ws, f.row, value_col, "input_text", formats, fill)
        ws.write_string(f.row, value_col, fill.texts.get(f.id, ""), style)
        ws.write_string(f.row, value_col + 1, f.hint, formats["hint"])
        ws.set_row(f.row, 120)
    _fit_width(ws)
    _protect(ws)
