"""Key indicators: the ratios on hand-made figures, blanks where there is no denominator, ranks, flags, thresholds."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from pipeline.cli import build_parser
from pipeline.decide.indicators import (
    RED,
    YELLOW,
    default_thresholds,
    flags,
    indicator_table,
    parse_threshold,
    ranks,
    ratios,
)
from schemas import SPEC
from schemas.indicators import INDICATORS
from schemas.tables import t3_id, t4_id

IDS = [n.id for n in SPEC.numbers]


def body(**figures: float) -> dict[str, float]:
    """All figures 0 except the given ones (ids of the 总计 column and of 表四)."""
    return {i: 0.0 for i in IDS} | figures


T = "total"
FRAME = pd.DataFrame([
    # 10 decided: 4 open, 1 part, 2 withheld (d1, d5), 3 unavailable; 2 carried over of 12 to handle
    body(**{t3_id("open", T): 4, t3_id("part", T): 1, t3_id("d1", T): 1, t3_id("d5", T): 1, t3_id("u2", T): 3,
            t3_id("tot", T): 10, t3_id("new", T): 9, t3_id("carry", T): 3, t3_id("next", T): 2,
            t4_id("rv", "corr"): 1, t4_id("rv", "pend"): 1, t4_id("rv", T): 3,
            t4_id("ld", "corr"): 1, t4_id("ld", "keep"): 1, t4_id("ld", T): 2}),
    # nothing at all: every ratio blank
    body(),
    # 2 decided, both open; one review still pending (no decided case: 纠错率 blank)
    body(**{t3_id("open", T): 2, t3_id("tot", T): 2, t3_id("new", T): 2, t4_id("rv", "pend"): 1, t4_id("rv", T): 1}),
])


def test_ratios_on_hand_made_figures() -> None:
    r = ratios(FRAME)
    assert list(r.columns) == [ind.id for ind in INDICATORS]
    assert r.iloc[0].to_dict() == pytest.approx({
        "disclosure": 5 / 10, "withheld": 2 / 10, "unavailable": 3 / 10,
        "corrected": 2 / (3 - 1 + 2), "carried": 2 / 12})
    assert r.iloc[1].isna().all(), "no denominator: blank, never 0%"
    assert r.iloc[2]["disclosure"] == 1.0 and math.isnan(r.iloc[2]["corrected"])


def test_ranks_put_the_best_first_and_skip_blanks() -> None:
    r = ranks(ratios(FRAME))
    assert r["disclosure"].tolist()[0::2] == [2.0, 1.0]  # higher is better
    assert r["withheld"].tolist()[0::2] == [2.0, 1.0]  # lower is better: 0% beats 20%
    assert math.isnan(r["disclosure"].iloc[1])


def test_ties_share_a_rank() -> None:
    frame = pd.DataFrame([body(**{t3_id("open", T): 1, t3_id("tot", T): 2})] * 2 + [body(**{t3_id("tot", T): 1})])
    assert ranks(ratios(frame))["disclosure"].tolist() == [1.0, 1.0, 3.0]


def test_flags_against_default_and_given_thresholds() -> None:
    values = ratios(FRAME)
    f = flags(values)
    # defaults: disclosure 50%/30% (lower is worse), withheld 10%/20%, unavailable 30%/50%, corrected 0%/20%
    assert f.iloc[0].to_dict() == {"disclosure": "", "withheld": YELLOW, "unavailable": "", "corrected": RED,
                                   "carried": ""}
    assert set(f.iloc[1]) == {""}, "a blank ratio is never flagged"
    stricter = flags(values, {"disclosure": (0.9, 0.6), "carried": (0.1, 0.15)})
    assert (stricter.iloc[0]["disclosure"], stricter.iloc[0]["carried"]) == (RED, RED)
    assert stricter.iloc[2]["disclosure"] == ""


def test_county_is_the_ratio_of_sums_not_a_mean() -> None:
    totals = FRAME.sum(axis=0).to_dict()
    table = indicator_table(FRAME, totals)
    assert table.county["disclosure"] == pytest.approx((5 + 2) / (10 + 2))
    assert table.county["corrected"] == pytest.approx(2 / (4 - 2 + 2))
    assert table.county_flags["disclosure"] == ""


@pytest.mark.parametrize(("text", "expected"), [
    ("实质公开率=60,40", ("disclosure", (0.6, 0.4))),
    ("corrected=0,10", ("corrected", (0.0, 0.1))),
    (" 结转率 = 15%，30% ", ("carried", (0.15, 0.3))),
])
def test_parse_threshold(text: str, expected: tuple[str, tuple[float, float]]) -> None:
    key, (yellow, red) = parse_threshold(text)
    assert (key, (yellow, red)) == (expected[0], pytest.approx(expected[1]))


@pytest.mark.parametrize(("text", "words"), [
    ("公开率=50,30", "没有名为"),
    ("实质公开率=30,50", "黄色预警值不小于红色预警值"),
    ("纠错率=30,10", "黄色预警值不大于红色预警值"),
    ("实质公开率=50", "写法应为"),
    ("实质公开率=五十,30", "无法识别"),
    ("不予公开率=10,200", "0 到 100"),
])
def test_bad_thresholds_are_explained_in_chinese(text: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_threshold(text)


def test_report_command_takes_thresholds(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(["report", "--inbox", "收件箱", "--year", "2024",
                                      "--threshold", "实质公开率=60,40", "--threshold", "纠错率=0,10"])
    assert dict(args.threshold) == {"disclosure": (0.6, 0.4), "corrected": (0.0, 0.1)}
    assert build_parser().parse_args(["report", "--inbox", "x", "--year", "2024"]).threshold is None
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["report", "--inbox", "x", "--year", "2024", "--threshold", "公开率=1,2"])
    assert exit_info.value.code == 2
    assert "没有名为“公开率”的指标" in capsys.readouterr().err


def test_defaults_are_ordered_for_their_direction() -> None:
    for ind in INDICATORS:
        yellow, red = default_thresholds()[ind.id]
        assert (yellow >= red) if ind.higher_is_better else (yellow <= red)
