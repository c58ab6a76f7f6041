"""`make report`: inbox -> checks -> official tables per body, 问题清单, 汇总.xlsx, and a summary."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

import pandas as pd

from pipeline.checks.cross_year import cross_year
from pipeline.checks.runner import Checks, issue_order
from pipeline.common.oserrors import os_reason
from pipeline.decide.hierarchy import Region, Tree
from pipeline.decide.history import (
    CrossYearSummary,
    counted_beneath,
    run_history,
    save_accepted,
    summarise,
    summary_lines,
)
from pipeline.decide.indicators import Thresholds
from pipeline.decide.jobs import accepted_frame, body_jobs, refused_jobs, with_reply_details
from pipeline.decide.last_year import YearComparison, compare_years
from pipeline.decide.ledger import LEDGER_NAME, LedgerRow, record
from pipeline.decide.levels import arrange, build_tree
from pipeline.decide.roster import RosterBody, read_roster
from pipeline.decide.status import FileStatus, choose, file_statuses
from pipeline.decide.tracking import roster_key, track
from pipeline.decide.year import infer_year
from pipeline.documents.body_reports import OUTPUT_DIRNAME_REPORTS
from pipeline.documents.county_report import COUNTY_REPORT_STEM
from pipeline.errors import InboxProblem, OutputProblem, RunBusy
from pipeline.inbox.discover import Found, discover
from pipeline.inbox.inbox_zip import is_inbox
from pipeline.outputs.body_files import remove_stale
from pipeline.outputs.county import write_county_outputs
from pipeline.outputs.levels import hierarchy_lines, scope_of
from pipeline.outputs.problem_list import write_problem_list
from pipeline.outputs.returns import RETURNS_DIR
from pipeline.outputs.write_bodies import write_bodies
from pipeline.reading.gather import take_in
from pipeline.run.atomic import remove_leftovers
from pipeline.run.cache import RunCache, cache_folder, open_cache, save_cache
from pipeline.run.collector import collecting_seldom, release, seldom_call, set_aside
from pipeline.run.inuse import INCOMPLETE, taken
from pipeline.run.lock import run_lock
from pipeline.run.notices import taken_notices
from pipeline.run.parallel import default_jobs, run_beside, start_workers_early
from pipeline.settings import ISSUES_NAME, OUTPUT_DIRNAME_BODIES, ROLLUP_NAME
from pipeline.types import BodyJob, Issue, Status
from schemas import SPEC
from schemas.spec import ReportSpec


@dataclass
class ReportResult:
    """What a run produced, for the summary and the exit code."""

    exit_code: int
    outdir: Path
    year: int
    files: int = 0
    statuses: list[FileStatus] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    accepted: pd.DataFrame = field(default_factory=pd.DataFrame)
    year_said: str = ""  # how the year was found when --year was left out
    in_use: list[Path] = field(default_factory=list)  # outputs held open elsewhere: the earlier file was kept
    notices: list[str] = field(default_factory=list)  # what else the coordinator should hear (pipeline/run/notices.py)
    cross_year: CrossYearSummary | None = None  # last year's data used, bodies without (pipeline/decide/history.py)
    tree: Tree | None = None  # this level: the roll-ups of the level below it counted (pipeline/decide/levels.py)

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
    use_cache: bool = True  # reuse what earlier runs read and wrote (pipeline/run/cache.py)
    year_said: str = ""  # how the year was found when --year was left out (pipeline/decide/year.py)
    history: tuple[Path, ...] = ()  # --history: last year's data; none given: <out>/<year-1>/ when it exists
    region: Region = field(default_factory=Region)  # --region, --region-code: recorded in 汇总.xlsx for the level above


def run_report(inbox: Path, year: int | None, out: Path, spec: ReportSpec = SPEC, progress: bool = True,
               options: RunOptions | None = None) -> ReportResult:
    """Read every workbook under inbox and write all outputs under out/<year>/.

    year None: the year most workbooks of the inbox state (pipeline/decide/year.py), said in the summary.
    Raises a UserProblem (pipeline/errors.py) when the run cannot be made: no inbox, an empty one, an
    unusable roster, no year, another run busy on the output folder, an output folder that cannot be written.
    Problems of single files are no exceptions: they are the result's issues.
    """
    options = options or RunOptions()
    if not is_inbox(inbox):
        raise InboxProblem(f"收件文件夹“{inbox}”不存在，请检查路径（make report INBOX=文件夹路径）")
    roster = read_roster(options.roster) if options.roster else None
    found = discover(inbox)
    if not found:  # most likely a wrong path: say so, and leave the outputs of earlier runs as they are
        raise InboxProblem(f"收件文件夹“{inbox}”中没有任何Excel文件，请检查路径；已有的汇总结果未被改动")
    if year is None:
        guess = infer_year(found, spec)
        if guess is None:
            raise InboxProblem(f"收件文件夹“{inbox}”中没有一个工作簿填写了可识别的报告年度，无法确定汇总哪一年；"
                               "请用 --year 指定，例如 --year 2024")
        year, options = guess.year, replace(options, year_said=guess.said())
    outdir = out / str(year)
    if options.jobs > 1:
        start_workers_early()
    try:
        with run_lock(outdir):
            remove_leftovers(outdir)
            return _run(found, year, out, spec, progress, roster, options)
    except RunBusy as busy:
        raise RunBusy(f"另一个汇总正在写输出文件夹“{outdir}”（{busy}），请等它结束后再运行") from None
    except OSError as exc:
        raise OutputProblem(f"无法写入输出文件夹“{outdir}”（{os_reason(exc)}，{exc.filename or outdir}）。"
                            "请确认该文件夹可写、磁盘未满，然后重新运行；本次结果不完整，收件文件夹中的文件未被改动") from exc


@dataclass
class _Decided:
    """What a run decided about its files: everything the outputs are written from."""

    statuses: list[FileStatus]
    accepted: pd.DataFrame
    issues: list[Issue]
    jobs: list[BodyJob]
    history: list[LedgerRow]
    cross_year: CrossYearSummary | None = None
    tree: Tree | None = None
    compare: YearComparison | None = None  # last year beside this year in 汇总.xlsx and 汇总报告


def _run(found: list[Found], year: int, out: Path, spec: ReportSpec, progress: bool,
         roster: list[RosterBody] | None, options: RunOptions) -> ReportResult:
    """Everything after the inbox was found, while holding the output folder's lock."""
    outdir = out / str(year)
    taken()  # outputs held open by another program, noted by pipeline/run/atomic.py
    taken_notices()  # of an earlier run in this process
    cache = open_cache(cache_folder(out, year) if options.use_cache else None, spec)
    try:
        with collecting_seldom():  # pipeline/run/collector.py
            decided = _decide(found, year, outdir, spec, progress, roster, options, cache)
        set_aside()
        _write_outputs(outdir, year, decided, spec, options, cache)
    finally:
        release()
    save_cache(cache, keep_outputs=options.body_outputs)
    statuses = decided.statuses
    in_use = taken()  # outputs another program held open: the earlier files were kept, all else is written
    twice = any(i.rule == "R-ROLLUP-TWICE" for i in decided.issues)  # a body counted twice is for someone to resolve
    sent_back = twice or any(s.status in (Status.REJECTED, Status.UNREADABLE) for s in statuses)
    return ReportResult(INCOMPLETE if in_use else 1 if sent_back else 0,
                        outdir, year, len(found), statuses, decided.issues, decided.accepted, options.year_said,
                        in_use, taken_notices(), decided.cross_year, decided.tree)


