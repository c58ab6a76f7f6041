"""`make report`: inbox -> checks -> official tables per body, 问题清单, 汇总.xlsx, and a summary."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipeline.bodies import write_bodies
from pipeline.cache import RunCache, cache_folder, open_cache, save_cache
from pipeline.check import check_batch, issue_order
from pipeline.discover import discover
from pipeline.intake import take_in
from pipeline.outputs import BodyJob, remove_stale, unique_stems
from pipeline.parallel import default_jobs, start_workers_early
from pipeline.problems import write_problem_list
from pipeline.read import RawSubmission
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


@dataclass(frozen=True)
class RunOptions:
    """How a run does its work; the outputs do not depend on it (except that body_outputs=False writes none)."""

    jobs: int = field(default_factory=default_jobs)  # worker processes for reading and per-body outputs
    body_outputs: bool = True  # False: checks, 问题清单 and 汇总.xlsx only
    use_cache: bool = True  # reuse what earlier runs read and wrote (pipeline/cache.py)


def run_report(inbox: Path, year: int, out: Path, spec: ReportSpec = SPEC, progress: bool = True,
               options: RunOptions | None = None) -> ReportResult:
    """Read every workbook under inbox and write all outputs under out/<year>/."""
    options = options or RunOptions()
    outdir = out / str(year)
    if not inbox.is_dir():
        print(f"错误：收件文件夹“{inbox}”不存在，请检查路径（make report INBOX=文件夹路径）", file=sys.stderr)
        return ReportResult(2, outdir)
    if options.jobs > 1:
        start_workers_early()
    found = discover(inbox)
    cache = open_cache(cache_folder(out, year) if options.use_cache else None, spec)
    intake = take_in(found, spec, progress, options.jobs, cache)
    batch = check_batch(intake.subs, year, spec)
    superseded = choose(intake.subs)
    statuses = file_statuses(intake.subs, batch.issues, intake.refused, superseded)
    status_of = {s.file: s.status for s in statuses}
    keep = [i for i, s in enumerate(intake.subs) if status_of[s.file] in (PASSED, WARNED)]
    accepted = _accepted_frame(batch.frame, intake.subs, keep, spec)
    issues = sorted(batch.issues + intake.refused, key=issue_order(spec))
    jobs = body_jobs(intake.subs, batch.frame, status_of, batch.issues, year, spec) if options.body_outputs else []
    _write_outputs(outdir, year, jobs, accepted, statuses, issues, spec, options, cache)
    save_cache(cache, keep_outputs=options.body_outputs)
    result = ReportResult(1 if any(s.status in (REJECTED, UNREADABLE) for s in statuses) else 0,
                          outdir, len(found), statuses, issues, accepted)
    print(summary_text(result, year))
    return result


def _accepted_frame(frame: pd.DataFrame, subs: list[RawSubmission], keep: list[int], spec: ReportSpec) -> pd.DataFrame:
    ids = [n.id for n in spec.numbers]
    numbers = frame.iloc[keep][ids].reset_index(drop=True)
    meta = pd.DataFrame([_meta(subs[i]) for i in keep], columns=list(META))
    return pd.concat([meta, numbers], axis=1).sort_values(["kind", "name", "code"], kind="stable").reset_index(drop=True)


def _meta(sub: RawSubmission) -> dict[str, str]:
    return {"name": str(sub.info.get("name") or "").strip(), "kind": str(sub.info.get("kind") or "").strip(),
            "code": str(sub.info.get("code") or "").strip().upper(), "file": sub.file}


def body_jobs(subs: list[RawSubmission], frame: pd.DataFrame, statuses: dict[str, str], issues: list[Issue],
              year: int, spec: ReportSpec = SPEC) -> list[BodyJob]:
    """One job per body: its chosen submission, accepted or sent back (superseded files get none)."""
    chosen = [i for i, s in enumerate(subs) if statuses[s.file] in (PASSED, WARNED, REJECTED)]
    metas = [_meta(subs[i]) for i in chosen]
    stems = unique_stems((m["name"] or Path(subs[i].file).stem, m["code"]) for i, m in zip(chosen, metas, strict=True))
    ids = [n.id for n in spec.numbers]
    values = frame[ids].to_numpy().tolist()  # Python floats, converted at once
    by_file: dict[str, list[Issue]] = {}
    for issue in issues:
        by_file.setdefault(issue.file, []).append(issue)
    return [
        BodyJob(m["name"], m["kind"], m["code"], year, subs[i].file, subs[i].sha256, stem,
                dict(zip(ids, values[i], strict=True)), dict(subs[i].texts),
                {k: str(v) for k, v in subs[i].info.items()}, tuple(by_file.get(subs[i].file, ())),
                statuses[subs[i].file] != REJECTED)
        for i, m, stem in zip(chosen, metas, stems, strict=True)
    ]


def _write_outputs(outdir: Path, year: int, jobs: list[BodyJob], accepted: pd.DataFrame,
                   statuses: list[FileStatus], issues: list[Issue], spec: ReportSpec, options: RunOptions,
                   cache: RunCache) -> None:
    def county_outputs() -> None:  # written here while worker processes write the per-body outputs
        write_problem_list(outdir / f"{ISSUES_NAME}.xlsx", outdir / f"{ISSUES_NAME}.csv", issues)
        write_rollup(outdir / ROLLUP_NAME, year, accepted, statuses, spec)

    if options.body_outputs:
        remove_stale(outdir, write_bodies(jobs, outdir, options.jobs, cache, meanwhile=county_outputs))
    else:
        county_outputs()


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
