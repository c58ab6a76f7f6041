"""The outputs of a level: 汇总.xlsx and 汇总报告.docx/.html, from one computation of the level's figures."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from pathlib import Path

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from pipeline.decide.hierarchy import Tree
from pipeline.decide.indicators import Thresholds
from pipeline.decide.last_year import YearComparison
from pipeline.decide.ledger import LedgerRow
from pipeline.decide.levels import region_names
from pipeline.decide.status import FileStatus
from pipeline.decide.sums import CountyFigures, county_figures
from pipeline.documents.county_report import write_county_documents
from pipeline.outputs.levels import level_record, scope_of, write_record_sheet, write_region_sheets
from pipeline.outputs.rollup import write_rollup
from schemas import SPEC
from schemas.spec import ReportSpec


def write_county_outputs(outdir: Path, rollup: Path, year: int, accepted: pd.DataFrame,
                         statuses: Sequence[FileStatus], history: Sequence[LedgerRow] = (), spec: ReportSpec = SPEC,
                         thresholds: Thresholds | None = None, tree: Tree | None = None,
                         compare: YearComparison | None = None) -> list[Path]:
    """汇总.xlsx (at rollup) and 汇总报告.docx/.html (in outdir), from one computation of the level's figures.

    tree: this level (pipeline/decide/levels.py): its record goes into 汇总.xlsx, and above the county its regions.
    compare: last year's figures, shown beside this year's in both; None (no history) leaves both as they were.
    """
    figures = county_figures(accepted, spec, thresholds)
    above = tree is not None and tree.above_county
    more = partial(_more_sheets, tree=tree, year=year, figures=figures, spec=spec, thresholds=thresholds) if tree else None
    return [write_rollup(rollup, year, accepted, statuses, history, spec, thresholds, figures, compare, more,
                         scope_of(tree) if above else ""),
            *write_county_documents(outdir, year, accepted, statuses, spec, thresholds, figures, scope_of(tree),
                                    region_names(tree) if tree and above else (), compare)]


def _more_sheets(wb: Workbook, formats: dict[str, Format], tree: Tree, year: int, figures: CountyFigures,
                 spec: ReportSpec, thresholds: Thresholds | None) -> None:
    if tree.above_county:
        write_region_sheets(wb, tree, formats, spec, thresholds)
    write_record_sheet(wb, level_record(tree, year, figures.totals, spec))
