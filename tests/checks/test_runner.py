"""checks/runner.py: check_batch finds every problem of a batch, errors first, in sheet and cell order."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.checks.runner import check_batch
from pipeline.reading.workbook import read_path
from pipeline.template.build import build_template
from pipeline.types import Rect, Severity
from schemas import SPEC
from schemas.tables import t3_id
from tests.factories import filled


def test_problems_come_errors_first_then_by_sheet_and_cell(tmp_path: Path) -> None:
    fill = filled("乙镇", numbers={"t2_lic": "无", t3_id("new", "np"): 999}, info={"year": 2023})
    sub = read_path(build_template(tmp_path / "乙镇.xlsx", fill), "乙镇.xlsx")
    issues = check_batch([sub], 2024).issues
    assert [i.severity for i in issues] == sorted((i.severity for i in issues), key=lambda s: s is Severity.WARNING)
    errors = [i for i in issues if i.is_error]
    assert errors[0].rule == "R-INFO-YEAR" and errors[0].sheet == SPEC.sheets.info
    assert any(i.rule == "R-T3-BALANCE" and i.sheet == SPEC.sheets.t3 for i in errors)
    blank = next(i for i in issues if i.rule == "R-CELL-BLANK")
    lic = SPEC.number("t2_lic")
    assert blank.cells == (Rect.cell(lic.row, lic.col),) and blank.cell == "B8"


def test_a_clean_batch_has_no_problems(tmp_path: Path) -> None:
    subs = [read_path(build_template(tmp_path / f"{n}.xlsx", filled(n, seed=k)), f"{n}.xlsx")
            for k, n in enumerate(("甲镇", "丙镇"), start=1)]
    batch = check_batch(subs, 2024)
    assert batch.issues == [] and len(batch.frame) == 2


def test_a_run_without_cache_encodes_nothing_for_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline.checks import runner
    from pipeline.reading import gather
    from pipeline.report import RunOptions, run_report

    def refuse(*args: object) -> bytes:
        raise AssertionError("a cache record was encoded under --no-cache")

    monkeypatch.setattr(runner, "encode_checked", refuse)
    monkeypatch.setattr(gather, "encode_record", refuse)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    build_template(inbox / "甲镇.xlsx", filled("甲镇"))
    result = run_report(inbox, 2024, tmp_path / "out", progress=False,
                        options=RunOptions(jobs=1, body_outputs=False, use_cache=False))
    assert result.exit_code == 0 and not (tmp_path / "out" / ".cache").exists()
