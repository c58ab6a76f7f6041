"""Each 基本信息 check and conditional rule is declared once, and every target follows that one declaration.

A test spec changes one declaration; the built template's data validation and 校验 formula, the pandera
check and the Python condition check all change with it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import openpyxl
import pytest

from pipeline.checks.conditions import check_conditions
from pipeline.checks.info_schema import info_schema
from pipeline.checks.validate import validate_types
from pipeline.common.cells import a1, number_ref, sheet_ref
from pipeline.template.build import build_template
from pipeline.template.check_formulas import rule_ok
from pipeline.template.validations import info_validation
from schemas import SPEC, info
from schemas.constraints import AtMost, Condition, Implies, RequiredText, ZeroForKinds
from schemas.spec import ReportSpec
from tests.spec_variants import batch_of, with_condition


def test_every_declared_rule_is_declared_once() -> None:
    declared = Counter([f.check.rule for f in SPEC.info_fields if f.check is not None]
                       + [c.rule for c in SPEC.conditions])
    expected = {r.id for r in SPEC.rules if r.scope in ("info", "condition")}
    assert set(declared) == expected and set(declared.values()) == {1}
    assert {f.check.rule for f in SPEC.info_fields if f.check} == {r.id for r in SPEC.rules if r.scope == "info"}


def _check_formula(book: openpyxl.Workbook, rule_id: str) -> str:
    ws = book[SPEC.sheets.check]
    for row in ws.iter_rows(min_row=info.CHECK_FIRST_ROW + 1):
        if row[info.CHECK_RULE_COL].value == rule_id:
            return str(row[info.CHECK_RESULT_COL].value)
    raise AssertionError(rule_id)


def _built(spec: ReportSpec, tmp_path: Path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(build_template(tmp_path / "t.xlsx", spec=spec))


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    return _built(SPEC, tmp_path_factory.mktemp("real"))


def test_other_body_kinds_reach_validation_formula_and_schema(tmp_path: Path, real: openpyxl.Workbook) -> None:
    spec = dataclasses.replace(SPEC, body_kinds=("甲", "乙"))
    book = _built(spec, tmp_path)
    [kind] = [v for v in book[SPEC.sheets.info].data_validations.dataValidation if v.type == "list"]
    assert kind.formula1 == '"甲,乙"' and kind.error.endswith("：甲、乙")
    formula, before = _check_formula(book, "R-INFO-KIND"), _check_formula(real, "R-INFO-KIND")
    assert '="甲"' in formula and "县政府办" not in formula and "县政府办" in before
    batch = batch_of(({"kind": "甲"}, {}), ({"kind": "乡镇"}, {}), spec=spec)
    assert [(i.rule, i.file) for i in validate_types(batch, 2024, spec)] == [("R-INFO-KIND", "1.xlsx")]


def test_another_fee_limit_reaches_formula_and_check(tmp_path: Path, real: openpyxl.Workbook) -> None:
    spec = with_condition("R-T2-FEE-UNIT", AtMost("R-T2-FEE-UNIT", "t2_fee", 500, 4, "万元"))
    formula = _check_formula(_built(spec, tmp_path), "R-T2-FEE-UNIT")
    assert "<=500," in formula and "<=10000," in _check_formula(real, "R-T2-FEE-UNIT")
    batch = batch_of(({}, {"t2_fee": 600}), ({}, {"t2_fee": 400}), spec=spec)
    assert [i.file for i in check_conditions(batch, spec)] == ["0.xlsx"]



def _numbers_of(c: Condition) -> tuple[str, ...]:
    match c:
        case ZeroForKinds():
            return c.ids
        case AtMost():
            return (c.id,)
        case Implies():
            return c.when + c.then


def test_every_declaration_reaches_every_target() -> None:
    schema = info_schema(2024)
    for f in SPEC.info_fields:
        if f.check is None:
            assert f.id not in schema.columns and info_validation(f, SPEC) is None
            continue
        assert [c.name for c in schema.columns[f.id].checks] == [f.check.rule]
        assert sheet_ref(SPEC.sheets.info, a1(f.row, SPEC.info_value_col)) in rule_ok(SPEC.rule(f.check.rule), SPEC)
        assert (info_validation(f, SPEC) is None) == isinstance(f.check, RequiredText), f.id
    for c in SPEC.conditions:
        formula = rule_ok(SPEC.rule(c.rule), SPEC)
        assert all(number_ref(SPEC.number(i)) in formula for i in _numbers_of(c)), c.rule
