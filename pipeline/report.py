"""`make report`: inbox -> checks -> official tables per body, 问题清单, 汇总.xlsx, and a summary."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from pipeline.atomic import remove_leftovers
from pipeline.bodies import write_bodies
from pipeline.cache import RunCache, cache_folder, open_cache, save_cache
from pipeline.check import check_batch, issue_order
from pipeline.county_doc import COUNTY_REPORT_STEM, write_county_documents
from pipeline.discover import Found, discover
from pipeline.indicators import Thresholds
from pipeline.intake import take_in
from pipeline.ledger import LEDGER_NAME, LedgerRow, record
from pipeline.lock import RunBusy, run_lock
from pipeline.oserrors import os_reason
from pipeline.outputs import BodyJob, remove_stale, unique_stems
from pipeline.parallel import default_jobs, start_workers_early
from pipeline.problems import write_problem_list
from pipeline.publish import OUTPUT_DIRNAME_REPORTS
from pipeline.read import RawSubmission
from pipeline.returns import RETURNS_DIR
from pipeline.rollup import META, write_rollup
from pipeline.roster import RosterBody, RosterIndex, RosterProblem, read_roster
from pipeline.select import (
    NOT_SENT,
    PASSED,
    REJECTED,
    SUPERSEDED,
    UNREADABLE,
    WARNED,
    FileStatus,
    choose,
    file_statuses,
)
from pipeline.settings import ISSUES_NAME, OUTPUT_DIRNAME_BODIES, ROLLUP_NAME
from pipeline.tracking import roster_key, track
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
    """Choices of one run beyond inbox, year and output folder.

    jobs, body_outputs and use_cache change how a run does its work, never what it writes (except
    that body_outputs=False writes no per-body files).
    """

    roster: Path | None = None  # 单位名单 (.xlsx or .csv)
    deadline: str = ""  # for the replies to bodies sent back, e.g. 2025-01-25
    thresholds: Thresholds | None = None  # 指标 warning levels; None keeps the defaults
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
    try:
        roster = read_roster(options.roster) if options.roster else None
    except RosterProblem as problem:
        print(f"错误：{problem}", file=sys.stderr)
        return ReportResult(2, outdir)
    found = discover(inbox)
    if not found:  # most likely a wrong path: say so, and leave the outputs of earlier runs as they are
        print(f"错误：收件文件夹“{inbox}”中没有任何Excel文件，请检查路径；已有的汇总结果未被改动", file=sys.stderr)
        return ReportResult(2, outdir)
    if options.jobs > 1:
        start_workers_early()
    try:
        with run_lock(outdir):
            remove_leftovers(outdir)
            return _run(found, year, out, spec, progress, roster, options)
    except RunBusy as busy:
        print(f"错误：另一个汇总正在写输出文件夹“{outdir}”（{busy}），请等它结束后再运行", file=sys.stderr)
    except OSError as exc:
        print(f"错误：无法写入输出文件夹“{outdir}”（{os_reason(exc)}，{exc.filename or outdir}）。请确认该文件夹可写、磁盘未满，"
              "然后重新运行；本次结果不完整，收件文件夹中的文件未被改动", file=sys.stderr)
    return ReportResult(2, outdir)


def _run(found: list[Found], year: int, out: Path, spec: ReportSpec, progress: bool,
         roster: list[RosterBody] | None, options: RunOptions) -> ReportResult:
    """Everything after the inbox was found, while holding the output folder's lock."""
    outdir = out / str(year)
    cache = open_cache(cache_folder(out, year) if options.use_cache else None, spec)
    intake = take_in(found, spec, progress, options.jobs, cache)
    batch = check_batch(intake.subs, year, spec)
    superseded = choose(intake.subs, roster_key(roster))
    statuses = track(file_statuses(intake.subs, batch.issues, intake.refused, superseded), roster)
    status_of = {s.file: s.status for s in statuses if s.file}
    keep = [i for i, s in enumerate(intake.subs) if status_of[s.file] in (PASSED, WARNED)]
    accepted = _accepted_frame(batch.frame, intake.subs, keep, spec)
    issues = sorted(batch.issues + intake.refused, key=issue_order(spec))
    jobs = body_jobs(intake.subs, batch.frame, status_of, batch.issues, year, spec) if options.body_outputs else []
    if options.body_outputs:
        jobs += _refused_jobs(statuses, intake.refused, year, [(j.name, j.code) for j in jobs])
    jobs = [_with_reply_details(job, roster, options) for job in jobs]
    history = record(outdir / LEDGER_NAME, statuses, intake.hashes)
    _write_outputs(outdir, year, jobs, accepted, statuses, issues, history, spec, options, cache)
    save_cache(cache, keep_outputs=options.body_outputs)
    result = ReportResult(1 if any(s.status in (REJECTED, UNREADABLE) for s in statuses) else 0,
                          outdir, len(found), statuses, issues, accepted)
    print(summary_text(result, year))
    return result


