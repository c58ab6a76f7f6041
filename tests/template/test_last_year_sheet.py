"""Caught at the desk (issue 14): a two-year round trip through personal templates built with last year's data.

Year N−1 is run; year N's personal templates are built from that run (python -m pipeline templates --history);
each is filled as a user would (typed into the input cells, saved by an office suite: LibreOffice recalculates and
saves it) so that every cross-year rule is broken once; year N is run on the saved copies. Each break is caught by
the run, and the two chains the template can check (R-T3-CARRY-CONT, R-T2-VALID-CONT) show ✗ on the saved copy's
校验 sheet in exactly the rows of the broken column, with the run's own words.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from pipeline.checks.last_year import LastYear
from pipeline.decide.history import load_history
from pipeline.decide.roster import read_roster
from pipeline.report import ReportResult, RunOptions, run_report
from pipeline.template.build import build_template
from pipeline.template.personal import last_year_figures, personal_template_name, write_personal_templates
from pipeline.types import Fill, Issue
from schemas import SPEC, info
from schemas.cross_year_rules import CHAINS, LAST_YEAR_IDS, LAST_YEAR_SHEET, last_year_cell
from schemas.tables import t3_id
from tests.cross_year_data import chained, self_continuing
from tests.factories import info_for, make_code, texts_for, totals_of, valid_numbers
from tests.formula_cache import stale_formulas
from tests.libreoffice import SOFFICE, convert_many

ROOT = Path(__file__).resolve().parents[2]
LAST, THIS = 2023, 2024
OPTIONS = RunOptions(jobs=1, body_outputs=False)
SEEDS = {"甲镇人民政府": 1, "乙镇人民政府": 2, "丙镇人民政府": 3, "戊镇人民政府": 5, "己镇人民政府": 6}
NEW = "丁镇人民政府"  # on this year's roster only
CROSS_RULES = {"R-T3-CARRY-CONT", "R-T2-VALID-CONT", "R-YOY-IDENTICAL", "R-YOY-JUMP", "R-T3-CARRY-ZERO-FIRST",
               "R-T4-LR-VS-RV"}
# body -> the one cross-year rule its figures of this year break
BREAKS = {"甲镇人民政府": "R-T3-CARRY-CONT", "乙镇人民政府": "R-T2-VALID-CONT", "丙镇人民政府": "R-YOY-JUMP",
          "戊镇人民政府": "R-YOY-IDENTICAL", "己镇人民政府": "R-T4-LR-VS-RV", NEW: "R-T3-CARRY-ZERO-FIRST"}
TEMPLATE_CHECKED = {"R-T3-CARRY-CONT", "R-T2-VALID-CONT"}
EXPLAINED = "本年修订规范性文件4件，按新文件计入现行有效"

needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (.ci/run installs it)")


def _last_year() -> dict[str, dict[str, float]]:
    figures = {name: valid_numbers(random.Random(seed)) for name, seed in SEEDS.items()}
    figures["戊镇人民政府"] = self_continuing(5)
    figures["丙镇人民政府"]["t2_lic"] = 20
    for outcome in ("keep", "corr", "other", "pend"):  # 己镇: no review last year
        figures["己镇人民政府"][f"t4_rv_{outcome}"] = 0
    return figures


def _this_year(before: dict[str, dict[str, float]]) -> dict[str, dict[str, float]]:
    after = {name: chained(numbers, SEEDS[name] + 10) for name, numbers in before.items()}
    after["甲镇人民政府"][t3_id("carry", "np")] += 3  # 上年结转 of 自然人 no longer last year's 结转下年度
    after["甲镇人民政府"][t3_id("open", "np")] += 3  # (表三 still balances)
    after["乙镇人民政府"]["t2_norm_valid"] += 4
    after["丙镇人民政府"]["t2_lic"] = 400
    after["戊镇人民政府"] = dict(before["戊镇人民政府"])
    for outcome in ("keep", "corr", "other", "pend"):  # 己镇: 3 suits after review, 1 review in both years
        after["己镇人民政府"][f"t4_rv_{outcome}"] = 1 if outcome == "keep" else 0
        after["己镇人民政府"][f"t4_lr_{outcome}"] = 3 if outcome == "keep" else 0
    fresh = valid_numbers(random.Random(7))
    fresh[t3_id("carry", "np")] += 2  # new to the tool's history, yet carrying applications over
    fresh[t3_id("open", "np")] += 2
    after[NEW] = fresh
    return after


def _type_into(template: Path, dest: Path, name: str, numbers: dict[str, Any]) -> Path:
    """What a user does: type figures, texts and the missing 基本信息 into the template's input cells."""
    wb = openpyxl.load_workbook(template)
    given = info_for(name, year=THIS, seed=SEEDS.get(name, 9))
    for f in SPEC.info_fields:
        if f.id in ("filler", "phone", "date"):
            value = dt.datetime.combine(given[f.id], dt.time()) if f.id == "date" else given[f.id]
            wb[SPEC.sheets.info].cell(f.row + 1, SPEC.info_value_col + 1, value)
    for n in SPEC.numbers:
        if not n.derived:
            wb[n.sheet].cell(n.row + 1, n.col + 1, numbers[n.id])
    texts = texts_for(name)
    for t in SPEC.text_fields:
        wb[SPEC.sheets.text].cell(t.row + 1, SPEC.text_value_col + 1, texts[t.id])
    check = wb[SPEC.sheets.check]
    for row in range(info.CHECK_FIRST_ROW + 1, check.max_row + 1):  # a warning explained where the template shows it
        if (check.cell(row, info.CHECK_RULE_COL + 1).value, name) == ("R-T2-VALID-CONT", "乙镇人民政府"):
            check.cell(row, info.CHECK_NOTE_COL + 1, EXPLAINED)
    wb.save(dest)
    return dest


