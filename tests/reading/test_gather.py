"""One bad file never stops a batch: a file that vanishes while the inbox is read is that file's problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.inbox.discover import Found, discover
from pipeline.reading import gather
from pipeline.reading.gather import take_in
from pipeline.run.cache import open_cache
from schemas import SPEC
from tests.hierarchy import county_inbox

GONE = "某县第1单位.xlsx"


def vanish_after_reading(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """The file's bytes are read, then it is gone (moved away by a person, a sync tool) before its time is asked."""
    read = gather.found_bytes

    def read_then_vanish(found: Found) -> bytes:
        data = read(found)
        if found.display == name:
            found.path.unlink()
        return data

    monkeypatch.setattr(gather, "found_bytes", read_then_vanish)


def assert_one_problem_for_the_vanished_file(intake: gather.Intake) -> None:
    assert [(i.file, i.rule) for i in intake.refused] == [(GONE, "R-WB-UNREADABLE")]
    assert "文件无法打开" in intake.refused[0].message
    assert [s.file for s in intake.subs] == ["某县第2单位.xlsx"]


def test_a_file_gone_between_its_read_and_its_time_is_one_problem(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    found = discover(county_inbox(tmp_path / "inbox", "某县", 2))
    vanish_after_reading(monkeypatch, GONE)
    assert_one_problem_for_the_vanished_file(take_in(found, SPEC))


def test_a_file_gone_while_the_cache_is_consulted_is_one_problem(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    inbox = county_inbox(tmp_path / "inbox", "某县", 2)
    cache = open_cache(tmp_path / "cache", SPEC)
    assert len(take_in(discover(inbox), SPEC, cache=cache).subs) == 2  # both readings stored
    vanish_after_reading(monkeypatch, GONE)
    assert_one_problem_for_the_vanished_file(take_in(discover(inbox), SPEC, cache=open_cache(tmp_path / "cache", SPEC)))
