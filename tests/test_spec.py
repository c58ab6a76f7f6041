"""The spec itself: counts, unique ids, official labels, rule table shape."""

from __future__ import annotations

from collections import Counter

from pipeline.common.creditcode import check_char, code_problem
from schemas import SPEC
from schemas.rules import CHECKED_IN_TEMPLATE
from schemas.spec import Kind


def test_number_counts_match_the_format() -> None:
    per_table = Counter(n.table for n in SPEC.numbers)
    assert per_table == {"T2": 10, "T3": 175, "T4": 15}


def test_ids_and_cells_are_unique() -> None:
    assert len({n.id for n in SPEC.numbers}) == len(SPEC.numbers)
    assert len({(n.sheet, n.row, n.col) for n in SPEC.numbers}) == len(SPEC.numbers)


def test_only_the_fee_is_in_wan_yuan() -> None:
    assert [n.id for n in SPEC.numbers if n.kind is Kind.WAN_YUAN] == ["t2_fee"]


def test_labels_keep_full_width_punctuation() -> None:
    texts = {b.text for t in SPEC.tables for b in t.blocks}
    assert "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" in texts
    assert "3.危及“三安全一稳定”" in texts
    assert "本年收费金额（单位：万元）" in texts
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in texts


def test_totals_come_after_their_parts() -> None:
    seen: set[str] = set()
    for n in SPEC.numbers:
        assert set(n.parts) <= seen, n.id
        seen.add(n.id)


def test_rule_ids_are_unique_and_equations_reference_numbers() -> None:
    assert len({r.id for r in SPEC.rules}) == len(SPEC.rules)
    ids = {n.id for n in SPEC.numbers}
    for rule in SPEC.rules:
        for eq in rule.equations:
            assert {t.id for t in eq.lhs + eq.rhs} <= ids
        assert rule.scope in CHECKED_IN_TEMPLATE + ("workbook", "narrative", "cross-year", "document", "report", "hierarchy")


def test_balance_rule_has_one_equation_per_column() -> None:
    assert len(SPEC.rule("R-T3-BALANCE").equations) == 7
    assert len(SPEC.rule("R-T3-ROWSUM").equations) == 25


def test_credit_code_check_character() -> None:
    # 91350100M000100Y43 is the sample code printed in GB 32100 explanations.
    code = "91350100M000100Y43"
    assert check_char(code[:17]) == "3"
    assert code_problem(code) == "" and code_problem(code.lower()) == ""
    assert code_problem(code[:-1] + ("0" if code[-1] != "0" else "1")).startswith("最后一位校验码应为")
    assert code_problem("123") == "应为18位，实为3位"
    assert "不允许的字符" in code_problem("91350100M000100YI" + "0")
