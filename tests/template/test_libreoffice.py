"""The 校验 sheet, recalculated by real LibreOffice, says exactly what the pipeline says.

Every case is a filled template; all of them go through one LibreOffice start (xlsx -> xlsx with
every formula recalculated). For each case the set of rules showing ✗ on the recalculated 校验
sheet must equal the set of template rules the Python pipeline reports for the original file.
Together the cases break every rule the template checks.

The year: a coordinator runs the pipeline for one year (RUN_YEAR) and every case is filled in for
that year, except where a case breaks R-INFO-YEAR. The template cannot know the run's year, only
that the value is a year in YEAR_MIN..YEAR_MAX, so the agreeing case breaks it with 1999; a year that
is plausible but not the run's is listed with the known differences below.
"""

from __future__ import annotations

import math
import os
import random
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from pipeline.checks.runner import check_batch
from pipeline.reading.workbook import read_path
from pipeline.template.build import build_template
from pipeline.types import Fill
from schemas import SPEC, info
from schemas.rules import CHECKED_IN_TEMPLATE
from schemas.tables import T3_PART_COLUMNS, T3_ROWS, t3_id
from tests.factories import filled, make_code, totals_of, valid_numbers
from tests.formula_cache import stale_formulas
from tests.libreoffice import convert_many

RUN_YEAR = 2024
assert filled().info["year"] == RUN_YEAR, "factories fill in another year: update RUN_YEAR"
TEMPLATE_RULES = frozenset(r.id for r in SPEC.rules if r.scope in CHECKED_IN_TEMPLATE)

BASE = valid_numbers(random.Random(1))  # the numbers filled() uses for seed 1
TOTALS = totals_of(BASE)
CODE = make_code(1)
NONZERO_T3 = next(t3_id(r, c) for r, *_ in T3_ROWS for c, _ in T3_PART_COLUMNS if BASE[t3_id(r, c)] > 0)
ZERO_T3 = next(t3_id(r, c) for r, *_ in T3_ROWS for c, _ in T3_PART_COLUMNS if BASE[t3_id(r, c)] == 0)
NO_APPLICATIONS = {t3_id(r, c): 0 for r, *_ in T3_ROWS for c, _ in T3_PART_COLUMNS}


@dataclass(frozen=True)
class Case:
    """A filled workbook and the rules it is built to break (both sides may report more)."""

    name: str
    breaks: frozenset[str]
    fill: Fill


def case(name: str, *breaks: str, numbers: dict[str, Any] | None = None,
         info: dict[str, Any] | None = None) -> Case:
    return Case(name, frozenset(breaks), filled(numbers=numbers, info=info))


