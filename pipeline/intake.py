"""Read every discovered file: a RawSubmission, or one problem that says why the file cannot be used."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from pipeline.cache import RunCache, read_key, recall_read, remember_read, save_reads
from pipeline.cachecodec import encode_record
from pipeline.discover import Found
from pipeline.guard import guard
from pipeline.messages import fill
from pipeline.parallel import batches, run_calls
from pipeline.progress import Progress
from pipeline.read import RawSubmission, WorkbookProblem, read_submission
from pipeline.types import Issue
from schemas import SPEC
from schemas.spec import ReportSpec

FOREIGN_ADVICE = {
    ".et": "这是WPS表格格式（.et），请在WPS中“另存为”Excel工作簿（.xlsx）后重新发送",
    ".xlsb": "这是Excel二进制格式（.xlsb），请“另存为”Excel工作簿（.xlsx）后重新发送",
    ".csv": "这是CSV文本，不是填报模板，请使用下发的Excel模板填写",
    ".pdf": "这是PDF文件，请发送填写好的Excel模板，而不是打印件或扫描件",
}
DEFAULT_ADVICE = "这不是Excel工作簿，请发送填写好的Excel填报模板（.xlsx）"

READ_BATCH = 50  # files per call to a worker process: about 50 ms of work


@dataclass
class Intake:
    """Everything read from an inbox."""

    subs: list[RawSubmission] = field(default_factory=list)
    refused: list[Issue] = field(default_factory=list)  # one per file that cannot be used
    hashes: dict[str, str] = field(default_factory=dict)  # display name -> sha256, every file
    mtimes: dict[str, float] = field(default_factory=dict)


def read_found(found: Found, data: bytes, spec: ReportSpec = SPEC) -> RawSubmission | Issue:
    """Read one file's bytes; never raises for anything the file's content can cause."""
    try:
        if found.foreign:
            raise WorkbookProblem("R-WB-UNREADABLE", FOREIGN_ADVICE.get(found.path.suffix.lower(), DEFAULT_ADVICE))
        guard(data, found.path.suffix.lower())
        return read_submission(found.display, data, found.path.stat().st_mtime, spec)
    except WorkbookProblem as problem:
        return problem_issue(found.display, problem, spec)
    except Exception as exc:  # a parser bug must not stop the batch; the file is reported instead
        return problem_issue(found.display, WorkbookProblem("R-WB-UNREADABLE", f"读取时出错（{type(exc).__name__}）"), spec)


def problem_issue(display: str, problem: WorkbookProblem, spec: ReportSpec = SPEC) -> Issue:
    """The Issue record of a file that cannot be used."""
    rule = spec.rule(problem.rule)
    message = fill(rule.message, detail=problem.detail, value=problem.value, expected=spec.template_version)
    return Issue(display, "", problem.sheet, problem.cell, rule.id, rule.severity.value, message,
                 spec.template_version if problem.rule == "R-WB-OLD-VERSION" else "", problem.value)


@dataclass(frozen=True)
class Received:
    """One file of the inbox as read: its content hash and time, and the reading or the reason it is unusable."""

    display: str
    sha256: str
    mtime: float
    result: RawSubmission | Issue
    record: bytes | None = None  # the result encoded for the run cache, when asked for


def receive(found: Found, spec: ReportSpec = SPEC, encode: bool = False) -> Received:
    """Read one file; its bytes are let go afterwards (read again only for a rare formula check)."""
    data = found.path.read_bytes()
    mtime = found.path.stat().st_mtime
    result = read_found(found, data, spec)
    if isinstance(result, RawSubmission):
        result.data, result.path = b"", found.path  # 10,000 kept files would hold ~300 MB
    record = encode_record(result, spec) if encode else None  # here, in the worker, not in the main process
    return Received(found.display, hashlib.sha256(data).hexdigest(), mtime, result, record)


def _receive_all(found: Sequence[Found], spec: ReportSpec | None, encode: bool) -> list[Received]:
    # spec is None for the standard spec, so a worker is not sent a copy of it with every batch
    return [receive(f, spec or SPEC, encode) for f in found]


def take_in(found: list[Found], spec: ReportSpec = SPEC, progress: bool = False, jobs: int = 1,
            cache: RunCache | None = None) -> Intake:
    """Read every file of the inbox, in `jobs` worker processes.

    Files whose content the cache knows are not parsed again; new readings are stored in it.
    """
    bar = Progress(len(found), "读取", enabled=progress)
    received: dict[str, Received] = {}
    todo = list(found)
    if cache is not None and cache.reads:
        todo = []
        for f in found:
            known = _recall(cache, f)
            if known is None:
                todo.append(f)
            else:
                received[f.display] = known
                bar.step()
    encode = cache is not None and cache.active
    calls = [partial(_receive_all, part, None if spec is SPEC else spec, encode) for part in batches(todo, READ_BATCH)]
    for batch in run_calls(calls, jobs):
        for item in batch:
            received[item.display] = item
            if cache is not None and item.record is not None:
                remember_read(cache, read_key(item.sha256, Path(item.display).suffix), item.record)
            bar.step()
    bar.done()
    if cache is not None:
        save_reads(cache)
    return _intake([received[f.display] for f in found])


def _recall(cache: RunCache, found: Found) -> Received | None:
    data = found.path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    mtime = found.path.stat().st_mtime
    result = recall_read(cache, read_key(sha, Path(found.display).suffix), found.display, mtime, found.path)
    return None if result is None else Received(found.display, sha, mtime, result)


def _intake(received: list[Received]) -> Intake:
    intake = Intake()
    for item in received:
        if isinstance(item.result, Issue):
            intake.refused.append(item.result)
        else:
            intake.subs.append(item.result)
        intake.hashes[item.display] = item.sha256
        intake.mtimes[item.display] = item.mtime
    return intake
