"""A personal template built with last year's data (issue 14): the locked 上年数据 sheet, and the 校验 rows that
check this year's 上年结转 and 现行有效件数 against it live, in Excel, WPS and LibreOffice.

The rows are CheckRows like every other row of the 校验 sheet (pipeline/template/check_sheet.py), one per chain of
schemas/cross_year_rules.py whose last-year figure is known, with the rule's own message template: the county's
run says the same words (pipeline/checks/cross_year.py).
"""

from __future__ import annotations

from collections.abc import Iterator

from xlsxwriter.format import Format
from xlsxwriter.utility import xl_rowcol_to_cell
from xlsxwriter.worksheet import Worksheet

from pipeline.checks.equations import is_broken
from pipeline.common.cells import a1, number_ref, sheet_ref
from pipeline.common.messages import Flavor, FormulaFlavor, render
from pipeline.template.cell_values import CellValues, excel_sum, excel_text, is_unreadable, under
from pipeline.template.check_formulas import TOLERANCE, unreadable_count
from pipeline.template.check_sheet import CheckRow
from pipeline.template.verdicts import CellTextFlavor
from pipeline.types import LastYearFigures
from schemas import cross_year_rules as cy
from schemas.spec import ReportSpec


def write_last_year_sheet(ws: Worksheet, formats: dict[str, Format], spec: ReportSpec, last: LastYearFigures) -> None:
    """Last year's figures the chains need, one a row, locked (the sheet is protected; nothing is an input)."""
    for col, width in enumerate(cy.LAST_YEAR_WIDTHS):
        ws.set_column(col, col, width)
    ws.merge_range(0, 0, 0, len(cy.LAST_YEAR_HEADERS) - 1, cy.LAST_YEAR_TITLE, formats["title"])
    ws.merge_range(cy.LAST_YEAR_SOURCE_ROW, 0, cy.LAST_YEAR_SOURCE_ROW, len(cy.LAST_YEAR_HEADERS) - 1,
                   f"{last.year} 年度，来源：{last.source}；空白为上年度报告中没有读出的数字，不做核对", formats["subtitle"])
    for col, text in enumerate(cy.LAST_YEAR_HEADERS):
        ws.write_string(cy.LAST_YEAR_HEADER_ROW, col, text, formats["header"])
    for number_id in cy.LAST_YEAR_IDS:
        row, col = cy.last_year_cell(number_id)
        number = spec.number(number_id)
        ws.write_string(row, cy.LAST_YEAR_LABEL_COL, number.label, formats["label"])
        if number_id in last.values:
            ws.write_number(row, col, last.values[number_id], formats["total"])
        else:
            ws.write_blank(row, col, None, formats["total"])
        ws.write_string(row, cy.LAST_YEAR_WHERE_COL, last.where.get(number_id, ""), formats["fixed"])
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.protect("", {"select_locked_cells": True, "select_unlocked_cells": True})


def chain_rows(spec: ReportSpec, year: int, last: LastYearFigures) -> Iterator[CheckRow]:
    """One 校验 row per chain whose last-year figure is known: its formula, and the same check in Python for the
    formula's cached value (pipeline/template/verdicts.py does this for the rule table's rows)."""
    for chain in cy.CHAINS:
        if chain.last in last.values:
            yield _chain_row(chain, spec, year, last)


def _chain_row(chain: cy.Chain, spec: ReportSpec, year: int, last: LastYearFigures) -> CheckRow:
    flavor = FormulaFlavor(spec)
    row, col = cy.last_year_cell(chain.last)
    ref = sheet_ref(cy.LAST_YEAR_SHEET, str(xl_rowcol_to_cell(row, col)))
    made, repealed = (flavor.total(ids) if ids else "0" for ids in (chain.plus, chain.minus))
    expected = f"({ref}+{made}-{repealed})" if chain.plus or chain.minus else ref  # an Excel expression
    this = spec.number(chain.this)
    cell = a1(this.row, this.col)
    # SUM, as the equations do: text in the cell (a blank word such as 无) is 0, not an error that OR passes on.
    ok = (f"OR({unreadable_count((chain.this, *chain.plus, *chain.minus), spec)}>0,"
          f"ABS(SUM({number_ref(this)})-{expected})<{TOLERANCE})")
    rule = spec.rule(chain.rule)
    value = last.values[chain.last]
    watched = [n.id for n in under([chain.this, *chain.plus, *chain.minus], spec)]

    def expected_of(cells: CellValues) -> float:
        return value + excel_sum(cells.numbers[k] for k in chain.plus) - excel_sum(cells.numbers[k] for k in chain.minus)

    def holds(cells: CellValues) -> bool:  # the formula's verdict: waits while a cell holds unreadable text
        if any(is_unreadable(cells.numbers[k]) for k in watched):
            return True
        return not is_broken(excel_sum([cells.numbers[chain.this]]), expected_of(cells), "=")

    def says(cells: CellValues) -> str:
        text = CellTextFlavor(cells)
        return _message(rule.message, chain, cell, year, last, text, excel_text(value), excel_text(expected_of(cells)))

    return CheckRow(rule, chain.scope, ok, _message(rule.message, chain, cell, year, last, flavor, ref, expected),
                    holds, says)


def _message(template: str, chain: cy.Chain, cell: str, year: int, last: LastYearFigures, flavor: Flavor,
             last_part: str, expected_part: str) -> str:
    """The rule's message over the template's cells (an Excel expression, or its text for the cached value)."""
    made, repealed = (flavor.total(ids) if ids else flavor.lit("0") for ids in (chain.plus, chain.minus))
    fields = {"scope": [flavor.lit(chain.scope)], "this": [flavor.value(chain.this)], "cell": [flavor.lit(cell)],
              "year": [flavor.lit(str(year))], "last": [last_part], "last_year": [flavor.lit(str(last.year))],
              "last_cell": [flavor.lit(last.where.get(chain.last, ""))], "source": [flavor.lit(last.source)],
              "expected": [expected_part], "made": [made], "repealed": [repealed]}
    return render(template, fields, flavor)
