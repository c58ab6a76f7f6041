"""The template's 校验 sheet: every rule checked with plain formulas, ✓ or a red ✗ with its message."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_range, xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from pipeline.common.messages import Flavor, FormulaFlavor, equation_fields, render
from pipeline.template.cell_values import CellValues
from pipeline.template.check_formulas import equation_ok, rule_ok
from pipeline.template.verdicts import CellTextFlavor, Verdict, equation_verdict, rule_verdict
from pipeline.types import Fill
from schemas.spec import CheckSheet, Equation, ReportSpec, Rule

CHECK_ROW_HEIGHT = 28


@dataclass(frozen=True)
class CheckRow:
    """One row of the 校验 sheet: its check as an Excel formula, and the same check in Python, which gives
    the formula's cached value (what an office suite computes on opening; viewers show only that)."""

    rule: Rule
    what: str  # Chinese description of this check
    ok: str  # Excel expression, TRUE when the check passes
    message: str  # Excel string expression shown when it fails
    holds: Verdict  # the check of ok over the cells the workbook is written with
    says: Callable[[CellValues], str]  # the text of message over those cells


def check_rows(spec: ReportSpec) -> Iterator[CheckRow]:
    """Every check of the 校验 sheet, in rule-table order: one per equation, one per other rule.

    A new row needs both forms of its check: equations get them from equation_ok and equation_verdict, the
    other rules from rule_ok and rule_verdict (each dispatching on the rule's declaration).
    """
    flavor = FormulaFlavor(spec)
    for rule in spec.rules:
        if rule.scope not in spec.check_sheet.scopes:
            continue
        if rule.equations:
            for eq in rule.equations:
                yield CheckRow(rule, eq.scope, equation_ok(eq, spec), _message(rule, eq, spec, flavor),
                               equation_verdict(eq, spec), partial(_equation_text, rule, eq, spec))
        else:
            yield CheckRow(rule, rule.title, rule_ok(rule, spec), flavor.lit(rule.title), rule_verdict(rule, spec),
                           partial(_title, rule))


@lru_cache(maxsize=4)
def _rows_of(spec: ReportSpec) -> tuple[CheckRow, ...]:
    # The same rows for every workbook of a run: built once per process, not once per marked copy.
    return tuple(check_rows(spec))


def _message(rule: Rule, eq: Equation, spec: ReportSpec, flavor: Flavor) -> str:
    return render(rule.message, equation_fields(eq, spec, flavor), flavor)


def _equation_text(rule: Rule, eq: Equation, spec: ReportSpec, cells: CellValues) -> str:
    return _message(rule, eq, spec, CellTextFlavor(cells))


def _title(rule: Rule, cells: CellValues) -> str:
    return rule.title


def write_check_sheet(ws: Worksheet, formats: dict[str, Format], spec: ReportSpec, fill: Fill,
                      cells: CellValues, extra_rows: Sequence[CheckRow] = ()) -> None:
    """Write the 校验 sheet; fill.explanations pre-fill the 说明 column by rule id; cells are the values
    the workbook is written with (cell_values(fill, spec)), from which each formula's cached value comes.

    extra_rows follow the rule table's rows: a personal template's cross-year rows (template/last_year_sheet.py).
    """
    cs = spec.check_sheet
    for col, width in enumerate(cs.widths):
        ws.set_column(col, col, width)
    last_col = len(cs.headers) - 1
    ws.merge_range(0, 0, 0, last_col, cs.title, formats["title"])
    for col, text in enumerate(cs.headers):
        ws.write_string(cs.header_row, col, text, formats["header"])
    rows = (*_rows_of(spec), *extra_rows)
    passed = [row.holds(cells) for row in rows]
    for i, row in enumerate(rows):
        _write_check_row(ws, cs, cs.first_row + i, row, formats, fill, (passed[i], cells))
        ws.set_row(cs.first_row + i, CHECK_ROW_HEIGHT)  # room for a two-line message
    ws.set_row(cs.header_row, CHECK_ROW_HEIGHT)
    _write_summary(ws, cs, formats, len(rows), last_col, passed.count(False))
    _highlight_failures(ws, cs, formats, len(rows))
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(cs.header_row)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True, "format_rows": True})


def _write_check_row(ws: Worksheet, cs: CheckSheet, r: int, row: CheckRow, formats: dict[str, Format], fill: Fill,
                     result: tuple[bool, CellValues]) -> None:
    passed, cells = result
    ws.write_string(r, cs.rule_col, row.rule.id, formats["label"])
    ws.write_string(r, cs.severity_col, row.rule.severity.value, formats["label_center"])
    ws.write_string(r, cs.what_col, row.what, formats["label"])
    ws.write_formula(r, cs.result_col, f'=IF({row.ok},"{cs.passed}","{cs.failed}")', formats["pass"],
                     cs.passed if passed else cs.failed)
    ws.write_formula(r, cs.message_col, f'=IF({row.ok},"",{row.message})', formats["label"],
                     "" if passed else row.says(cells))
    ws.write_string(r, cs.note_col, fill.explanations.get(row.rule.id, ""), formats["input_text"])


def _write_summary(ws: Worksheet, cs: CheckSheet, formats: dict[str, Format], count: int, last_col: int,
                   failed: int) -> None:
    results = xl_range(cs.first_row, cs.result_col, cs.first_row + count - 1, cs.result_col)
    formula = (f'="共 {count} 项检查，未通过 "&COUNTIF({results},"{cs.failed}")&" 项。'
               f'请改正全部 {cs.failed} 后再报送。"')
    ws.merge_range(cs.summary_row, 0, cs.summary_row, last_col, "", formats["subtitle"])
    ws.write_formula(cs.summary_row, 0, formula, formats["subtitle"],
                     f"共 {count} 项检查，未通过 {failed} 项。请改正全部 {cs.failed} 后再报送。")


def _highlight_failures(ws: Worksheet, cs: CheckSheet, formats: dict[str, Format], count: int) -> None:
    first, last = cs.first_row, cs.first_row + count - 1
    result = xl_rowcol_to_cell(first, cs.result_col, col_abs=True)
    ws.conditional_format(first, cs.result_col, last, cs.message_col, {
        "type": "formula", "criteria": f'={result}="{cs.failed}"', "format": formats["error_cell"]})
