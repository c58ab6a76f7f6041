"""汇总.xlsx and 汇总报告 beside last year (issue 14): two runs, the second with the first as its history.

Expected figures are summed here from the figures written into the workbooks, not with the pipeline's helpers.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipeline.checks.last_year import PUBLISHED, History, LastYear
from pipeline.decide.last_year import YearComparison, compare_years
from pipeline.documents.county_report import COUNTY_REPORT_STEM, county_report
from pipeline.documents.model import Paragraph
from pipeline.documents.year_sentences import change_sentence
from pipeline.outputs.rollup import STATUS_HEADERS
from pipeline.outputs.year_compare import BODIES_SHEET, COUNTY_SHEET, LAST_YEAR_HEADER
from pipeline.report import RunOptions, run_report
from pipeline.settings import ROLLUP_NAME
from pipeline.types import Fill
from schemas import SPEC
from schemas.tables import t3_id
from schemas.year_compare import COMPARED, NO_LAST_YEAR, Compared
from tests.cross_year_data import chained
from tests.docreaders import read_docx, read_html
from tests.factories import info_for, texts_for, totals_of, valid_numbers, write_filled

LAST, THIS = 2023, 2024
OPTIONS = RunOptions(jobs=1, body_outputs=False)
SEEDS = {"甲镇人民政府": 1, "乙镇人民政府": 2, "丙镇人民政府": 3}
NEW = "丁镇人民政府"  # this year only
NEW_TOTAL = t3_id("new", "total")


@dataclass
class Runs:
    out: Path
    before: dict[str, dict[str, float]]  # every figure, totals included
    after: dict[str, dict[str, float]]


def _write(inbox: Path, year: int, figures: dict[str, dict[str, float]]) -> None:
    for name, numbers in figures.items():
        info = info_for(name, year=year, seed=SEEDS.get(name, 9))
        write_filled(inbox / f"{name}.xlsx", Fill(info=info, numbers=numbers, texts=texts_for(name)))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    tmp = tmp_path_factory.mktemp("compare")
    before = {name: valid_numbers(random.Random(seed)) for name, seed in SEEDS.items()}
    after = {name: chained(numbers, SEEDS[name] + 20) for name, numbers in before.items() if name != "丙镇人民政府"}
    after[NEW] = valid_numbers(random.Random(40))
    _write(tmp / "in2023", LAST, before)
    _write(tmp / "in2024", THIS, after)
    (tmp / "in2024" / "坏文件.xlsx").write_bytes(b"not a workbook")  # no body known: nothing to say of last year
    out = tmp / "out"
    run_report(tmp / "in2023", LAST, out, progress=False, options=OPTIONS)
    second = run_report(tmp / "in2024", THIS, out, progress=False, options=OPTIONS)
    assert {s.body for s in second.statuses if s.status == "退回"} == set()
    return Runs(out, {k: totals_of(v) for k, v in before.items()}, {k: totals_of(v) for k, v in after.items()})


def _rows(path: Path, sheet: str) -> list[tuple[object, ...]]:
    return [tuple(r) for r in openpyxl.load_workbook(path, read_only=True)[sheet].iter_rows(values_only=True)]


def test_county_sheet_shows_both_years_and_the_change(runs: Runs) -> None:
    rows = _rows(runs.out / str(THIS) / ROLLUP_NAME, COUNTY_SHEET)
    assert "3 个单位" in str(rows[0][0])  # last year's roll-up had three bodies
    assert rows[1] == ("项目", "2024年", "2023年", "增减", "增减率")
    by_label = {r[0]: r[1:] for r in rows[2:]}

    label = SPEC.number(NEW_TOTAL).label
    now = sum(v[NEW_TOTAL] for v in runs.after.values())
    before = sum(v[NEW_TOTAL] for v in runs.before.values())
    assert by_label[label][:3] == (now, before, now - before)
    assert by_label[label][3] == pytest.approx((now - before) / before)
    assert len(by_label) == len(SPEC.numbers)


def test_each_body_has_its_main_figures_beside_last_years(runs: Runs) -> None:
    rows = _rows(runs.out / str(THIS) / ROLLUP_NAME, BODIES_SHEET)
    header, *data = rows
    assert header[3] == LAST_YEAR_HEADER and header[4] == f"{COMPARED[0].name}（2024年）"
    by_name = {r[0]: r for r in data}
    assert set(by_name) == {*runs.after}
    jia = by_name["甲镇人民政府"]
    assert jia[3] == "2023年（2023年汇总）"
    this, last = runs.after["甲镇人民政府"][NEW_TOTAL], runs.before["甲镇人民政府"][NEW_TOTAL]
    assert jia[4:7] == (this, last, this - last)
    lawsuits = COMPARED[-1]
    assert len(lawsuits.ids) == 2 and jia[-3] == sum(runs.after["甲镇人民政府"][k] for k in lawsuits.ids)
    new = by_name[NEW]
    assert new[3] == NO_LAST_YEAR and new[4] == runs.after[NEW][NEW_TOTAL] and new[5] in ("", None) and new[6] in ("", None)


def test_the_status_sheet_marks_bodies_without_last_year(runs: Runs) -> None:
    header, *data = _rows(runs.out / str(THIS) / ROLLUP_NAME, "报送情况")
    assert header == (*STATUS_HEADERS, LAST_YEAR_HEADER)
    marks = {r[0]: r[-1] for r in data}
    assert marks[NEW] == NO_LAST_YEAR and marks["甲镇人民政府"] == "2023年（2023年汇总）"
    unreadable = [r for r in data if r[STATUS_HEADERS.index("文件")] == "坏文件.xlsx"]
    assert len(unreadable) == 1 and unreadable[0][-1] in ("", None)


def test_without_history_the_rollup_has_no_sheet_or_column_about_last_year(runs: Runs) -> None:
    first = runs.out / str(LAST) / ROLLUP_NAME
    names = openpyxl.load_workbook(first, read_only=True).sheetnames
    assert COUNTY_SHEET not in names and BODIES_SHEET not in names
    assert _rows(first, "报送情况")[0] == STATUS_HEADERS
    html = read_html(runs.out / str(LAST) / f"{COUNTY_REPORT_STEM}.html")
    assert not any("比上年" in p or "与上年持平" in p for p in html.paragraphs)


def test_the_county_report_says_the_change_in_sentences(runs: Runs) -> None:
    now = sum(v[NEW_TOTAL] for v in runs.after.values())
    before = sum(v[NEW_TOTAL] for v in runs.before.values())
    expected = change_sentence(COMPARED[0], now, before)
    assert f"{now:g}件" in expected
    for report in (read_html(runs.out / str(THIS) / f"{COUNTY_REPORT_STEM}.html"),
                   read_docx(runs.out / str(THIS) / f"{COUNTY_REPORT_STEM}.docx")):
        assert expected in report.paragraphs
        assert sum("比上年" in p or "与上年持平" in p for p in report.paragraphs) == len(COMPARED)


APPLICATIONS = Compared("收到政府信息公开申请", ("x",))


@pytest.mark.parametrize(("now", "before", "said"), [
    (120, 100, "全县收到政府信息公开申请120件，比上年增加20件，增长20.0%。"),
    (75, 100, "全县收到政府信息公开申请75件，比上年减少25件，下降25.0%。"),
    (8, 8, "全县收到政府信息公开申请8件，与上年持平。"),
    (5, 0, "全县收到政府信息公开申请5件，比上年增加5件（上年为0）。"),
    (5, math.nan, "全县收到政府信息公开申请5件；上年的数字不完整，不作比较。"),
])
def test_change_sentence(now: float, before: float, said: str) -> None:
    assert change_sentence(APPLICATIONS, now, before) == said


def test_a_county_figure_of_last_year_is_unknown_when_one_body_does_not_know_it() -> None:


    history = History([LastYear("甲", "", "", LAST, "a.html", PUBLISHED, {NEW_TOTAL: 3, "t2_lic": 1}),
                       LastYear("乙", "", "", LAST, "b.html", PUBLISHED, {NEW_TOTAL: 4}),
                       LastYear("丙", "", "", LAST - 1, "c.html", PUBLISHED, {NEW_TOTAL: 100})])
    compare = compare_years(history, {}, THIS)
    assert isinstance(compare, YearComparison)
    assert compare.totals[NEW_TOTAL] == 7 and math.isnan(compare.totals["t2_lic"])
    assert compare.bodies == 2 and compare.sources == ("a.html", "b.html")
    assert compare_years(History(), {}, THIS) is None


def test_above_the_county_the_change_sentences_name_the_levels_scope() -> None:
    typed = valid_numbers(random.Random(7))
    numbers = {n.id: 0.0 for n in SPEC.numbers} | typed | totals_of(typed)
    accepted = pd.DataFrame([{"name": "甲县第1单位", "kind": "乡镇", "code": "", "file": "甲.xlsx"} | numbers])
    last = {k: v + 1 for k, v in numbers.items()}
    compare = YearComparison(LAST, last, 1, (f"{LAST}年汇总",), {})
    for scope in ("全市", "全省"):
        said = [p.text for p in county_report(THIS, accepted, [], scope=scope, compare=compare)
                if isinstance(p, Paragraph) and "比上年" in p.text]
        assert len(said) == len(COMPARED) and all(s.startswith(scope) for s in said), said
    assert change_sentence(APPLICATIONS, 120, 100, "全省") == "全省收到政府信息公开申请120件，比上年增加20件，增长20.0%。"