@dataclass
class RoundTrip:
    templates: dict[str, Path]
    saved: dict[str, Path]  # as the office suite saved them: recalculated
    run: ReportResult
    before: dict[str, dict[str, float]]
    recalculated: list[tuple[Path, Path]]  # (as built, recalculated by LibreOffice): blank and prefilled templates


@pytest.fixture(scope="module")
def trip(tmp_path_factory: pytest.TempPathFactory) -> RoundTrip:
    tmp = tmp_path_factory.mktemp("desk")
    before = _last_year()
    for name, numbers in before.items():
        fill = Fill(info=info_for(name, year=LAST, seed=SEEDS[name]), numbers=numbers, texts=texts_for(name))
        build_template(tmp / "in2023" / f"{name}.xlsx", fill)
    out = tmp / "out"
    run_report(tmp / "in2023", LAST, out, progress=False, options=OPTIONS)
    roster_file = tmp / "名单.csv"
    with roster_file.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([("单位名称", "单位类型", "统一社会信用代码"),
                                 *((n, "乡镇", make_code(SEEDS.get(n, 9))) for n in [*SEEDS, NEW])])
    roster = read_roster(roster_file)
    paths = write_personal_templates(roster, THIS, tmp / "templates", history=load_history([out / str(LAST)], roster=roster))
    templates = {b.name: p for b, p in zip(roster, paths, strict=True)}
    after = _this_year(before)
    (tmp / "typed").mkdir()
    typed = [_type_into(templates[name], tmp / "typed" / f"{name}.xlsx", name, numbers) for name, numbers in after.items()]
    saved = convert_many(typed, "xlsx", tmp / "in2024", jobs=min(2, os.cpu_count() or 1))
    prefilled = [build_template(tmp / "prefilled" / f"{name}.xlsx", Fill(
        info=info_for(name, year=THIS, seed=SEEDS[name]), numbers=after[name], texts=texts_for(name),
        last_year=last_year_figures(history_body(out, name)))) for name in ("甲镇人民政府", "乙镇人民政府")]
    recalculated = convert_many([*paths, *prefilled], "xlsx", tmp / "recalculated", jobs=min(2, os.cpu_count() or 1))
    run = run_report(tmp / "in2024", THIS, out, progress=False, options=OPTIONS)  # history: out/2023
    return RoundTrip(templates, {p.stem: p for p in saved}, run, {k: totals_of(v) for k, v in before.items()},
                     list(zip([*paths, *prefilled], recalculated, strict=True)))


def history_body(out: Path, name: str) -> LastYear:
    return next(b for b in load_history([out / str(LAST)]).bodies if b.name == name)


def _cross(issues: list[Issue]) -> list[Issue]:
    return [i for i in issues if i.rule in CROSS_RULES]


def _check_rows(path: Path) -> list[list[Any]]:
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(SPEC.sheets.check).to_python(skip_empty_area=False)
    return [r for r in grid[info.CHECK_FIRST_ROW:] if r[info.CHECK_RULE_COL]]


@needs_libreoffice
def test_each_cross_year_rule_broken_once_is_caught_by_the_run(trip: RoundTrip) -> None:
    assert {(i.body, i.rule) for i in _cross(trip.run.issues)} == set(BREAKS.items())
    explained = {(i.body, i.rule): i.explanation for i in _cross(trip.run.issues) if i.explanation}
    assert explained == {("乙镇人民政府", "R-T2-VALID-CONT"): EXPLAINED}  # typed into the template's 说明 column
    carry = [i.message for i in _cross(trip.run.issues) if i.rule == "R-T3-CARRY-CONT"]
    assert len(carry) == 2 and "自然人列" in carry[0] and "总计列" in carry[1]  # the column broken and 总计


