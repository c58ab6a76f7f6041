"""Cross-year rules (schemas/cross_year_rules.py) on real published reports and on hand-made batches."""

from __future__ import annotations

import math
import random
from pathlib import Path
from typing import Any

import pytest

from pipeline.checks.batch import build_batch
from pipeline.checks.cross_year import check_cross_year, cross_year
from pipeline.checks.last_year import OWN_RUN, PUBLISHED, History, LastYear
from pipeline.decide.history import load_history
from pipeline.reading.published import read_published
from pipeline.types import Body, Issue, Submission
from schemas import SPEC
from schemas.cross_year_rules import JUMP_FLOOR
from schemas.tables import T2_BANDS, T3_COLUMNS, t3_id
from tests.cross_year_data import chained, self_continuing
from tests.factories import make_code, totals_of, valid_numbers
from tests.reading.realdocs import expected_figures, needs_realdocs

REALDOCS = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs"
CHAIN_RULES = ("R-T3-CARRY-CONT", "R-T2-VALID-CONT")
_AT = {(n.sheet, n.row, n.col): n.id for n in SPEC.numbers}


def _number_of(issue: Issue) -> str:
    """The spec id of the (first) cell an issue points at."""
    return _AT[(issue.sheet, issue.cells[0].row, issue.cells[0].col)]


def _published_submission(path: Path) -> Submission:
    """A published report as this year's submission: its placed figures as typed, the others unknown (NaN)."""
    reading = read_published(path.name, path.read_bytes())
    numbers = {n.id: (reading.figures[n.id].raw if n.id in reading.figures else math.nan) for n in SPEC.numbers}
    return Submission(path.name, "", b"", 0.0, Body(reading.name, "", "", reading.year, None), numbers=numbers,
                      texts=dict(reading.texts))


def _expected_breaks(this_file: str, last_file: str) -> dict[tuple[str, str], float]:
    """(rule, id) -> this year's figure minus what last year's transcribed figures imply, where they differ."""
    now, before = expected_figures(this_file), expected_figures(last_file)
    breaks: dict[tuple[str, str], float] = {}
    for c, _ in T3_COLUMNS:
        carry, last_next = now[t3_id("carry", c)], before[t3_id("next", c)]
        if carry is not None and last_next is not None and carry != last_next:
            breaks[("R-T3-CARRY-CONT", t3_id("carry", c))] = carry - last_next
    (_, _, rows), *_ = T2_BANDS
    for key, _ in rows:
        valid, made, repealed = (now[f"t2_{key}_{k}"] for k in ("valid", "made", "repealed"))
        last_valid = before[f"t2_{key}_valid"]
        if None in (valid, made, repealed, last_valid):
            continue
        assert valid is not None and made is not None and repealed is not None and last_valid is not None
        if valid != last_valid + made - repealed:
            breaks[("R-T2-VALID-CONT", f"t2_{key}_valid")] = valid - (last_valid + made - repealed)
    return breaks


@needs_realdocs
def test_pingtan_2024_against_2023_gives_exactly_the_transcribed_chain_breaks() -> None:
    history = load_history([REALDOCS / "pingtan2023.html"])
    assert [(b.name, b.year, b.origin) for b in history.bodies] == [("平潭综合实验区", 2023, PUBLISHED)]
    batch = build_batch([_published_submission(REALDOCS / "pingtan2024.html")])
    issues = [i for i in check_cross_year(batch, history, 2024, SPEC) if i.rule in CHAIN_RULES]
    expected = _expected_breaks("pingtan2024.html", "pingtan2023.html")
    assert expected == {("R-T2-VALID-CONT", "t2_norm_valid"): -59}  # what the README says of these two reports
    assert {(i.rule, _number_of(i)) for i in issues} == set(expected)
    (issue,) = issues
    assert "440" in issue.message and "470" in issue.message and "499" in issue.message
    assert "2024年" in issue.message and "2023年" in issue.message and "pingtan2023.html" in issue.message
    assert "第" in issue.message.split("2023年")[-1]  # last year's place in the published page


