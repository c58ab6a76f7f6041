"""The pandera schema of 基本信息 follows each field's declared check; failures become issues at the field's cell."""

from __future__ import annotations

import dataclasses

from pipeline.checks.info_schema import info_frame, info_schema
from pipeline.checks.validate import validate_types
from pipeline.common.cells import a1
from schemas import SPEC
from schemas.constraints import RequiredText
from schemas.spec import ReportSpec
from tests.spec_variants import batch_of, with_check

YEAR = 2024


def _found(batch_info: list[dict[str, object]], spec: ReportSpec = SPEC) -> set[tuple[str, int, str]]:
    """(rule, submission, cell) of every 基本信息 problem."""
    batch = batch_of(*((i, {}) for i in batch_info), spec=spec)
    return {(i.rule, int(i.file.split(".")[0]), i.cell) for i in validate_types(batch, YEAR, spec)}


def _cell(field_id: str) -> str:
    return a1(SPEC.info_field(field_id).row, SPEC.info_value_col)


def test_the_schema_has_one_named_check_per_declared_field() -> None:
    schema = info_schema(YEAR)
    assert list(schema.columns) == ["name", "kind", "code", "year", "date"]
    assert {c: [k.name for k in col.checks] for c, col in schema.columns.items()} == {
        f.id: [f.check.rule] for f in SPEC.info_fields if f.check is not None}


def test_valid_bodies_pass() -> None:
    assert _found([{}, {"kind": "街道\u3000", "year": "2024年", "date": "2025年1月15日"}]) == set()


def test_each_field_fails_at_its_cell() -> None:
    got = _found([{"name": " "}, {"kind": "村委会"}, {"code": "123"}, {"year": 2023}, {"date": "明年"}])
    assert got == {("R-INFO-NAME", 0, _cell("name")), ("R-INFO-KIND", 1, _cell("kind")),
                   ("R-INFO-CODE", 2, _cell("code")), ("R-INFO-YEAR", 3, _cell("year")),
                   ("R-INFO-DATE", 4, _cell("date"))}


def test_the_expected_text_comes_from_the_declaration() -> None:
    batch = batch_of(({"kind": "村委会", "code": "123"}, {}))
    expected = {i.rule: i.expected for i in validate_types(batch, YEAR)}
    assert expected == {"R-INFO-KIND": "、".join(SPEC.body_kinds), "R-INFO-CODE": "应为18位，实为3位"}


def test_body_kinds_change_the_kind_check() -> None:
    spec = dataclasses.replace(SPEC, body_kinds=("甲", "乙"))
    assert _found([{"kind": "甲"}, {"kind": "乡镇"}], spec) == {("R-INFO-KIND", 1, _cell("kind"))}


def test_a_moved_check_moves_its_column_and_cell() -> None:
    spec = with_check("name", None, with_check("filler", RequiredText("R-INFO-NAME")))
    assert "name" not in info_frame(batch_of(({}, {})), spec).columns
    assert _found([{"name": ""}, {"filler": None}], spec) == {("R-INFO-NAME", 1, _cell("filler"))}
