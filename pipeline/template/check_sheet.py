"""The template's 校验 sheet: every rule checked with plain formulas, ✓ or a red ✗ with its message."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from pipeline.common.messages import FormulaFlavor, equation_fields, render
from pipeline.template.check_formulas import equation_ok, rule_ok
from pipeline.types import Fill
from schemas import info
from schemas.rules import CHECKED_IN_TEMPLATE
from schemas.spec import ReportSpec, Rule

CHECK_ROW_HEIGHT = 28


@dataclass(frozen=True)
class CheckRow:
    """One row of the 校验 sheet."""

    rule: Rule
    what: str  # Chinese description of this check
    ok: str  # Excel expression, TRUE when the check passes
    message: str  # Excel string expression shown when it fails


def check_rows(spec: ReportSpec) -> Iterator[CheckRow]:
    """Every check of the 校验 sheet, in rule-table order: one per equation, one per other rule."""
    flavor = FormulaFlavor(spec)
    for rule in spec.rules:
        if rule.scope not in CHECKED_IN_TEMPLATE:
            continue
        if rule.equations:
            for eq in rule.equations:
                yield CheckRow(rule, eq.scope, equation_ok(eq, spec),
                               render(rule.message, equation_fields(eq, spec, flavor), flavor))
        else:
            yield CheckRow(rule, rule.title, rule_ok(rule, spec), flavor.lit(rule.title))


def write_check_sheet(ws: Worksheet, formats: dict[str, Format], spec: ReportSpec, fill: Fill) -> None:
    """Write the 校验 sheet; fill.explanations pre-fill the 说明 column by rule id."""
    for col, width in enumerate(info.CHECK_WIDTHS):
        ws.set_column(col, col, width)
    last_col = len(info.CHECK_HEADERS) - 1
    ws.merge_range(0, 0, 0, last_col, info.CHECK_TITLE, formats["title"])
    for col, text in enumerate(info.CHECK_HEADERS):
        ws.write_string(info.CHECK_HEADER_ROW, col, text, formats["header"])
    rows = list(check_rows(spec))
    for i, row in enumerate(rows):
        _write_check_row(ws, info.CHECK_FIRST_ROW + i, row, formats, fill)
        ws.set_row(info.CHECK_FIRST_ROW + i, CHECK_ROW_HEIGHT)  # room for a two-line message
    ws.set_row(info.CHECK_HEADER_ROW, CHECK_ROW_HEIGHT)
    _write_summary(ws, formats, len(rows), last_col)
    _highlight_failures(ws, formats, len(rows))
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(info.CHECK_HEADER_ROW)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_rows": True})


def _write_check_row(ws: Worksheet, r: int, row: CheckRow, formats: dict[str, Format], fill: Fill) -> None:
    ws.write_string(r, info.CHECK_RULE_COL, row.rule.id, formats["label"])
    ws.write_string(r, info.CHECK_SEVERITY_COL, row.rule.severity.value, formats["label_center"])
    ws.write_string(r, info.CHECK_WHAT_COL, row.what, formats["label"])
    # The cached results say "pass": they are true for the blank template, and an office suite
    # recalculates on open anyway.
    ws.write_formula(r, info.CHECK_RESULT_COL, f'=IF({row.ok},"{info.CHECK_PASS}","{info.CHECK_FAIL}")',
                     formats["pass"], info.CHECK_PASS)
    ws.write_formula(r, info.CHECK_MESSAGE_COL, f'=IF({row.ok},"",{row.message})', formats["label"], "")
    ws.write_string(r, info.CHECK_NOTE_COL, fill.explanations.get(row.rule.id, ""), formats["input_text"])


def _write_summary(ws: Worksheet, formats: dict[str, Format], count: int, last_col: int) -> None:
    results = xl_range(info.CHECK_FIRST_ROW, info.CHECK_RESULT_COL,
                       info.CHECK_FIRST_ROW + count - 1, info.CHECK_RESULT_COL)
    formula = (f'="共 {count} 项检查，未通过 "&COUNTIF({results},"{info.CHECK_FAIL}")&" 项。'
               f'请改正全部 {info.CHECK_FAIL} 后再报送。"')
    ws.merge_range(info.CHECK_SUMMARY_ROW, 0, info.CHECK_SUMMARY_ROW, last_col, "", formats["subtitle"])
    ws.write_formula(info.CHECK_SUMMARY_ROW, 0, formula, formats["subtitle"],
                     f"共 {count} 项检查，未通过 0 项。请改正全部 {info.CHECK_FAIL} 后再报送。")


def _highlight_failures(ws: Worksheet, formats: dict[str, Format], count: int) -> None:
    first, last = info.CHECK_FIRST_ROW, info.CHECK_FIRST_ROW + count - 1
    result = xl_rowcol_to_cell(first, info.CHECK_RESULT_COL, col_abs=True)
    ws.conditional_format(first, info.CHECK_RESULT_COL, last, info.CHECK_MESSAGE_COL, {
        "type": "formula", "criteria": f'={result}="{info.CHECK_FAIL}"', "format": formats["error_cell"]})
