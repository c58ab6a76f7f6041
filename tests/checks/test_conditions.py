"""The Python checks of the conditional rules follow their declarations."""

from __future__ import annotations

from typing import Any

from pipeline.checks.conditions import check_conditions
from schemas import SPEC
from schemas.conditions import FEE_UNIT_LIMIT
from schemas.constraints import AtMost, Implies, ZeroForKinds
from schemas.spec import ReportSpec
from schemas.tables import t3_id, t4_id
from tests.spec_variants import batch_of, with_condition

APPLICATIONS = {t3_id("new", "np"): 1, t3_id("new", "total"): 1}


def _found(*bodies: tuple[dict[str, Any], dict[str, float]], spec: ReportSpec = SPEC) -> set[tuple[str, int]]:
    """(rule, submission) of every conditional problem; every body has one application unless told."""
    batch = batch_of(*((i, APPLICATIONS | n) for i, n in bodies), spec=spec)
    return {(i.rule, int(i.file.split(".")[0])) for i in check_conditions(batch, spec)}


REGS = {"t2_reg_made": 1, "t2_reg_valid": 1}


def test_regulations_only_from_bodies_that_may_make_them() -> None:
    assert _found(({"kind": "乡镇"}, REGS), ({"kind": "其他"}, REGS), ({"kind": "街道"}, {})) == {
        ("R-T2-REG-POWER", 0)}


def test_changed_kinds_and_numbers_change_the_zero_rule() -> None:
    spec = with_condition("R-T2-REG-POWER", ZeroForKinds("R-T2-REG-POWER", ("其他",), ("t2_lic",)))
    got = _found(({"kind": "乡镇"}, REGS), ({"kind": "其他"}, REGS), ({"kind": "其他"}, {"t2_lic": 3}), spec=spec)
    assert got == {("R-T2-REG-POWER", 2)}


def test_the_fee_limit_and_decimals() -> None:
    assert _found(({}, {"t2_fee": FEE_UNIT_LIMIT}), ({}, {"t2_fee": FEE_UNIT_LIMIT + 0.5}),
                  ({}, {"t2_fee": 1.2345}), ({}, {"t2_fee": 1.23456})) == {("R-T2-FEE-UNIT", 1), ("R-T2-FEE-UNIT", 3)}


def test_a_changed_limit_changes_the_fee_check() -> None:
    spec = with_condition("R-T2-FEE-UNIT", AtMost("R-T2-FEE-UNIT", "t2_fee", 500, 5, "万元"))
    assert _found(({}, {"t2_fee": 600}), ({}, {"t2_fee": 1.23456}), spec=spec) == {("R-T2-FEE-UNIT", 0)}
    batch = batch_of(({}, {"t2_fee": 600}))
    assert [i.expected for i in check_conditions(batch, spec)] == ["不超过500万元，至多5位小数"]


def test_cases_without_applications() -> None:
    none = {t3_id("new", "np"): 0, t3_id("new", "total"): 0}
    case = {t4_id("rv", "total"): 1}
    assert _found(({}, none | case), ({}, case), ({}, none)) == {("R-T4-PLAUSIBLE", 0)}


def test_a_changed_implication_changes_the_check() -> None:
    spec = with_condition("R-T4-PLAUSIBLE", Implies("R-T4-PLAUSIBLE", ("t2_lic",), ("t2_pen",)))
    assert _found(({}, {"t2_lic": 1}), ({}, {"t2_lic": 1, "t2_pen": 1}), spec=spec) == {("R-T4-PLAUSIBLE", 0)}