@needs_realdocs
def test_pingtan_2024_against_2023_warns_of_more_lawsuits_after_review_than_reviews() -> None:
    now, before = expected_figures("pingtan2024.html"), expected_figures("pingtan2023.html")
    lawsuits, reviews, reviews_before = now["t4_lr_total"], now["t4_rv_total"], before["t4_rv_total"]
    assert (lawsuits, reviews, reviews_before) == (19, 7, 2)  # as transcribed: 19 > 7 + 2
    history = load_history([REALDOCS / "pingtan2023.html"])
    batch = build_batch([_published_submission(REALDOCS / "pingtan2024.html")])
    issues = check_cross_year(batch, history, 2024, SPEC)
    assert sorted(i.rule for i in issues) == ["R-T2-VALID-CONT", "R-T4-LR-VS-RV"]  # and no other cross-year rule
    (issue,) = (i for i in issues if i.rule == "R-T4-LR-VS-RV")
    assert "复议后起诉 19" in issue.message and "之和 9" in issue.message and "第3个表格" in issue.message


# ---- hand-made batches ------------------------------------------------------------------------------------

YEAR = 2024


def _sub(name: str, numbers: dict[str, Any], seed: int = 1, code: str | None = None,
         texts: dict[str, str] | None = None, explanations: dict[str, str] | None = None) -> Submission:
    full = totals_of(numbers)
    body = Body(name, "乡镇", make_code(seed) if code is None else code, YEAR, None)
    return Submission(f"{name}.xlsx", "", b"", 0.0, body, numbers={n.id: full.get(n.id, 0.0) for n in SPEC.numbers},
                      texts=texts or {}, explanations=explanations or {})


def _last(sub: Submission, values: dict[str, float], texts: dict[str, str] | None = None) -> LastYear:
    return LastYear(sub.body.name, sub.body.kind, sub.body.code, YEAR - 1, f"{YEAR - 1}年汇总", OWN_RUN,
                    totals_of(values), texts or {})


def _rules(issues: list[Issue]) -> list[str]:
    return sorted(i.rule for i in issues)


def test_a_chained_year_has_no_cross_year_problem() -> None:
    before = valid_numbers(random.Random(7))
    sub = _sub("甲镇", chained(before, 8))
    assert check_cross_year(build_batch([sub]), History([_last(sub, before)]), YEAR) == []


def test_carry_break_is_an_error_naming_both_years_cells_and_source() -> None:
    before = valid_numbers(random.Random(7))
    now = chained(before, 8)
    now[t3_id("carry", "np")] += 2
    now[t3_id("new", "np")] -= 2
    sub = _sub("甲镇", now)
    issues = check_cross_year(build_batch([sub]), History([_last(sub, before)]), YEAR)
    assert {(i.rule, _number_of(i)) for i in issues} == {("R-T3-CARRY-CONT", t3_id("carry", "np")),
                                                          ("R-T3-CARRY-CONT", t3_id("carry", "total"))}
    nxt = SPEC.number(t3_id("next", "np"))
    first = next(i for i in issues if "自然人" in i.message)
    assert first.is_error
    assert "2024年" in first.message and "2023 年度" in first.message and "来源：2023年汇总" in first.message
    from pipeline.common.cells import a1
    assert f"2023年 {a1(nxt.row, nxt.col)}" in first.message and f"2024年 {first.cell}" in first.message


def test_valid_chain_is_a_warning_the_body_can_explain() -> None:
    before = valid_numbers(random.Random(7))
    now = chained(before, 8)
    now["t2_norm_valid"] += 3
    explained = _sub("甲镇", now, explanations={"R-T2-VALID-CONT": "本年修改文件3件"})
    plain = _sub("乙镇", now, seed=2)
    history = History([_last(explained, before), _last(plain, before)])
    issues = check_cross_year(build_batch([explained, plain]), history, YEAR)
    assert [(i.body, i.rule, i.explanation) for i in issues] == [
        ("甲镇", "R-T2-VALID-CONT", "本年修改文件3件"), ("乙镇", "R-T2-VALID-CONT", "")]
    assert not issues[0].is_error