CASES: tuple[Case, ...] = (
    case("valid"),
    Case("valid_seed7_county_office", frozenset(), filled(seed=7, info={"kind": "县政府办"})),
    case("valid_other_body_with_regulations", numbers={"t2_reg_made": 2, "t2_reg_valid": 5}, info={"kind": "其他"}),
    case("valid_totals_typed_right", numbers={k: TOTALS[k] for k in ("t3_open_total", "t3_tot_np", "t4_rv_total")}),
    case("valid_count_at_the_limit", numbers={"t2_lic": 10_000_000}),
    case("valid_fee_four_decimals", numbers={"t2_fee": 12.3456}),
    case("valid_lowercase_code", info={"code": make_code(5).lower()}),
    case("valid_kind_with_fullwidth_space", info={"kind": "街道\u3000"}),
    # equations
    case("balance", "R-T3-BALANCE", numbers={"t3_new_np": BASE["t3_new_np"] + 1}),
    case("rowsum_typed_total", "R-T3-ROWSUM", numbers={"t3_open_total": TOTALS["t3_open_total"] + 1}),
    case("resultsum_typed_total", "R-T3-RESULTSUM",
         numbers={"t3_tot_np": TOTALS["t3_tot_np"] + 1, "t3_new_np": BASE["t3_new_np"] + 1}),
    case("t4_review_total", "R-T4-REVIEW-SUM", numbers={"t4_rv_total": TOTALS["t4_rv_total"] + 1}),
    case("t4_direct_suit_total", "R-T4-LD-SUM", numbers={"t4_ld_total": TOTALS["t4_ld_total"] + 2}),
    case("t4_suit_after_review_total", "R-T4-LR-SUM", numbers={"t4_lr_total": 99}),
    case("valid_floor", "R-T2-VALID-FLOOR", numbers={"t2_norm_made": 5, "t2_norm_repealed": 0, "t2_norm_valid": 2}),
    # cells
    case("t2_negative", "R-T2-NONNEG", numbers={"t2_lic": -3}),
    case("t2_decimal_count", "R-T2-NONNEG", numbers={"t2_pen": 2.5}),
    case("t2_text", "R-T2-NONNEG", numbers={"t2_coe": "12件"}),
    case("t2_negative_fee", "R-T2-NONNEG", numbers={"t2_fee": -1}),
    case("t3_decimal", "R-T3-NONNEG-INT", numbers={"t3_open_np": 1.5}),
    case("t3_negative", "R-T3-NONNEG-INT", numbers={"t3_d1_biz": -1}),
    case("t3_text_for_zero", "R-T3-NONNEG-INT", numbers={ZERO_T3: "两件"}),
    case("t3_text_for_nonzero", "R-T3-NONNEG-INT", numbers={NONZERO_T3: "12件"}),
    case("t4_negative", "R-T4-NONNEG-INT", numbers={"t4_rv_keep": -1}),
    case("t4_decimal", "R-T4-NONNEG-INT", numbers={"t4_ld_corr": 0.5}),
    case("too_large_count", "R-CELL-TOO-LARGE", numbers={"t2_lic": 10_000_001}),
    case("too_large_fee", "R-CELL-TOO-LARGE", "R-T2-FEE-UNIT", numbers={"t2_fee": 100_000_001}),
    case("blank_cell", "R-CELL-BLANK", numbers={"t2_lic": None}),
    case("blank_words", "R-CELL-BLANK", numbers={ZERO_T3: "无", "t4_lr_keep": "-", "t2_coe": "/"}),
    case("blank_words_more", "R-CELL-BLANK", numbers={ZERO_T3: "—", "t4_rv_pend": "NULL", "t2_lic": "空"}),
    # conditions
    case("reg_power", "R-T2-REG-POWER", numbers={"t2_reg_made": 1, "t2_reg_valid": 1}),
    # A negative figure is its cell's rule's, not the condition's (the pipeline's condition asks for sum > 0).
    case("reg_power_negative", "R-T2-NONNEG", numbers={"t2_reg_made": -1}),
    case("reg_power_kind_with_space", "R-T2-REG-POWER", numbers={"t2_reg_made": 1, "t2_reg_valid": 1},
         info={"kind": "乡镇\u3000"}),
    case("fee_in_yuan", "R-T2-FEE-UNIT", numbers={"t2_fee": 12345.6}),
    case("fee_five_decimals", "R-T2-FEE-UNIT", numbers={"t2_fee": 1.23456}),
    case("suits_without_applications", "R-T4-PLAUSIBLE", numbers=NO_APPLICATIONS | {"t4_rv_keep": 1}),
    # 基本信息
    case("name_missing", "R-INFO-NAME", info={"name": ""}),
    case("name_only_spaces", "R-INFO-NAME", info={"name": "\u3000 "}),
    case("kind_not_listed", "R-INFO-KIND", info={"kind": "村委会"}),
    case("kind_missing", "R-INFO-KIND", info={"kind": None}),
    case("code_check_character", "R-INFO-CODE", info={"code": CODE[:17] + ("0" if CODE[17] != "0" else "1")}),
    case("code_length", "R-INFO-CODE", info={"code": CODE[:10]}),
    case("code_bad_character", "R-INFO-CODE", info={"code": "I" + CODE[1:]}),
    case("year_not_a_year", "R-INFO-YEAR", info={"year": 1999}),
    case("date_missing", "R-INFO-DATE", info={"date": None}),
    case("date_not_a_date", "R-INFO-DATE", info={"date": "明年一月"}),
    # A messy submission: several rules at once.
    case("messy", "R-INFO-NAME", "R-T2-NONNEG", "R-T3-BALANCE", "R-T2-FEE-UNIT", "R-CELL-BLANK",
         numbers={"t2_lic": "约30件", "t3_carry_oth": BASE["t3_carry_oth"] + 4, "t2_fee": 50000.5, "t4_ld_pend": None},
         info={"name": None}),
)


