"""inbox/: what discover finds in a folder, and what the guard refuses before any parser sees it."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.errors import WorkbookProblem
from pipeline.inbox.discover import discover
from pipeline.inbox.guard import guard
from pipeline.template.build import build_template
from tests.factories import filled


def test_discover_finds_workbooks_in_subfolders_and_skips_lock_files(tmp_path: Path) -> None:
    (tmp_path / "子文件夹").mkdir()
    build_template(tmp_path / "子文件夹" / "甲镇.xlsx", filled("甲镇"))
    (tmp_path / "~$甲镇.xlsx").write_bytes(b"lock")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "x.xlsx").write_bytes(b"x")
    (tmp_path / "说明.doc").write_bytes(b"not a workbook")
    found = discover(tmp_path)
    assert [(f.display, f.foreign) for f in found] == [("子文件夹/甲镇.xlsx", False), ("说明.doc", True)]


def test_guard_passes_a_template_and_refuses_what_is_not_a_workbook(tmp_path: Path) -> None:
    guard(build_template(tmp_path / "t.xlsx", filled()).read_bytes())
    for data, words in ((b"", "空的"), (b"%PDF-1.7", "PDF"), (b"PK\x03\x04garbage", "损坏")):
        with pytest.raises(WorkbookProblem) as refused:
            guard(data)
        assert words in refused.value.detail and refused.value.rule == "R-WB-UNREADABLE"
