"""The template's data validation of 基本信息 follows each field's declared check."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from pipeline.template.validations import info_validation
from schemas import SPEC, info
from schemas.constraints import BodyKind, RunYear, ValidDate
from schemas.spec import ReportSpec
from tests.spec_variants import with_check


def _validation(field_id: str, spec: ReportSpec = SPEC) -> Any:
    return info_validation(spec.info_field(field_id), spec)


def test_free_text_fields_get_no_validation() -> None:
    for field_id in ("name", "filler", "phone"):
        assert _validation(field_id) is None, field_id


def test_kind_is_a_list_of_the_spec_body_kinds() -> None:
    got = _validation("kind")
    assert got["validate"] == "list" and got["source"] == list(SPEC.body_kinds)
    assert got["error_message"] == "请从下拉列表中选择：" + "、".join(SPEC.body_kinds)
    assert got["input_title"] == got["error_title"] == "单位类型"


def test_other_body_kinds_change_the_list_and_its_message() -> None:
    spec = dataclasses.replace(SPEC, body_kinds=("甲", "乙"))
    got = _validation("kind", spec)
    assert got["source"] == ["甲", "乙"] and got["error_message"].endswith("：甲、乙")


def test_code_year_and_date_rules() -> None:
    assert {k: _validation("code")[k] for k in ("validate", "criteria", "value")} == {
        "validate": "length", "criteria": "==", "value": 18}
    year = _validation("year")
    assert (year["validate"], year["minimum"], year["maximum"]) == ("integer", info.YEAR_MIN, info.YEAR_MAX)
    date = _validation("date")
    assert (date["validate"], date["minimum"], date["maximum"]) == (
        "date", dt.date(info.YEAR_MIN, 1, 1), dt.date(info.YEAR_MAX, 12, 31))


def test_a_changed_declaration_changes_the_validation() -> None:
    spec = with_check("year", RunYear("R-INFO-YEAR", 2030, 2040, "几年", "不对"))
    got = _validation("year", spec)
    assert (got["minimum"], got["maximum"], got["input_message"], got["error_message"]) == (2030, 2040, "几年", "不对")
    spec = with_check("date", ValidDate("R-INFO-DATE", 2022, 2023, "p", "e"))
    assert _validation("date", spec)["maximum"] == dt.date(2023, 12, 31)


def test_the_validation_goes_where_the_check_is() -> None:
    spec = with_check("code", None, with_check("filler", BodyKind("R-INFO-KIND", "选一个")))
    assert _validation("code", spec) is None
    got = _validation("filler", spec)
    assert got["source"] == list(SPEC.body_kinds) and got["input_title"] == "填报人"
