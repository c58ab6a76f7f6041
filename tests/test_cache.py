"""The run cache stores a reading exactly, and a reading without its bytes is checked as one with them."""

from __future__ import annotations

import datetime as dt
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from pipeline.checks import runner as check
from pipeline.checks.runner import check_batch
from pipeline.inbox.discover import discover
from pipeline.reading import gather
from pipeline.reading.intake import take_in
from pipeline.reading.workbook import RawSubmission, read_path, workbook_bytes
from pipeline.report import RunOptions, run_report
from pipeline.run.cache import described, intact, open_cache, save_cache
from pipeline.run.cache_codec import FLOATS_MARK, decode_checked, decode_record, encode_checked, encode_record
from pipeline.template.build import build_template
from pipeline.types import Issue
from schemas import SPEC
from schemas.tables import t3_id
from tests import make_examples
from tests.factories import filled

ODD_VALUES = [None, "", "12件", "１２", True, 7, 7.0, 0.1 + 0.2, -0.0, 10**15, dt.datetime(2025, 1, 2, 3, 4, 5),
              dt.date(2025, 1, 2), dt.time(8, 30), dt.timedelta(days=2, seconds=5, microseconds=7), "$d", "\u3000"]


def _sub() -> RawSubmission:
    numbers = {n.id: ODD_VALUES[i % len(ODD_VALUES)] for i, n in enumerate(SPEC.numbers)}
    info = {"name": "测试镇", "year": 2024.0, "date": dt.datetime(2025, 1, 15), "kind": None}
    return RawSubmission("a.xlsx", "ab" * 32, b"bytes", 1.5, info, numbers, {"s1": "正文\n第二行"},
                         {"R-T3-BALANCE": "说明"}, None)


def test_reading_round_trips_with_its_types() -> None:
    sub = _sub()
    record = encode_record(sub, SPEC)
    assert record is not None
    back = decode_record(record, "b/c.xlsx", 9.0, Path("/x/c.xlsx"), SPEC)
    assert isinstance(back, RawSubmission)
    assert (back.file, back.mtime, back.path, back.data) == ("b/c.xlsx", 9.0, Path("/x/c.xlsx"), b"")
    assert back.sha256 == sub.sha256
    for name in ("info", "numbers", "texts", "explanations"):
        got, want = getattr(back, name), getattr(sub, name)
        assert got == want and [type(v) for v in got.values()] == [type(v) for v in want.values()], name


def test_refusal_round_trips_under_the_new_name() -> None:
    issue = Issue("old.xlsx", "", "", "", "R-WB-UNREADABLE", "错误", "文件已损坏", "", "")
    record = encode_record(issue, SPEC)
    assert record is not None
    assert decode_record(record, "new.xlsx", 0.0, Path("new.xlsx"), SPEC) == Issue(
        "new.xlsx", "", "", "", "R-WB-UNREADABLE", "错误", "文件已损坏", "", "")


def test_checked_figures_round_trip_with_nan_and_infinity() -> None:
    values = [0.0, -0.0, 0.1 + 0.2, 1e308, math.inf, -math.inf, math.nan, 12.0]
    issues = [Issue("a.xlsx", "甲镇", "表三", "D5", "R-CELL-TOO-LARGE", "错误", "太大", "≤ 1e15", "inf", "说明", "x@y")]
    back = decode_checked(encode_checked(np.array(values), issues), len(values))
    assert back is not None
    got, got_issues = back
    assert [repr(float(v)) for v in got] == [repr(v) for v in values] and got_issues == issues
    assert decode_checked(encode_checked(np.array(values), issues), len(values) + 1) is None  # another spec's width
    assert decode_checked(b"[1, 2]", 2) is None
    assert decode_checked(np.zeros(2).tobytes() + b'[["too", "short"]]', 2) is None


def test_what_cannot_be_stored_is_not_stored() -> None:
    sub = _sub()
    sub.numbers[SPEC.numbers[0].id] = math.nan
    assert encode_record(sub, SPEC) is None
    sub.numbers[SPEC.numbers[0].id] = object()
    assert encode_record(sub, SPEC) is None
    assert decode_record(b"{not json", "a", 0.0, Path("a"), SPEC) is None
    assert decode_record(b'{"sha256": "x"}', "a", 0.0, Path("a"), SPEC) is None