def _decide(found: list[Found], year: int, outdir: Path, spec: ReportSpec, progress: bool,
            roster: list[RosterBody] | None, options: RunOptions, cache: RunCache) -> _Decided:
    """Read and check every file, choose what counts, record it in the ledger and make the per-body jobs.

    The submissions themselves (a province's are a few hundred MB) are let go when this returns, before
    the outputs, which need as much again, are written.
    """
    checks = Checks(year, spec, cache)
    intake = take_in(found, spec, progress, options.jobs, cache, checks.add)
    set_aside()  # what was read lives until this returns: no collector pass walks its figures (10,000 x 186) again
    batch = checks.batch(intake.subs)
    last_year = run_history(options.history, outdir.parent, year, roster, spec)  # checked outside the cache
    cross = cross_year(batch, last_year, year, spec)
    batch.issues.extend(cross.issues)
    superseded = choose(intake.subs, roster_key(roster))
    rollups = arrange(intake.rollups, year, spec)
    statuses = track(file_statuses(intake.subs, batch.issues, intake.refused, superseded) + rollups.statuses, roster)
    status_of = {s.file: s.status for s in statuses if s.file}
    keep = [i for i, s in enumerate(intake.subs) if status_of[s.file] in (Status.PASSED, Status.WARNED)]
    tree, statuses = build_tree(options.region, accepted_frame(batch.frame, intake.subs, keep, spec), statuses,
                                rollups.counted, intake.subs, roster, spec)
    accepted = tree.accepted
    # A region's own 全域 file is COMPARED now, not accepted: no per-body files of a counted body, not kept as one.
    status_of = {s.file: s.status for s in statuses if s.file}
    counted = [i for i in keep if status_of[intake.subs[i].file].accepted]
    issues = sorted(batch.issues + intake.refused + rollups.issues + tree.issues, key=issue_order(spec))
    jobs = body_jobs(intake.subs, batch.frame, status_of, issues, year, spec) if options.body_outputs else []
    if options.body_outputs:
        jobs += refused_jobs(statuses, intake.refused, year, [(j.name, j.code) for j in jobs])
    jobs = [with_reply_details(job, roster, options.deadline) for job in jobs]
    history = record(outdir / LEDGER_NAME, statuses, intake.hashes)
    beneath = counted_beneath(tree)
    save_accepted(outdir / LEDGER_NAME, year, intake.subs, counted, batch.frame, spec, beneath)
    compare = compare_years(last_year, cross.found, year, spec, beneath, [str(f) for f in accepted["file"].tolist()])
    return _Decided(statuses, accepted, issues, jobs, history, summarise(cross, last_year, statuses), tree, compare)