def _refused_jobs(statuses: list[FileStatus], refused: list[Issue], year: int,
                  taken: list[tuple[str, str]]) -> list[BodyJob]:
    """A file we could not read, but whose body the roster names: send back a fresh personal template."""
    problem = {i.file: i for i in refused}
    identified = [s for s in statuses if s.file in problem and s.body]
    stems = unique_stems(taken + [(s.body, s.code) for s in identified])[len(taken):]
    return [BodyJob(s.body, s.kind, s.code, year, s.file, "", stem, issues=(problem[s.file],), accepted=False,
                    raw_info={"name": s.body, "kind": s.kind, "code": s.code, "year": year})
            for s, stem in zip(identified, stems, strict=True)]


def _with_reply_details(job: BodyJob, roster: list[RosterBody] | None, options: RunOptions) -> BodyJob:
    body = RosterIndex.of(roster).match(job.name, job.code) if roster else None
    return replace(job, contact=body.contact if body else "", deadline=options.deadline)


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
                statuses[subs[i].file] != REJECTED, **_raw_if_rejected(subs[i], statuses[subs[i].file]))
        for i, m, stem in zip(chosen, metas, stems, strict=True)
    ]


def _raw_if_rejected(sub: RawSubmission, status: str) -> dict[str, Any]:
    # Only a body sent back needs what it typed (for its marked copy); keep the others' jobs small.
    if status != REJECTED:
        return {}
    return {"raw_numbers": dict(sub.numbers), "raw_info": dict(sub.info), "explanations": dict(sub.explanations)}


def _write_outputs(outdir: Path, year: int, jobs: list[BodyJob], accepted: pd.DataFrame,
                   statuses: list[FileStatus], issues: list[Issue], history: list[LedgerRow],
                   spec: ReportSpec, options: RunOptions, cache: RunCache) -> None:
    def county_outputs() -> None:  # written here while worker processes write the per-body outputs
        write_problem_list(outdir / f"{ISSUES_NAME}.xlsx", outdir / f"{ISSUES_NAME}.csv", issues)
        write_rollup(outdir / ROLLUP_NAME, year, accepted, statuses, history, spec, options.thresholds)
        write_county_documents(outdir, year, accepted, statuses, spec, options.thresholds)

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
        f"  名单上未报送的单位：{result.count(NOT_SENT)} 个。" if result.count(NOT_SENT) else "",
        f"  纳入汇总的单位：{len(result.accepted)} 个。",
        f"  汇总表：{result.outdir / ROLLUP_NAME}",
        f"  问题清单：{result.outdir / (ISSUES_NAME + '.xlsx')}（另有 .csv）",
        f"  各单位表格：{result.outdir / OUTPUT_DIRNAME_BODIES}；年度报告（Word 和网页）：{result.outdir / OUTPUT_DIRNAME_REPORTS}",
        f"  全县汇总报告：{result.outdir / (COUNTY_REPORT_STEM + '.docx')}（另有 .html）",
        f"  退回件（标注问题的表格和退回说明）：{result.outdir / RETURNS_DIR}" if result.count(REJECTED) else "",
    ]
    return "\n".join(line for line in lines if line)
