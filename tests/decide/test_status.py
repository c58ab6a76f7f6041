"""decide/status.py and decide/jobs.py: the latest file per body, every file's status, the accepted frame."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.checks.runner import check_batch, issue_order
from pipeline.decide.jobs import accepted_frame, body_jobs
from pipeline.decide.status import choose, file_statuses
from pipeline.reading.workbook import read_path
from pipeline.template.build import build_template
from pipeline.types import Status, Submission
from schemas import SPEC
from tests.factories import filled, make_code

YEAR = 2024


def _sub(tmp: Path, name: str, **info: object) -> Submission:
    path = build_template(tmp / f"{name}.xlsx", filled(name, info=info))
    return read_path(path, path.name)


def test_the_latest_filled_date_counts(tmp_path: Path) -> None:
    code = make_code(7)
    old = _sub(tmp_path, "初稿", code=code, date=dt.date(2025, 1, 10))
    new = _sub(tmp_path, "修改稿", code=code, date=dt.date(2025, 1, 20))
    other = _sub(tmp_path, "别的单位", code=make_code(8))
    assert choose([new, old, other]) == {old.file: new.file}


def test_a_valid_code_typed_in_lower_case_is_one_body_shown_one_way(tmp_path: Path) -> None:
    # The bug this restructure fixed: 报送情况 showed the code as typed, 明细 in upper case.
    code = make_code(9)
    lower = _sub(tmp_path, "小写代码", code=code.lower(), date=dt.date(2025, 1, 10))
    upper = _sub(tmp_path, "大写代码", code=code, date=dt.date(2025, 1, 11))
    assert lower.key == upper.key == code
    batch = check_batch([lower], YEAR)
    assert [i.rule for i in batch.issues if i.rule == "R-INFO-CODE"] == []
    (status,) = file_statuses([lower], batch.issues, [], {})
    frame = accepted_frame(batch.frame, [lower], [0], SPEC)
    assert status.code == frame.loc[0, "code"] == code


def test_statuses_count_errors_and_unexplained_warnings(tmp_path: Path) -> None:
    good = _sub(tmp_path, "好单位")
    bad = _sub(tmp_path, "坏单位", year=2023)
    batch = check_batch([good, bad], YEAR)
    by_file = {s.file: s for s in file_statuses([good, bad], batch.issues, [], {})}
    assert by_file[good.file].status is Status.PASSED and by_file[good.file].errors == 0
    assert by_file[bad.file].status is Status.REJECTED and by_file[bad.file].errors == 1


def test_each_body_job_carries_its_problems_in_the_run_order(tmp_path: Path) -> None:
    subs = [_sub(tmp_path, "甲", code=make_code(1), t="x"), _sub(tmp_path, "乙", code=make_code(2), year=2023)]
    batch = check_batch(subs, YEAR)
    shuffled = list(reversed(batch.issues))
    statuses = {s.file: s.status for s in file_statuses(subs, batch.issues, [], {})}
    jobs = body_jobs(subs, batch.frame, statuses, sorted(shuffled, key=issue_order(SPEC)), YEAR)
    for job in jobs:
        assert list(job.issues) == sorted(job.issues, key=issue_order(SPEC))
    assert isinstance(batch.frame, pd.DataFrame) and np.isfinite(batch.frame.to_numpy()).all()