@needs_libreoffice
def test_the_saved_template_shows_the_chain_breaks_live(trip: RoundTrip) -> None:
    issues = _cross(trip.run.issues)
    for name, path in trip.saved.items():
        rows = [r for r in _check_rows(path) if r[info.CHECK_RULE_COL] in TEMPLATE_CHECKED]
        failed = {(r[info.CHECK_RULE_COL], r[info.CHECK_WHAT_COL]) for r in rows if r[info.CHECK_RESULT_COL] == info.CHECK_FAIL}
        expected = {(i.rule, i.message.split("：")[0]) for i in issues if i.body == name and i.rule in TEMPLATE_CHECKED}
        assert failed == expected, name
        shown = {r[info.CHECK_MESSAGE_COL] for r in rows if r[info.CHECK_RESULT_COL] == info.CHECK_FAIL}
        assert shown == {i.message for i in issues if i.body == name and i.rule in TEMPLATE_CHECKED}, name  # same words
        assert all(r[info.CHECK_RESULT_COL] in (info.CHECK_PASS, info.CHECK_FAIL) for r in rows)
        if name == NEW:
            assert rows == []  # no last year: no cross-year row, no 上年数据 sheet
            assert LAST_YEAR_SHEET not in CalamineWorkbook.from_path(str(path)).sheet_names
        else:
            assert len(rows) == len(CHAINS)
    assert {r for r in BREAKS.values() if r in TEMPLATE_CHECKED} == TEMPLATE_CHECKED  # both chains broken once


@needs_libreoffice
def test_the_run_reads_the_saved_templates_and_every_other_check_passes(trip: RoundTrip) -> None:
    assert sorted(s.file for s in trip.run.statuses) == sorted(f"{n}.xlsx" for n in BREAKS)
    others = [i for i in trip.run.issues if i.rule not in CROSS_RULES]
    assert others == []
    for name, path in trip.saved.items():
        failed = [r for r in _check_rows(path) if r[info.CHECK_RESULT_COL] == info.CHECK_FAIL]
        assert {r[info.CHECK_RULE_COL] for r in failed} <= TEMPLATE_CHECKED, name


@needs_libreoffice
def test_every_cached_value_is_what_libreoffice_computes(trip: RoundTrip) -> None:
    """A viewer that does not recalculate (WPS preview, mail) shows the same ✓/✗ and messages: a blank personal
    template whose zeros break last year's chain shows ✗ already, and so do the prefilled ones."""
    for built, recalculated in trip.recalculated:
        assert stale_formulas(built, recalculated) == [], built.name
    jia = next(b for b, _ in trip.recalculated if b.parent.name == "prefilled" and b.stem == "甲镇人民政府")
    failed = [r for r in _check_rows(jia) if r[info.CHECK_RESULT_COL] == info.CHECK_FAIL]
    assert {(r[info.CHECK_RULE_COL], r[info.CHECK_WHAT_COL]) for r in failed} == {
        ("R-T3-CARRY-CONT", "表三 自然人列"), ("R-T3-CARRY-CONT", "表三 总计列")}


def test_the_personal_template_carries_last_years_figures_locked(trip: RoundTrip) -> None:
    wb = openpyxl.load_workbook(trip.templates["乙镇人民政府"])
    ws = wb[LAST_YEAR_SHEET]
    assert ws.protection.sheet
    last = trip.before["乙镇人民政府"]
    for number_id in LAST_YEAR_IDS:
        row, col = last_year_cell(number_id)
        cell = ws.cell(row + 1, col + 1)
        assert cell.value == last[number_id] and cell.protection.locked, number_id
        assert ws.cell(row + 1, 1).value == SPEC.number(number_id).label
    assert "2023 年度" in str(ws.cell(2, 1).value) and "2023年汇总" in str(ws.cell(2, 1).value)
    assert wb.sheetnames.index(LAST_YEAR_SHEET) == wb.sheetnames.index(SPEC.sheets.check) - 1
    assert LAST_YEAR_SHEET not in openpyxl.load_workbook(trip.templates[NEW], read_only=True).sheetnames


def test_templates_command_with_history(trip: RoundTrip, tmp_path: Path) -> None:
    roster = tmp_path / "名单.csv"
    roster.write_text(f"单位名称,单位类型,统一社会信用代码\n乙镇人民政府,乡镇,{make_code(2)}\n{NEW},乡镇,{make_code(9)}\n",
                      encoding="utf-8")
    history = trip.templates["乙镇人民政府"].parents[1] / "out" / str(LAST)
    proc = subprocess.run([sys.executable, "-m", "pipeline", "templates", "--roster", str(roster), "--year", str(THIS),
                           "--history", str(history), "--out", str(tmp_path / "t")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "1 个单位的模板带有 2023 年度的数字" in proc.stdout and f"无上年数据的单位 1 个（{NEW}）" in proc.stdout
    made = tmp_path / "t" / personal_template_name("乙镇人民政府", THIS)
    assert LAST_YEAR_SHEET in openpyxl.load_workbook(made, read_only=True).sheetnames
    blank = subprocess.run([sys.executable, "-m", "pipeline", "templates", "--history", str(history), "--out",
                            str(tmp_path / "b")], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert blank.returncode != 0 and "--roster" in blank.stderr + blank.stdout
