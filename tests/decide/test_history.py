"""Two years with the project's own commands: year N−1's run is year N's history (pipeline/decide/history.py)."""

from __future__ import annotations

import json
import math
import random
import sqlite3
import subprocess
import sys
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.checks.last_year import OWN_RUN, WORKBOOK
from pipeline.decide.history import ACCEPTED_TABLE, figures_json, load_history
from pipeline.decide.ledger import LEDGER_NAME
from pipeline.report import ReportResult, RunOptions, run_report, summary_text
from pipeline.types import Fill, Issue, Status
from schemas.tables import t3_id
from tests.corpus_bytes import zip_bomb
from tests.cross_year_data import chained, self_continuing
from tests.factories import info_for, texts_for, valid_numbers, write_filled

ROOT = Path(__file__).resolve().parents[2]
LAST, THIS = 2023, 2024
OPTIONS = RunOptions(jobs=1, body_outputs=False)
# body -> seed of its figures
BODIES = {"甲镇人民政府": 1, "乙镇人民政府": 2, "丙镇人民政府": 3, "丁镇人民政府": 4, "戊镇人民政府": 5}


def _fill(name: str, year: int, numbers: dict[str, float]) -> Fill:
    return Fill(info=info_for(name, year=year, seed=BODIES.get(name, 99)), numbers=numbers, texts=texts_for(name))


def _year_before() -> dict[str, dict[str, float]]:
    figures = {name: valid_numbers(random.Random(seed)) for name, seed in BODIES.items()}
    figures["丙镇人民政府"] = self_continuing(3)  # sent again unchanged next year
    figures["丁镇人民政府"]["t2_lic"] = 20
    return figures


