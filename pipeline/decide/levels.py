"""The roll-ups of a run (which count) and the tree of this level built from them and the bodies' own files."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

import pandas as pd

from pipeline.common.labels import normalise_label
from pipeline.common.messages import fill
from pipeline.decide.hierarchy import Region, Tree, body_rows, direct_bodies, sorted_rows
from pipeline.decide.once import count_once
from pipeline.decide.roster import RosterBody
from pipeline.decide.status import FileStatus
from pipeline.run.notices import notice
from pipeline.types import Body, Issue, Rect, Rollup, Status, Submission
from schemas import SPEC
from schemas.hierarchy import LEVELS
from schemas.spec import ReportSpec

DECLARED_TOLERANCE = 1e-6


@dataclass
class Arranged:
    """The roll-ups of a run: those that count (one per region), every roll-up file's status, and why refused."""

    counted: list[Rollup]
    statuses: list[FileStatus]
    issues: list[Issue]


def level_name(level: int) -> str:
    return LEVELS[min(level, len(LEVELS) - 1)]


def arrange(rollups: Sequence[Rollup], year: int, spec: ReportSpec = SPEC) -> Arranged:
    """Refuse roll-ups of another year; of two of one region the newer (file time, then name) replaces the older."""
    latest: dict[str, Rollup] = {}
    refused: list[Rollup] = []
    for r in sorted(rollups, key=lambda r: (r.mtime, r.file)):
        if r.year != year:
            refused.append(r)
        else:
            latest[r.key] = r
    rule = spec.rule("R-ROLLUP-YEAR")
    issues = [Issue(r.file, r.region, "", (), rule.id, rule.severity,
                    fill(rule.message, detail=f"这是“{r.region}”{r.year}年度的汇总表，本次汇总的是{year}年度"),
                    str(year), str(r.year), sender=r.sender) for r in refused]
    statuses = [_status(r, Status.REJECTED if r in refused else Status.PASSED if latest.get(r.key) is r
                        else Status.SUPERSEDED, latest.get(r.key)) for r in rollups]
    counted = sorted(latest.values(), key=lambda r: (r.code or "~", r.region, r.file))
    for r in counted:
        if r.saved_by:
            notice(resaved_notice(r))
    return Arranged(counted, statuses, issues)


def resaved_notice(r: Rollup) -> str:
    """Told, not refused: the record's digest holds, so its figures are the ones the tool wrote."""
    return (f"提示：“{r.file}”（“{r.region}”的汇总表）在生成后被 {r.saved_by} 另存过（其中的汇总记录表已从“深度隐藏”"
            "变为普通隐藏）；汇总记录及其校验码完好，数字与生成时一致，照常计入。今后请下级直接发送汇总工具生成的原文件")


def _status(r: Rollup, status: Status, newest: Rollup | None) -> FileStatus:
    by = newest.file if status == Status.SUPERSEDED and newest else ""
    return FileStatus(r.file, r.region, f"{level_name(r.level)}汇总", r.code, "", status,
                      int(status == Status.REJECTED), 0, by, r.sender, r.received)


def build_tree(region: Region, accepted: pd.DataFrame, statuses: Sequence[FileStatus], rollups: Sequence[Rollup],
               subs: Sequence[Submission], roster: Sequence[RosterBody] | None,
               spec: ReportSpec = SPEC) -> tuple[Tree, list[FileStatus]]:
    """This level: every body once, 全域 files compared with their parts and left out; statuses without the
    roster's bodies that are in fact inside a roll-up."""
    expected = tuple(b for b in roster or () if b.is_region)
    names: dict[str, Rollup | None] = {normalise_label(b.name): None for b in expected}
    names.update({normalise_label(r.region): r for r in rollups})
    codes = {r.code: r for r in rollups if r.code}
    declared = _declared_rows(accepted, names, codes)
    issues = _declared_differences(accepted.iloc[declared], names, codes, subs, spec)
    own = accepted.drop(index=accepted.index[declared]).reset_index(drop=True)
    inside = {b.key for r in rollups for b in r.bodies}
    kept = _compared([s for s in statuses if not (s.status == Status.NOT_SENT and _status_key(s) in inside)],
                     set(accepted["file"].iloc[declared].astype(str)), issues)
    bodies_only = [s for s in kept if not s.kind.endswith("汇总") and not (names and normalise_label(s.body) in names)]
    bodies, twice = count_once(direct_bodies(own, bodies_only, roster, spec), rollups, spec)
    # A roster naming regions (or bodies' 上级) is a city's or a province's, even before any roll-up arrived.
    above = bool(expected) or any(b.parent for b in roster or ())
    level = 1 + max(r.level for r in rollups) if rollups else int(above)
    frame = sorted_rows(body_rows(bodies, spec)) if level else own
    return Tree(region, level, list(rollups), bodies, frame, issues + twice, expected), kept


def _declared_rows(accepted: pd.DataFrame, names: dict[str, Rollup | None], codes: dict[str, Rollup]) -> list[int]:
    """Positions of the accepted files that are a region's own 全域 report (named or coded as a region)."""
    if not names and not codes:
        return []  # a county's run: no region to be named (and a province's bodies are not normalised for it)
    return [i for i, row in enumerate(accepted[["name", "code"]].itertuples(index=False))
            if normalise_label(str(row.name)) in names or (row.code and row.code in codes)]


def _compared(statuses: list[FileStatus], files: set[str], differences: Sequence[Issue]) -> list[FileStatus]:
    """The 全域 files' statuses: compared, not counted; each figure that differs is one more warning."""
    differ = Counter(i.file for i in differences)
    return [replace(s, status=Status.COMPARED, warnings=s.warnings + differ[s.file]) if s.file in files else s
            for s in statuses]


def _status_key(s: FileStatus) -> str:
    return Body(s.body, s.kind, s.code, None, None).key(s.file)


def _declared_differences(declared: pd.DataFrame, names: dict[str, Rollup | None], codes: dict[str, Rollup],
                          subs: Sequence[Submission], spec: ReportSpec) -> list[Issue]:
    """Every figure of a region's own 全域 report that differs from the sum of its parts (its roll-up's totals)."""
    rule = spec.rule("R-HIER-DECLARED")
    by_file = {s.file: s for s in subs}
    issues = []
    for row in declared.to_dict("records"):
        r = codes.get(str(row["code"])) or names.get(normalise_label(str(row["name"])))
        if r is None:
            continue
        sub = by_file.get(str(row["file"]))
        for number_id, total in zip(r.ids, r.totals, strict=True):
            stated = float(row[number_id])
            if abs(stated - total) <= DECLARED_TOLERANCE:
                continue
            n = spec.number(number_id)
            detail = (f"“{row['name']}”的全域报告中“{n.label}”为 {stated:g}，而“{r.region}”汇总表“{r.file}”中"
                      f"其下各单位之和为 {total:g}，相差 {stated - total:g}；全域报告的状态为“{Status.COMPARED.value}”，"
                      "请核对")
            issues.append(Issue(str(row["file"]), str(row["name"]), n.sheet, (Rect.cell(n.row, n.col),), rule.id,
                                rule.severity, fill(rule.message, detail=detail), f"{total:g}", f"{stated:g}",
                                where=sub.where.get(number_id, "") if sub else ""))
    return issues


def region_names(tree: Tree) -> list[str]:
    """Names of the regions below this level, in the order of the roster, then of the roll-ups."""
    names = [b.name for b in tree.regions_expected] + [r.region for r in tree.rollups]
    return list(dict.fromkeys(names))

