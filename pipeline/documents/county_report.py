"""The county summary document: 汇总报告.docx and .html beside 汇总.xlsx.

Key figures in sentences, the county's indicators, and the three official tables summed over the
accepted bodies, so the county office can publish or forward it as it is.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import pandas as pd

from pipeline.decide.indicators import (
    INDICATOR_SHEET,
    RED,
    YELLOW,
    IndicatorTable,
    Thresholds,
    default_thresholds,
    indicator_table,
    percent_text,
    threshold_note,
)
from pipeline.decide.last_year import YearComparison
from pipeline.decide.status import FileStatus
from pipeline.decide.sums import CountyFigures, county_totals
from pipeline.documents.key_figures import COUNTY_SCOPE, active_sentence, request_sentences, review_sentence
from pipeline.documents.model import Heading, ListTable, Paragraph, Part, Title, official_table
from pipeline.documents.web import write_html
from pipeline.documents.word import write_docx
from pipeline.documents.year_sentences import comparison_intro, comparison_sentences
from pipeline.settings import ISSUES_NAME, ROLLUP_NAME
from pipeline.types import Status
from schemas import SPEC
from schemas.hierarchy import REGION_STATUS_SHEET, REGIONS_SHEET
from schemas.indicators import INDICATORS
from schemas.spec import ReportSpec

COUNTY_REPORT_STEM = "汇总报告"
TITLE_LINES = ("{scope}政府信息公开工作年度报告汇总", "（{year}年度）")
SUBHEADINGS = ("（一）报送情况", "（二）主动公开", "（三）依申请公开", "（四）行政复议和行政诉讼", "（五）关键指标")
COMPARE_HEADING = "（六）与上年比较"  # only when the run has last year's data
INDICATOR_HEADERS = ("指标", COUNTY_SCOPE, "红色预警单位数", "黄色预警单位数")


def write_county_documents(outdir: Path, year: int, accepted: pd.DataFrame, statuses: Sequence[FileStatus],
                           spec: ReportSpec = SPEC, thresholds: Thresholds | None = None,
                           figures: CountyFigures | None = None, scope: str = COUNTY_SCOPE,
                           regions: Sequence[str] = (), compare: YearComparison | None = None) -> list[Path]:
    """Write 汇总报告.docx and 汇总报告.html into outdir; return their paths.

    scope and regions: above the county, what the totals cover (全市) and the regions below, named in 一.
    compare: last year's figures (its section （六）), when the run has them.
    """
    parts = county_report(year, accepted, statuses, spec, thresholds, figures, scope, regions, compare)
    return [write_docx(outdir / f"{COUNTY_REPORT_STEM}.docx", parts),
            write_html(outdir / f"{COUNTY_REPORT_STEM}.html", parts)]


def county_report(year: int, accepted: pd.DataFrame, statuses: Sequence[FileStatus], spec: ReportSpec = SPEC,
                  thresholds: Thresholds | None = None, figures: CountyFigures | None = None,
                  scope: str = COUNTY_SCOPE, regions: Sequence[str] = (),
                  compare: YearComparison | None = None) -> list[Part]:
    """The county summary as an outline: 一、总体情况 in sentences and indicators (and beside last year, when
    compare is given), then 二 to 四 as tables."""
    if figures is None:
        totals = county_totals(accepted, spec)
        table = indicator_table(accepted, totals, thresholds)
    else:
        totals, table = figures.totals, figures.indicators
    overview: list[list[Part]] = [
        [Paragraph(submission_sentence(accepted, statuses, spec, scope)), *_regions_parts(regions)],
        [Paragraph(active_sentence(totals, scope))],
        [Paragraph(s) for s in request_sentences(totals, scope)],
        [Paragraph(review_sentence(totals, scope))],
        _indicator_parts(table, thresholds, scope),
    ]
    parts: list[Part] = [
        Title(tuple(line.format(year=year, scope=scope) for line in TITLE_LINES)),
        Paragraph(f"本汇总根据{scope}各单位报送并通过校验的{year}年政府信息公开工作年度报告生成，数据统计期限为{year}年"
                  f"1月1日至{year}年12月31日，各项数字为纳入汇总单位的合计。"),
        Heading(1, spec.section_headings[0]),
    ]
    for heading, body in zip(SUBHEADINGS, overview, strict=True):
        parts += [Heading(2, heading), *body]
    if compare is not None:
        parts += [Heading(2, COMPARE_HEADING), Paragraph(comparison_intro(compare)),
                  *(Paragraph(s) for s in comparison_sentences(totals, compare, scope))]
    for layout in spec.tables:
        parts += [Heading(1, layout.title), official_table(layout.id, totals, spec)]
    return parts


def submission_sentence(accepted: pd.DataFrame, statuses: Sequence[FileStatus], spec: ReportSpec = SPEC,
                        scope: str = COUNTY_SCOPE) -> str:
    """How many bodies are in the roll-up, by type, and how many were sent back."""
    kinds = Counter(map(str, accepted["kind"].tolist())) if len(accepted) else Counter()
    by_kind = "、".join(f"{k}{kinds[k]}个" for k in spec.body_kinds if kinds[k])
    text = f"{scope}共有{len(accepted)}个单位的年度报告通过校验并纳入汇总" + (f"，其中{by_kind}。" if by_kind else "。")
    rejected = len({s.code or s.body or s.file for s in statuses if s.status == Status.REJECTED})
    unreadable = sum(1 for s in statuses if s.status == Status.UNREADABLE)
    left_out = [f"{rejected}个单位的报告因存在错误被退回" if rejected else "",
                f"{unreadable}个文件无法读取" if unreadable else ""]
    if rejected or unreadable:
        text += (f"另有{'、'.join(x for x in left_out if x)}，未纳入汇总"
                 f"（详见{ROLLUP_NAME}的“报送情况”表和{ISSUES_NAME}）。")
    return text


def _regions_parts(regions: Sequence[str]) -> list[Part]:
    """Above the county: the regions whose roll-ups are inside (their totals: 汇总.xlsx's 按区划 sheet)."""
    if not regions:
        return []
    return [Paragraph(f"本汇总包括{len(regions)}个下级区划：{'、'.join(regions)}；各区划的合计见{ROLLUP_NAME}的"
                      f"“{REGIONS_SHEET}”表，报送情况见“{REGION_STATUS_SHEET}”表。")]


def _indicator_parts(table: IndicatorTable, thresholds: Thresholds | None, scope: str = COUNTY_SCOPE) -> list[Part]:
    limits: Mapping[str, tuple[float, float]] = default_thresholds() | dict(thresholds or {})
    rows = tuple(
        (ind.name, percent_text(table.county[ind.id]) or "—",
         str(int((table.flags[ind.id] == RED).sum())), str(int((table.flags[ind.id] == YELLOW).sum())))
        for ind in INDICATORS)
    notes = [Paragraph(threshold_note(ind, *limits[ind.id])) for ind in INDICATORS]
    headers = (INDICATOR_HEADERS[0], scope, *INDICATOR_HEADERS[2:])
    return [ListTable(headers, rows, (3, 2, 2, 2)), *notes,
            Paragraph(f"各单位的比率、排名和预警见{ROLLUP_NAME}的“{INDICATOR_SHEET}”表。分母为0时不计比率"
                      f"（{ROLLUP_NAME}中为空白，上表显示“—”），也不参与排名。")]