def _year_after(before: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    after = {name: chained(numbers, seed + 10) for name, (seed, numbers) in
             zip(BODIES, zip(BODIES.values(), before.values(), strict=True), strict=True)}
    after["甲镇人民政府"][t3_id("carry", "np")] += 3  # breaks R-T3-CARRY-CONT; 表三 still balances
    after["甲镇人民政府"][t3_id("open", "np")] += 3
    after["乙镇人民政府"]["t2_norm_valid"] += 4  # breaks R-T2-VALID-CONT
    after["丙镇人民政府"] = dict(before["丙镇人民政府"])  # R-YOY-IDENTICAL
    after["丁镇人民政府"]["t2_lic"] = 400  # R-YOY-JUMP
    after["己镇人民政府"] = valid_numbers(random.Random(6))  # new this year: 无上年数据
    return after


@dataclass
class Years:
    tmp: Path
    out: Path
    first: ReportResult
    second: ReportResult
    before: dict[str, dict[str, float]]


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> Years:
    tmp = tmp_path_factory.mktemp("years")
    before = _year_before()
    for name, numbers in before.items():
        write_filled(tmp / "inbox2023" / f"{name}.xlsx", _fill(name, LAST, numbers))
    for name, numbers in _year_after(before).items():
        write_filled(tmp / "inbox2024" / f"{name}.xlsx", _fill(name, THIS, numbers))
    out = tmp / "out"
    first = run_report(tmp / "inbox2023", LAST, out, progress=False, options=OPTIONS)
    second = run_report(tmp / "inbox2024", THIS, out, progress=False, options=OPTIONS)  # <out>/2023 by default
    return Years(tmp, out, first, second, before)


def _cross(result: ReportResult) -> list[Issue]:
    return [i for i in result.issues if i.rule in ("R-T3-CARRY-CONT", "R-T2-VALID-CONT", "R-YOY-IDENTICAL",
                                                   "R-YOY-JUMP")]


def test_the_first_year_has_no_history_and_keeps_its_accepted_bodies(years: Years) -> None:
    assert _cross(years.first) == [] and years.first.cross_year is not None
    assert not years.first.cross_year.checked and "跨年度" not in summary_text(years.first)
    with closing(sqlite3.connect(years.out / str(LAST) / LEDGER_NAME)) as db:
        rows = db.execute(f"SELECT name, code, figures FROM {ACCEPTED_TABLE} ORDER BY name").fetchall()
    assert [r[0] for r in rows] == sorted(BODIES)
    figures = json.loads(next(r[2] for r in rows if r[0] == "丁镇人民政府"))
    assert figures["t2_lic"] == 20 and len(figures) == 200


def test_each_cross_year_rule_is_caught_once_naming_both_years_and_cells(years: Years) -> None:
    found = {(i.body, i.rule) for i in _cross(years.second)}
    assert found == {("甲镇人民政府", "R-T3-CARRY-CONT"), ("乙镇人民政府", "R-T2-VALID-CONT"),
                     ("丙镇人民政府", "R-YOY-IDENTICAL"), ("丁镇人民政府", "R-YOY-JUMP")}
    for issue in _cross(years.second):
        assert "2023" in issue.message and "2023年汇总" in issue.message, issue.message
        if issue.rule != "R-YOY-IDENTICAL":
            assert f"2024年 {issue.cell}" in issue.message and "2023年 " in issue.message, issue.message
    carry = [i for i in _cross(years.second) if i.rule == "R-T3-CARRY-CONT"]
    assert {i.is_error for i in carry} == {True}
    statuses = {s.body: s.status for s in years.second.statuses}
    assert statuses["甲镇人民政府"] == Status.REJECTED  # an error: sent back
    assert statuses["乙镇人民政府"] == Status.WARNED


def test_a_body_new_this_year_is_listed_without_last_year(years: Years) -> None:
    summary = years.second.cross_year
    assert summary is not None and summary.checked
    assert summary.without == ["己镇人民政府"]
    assert summary.with_history == 4  # 甲 was sent back
    assert "无上年数据的单位 1 个（己镇人民政府）" in summary_text(years.second)


def test_the_history_survives_deleting_the_inbox(years: Years) -> None:
    history = load_history([years.out / str(LAST)])
    assert sorted(b.name for b in history.bodies) == sorted(BODIES)
    assert {b.origin for b in history.bodies} == {OWN_RUN}


def test_disagreeing_sources_say_which_was_used(years: Years) -> None:
    changed = dict(years.before["乙镇人民政府"], t2_lic=123)
    other = write_filled(years.tmp / "old" / "乙镇2023.xlsx", _fill("乙镇人民政府", LAST, changed))
    same = write_filled(years.tmp / "old" / "甲镇2023.xlsx", _fill("甲镇人民政府", LAST, years.before["甲镇人民政府"]))
    history = load_history([other, years.out / str(LAST), same])
    assert len(history.bodies) == len(BODIES)
    (note,) = history.notes  # 甲镇's workbook agrees with the run: nothing to say
    assert "乙镇人民政府" in note and "乙镇2023.xlsx" in note and "2023年汇总" in note
    assert "采用“2023年汇总”" in note and "优先于" in note
    used = next(b for b in history.bodies if b.name == "乙镇人民政府")
    assert used.origin == OWN_RUN and used.values["t2_lic"] == years.before["乙镇人民政府"]["t2_lic"]
    assert "行政许可" in note and "为 123" in note and "t2_lic" not in note  # the figure as people know it
    alone = load_history([years.tmp / "old"])
    assert {b.origin for b in alone.bodies} == {WORKBOOK} and alone.notes == []


def test_two_workbooks_of_one_body_that_disagree_the_first_read_is_used(years: Years) -> None:
    first = write_filled(years.tmp / "twice" / "a乙镇.xlsx",
                         _fill("乙镇人民政府", LAST, dict(years.before["乙镇人民政府"], t2_pen=7)))
    second = write_filled(years.tmp / "twice" / "b乙镇.xlsx", _fill("乙镇人民政府", LAST, years.before["乙镇人民政府"]))
    history = load_history([years.tmp / "twice"])
    (note,) = history.notes
    assert "a乙镇.xlsx" in note and "b乙镇.xlsx" in note and "行政处罚" in note
    assert "采用“a乙镇.xlsx”" in note and "两者同类，采用先读到的一份" in note
    (used,) = history.bodies
    assert used.values["t2_pen"] == 7 and second.name != first.name


def test_cli_check_with_history(years: Years) -> None:
    workbook = years.tmp / "inbox2024" / "乙镇人民政府.xlsx"

    def check(*extra: str) -> tuple[int, list[dict[str, str]]]:
        proc = subprocess.run([sys.executable, "-m", "pipeline", "check", str(workbook), "--json", *extra],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        return proc.returncode, json.loads(proc.stdout)

    assert check() == (0, [])
    code, issues = check("--history", str(years.out / str(LAST)))
    assert code == 0 and [i["rule"] for i in issues] == ["R-T2-VALID-CONT"]
    assert "2023年汇总" in issues[0]["message"]


def test_a_history_path_that_does_not_exist_is_said_in_the_summary(years: Years) -> None:
    options = RunOptions(jobs=1, body_outputs=False, history=(years.tmp / "无此文件夹",))
    result = run_report(years.tmp / "inbox2024", THIS, years.tmp / "elsewhere", progress=False, options=options)
    assert _cross(result) == []
    text = summary_text(result)
    assert "未找到可用的上年数据" in text and "无此文件夹" in text


def test_a_hostile_workbook_of_last_year_is_refused_by_the_guard_not_parsed(years: Years) -> None:
    # A bomb among last year's workbooks: refused by the inbox's own guard, named, and the rest still read.
    good = write_filled(years.tmp / "bombs" / "甲镇2023.xlsx", _fill("甲镇人民政府", LAST, years.before["甲镇人民政府"]))
    bomb = zip_bomb(write_filled(years.tmp / "bombs" / "乙镇2023.xlsx",
                                 _fill("乙镇人民政府", LAST, years.before["乙镇人民政府"])),
                    "xl/worksheets/sheet1.xml", declared=None)
    history = load_history([years.tmp / "bombs"])
    assert [b.name for b in history.bodies] == ["甲镇人民政府"] and good.exists()
    (note,) = history.notes
    assert bomb.name in note and "未使用" in note and "压缩炸弹" in note


FIGURE = st.floats(allow_nan=True, allow_infinity=True) | st.integers(-10**6, 10**6).map(float) | st.just(-0.0)


@given(st.lists(st.lists(FIGURE, min_size=3, max_size=3), max_size=6))
def test_the_stored_figures_are_json_dumps_of_the_row_to_the_byte(rows: list[list[float]]) -> None:
    ids = ["t2_lic", "a%d", 'q"{x}']  # a %, braces and a quote: the text stays json's
    values = np.array(rows, dtype=float).reshape(len(rows), len(ids))
    expected = [json.dumps({k: (None if math.isnan(v) else v) for k, v in zip(ids, row, strict=True)})
                for row in values.tolist()]
    assert figures_json(ids, values) == expected
    assert figures_json(ids, [tuple(row) for row in values.tolist()]) == expected  # the rows of a roll-up's bodies


def test_stored_figures_given_as_ints_are_written_as_the_floats_an_array_holds() -> None:
    assert figures_json(["a", "b"], [(3, 0.5), (True, -0.0)]) == ['{"a": 3.0, "b": 0.5}', '{"a": 1.0, "b": -0.0}']