def test_released_bytes_are_read_again_for_formula_checks(tmp_path: Path) -> None:
    # Text in a part leaves the formula total's cached value without it: only the formula test tells
    # the total is a formula (unreadable, skipped) and not a typed number (which breaks the balance).
    build_template(tmp_path / "a.xlsx", filled(numbers={t3_id("new", "np"): "12件"}))
    released = take_in(discover(tmp_path)).subs
    assert released[0].data == b"" and workbook_bytes(released[0]) == (tmp_path / "a.xlsx").read_bytes()
    kept = [read_path(tmp_path / "a.xlsx", "a.xlsx")]
    issues = check_batch(released, 2024).issues
    assert issues == check_batch(kept, 2024).issues
    assert {i.rule for i in issues} == {"R-T3-NONNEG-INT"}
    (tmp_path / "a.xlsx").write_bytes(b"changed since")
    assert workbook_bytes(released[0]) == b""


def test_checks_in_chunks_and_from_the_cache_equal_one_batch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    intake = take_in(discover(make_examples.INBOX), SPEC)
    whole = check_batch(intake.subs, make_examples.YEAR, SPEC)
    monkeypatch.setattr(check, "CHECK_CHUNK", 3)
    cache = open_cache(tmp_path, SPEC)
    first = check.check_with_cache(intake.subs, make_examples.YEAR, SPEC, cache)
    save_cache(cache)
    again = check.check_with_cache(intake.subs, make_examples.YEAR, SPEC, open_cache(tmp_path, SPEC))
    for batch in (first, again):
        assert batch.issues == whole.issues
        pd.testing.assert_frame_equal(batch.frame, whole.frame)


def test_a_run_checks_what_it_has_read_while_it_reads_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[str] = []
    checked_after: list[int] = []  # how many files had been read when each chunk was checked
    receive, check_batch_of = gather.receive, check.check_batch
    monkeypatch.setattr(gather, "receive", lambda found, *args: read.append(found.display) or receive(found, *args))
    monkeypatch.setattr(check, "check_batch",
                        lambda subs, *args: checked_after.append(len(read)) or check_batch_of(subs, *args))
    monkeypatch.setattr(gather, "READ_BATCH", 2)
    monkeypatch.setattr(check, "CHECK_CHUNK", 3)
    result = run_report(make_examples.INBOX, make_examples.YEAR, tmp_path, progress=False,
                        options=RunOptions(jobs=1, body_outputs=False))
    assert len(checked_after) >= 2 and checked_after[0] < len(read), (checked_after, len(read))
    subs = take_in(discover(make_examples.INBOX), SPEC).subs
    readable = {s.file for s in subs}
    assert [i for i in result.issues if i.file in readable] == check_batch(subs, make_examples.YEAR, SPEC).issues


def test_an_output_is_current_while_its_content_is(tmp_path: Path) -> None:
    out = tmp_path / "2024"
    (out / "单位表格").mkdir(parents=True)
    path = out / "单位表格" / "甲镇.xlsx"
    path.write_bytes(b"first")
    _, digest, size, mtime = described(path)
    record = [("单位表格/甲镇.xlsx", digest, size, mtime)]
    assert intact(out, record) == [(path, digest, size, mtime)]  # as recorded: not even read
    os.utime(path, ns=(mtime + 10**9, mtime + 10**9))  # touched, same bytes: still current, with its new time
    assert intact(out, record) == [(path, digest, size, mtime + 10**9)]
    path.write_bytes(b"other")  # same size, new content
    assert intact(out, record) is None
    path.unlink()
    assert intact(out, record) is None
    path.mkdir()  # something else in its place
    assert intact(out, record) is None


def test_a_reading_of_floats_round_trips_as_raw_floats() -> None:
    sub = _sub()
    odd = (0.0, -0.0, 0.1 + 0.2, 1e15, 123456789.125, 5e-324)
    sub.numbers = {n.id: odd[i % len(odd)] for i, n in enumerate(SPEC.numbers)}
    record = encode_record(sub, SPEC)
    assert record is not None and record.startswith(FLOATS_MARK)
    back = decode_record(record, "a.xlsx", 0.0, Path("a.xlsx"), SPEC)
    assert isinstance(back, RawSubmission)
    assert [repr(v) for v in back.numbers.values()] == [repr(v) for v in sub.numbers.values()]
    assert all(type(v) is float for v in back.numbers.values())
    assert (back.info, back.texts, back.explanations) == (sub.info, sub.texts, sub.explanations)
    assert decode_record(record[:100], "a.xlsx", 0.0, Path("a.xlsx"), SPEC) is None  # cut short
    sub.numbers[SPEC.numbers[1].id] = math.inf
    assert encode_record(sub, SPEC) is None  # as before: a value JSON cannot hold is not stored
