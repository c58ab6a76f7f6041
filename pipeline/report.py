"""`make report`: inbox -> checks -> official tables per body, 问题清单, 汇总.xlsx, and a summary."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.check import check_batch, issue_order
from pipeline.discover import discover
from pipeline.filenames import safe_name
from pipeline.intake import take_in
from pipeline.problems import write_problem_list
from pipeline.read import RawSubmission
from pipeline.render import official_tables_name, render_official_tables
from pipeline.rollup import META, write_rollup
from pipeline.select import PASSED, REJECTED, SUPERSEDED, UNREADABLE, WARNED, FileStatus, choose, file_statuses
from pipeline.settings import ISSUES_NAME, OUTPUT_DIRNAME_BODIES, ROLLUP_NAME
from pipeline.types import Issue
from schemas import SPEC
from schemas.spec import ReportSpec


@dataclass
class ReportResult:
    """What a run produced, for the summary and the exit code."""

    exit_code: int
    outdir: Path
    files: int = 0
    statuses: list[FileStatus] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    accepted: pd.DataFrame = field(default_factory=pd.DataFrame)

    def count(self, status: str) -> int:
        return sum(1 for s in self.statuses if s.status == status)


def run_report(inbox: Path, year: int, out: Path, spec: ReportSpec = SPEC, progress: bool = True) -> ReportResult:
    """Read every workbook under inbox and write all outputs under out/<year>/."""
    outdir = out / str(year)
    if not inbox.is_dir():
        print(f"错误：收件文件夹“{inbox}”不存在，请检查路径（make report INBOX=文件夹路径）", file=sys.stderr)
        return ReportResult(2, outdir)
    found = discover(inbox)
    intake = take_in(found, spec, progress)
    batch = check_batch(intake.subs, year, spec)
    superseded = choose(intake.subs)
    statuses = file_statuses(intake.subs, batch.issues, intake.refused, superseded)
    status_of = {s.file: s.status for s in statuses}
    keep = [i for i, s in enumerate(intake.subs) if status_of[s.file] in (PASSED, WARNED)]
    accepted = _accepted_frame(batch.frame, intake.subs, keep, spec)
    issues = sorted(batch.issues + intake.refused, key=issue_order(spec))
    _write_outputs(outdir, year, accepted, statuses, issues, spec)
    result = ReportResult(1 if any(s.status in (REJECTED, UNREADABLE) for s in statuses) else 0,
                          outdir, len(found), statuses, issues, accepted)
    print(summary_text(result, year))
    return result


def _accepted_frame(frame: pd.DataFrame, subs: list[RawSubmission], keep: list[int], spec: ReportSpec) -> pd.DataFrame:
    ids = [n.id for n in spec.numbers]
    numbers = frame.iloc[keep][ids].reset_index(drop=True)
    meta = pd.DataFrame([{"name": str(subs[i].info.get("name") or "").strip(),
                          "kind": str(subs[i].info.get("kind") or "").strip(),
                          "code": str(subs[i].info.get("code") or "").strip().upper(),
                          "file": subs[i].file} for i in keep], columns=list(META))
    return pd.concat([meta, numbers], axis=1).sort_values(["kind", "name", "code"], kind="stable").reset_index(drop=True)


def _write_outputs(outdir: Path, year: int, accepted: pd.DataFrame, statuses: list[FileStatus],
                   issues: list[Issue], spec: ReportSpec) -> None:
    bodies_dir = outdir / OUTPUT_DIRNAME_BODIES
    written: set[str] = set()
    for row in accepted.to_dict("records"):
        name = _unique(safe_name(official_tables_name(str(row["name"]), year)), str(row["code"]), written)
        values = {n.id: float(row[n.id]) for n in spec.numbers}
        render_official_tables(bodies_dir / name, str(row["name"]), year, values, spec)
    _remove_stale(bodies_dir, written)
    write_problem_list(outdir / f"{ISSUES_NAME}.xlsx", outdir / f"{ISSUES_NAME}.csv", issues)
    write_rollup(outdir / ROLLUP_NAME, year, accepted, statuses, spec)


def _unique(name: str, code: str, taken: set[str]) -> str:
    # Two bodies with the same name (different codes) must not overwrite each other's tables.
    if name in taken:
        stem, dot, suffix = name.rpartition(".")
        name = f"{stem}_{code[-6:]}{dot}{suffix}"
    taken.add(name)
    return name


def _remove_stale(folder: Path, written: set[str]) -> None:
    # Tables of a body that is no longer accepted (its newer file was rejected) must not linger.
    if folder.is_dir():
        for path in folder.glob("*.xlsx"):
            if path.name not in written:
                path.unlink()


def summary_text(result: ReportResult, year: int) -> str:
    """The few lines printed at the end of a run."""
    bodies = len({s.code or s.body for s in result.statuses if s.status in (PASSED, WARNED, REJECTED)})
    lines = [
        f"{year}年度汇总完成：读取文件 {result.files} 个，涉及单位 {bodies} 个。",
        f"  通过 {result.count(PASSED)} 个，有警告 {result.count(WARNED)} 个，退回 {result.count(REJECTED)} 个，"
        f"无法读取 {result.count(UNREADABLE)} 个，被新文件替代 {result.count(SUPERSEDED)} 个。",
        f"  纳入汇总的单位：{len(result.accepted)} 个。",
        f"  汇总表：{result.outdir / ROLLUP_NAME}",
        f"  问题清单：{result.outdir / (ISSUES_NAME + '.xlsx')}（另有 .csv）",
        f"  各单位表格：{result.outdir / OUTPUT_DIRNAME_BODIES}",
    ]
    return "\n".join(lines)