@dataclass(frozen=True)
class Difference:
    """A case where the template and the pipeline knowingly disagree, with both answers."""

    case: Case
    template: frozenset[str]
    pipeline: frozenset[str]
    why: str


KNOWN_DIFFERENCES: tuple[Difference, ...] = (
    Difference(case("year_of_another_run", info={"year": RUN_YEAR - 1}),
               frozenset(), frozenset({"R-INFO-YEAR"}),
               "the template cannot know which year the coordinator collects"),
    Difference(case("year_as_text", info={"year": f"{RUN_YEAR}年"}),
               frozenset({"R-INFO-YEAR"}), frozenset(),
               "the template wants a number (its data validation allows only whole numbers); the reader strips 年"),
    Difference(case("date_as_text", info={"date": f"{RUN_YEAR + 1}-01-15"}),
               frozenset({"R-INFO-DATE"}), frozenset(),
               "the template wants a real date (as its data validation does); the reader parses text dates"),
    Difference(case("number_as_text", numbers={NONZERO_T3: str(int(BASE[NONZERO_T3]))}),
               frozenset({"R-T3-NONNEG-INT"}), frozenset(),
               "SUM skips a number stored as text, so the template's own totals miss it and it says so; "
               "the reader reads the text as the number"),
)

ALL_CASES = CASES + tuple(d.case for d in KNOWN_DIFFERENCES)


@dataclass
class Outcome:
    """What one case gave on both sides."""

    template: frozenset[str]  # rules with a ✗ on the recalculated 校验 sheet
    pipeline: frozenset[str]  # template rules the pipeline reports for the original file
    pipeline_recalculated: frozenset[str]  # the same for the LibreOffice-saved copy
    check_rows: list[list[Any]] = field(default_factory=list)
    summary: str = ""
    grids: dict[str, list[list[Any]]] = field(default_factory=dict)
    stale: list[str] = field(default_factory=list)  # formula cells whose cached value LibreOffice changed


def _pipeline_rules(paths: list[Path]) -> dict[str, frozenset[str]]:
    """Template rules the pipeline reports, by file stem. One batch for all files, as a run does;
    every rule compared here concerns one workbook alone, and issues name their file."""
    issues = check_batch([read_path(p, p.stem) for p in paths], RUN_YEAR).issues
    return {p.stem: frozenset(i.rule for i in issues if i.file == p.stem and i.rule in TEMPLATE_RULES)
            for p in paths}


def _outcome(original: Path, recalculated: Path, pipeline: frozenset[str],
             pipeline_recalculated: frozenset[str]) -> Outcome:
    wb = CalamineWorkbook.from_path(str(recalculated))
    check = wb.get_sheet_by_name(SPEC.sheets.check).to_python(skip_empty_area=False)
    rows = [r for r in check[info.CHECK_FIRST_ROW:] if r[info.CHECK_RULE_COL]]
    return Outcome(
        template=frozenset(str(r[info.CHECK_RULE_COL]) for r in rows if r[info.CHECK_RESULT_COL] == info.CHECK_FAIL),
        pipeline=pipeline,
        pipeline_recalculated=pipeline_recalculated,
        check_rows=rows,
        summary=str(check[info.CHECK_SUMMARY_ROW][0]),
        grids={t.sheet: wb.get_sheet_by_name(t.sheet).to_python(skip_empty_area=False) for t in SPEC.tables},
        stale=stale_formulas(original, recalculated),
    )


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    root = tmp_path_factory.mktemp("template-cases")
    (root / "in").mkdir()
    originals = [build_case(root / "in", c) for c in ALL_CASES]
    # One LibreOffice start per core for all cases: each start costs about 2 s.
    recalculated = convert_many(originals, "xlsx", root / "out", jobs=min(2, os.cpu_count() or 1))
    pipeline, pipeline_recalculated = _pipeline_rules(originals), _pipeline_rules(recalculated)
    return {c.name: _outcome(o, r, pipeline[c.name], pipeline_recalculated[c.name])
            for c, o, r in zip(ALL_CASES, originals, recalculated, strict=True)}


def build_case(folder: Path, c: Case) -> Path:
    return build_template(folder / f"{c.name}.xlsx", c.fill)