def test_identical_figures_and_copied_texts() -> None:
    before = self_continuing(7)
    long_text = "本机关认真贯彻落实政府信息公开条例，" * 5
    copied = _sub("甲镇", before, texts={"s5": long_text + "。"})
    issues = check_cross_year(build_batch([copied]), History([_last(copied, before, {"s5": long_text})]), YEAR)
    assert _rules(issues) == ["R-YOY-IDENTICAL"]
    assert "全部" in issues[0].message and "文字内容" in issues[0].message

    zeros = {k: 0.0 for k in before}  # a body with nothing to report, both years: no copy
    quiet = _sub("乙镇", zeros, seed=2)
    assert check_cross_year(build_batch([quiet]), History([_last(quiet, zeros)]), YEAR) == []


@pytest.mark.parametrize(("last", "now", "jump"), [(20, 200, True), (20, 199, False), (4, 45, False),
                                                    (0, 500, False), (600, 50, True), (600, 0, False)])
def test_jump_floor(last: float, now: float, jump: bool) -> None:
    assert JUMP_FLOOR == 50
    before = valid_numbers(random.Random(7))
    figures = chained(before, 8)
    before["t2_lic"], figures["t2_lic"] = last, now
    sub = _sub("甲镇", figures)
    issues = check_cross_year(build_batch([sub]), History([_last(sub, before)]), YEAR)
    assert _rules(issues) == (["R-YOY-JUMP"] if jump else [])
    if jump:
        assert "行政许可" in issues[0].message and "2023年" in issues[0].message


def test_bodies_without_last_year_are_listed_not_checked() -> None:
    before = valid_numbers(random.Random(7))
    old = _sub("甲镇", chained(before, 8))
    new = _sub("新设镇", {**valid_numbers(random.Random(9)), **{t3_id("carry", c): 0.0 for c, _ in T3_COLUMNS}},
               seed=3)
    found = cross_year(build_batch([old, new]), History([_last(old, before)]), YEAR)
    assert found.issues == [] and found.without == ["新设镇.xlsx"]
    assert cross_year(build_batch([old, new]), History(), YEAR).without == []  # no history at all: nothing said


def test_matching_by_code_then_name_then_roster() -> None:
    before = valid_numbers(random.Random(7))
    code = make_code(5)
    last = LastYear("旧名镇人民政府", "乡镇", code, YEAR - 1, "2023年汇总", OWN_RUN, totals_of(before))
    history = History([last])
    assert history.find(Body("改名后", "", code, YEAR, None), YEAR - 1) is last  # the code decides
    assert history.find(Body(" 旧名镇人民政府 ", "", "", YEAR, None), YEAR - 1) is last  # then the name
    assert history.find(Body("旧名镇人民政府", "", make_code(6), YEAR, None), YEAR - 1) is None  # another code
    assert history.find(Body("新名镇人民政府", "", "", YEAR, None), YEAR - 1) is None
    history.roster_codes = {"新名镇人民政府": code}
    assert history.find(Body("新名镇人民政府", "", "", YEAR, None), YEAR - 1) is last  # renamed: via the roster
    assert history.find(Body("旧名镇人民政府", "", code, YEAR, None), YEAR) is None  # only last year counts


def test_a_text_is_copied_above_ninety_percent_alike_only() -> None:
    from pipeline.checks.cross_year import _copied

    rng = random.Random(1)
    text = "".join(rng.choice("政府信息公开条例本机关认真贯彻落实年度工作要点") for _ in range(300))
    edited = list(text)
    for i in rng.sample(range(300), 20):  # 20 of 300 characters changed: ~93 % alike
        edited[i] = "某"
    assert _copied("".join(edited), text)
    for i in rng.sample(range(300), 60):  # ~80 % alike
        edited[i] = "甲"
    assert not _copied("".join(edited), text)
    assert not _copied(text[::-1], text)  # the same characters in another order
    assert not _copied(text[:40], text[:40])  # too short to judge: boilerplate sentences repeat every year


