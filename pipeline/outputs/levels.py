"""What 汇总.xlsx holds above the sheets of a county (issue 15): its record, and at a city or province the regions.

The record sheet is written at every level (the next level up reads it); the region sheets (按区划,
区划报送情况, 区划指标) only when the run counted roll-ups of the level below.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import pandas as pd
from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from pipeline.decide.hierarchy import Tree, region_sums, top_region
from pipeline.decide.indicators import Thresholds, indicator_table
from pipeline.decide.levels import level_name, region_names
from pipeline.excel.bulk import BulkWorksheet
from pipeline.excel.lists import write_list
from pipeline.outputs.indicator_sheet import write_indicator_sheet
from pipeline.outputs.rollup import subtotal_rows
from pipeline.reading.rollup_record import RecordHead, record_lines, tool_version
from pipeline.types import Issue, Status
from schemas import SPEC
from schemas.hierarchy import (
    OWN_REGION,
    RECORD_SHEET,
    REGION_DIRECT,
    REGION_INDICATOR_SHEET,
    REGION_NOT_SENT,
    REGION_SENT,
    REGION_STATUS_HEADERS,
    REGION_STATUS_SHEET,
    REGION_STATUS_WIDTHS,
    REGIONS_HEADERS,
    REGIONS_SHEET,
    SCOPES,
)
from schemas.spec import ReportSpec


def scope_of(tree: Tree | None) -> str:
    """What this level's totals cover, in words: 全县, 全市, 全省."""
    return SCOPES[min(tree.level if tree else 0, len(SCOPES) - 1)]


def level_record(tree: Tree, year: int, totals: dict[str, float], spec: ReportSpec = SPEC) -> list[str]:
    """The lines of this level's record: its region, and every body beneath with its path from this region down."""
    ids = tuple(n.id for n in spec.numbers)
    head = RecordHead(tree.region.name, tree.region.code, year, tree.level, tool_version(), ids,
                      tuple(totals[i] for i in ids), len(tree.bodies))
    return record_lines(head, tree.bodies, above=(tree.region.name,))


def write_record_sheet(wb: Workbook, lines: Sequence[str]) -> None:
    """The record, one line per cell of column A, on a sheet people do not see (Excel and WPS keep it)."""
    ws = wb.add_worksheet(RECORD_SHEET)
    for row, line in enumerate(lines):
        ws.write_string(row, 0, line)
    ws.very_hidden()


def write_region_sheets(wb: Workbook, tree: Tree, formats: dict[str, Format], spec: ReportSpec = SPEC,
                        thresholds: Thresholds | None = None) -> None:
    """按区划 (one row per region and its totals), 区划报送情况 and 区划指标."""
    sums = region_sums(tree.accepted, region_names(tree), spec)
    _write_regions(wb.add_worksheet(REGIONS_SHEET, worksheet_class=BulkWorksheet), sums, formats, spec)
    status = wb.add_worksheet(REGION_STATUS_SHEET, worksheet_class=BulkWorksheet)
    write_list(status, REGION_STATUS_HEADERS, region_status_rows(tree), formats, REGION_STATUS_WIDTHS)
    frame = _region_frame(sums, tree, spec)
    totals = {n.id: float(sums[n.id].sum()) for n in spec.numbers}
    write_indicator_sheet(wb.add_worksheet(REGION_INDICATOR_SHEET, worksheet_class=BulkWorksheet), frame,
                          indicator_table(frame, totals, thresholds), formats, thresholds, scope_of(tree))


def _write_regions(ws: BulkWorksheet, sums: pd.DataFrame, formats: dict[str, Format], spec: ReportSpec) -> None:
    write_list(ws, [*REGIONS_HEADERS, *(n.label for n in spec.numbers)], subtotal_rows(sums, spec), formats, (20, 8))
    ws.set_column(2, 1 + len(spec.numbers), 12)
    ws.set_row(0, 90)
    ws.freeze_panes(1, 1)


def _region_frame(sums: pd.DataFrame, tree: Tree, spec: ReportSpec) -> pd.DataFrame:
    """The regions as rows of an accepted frame (name, kind, numbers), to rank them as bodies are ranked."""
    levels = {r.region: level_name(r.level) for r in tree.rollups}
    frame = sums.drop(columns="bodies").reset_index(names="name")
    frame.insert(1, "kind", [levels.get(str(n), OWN_REGION if n == OWN_REGION else "") for n in frame["name"]])
    return frame


def region_status_rows(tree: Tree) -> list[tuple[object, ...]]:
    """Per region below this level: whether it sent its roll-up, and how its bodies fared."""
    by_region: dict[str, Counter[str]] = {}
    for b in tree.bodies:
        by_region.setdefault(top_region("/".join(b.path)), Counter())[b.status] += 1
    sent = {r.region: r for r in tree.rollups}
    rows: list[tuple[object, ...]] = []
    for name in [*region_names(tree), *sorted(set(by_region) - set(region_names(tree)) - {OWN_REGION})]:
        counts = by_region.get(name, Counter())
        r = sent.get(name)
        state = REGION_SENT if r else (REGION_DIRECT if counts else REGION_NOT_SENT)
        counted = counts[Status.PASSED.value] + counts[Status.WARNED.value]
        not_sent, sent_back = counts[Status.NOT_SENT.value], counts[Status.REJECTED.value]
        other = sum(counts.values()) - counted - not_sent - sent_back
        rows.append((name, r.code if r else "", state, r.file if r else "", level_name(r.level) if r else "",
                     sum(counts.values()), counted, not_sent, sent_back, other))
    return rows



def hierarchy_lines(tree: Tree | None, issues: Sequence[Issue]) -> list[str]:
    """What the run's summary says of the level below: the roll-ups counted and the bodies found twice."""
    if tree is None or not tree.above_county:
        return []
    twice = sum(1 for i in issues if i.rule == "R-ROLLUP-TWICE")
    lines = [f"  {level_name(tree.level)}汇总：计入下级汇总表 {len(tree.rollups)} 份"
             f"（{'、'.join(r.region for r in tree.rollups) or '无'}）。"]
    if twice:
        lines.append(f"  有 {twice} 个单位被重复报送（在两份汇总表中，或既直接报送又在汇总表中），只计入一次，详见问题清单。")
    return lines
