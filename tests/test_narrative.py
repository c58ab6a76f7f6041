"""What the narrative checks read in a sentence, and what they leave alone (R-NARR-T3, R-NARR-T4).

The rule fixtures (test_rules_fixtures.py) run them on workbooks; here the patterns meet the phrasings
reports use, with the figures given directly.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.checks.narrative import (
    CHECKS,
    NEEDED,
    SENTENCE_BREAKS,
    chinese_int,
    contradictions,
    sentences,
    sentences_with,
)
from tests.make_examples import SEED_TEXTS

YEAR = 2024
NONE = {i: 0.0 for i in NEEDED}
SOME = NONE | {"t3_new_total": 8.0, "t3_carry_total": 2.0, "t4_rv_total": 1.0, "t4_ld_total": 2.0}


@pytest.mark.parametrize(("text", "flagged"), [
    ("2024年未收到政府信息公开申请。", True),
    ("本机关全年没有收到依申请公开事项。", True),
    ("本年度无政府信息公开申请。", True),
    ("共收到政府信息公开申请5件。", True),
    ("共收到８份申请，均已办结。", False),  # full-width 8 = 本年新收
    ("共收到政府信息公开申请10件（含上年结转2件）。", False),  # 新收 + 上年结转
    ("共收到依申请公开事项十二件。", True),
    ("本年新收政府信息公开申请八件。", False),
    ("收到申请数量较上年增加3件。", False),  # a comparison, not a count
    ("2023年共收到申请3件。", False),  # another year
    ("对未收到申请人补正材料的申请，不再处理。", False),  # about the applicant
])
def test_t3_phrasings(text: str, flagged: bool) -> None:
    quoted, detail = contradictions("R-NARR-T3", text, SOME, YEAR)
    assert bool(quoted) is flagged
    if flagged:
        assert quoted == sentences(text) and "8 件" in detail


@pytest.mark.parametrize(("text", "detail"), [
    ("未引发行政复议、行政诉讼案件。", "表四有行政复议 1 件、行政诉讼 2 件"),
    ("未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。", "表四有行政复议 1 件、行政诉讼 2 件"),
    ("无行政诉讼案件。", "表四有行政诉讼 2 件"),
    ("未发生行政复议，被提起行政诉讼2件。", "表四有行政复议 1 件"),  # only the clause it denies
    ("行政复议均维持原决定。", ""),
])
def test_t4_phrasings(text: str, detail: str) -> None:
    assert contradictions("R-NARR-T4", text, SOME, YEAR)[1] == detail


def test_seed_texts_agree_with_all_zero_tables() -> None:
    for text in SEED_TEXTS.values():
        for rule in ("R-NARR-T3", "R-NARR-T4"):
            assert contradictions(rule, text, NONE, YEAR) == ([], "")
    quoted, _ = contradictions("R-NARR-T3", SEED_TEXTS["s1_active"], SOME, YEAR)
    assert quoted == ["未收到政府信息公开申请，未引发行政复议、行政诉讼案件。"]


def test_sentences_keep_their_marks() -> None:
    assert sentences("甲。乙；丙\n丁！") == ["甲。", "乙；", "丙", "丁！"]


@pytest.mark.parametrize(("token", "value"), [("12", 12), ("十二", 12), ("二十", 20), ("一百零五", 105), ("两", 2),
                                              ("三千", 3000), ("〇", 0)])
def test_chinese_numbers(token: str, value: int) -> None:
    assert chinese_int(token) == value


# text drawn where sentences_with could go wrong: every break and mark, spaces, the rules' words and parts of them
PIECES = st.sampled_from(["。", "；", ";", "！", "!", "？", "?", "\n", " ", "\u3000", "\t", "，", "甲", "8",
                          "收到", "收", "到", "办结", "无政府信息公开申请", "无依申请公开", "复议", "诉讼", "诉", "新收"])
TEXTS = st.lists(PIECES, max_size=40).map("".join)


@given(TEXTS)
def test_sentences_with_words_are_those_of_the_whole_split(text: str) -> None:
    for _, _, words in CHECKS.values():
        assert list(sentences_with(words, text)) == [s for s in sentences(text) if words.search(s)]


@given(TEXTS)
def test_the_rules_words_never_match_a_break_or_a_space(text: str) -> None:
    # what makes sentences_with exact: a match lies inside one sentence's run of characters
    for _, _, words in CHECKS.values():
        for match in words.finditer(text):
            assert not any(c in SENTENCE_BREAKS or c.isspace() for c in match.group())