@needs_realdocs
def test_blank_published_cells_are_unknown_and_not_used() -> None:
    history = load_history([REALDOCS / "shuyang_fgj2023.html"])
    (last,) = history.bodies
    assert expected_figures("shuyang_fgj2023.html")[t3_id("next", "biz")] is None  # blank as published
    assert t3_id("next", "biz") not in last.values and last.values[t3_id("next", "np")] == 0
    numbers = {n.id: 0.0 for n in SPEC.numbers if not n.derived} | {
        t3_id("carry", "np"): 1.0, t3_id("open", "np"): 1.0, t3_id("carry", "biz"): 7.0, t3_id("open", "biz"): 7.0,
        "t2_norm_valid": last.values["t2_norm_valid"]}
    sub = _sub(last.name, numbers, code="")
    issues = check_cross_year(build_batch([sub]), history, YEAR)
    assert {(i.rule, _number_of(i)) for i in issues} == {("R-T3-CARRY-CONT", t3_id("carry", "np")),
                                                          ("R-T3-CARRY-CONT", t3_id("carry", "total"))}
    assert all("shuyang_fgj2023.html" in i.message for i in issues)


# ---- R-T3-CARRY-ZERO-FIRST, R-T4-LR-VS-RV ---------------------------------------------------------------


def test_a_body_new_to_the_history_should_carry_nothing_over() -> None:
    before = valid_numbers(random.Random(7))
    old = _sub("甲镇", chained(before, 8))
    carrying = dict(valid_numbers(random.Random(9)))
    carrying[t3_id("carry", "np")], carrying[t3_id("open", "np")] = 4, carrying[t3_id("open", "np")] + 4
    fresh = {**carrying, **{t3_id("carry", c): 0.0 for c, _ in T3_COLUMNS[:-1]}}
    new, clean = _sub("新设镇", carrying, seed=3), _sub("清零镇", fresh, seed=4)
    found = cross_year(build_batch([old, new, clean]), History([_last(old, before)]), YEAR)
    (issue,) = found.issues
    assert (issue.body, issue.rule, _number_of(issue), issue.is_error) == (
        "新设镇", "R-T3-CARRY-ZERO-FIRST", t3_id("carry", "total"), False)
    assert "2023 年度的报告" in issue.message and "来源：2023年汇总" in issue.message and "上年结转 4" in issue.message
    assert found.without == ["新设镇.xlsx", "清零镇.xlsx"]
    assert cross_year(build_batch([new]), History(), YEAR).issues == []  # no history at all: nothing to say


def _t4(numbers: dict[str, float], **totals: float) -> dict[str, float]:
    """numbers with 表四's groups set to these totals (all 结果维持)."""
    out = dict(numbers)
    for group in ("rv", "ld", "lr"):
        for outcome in ("keep", "corr", "other", "pend"):
            out[f"t4_{group}_{outcome}"] = 0.0
        out[f"t4_{group}_keep"] = totals.get(group, 0.0)
    return out


@pytest.mark.parametrize(("review_before", "review_now", "suits", "caught"), [
    (2, 1, 3, False), (2, 1, 4, True), (0, 0, 1, True), (5, 0, 5, False)])
def test_lawsuits_after_review_need_reviews_this_year_or_last(review_before: float, review_now: float, suits: float,
                                                             caught: bool) -> None:
    before = _t4(valid_numbers(random.Random(7)), rv=review_before)
    sub = _sub("甲镇", _t4(chained(before, 8), rv=review_now, lr=suits))
    issues = check_cross_year(build_batch([sub]), History([_last(sub, before)]), YEAR)
    assert _rules(issues) == (["R-T4-LR-VS-RV"] if caught else [])
    if caught:
        assert _number_of(issues[0]) == "t4_lr_total" and not issues[0].is_error
        assert f"复议后起诉 {suits:g}" in issues[0].message and f"之和 {review_before + review_now:g}" in issues[0].message
