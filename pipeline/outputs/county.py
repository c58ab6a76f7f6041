"""The county-level outputs of a run: 汇总.xlsx and 汇总报告.docx/.html, from one computation of the county's figures."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from pipeline.decide.indicators import Thresholds
from pipeline.decide.last_year import YearComparison
from pipeline.decide.ledger import LedgerRow
from pipeline.decide.status import FileStatus
from pipeline.decide.sums import county_figures
from pipeline.documents.county_report import write_county_documents
from pipeline.outputs.rollup import write_rollup
from schemas import SPEC
from schemas.spec import ReportSpec


def write_county_outputs(outdir: Path, rollup: Path, year: int, accepted: pd.DataFrame,
                         statuses: Sequence[FileStatus], history: Sequence[LedgerRow] = (), spec: ReportSpec = SPEC,
                         thresholds: Thresholds | None = None, compare: YearComparison | None = None) -> list[Path]:
    """汇总.xlsx (at rollup) and 汇总报告.docx/.html (in outdir), from one computation of the county's figures.

    compare: last year's figures, shown beside this year's in both; None (no history) leaves both as they were.
    """
    figures = county_figures(accepted, spec, thresholds)
    return [write_rollup(rollup, year, accepted, statuses, history, spec, thresholds, figures, compare),
            *write_county_documents(outdir, year, accepted, statuses, spec, thresholds, figures, compare)]
