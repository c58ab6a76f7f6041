"""Figures of two consecutive years for the cross-year tests: chained as the rules want, or not."""

from __future__ import annotations

import random

from schemas.tables import T3_COLUMNS, T3_RESULT_ROWS, T4_OUTCOMES, t3_id, t4_id
from tests.factories import totals_of, valid_numbers


def balanced_new(numbers: dict[str, float]) -> dict[str, float]:
    """numbers with 本年新收 set so that every column of 表三 balances with its carry and 结转下年度."""
    out = dict(numbers)
    for c, _ in T3_COLUMNS[:-1]:
        results = sum(out[t3_id(r, c)] for r in T3_RESULT_ROWS)
        out[t3_id("new", c)] = results + out[t3_id("next", c)] - out[t3_id("carry", c)]
    return out


def reviewed_suits(numbers: dict[str, float]) -> dict[str, float]:
    """numbers with 复议后起诉 equal to this year's 行政复议, outcome by outcome, so R-T4-LR-VS-RV always holds."""
    return numbers | {t4_id("lr", o): numbers[t4_id("rv", o)] for o, _ in T4_OUTCOMES[:-1]}


def chained(before: dict[str, float], seed: int) -> dict[str, float]:
    """This year's input figures that continue last year's: carry = last 结转下年度, 现行有效 chained, same 表二."""
    now = valid_numbers(random.Random(seed))
    full_before = totals_of(before)
    for c, _ in T3_COLUMNS[:-1]:
        carry = full_before[t3_id("next", c)]
        now[t3_id("open", c)] += carry
        now[t3_id("carry", c)] = carry
    now["t2_norm_repealed"] = min(now["t2_norm_repealed"], before["t2_norm_valid"])
    now["t2_norm_valid"] = before["t2_norm_valid"] + now["t2_norm_made"] - now["t2_norm_repealed"]
    for key in ("t2_lic", "t2_pen", "t2_coe", "t2_fee"):
        now[key] = before[key]
    return reviewed_suits(balanced_new(now))


def self_continuing(seed: int) -> dict[str, float]:
    """Figures that, repeated unchanged next year, keep every chain: carry = 结转下年度, 制发 = 废止."""
    numbers = valid_numbers(random.Random(seed))
    numbers.update({t3_id("carry", c): numbers[t3_id("next", c)] for c, _ in T3_COLUMNS[:-1]})
    numbers["t2_norm_made"] = numbers["t2_norm_repealed"]
    return reviewed_suits(balanced_new(numbers))