def test_case_names_are_unique() -> None:
    assert len({c.name for c in ALL_CASES}) == len(ALL_CASES)


def test_cases_are_filled_for_the_run_year() -> None:
    for c in CASES:
        if "R-INFO-YEAR" not in c.breaks:
            assert c.fill.info["year"] == RUN_YEAR, c.name


def test_the_cases_break_every_template_rule() -> None:
    assert set().union(*(c.breaks for c in CASES)) == TEMPLATE_RULES


def test_the_recalculated_template_fails_every_rule_somewhere(outcomes: dict[str, Outcome]) -> None:
    assert set().union(*(outcomes[c.name].template for c in CASES)) == TEMPLATE_RULES
    assert set().union(*(outcomes[c.name].pipeline for c in CASES)) == TEMPLATE_RULES


@pytest.mark.parametrize("c", CASES, ids=lambda c: c.name)
def test_template_and_pipeline_agree(c: Case, outcomes: dict[str, Outcome]) -> None:
    got = outcomes[c.name]
    assert got.template == got.pipeline, (
        f"only the template: {sorted(got.template - got.pipeline)}; only the pipeline: {sorted(got.pipeline - got.template)}")
    assert c.breaks <= got.template
    if not c.breaks:
        assert got.template == frozenset()


@pytest.mark.parametrize("d", KNOWN_DIFFERENCES, ids=lambda d: d.case.name)
def test_known_differences_stay_as_documented(d: Difference, outcomes: dict[str, Outcome]) -> None:
    got = outcomes[d.case.name]
    assert (got.template, got.pipeline) == (d.template, d.pipeline), d.why


@pytest.mark.parametrize("c", ALL_CASES, ids=lambda c: c.name)
def test_the_pipeline_reads_a_libreoffice_copy_the_same(c: Case, outcomes: dict[str, Outcome]) -> None:
    got = outcomes[c.name]
    assert got.pipeline_recalculated == got.pipeline


@pytest.mark.parametrize("c", ALL_CASES, ids=lambda c: c.name)
def test_every_check_row_shows_a_result_and_failures_explain_themselves(c: Case, outcomes: dict[str, Outcome]) -> None:
    got = outcomes[c.name]
    fails = 0
    for row in got.check_rows:
        result, message = row[info.CHECK_RESULT_COL], row[info.CHECK_MESSAGE_COL]
        assert result in (info.CHECK_PASS, info.CHECK_FAIL), row  # an error value would read as neither
        if result == info.CHECK_FAIL:
            fails += 1
            assert isinstance(message, str) and message.strip(), row
        else:
            assert message == "", row
    assert f"共 {len(got.check_rows)} 项检查，未通过 {fails} 项" in got.summary


@pytest.mark.parametrize("c", ALL_CASES, ids=lambda c: c.name)
def test_every_cached_value_is_what_libreoffice_computes(c: Case, outcomes: dict[str, Outcome]) -> None:
    # Viewers that do not recalculate (WPS previews, calamine) show the cached ✓/✗, messages and totals.
    assert outcomes[c.name].stale == []


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


@pytest.mark.parametrize("c", ALL_CASES, ids=lambda c: c.name)
def test_recalculated_totals_are_the_sums_of_their_parts(c: Case, outcomes: dict[str, Outcome]) -> None:
    grids = outcomes[c.name].grids
    expected = totals_of(dict(c.fill.numbers))  # None-free: totals whose parts are all numbers

    def value(number_id: str) -> Any:
        n = SPEC.number(number_id)
        return grids[n.sheet][n.row][n.col]

    checked = 0
    for n in SPEC.numbers:
        if not n.derived or n.id in c.fill.numbers:  # a typed total is a constant, not a formula
            continue
        got = value(n.id)
        assert _is_number(got), (n.id, got)
        parts = [value(p) for p in n.parts]
        assert math.isclose(got, sum(p for p in parts if _is_number(p)), abs_tol=1e-9), n.id  # SUM skips text
        if n.id in expected:
            assert math.isclose(got, expected[n.id], abs_tol=1e-9), n.id
        checked += 1
    assert checked == sum(1 for n in SPEC.numbers if n.derived and n.id not in c.fill.numbers)