def _write_outputs(outdir: Path, year: int, decided: _Decided, spec: ReportSpec, options: RunOptions,
                   cache: RunCache) -> None:
    accepted, statuses = decided.accepted, decided.statuses
    problem_list = partial(seldom_call, write_problem_list, outdir / f"{ISSUES_NAME}.xlsx",
                           outdir / f"{ISSUES_NAME}.csv", decided.issues)

    def county_outputs() -> None:  # written here while worker processes write the per-body outputs
        with collecting_seldom():
            write_county_outputs(outdir, outdir / ROLLUP_NAME, year, accepted, statuses, decided.history, spec,
                                 options.thresholds, decided.tree, decided.compare)

    if options.body_outputs:
        remove_stale(outdir, write_bodies(decided.jobs, outdir, options.jobs, cache, meanwhile=county_outputs,
                                          others=[problem_list]))
    else:  # no per-body files: the problem list still goes to a worker, beside the roll-up
        run_beside(list, options.jobs, county_outputs, others=[problem_list])


def summary_text(result: ReportResult) -> str:
    """The few lines printed at the end of a run."""
    year = result.year
    bodies = len({s.code or s.body for s in result.statuses if s.status in (Status.PASSED, Status.WARNED, Status.REJECTED)})
    lines = [
        result.year_said,
        f"{year}年度汇总完成：读取文件 {result.files} 个，涉及单位 {bodies} 个。",
        f"  通过 {result.count(Status.PASSED)} 个，有警告 {result.count(Status.WARNED)} 个，退回 {result.count(Status.REJECTED)} 个，"
        f"无法读取 {result.count(Status.UNREADABLE)} 个，被新文件替代 {result.count(Status.SUPERSEDED)} 个。",
        f"  名单上未报送的单位：{result.count(Status.NOT_SENT)} 个。" if result.count(Status.NOT_SENT) else "",
        f"  区划整体的全域报告 {result.count(Status.COMPARED)} 个，状态为“{Status.COMPARED}”：与该区划汇总表的合计"
        "逐项比对，不与各单位相加。" if result.count(Status.COMPARED) else "",
        f"  纳入汇总的单位：{len(result.accepted)} 个。",
        f"  汇总表：{result.outdir / ROLLUP_NAME}",
        f"  问题清单：{result.outdir / (ISSUES_NAME + '.xlsx')}（另有 .csv）",
        f"  各单位表格：{result.outdir / OUTPUT_DIRNAME_BODIES}；年度报告（Word 和网页）：{result.outdir / OUTPUT_DIRNAME_REPORTS}",
        *hierarchy_lines(result.tree, result.issues),
        f"  {scope_of(result.tree)}汇总报告：{result.outdir / (COUNTY_REPORT_STEM + '.docx')}（另有 .html）",
        f"  退回件（标注问题的表格和退回说明）：{result.outdir / RETURNS_DIR}" if result.count(Status.REJECTED) else "",
        *summary_lines(result.cross_year),
    ]
    return "\n".join(line for line in lines if line)
