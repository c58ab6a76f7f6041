"""The 校验 formulas of the 基本信息 and conditional rules follow their declarations."""

from __future__ import annotations

import dataclasses

import pytest

from pipeline.common.cells import a1, number_ref, sheet_ref
from pipeline.template.check_formulas import rule_ok
from pipeline.template.constraint_formulas import declared_ok
from schemas import SPEC
from schemas.constraints import AtMost, Implies, RequiredText, ZeroForKinds
from schemas.spec import ReportSpec
from tests.spec_variants import with_check, with_condition

DECLARED = [r.id for r in SPEC.rules if r.scope in ("info", "condition")]


def _ok(rule_id: str, spec: ReportSpec = SPEC) -> str:
    return rule_ok(spec.rule(rule_id), spec)


def _info_cell(field_id: str, spec: ReportSpec = SPEC) -> str:
    return sheet_ref(spec.sheets.info, a1(spec.info_field(field_id).row, spec.info_value_col))


@pytest.mark.parametrize("rule_id", DECLARED)
def test_every_info_and_condition_rule_has_a_declared_formula(rule_id: str) -> None:
    formula = declared_ok(rule_id, SPEC)
    assert formula is not None and formula == _ok(rule_id)


def test_cell_rules_are_not_declared_here() -> None:
    assert declared_ok("R-T2-NONNEG", SPEC) is None


def test_the_implication_reads_its_numbers() -> None:
    cond = SPEC.conditions[2]
    assert isinstance(cond, Implies)
    refs = [",".join(number_ref(SPEC.number(i)) for i in ids) for ids in (cond.when, cond.then)]
    # The pipeline's failure (conditions.py): when > 0 and then = 0; negatives are their cells' rule's.
    assert _ok("R-T4-PLAUSIBLE") == f"OR(SUM({refs[0]})<=0,SUM({refs[1]})<>0)"


def test_body_kinds_change_the_kind_formula() -> None:
    spec = dataclasses.replace(SPEC, body_kinds=("甲", "乙"))
    got = _ok("R-INFO-KIND", spec)
    assert '="甲"' in got and '="乙"' in got and "县政府办" not in got and _info_cell("kind") in got


def test_a_changed_limit_changes_the_fee_formula() -> None:
    spec = with_condition("R-T2-FEE-UNIT", AtMost("R-T2-FEE-UNIT", "t2_lic", 500, 2, "件"))
    lic = number_ref(SPEC.number("t2_lic"))
    assert _ok("R-T2-FEE-UNIT", spec) == f"IF(ISNUMBER({lic}),AND({lic}<=500,ABS({lic}-ROUND({lic},2))<=1E-09),TRUE)"


def test_changed_kinds_and_numbers_change_the_zero_rule() -> None:
    spec = with_condition("R-T2-REG-POWER", ZeroForKinds("R-T2-REG-POWER", ("其他",), ("t2_lic", "t2_pen")))
    got = _ok("R-T2-REG-POWER", spec)
    assert '="其他"' in got and '="乡镇"' not in got
    assert got.endswith(f"SUM({number_ref(SPEC.number('t2_lic'))},{number_ref(SPEC.number('t2_pen'))})<=0,TRUE)")


def test_a_moved_check_reads_its_new_cell() -> None:
    spec = with_check("name", None, with_check("filler", RequiredText("R-INFO-NAME")))
    got = _ok("R-INFO-NAME", spec)
    assert _info_cell("filler") in got and _info_cell("name") not in got


def test_a_rule_without_declaration_has_no_formula() -> None:
    spec = with_check("date", None)
    with pytest.raises(KeyError):
        _ok("R-INFO-DATE", spec)
