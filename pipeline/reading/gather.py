"""Read an inbox's files in worker processes; files whose exact content an earlier run read are not parsed again.

A province's inbox holds 10,000 workbooks, and a county re-runs the report many times a day: each
file is hashed here, its stored reading (pipeline/run/cache.py) used when there is one, and the rest is
parsed by workers in batches. The workbook bytes are let go as soon as a file is read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from pipeline.errors import WorkbookProblem
from pipeline.inbox.discover import Found
from pipeline.reading.cache_codec import decode_record, encode_record
from pipeline.reading.intake import problem_issue, read_found, unopenable
from pipeline.run.cache import READS, RECALL_BATCH, RunCache, holds_any, read_key, save_entries, store, stored, use
from pipeline.run.parallel import batches, run_calls
from pipeline.run.progress import Progress
from pipeline.types import Issue, Rollup, Submission
from schemas import SPEC
from schemas.spec import ReportSpec

READ_BATCH = 50  # files per call to a worker process: about 50 ms of work


@dataclass(frozen=True)
class Received:
    """One file of the inbox as read: its content hash and time, and the reading or the reason it is unusable."""

    display: str
    sha256: str
    mtime: float
    result: Submission | Rollup | Issue


def receive(found: Found, spec: ReportSpec = SPEC, encode: bool = False) -> tuple[Received, bytes | None]:
    """Read one file, and encode the reading for the cache when asked (in the worker, not the main process)."""
    try:
        data = found_bytes(found)
        mtime = found_mtime(found)  # here too: a file moved away right after it was read is that file's problem
    except OSError as exc:  # no permission, moved away during the run, a broken network share
        issue = problem_issue(found.display, WorkbookProblem("R-WB-UNREADABLE", unopenable(exc)), spec)
        return Received(found.display, "", 0.0, issue), None
    result = read_found(found, data, spec)
    if isinstance(result, Submission) and found.data is None:
        result.data, result.path = b"", found.path  # read again only for a rare formula check
    # A roll-up is not stored: a few per inbox, and its record is read in milliseconds.
    record = encode_record(result, spec) if encode and not isinstance(result, Rollup) else None
    sha256 = result.sha256 if isinstance(result, Submission | Rollup) else hashlib.sha256(data).hexdigest()
    return Received(found.display, sha256, mtime, with_envelope(result, found)), record


def found_bytes(found: Found) -> bytes:
    """A file's bytes, or an email attachment's (already in memory)."""
    return found.data if found.data is not None else found.path.read_bytes()


def found_mtime(found: Found) -> float:
    """When it arrived: an attachment's email date, else the file's modification time."""
    return found.mtime if found.mtime is not None else found.path.stat().st_mtime


def with_envelope(result: Submission | Rollup | Issue, found: Found) -> Submission | Rollup | Issue:
    """Carry the sender and date of the email a workbook came in (the cache does not store them)."""
    if isinstance(result, Issue):
        return replace(result, sender=found.sender)
    result.sender, result.received = found.sender, found.received
    return result


def _receive_all(found: Sequence[Found], spec: ReportSpec | None, encode: bool) -> list[tuple[Received, bytes | None]]:
    # spec is None for the standard spec, so a worker is not sent a copy of it with every batch
    return [receive(f, spec or SPEC, encode) for f in found]


def gather(found: Sequence[Found], spec: ReportSpec, progress: bool, jobs: int, cache: RunCache,
           arrived: Callable[[Received], None] = lambda _: None) -> list[Received]:
    """Every file read, in the order of found; each is also handed to `arrived` as soon as it is read."""
    bar = Progress(len(found), "读取", enabled=progress)
    received: dict[str, Received] = {}
    todo = list(found)
    if holds_any(cache, READS):  # else hashing every file here first would only delay the workers
        todo = []
        for f, known in _recall(cache, found, spec):
            if known is None:
                todo.append(f)
            else:
                received[f.display] = known
                arrived(known)
                bar.step()
    calls = [partial(_receive_all, part, None if spec is SPEC else spec, cache.active)
             for part in batches(todo, READ_BATCH)]
    for batch in run_calls(calls, jobs):
        for item, record in batch:
            received[item.display] = item
            if record is not None:
                store(cache, READS, read_key(item.sha256, Path(item.display).suffix), record)
            arrived(item)
            bar.step()
    bar.done()
    save_entries(cache, READS)
    return [received[f.display] for f in found]


def _recall(cache: RunCache, found: Sequence[Found], spec: ReportSpec) -> Iterator[tuple[Found, Received | None]]:
    """Each file with its stored reading, or None when it must be read."""
    for part in batches(found, RECALL_BATCH):
        hashed = [(f, *_identity(f)) for f in part]
        keys = [read_key(sha, Path(f.display).suffix) if sha else "" for f, sha, _ in hashed]
        records = stored(cache, READS, [k for k in keys if k])
        for (f, sha, mtime), key in zip(hashed, keys, strict=True):
            record = records.get(key) if key else None
            result = None if record is None else decode_record(record, f.display, mtime, f.path, spec)
            if result is not None:
                use(cache, READS, key)
            yield f, None if result is None else Received(f.display, sha, mtime, with_envelope(result, f))


def _identity(found: Found) -> tuple[str, float]:
    """(sha256, mtime) of a file; ("", 0.0) when it cannot be read now: receive() then says why, for that file."""
    try:
        return hashlib.sha256(found_bytes(found)).hexdigest(), found_mtime(found)
    except OSError:
        return "", 0.0


@dataclass
class Intake:
    """Everything read from an inbox."""

    subs: list[Submission] = field(default_factory=list)
    rollups: list[Rollup] = field(default_factory=list)  # the level below's 汇总.xlsx (pipeline/reading/rollup.py)
    refused: list[Issue] = field(default_factory=list)  # one per file that cannot be used
    hashes: dict[str, str] = field(default_factory=dict)  # display name -> sha256, every file
    mtimes: dict[str, float] = field(default_factory=dict)


def take_in(found: list[Found], spec: ReportSpec = SPEC, progress: bool = False, jobs: int = 1,
            cache: RunCache | None = None, arrived: Callable[[Submission], None] = lambda _: None) -> Intake:
    """Read every file of the inbox: in `jobs` worker processes, parsing only contents the cache does not know.

    Each workbook read is also handed to `arrived` as soon as it is read, while the workers read on.
    """
    def pass_on(item: Received) -> None:
        if isinstance(item.result, Submission):
            arrived(item.result)

    intake = Intake()
    for item in gather(found, spec, progress, jobs, cache or RunCache(None, spec), pass_on):
        if isinstance(item.result, Issue):
            intake.refused.append(item.result)
        elif isinstance(item.result, Rollup):
            intake.rollups.append(item.result)
        else:
            intake.subs.append(item.result)
        intake.hashes[item.display] = item.sha256
        intake.mtimes[item.display] = item.mtime
    return intake
