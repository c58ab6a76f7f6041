"""run/: atomic writes keep the earlier file when writing fails; worker calls come back in order."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import pytest

from pipeline.run.atomic import TMP_PREFIX, atomic_path, remove_leftovers, write_text_atomic
from pipeline.run.parallel import batches, run_calls


def test_a_failed_write_leaves_the_earlier_file_and_no_temporary_file(tmp_path: Path) -> None:
    dest = tmp_path / "汇总.xlsx"
    write_text_atomic(dest, "旧的")
    with pytest.raises(RuntimeError), atomic_path(dest) as tmp:
        tmp.write_text("写了一半")
        raise RuntimeError("interrupted")
    assert dest.read_text() == "旧的"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(TMP_PREFIX)]


def test_leftovers_of_a_killed_run_are_removed(tmp_path: Path) -> None:
    (tmp_path / "单位表格").mkdir()
    (tmp_path / "单位表格" / f"{TMP_PREFIX}abc.xlsx").write_text("x")
    (tmp_path / "单位表格" / "甲镇.xlsx").write_text("y")
    assert remove_leftovers(tmp_path) == 1
    assert [p.name for p in (tmp_path / "单位表格").iterdir()] == ["甲镇.xlsx"]


def _square(values: list[int]) -> list[int]:
    return [v * v for v in values]


@pytest.mark.parametrize("jobs", [1, 2])
def test_calls_come_back_in_order(jobs: int) -> None:
    calls = [partial(_square, list(part)) for part in batches(list(range(20)), 3)]
    assert [v for result in run_calls(calls, jobs) for v in result] == [v * v for v in range(20)]
