"""One workbook per rule that breaks only that rule: the set of (rule, sheet, cell) found is exactly the expected one.

Number, info and condition rules go through read_path + check_batch; workbook rules (the file itself is
unusable) through intake.read_found, and all of them together once through run_report.
"""

from __future__ import annotations

import dataclasses
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from pipeline.checks.runner import check_batch
from pipeline.common.cells import a1, cells_text
from pipeline.inbox.discover import Found
from pipeline.reading.intake import read_found
from pipeline.reading.workbook import read_path
from pipeline.report import run_report
from pipeline.settings import FOREIGN_SUFFIXES
from pipeline.template.build import build_template
from pipeline.types import Fill, Issue, Status
from schemas import SPEC
from schemas.tables import T3_PART_COLUMNS, T3_RESULT_ROWS, t3_id, t4_id
from tests.corpus_bytes import add_part
from tests.factories import filled, make_code, texts_for, totals_of, valid_numbers
from tests.make_examples import write_2019_format

YEAR = 2024
SEED = 1
BASE = valid_numbers(random.Random(SEED))  # what filled(seed=SEED) writes before overrides
TOTALS = totals_of(BASE)
CHECKED_SCOPES = ("equation", "cell", "condition", "info", "workbook", "narrative")

Found3 = tuple[str, str, str]  # (rule, sheet, cell)


def at(number_id: str) -> tuple[str, str]:
    """(sheet, A1) of a number."""
    n = SPEC.number(number_id)
    return n.sheet, a1(n.row, n.col)


def info_cell(field_id: str) -> tuple[str, str]:
    row = next(f.row for f in SPEC.info_fields if f.id == field_id)
    return SPEC.sheets.info, a1(row, SPEC.info_value_col)


VERSION_CELL = (SPEC.version_cell[0], a1(SPEC.version_cell[1], SPEC.version_cell[2]))


def zero_part(table: str) -> str:
    """An input cell of a table whose base value is 0, so a blank there changes no sum."""
    return next(n.id for n in SPEC.table(table).numbers if not n.derived and BASE[n.id] == 0)


@dataclass(frozen=True)
class Case:
    """A filled template that differs from a valid one by the given numbers and 基本信息."""

    name: str
    expected: frozenset[Found3]
    numbers: dict[str, Any] = field(default_factory=dict)
    info: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)


def case(name: str, rule: str, cells: list[tuple[str, str]], numbers: dict[str, Any] | None = None,
         info: dict[str, Any] | None = None, texts: dict[str, str] | None = None) -> Case:
    return Case(name, frozenset((rule, s, c) for s, c in cells), numbers or {}, info or {}, texts or {})


def text_cell(field_id: str) -> tuple[str, str]:
    row = next(f.row for f in SPEC.text_fields if f.id == field_id)
    return SPEC.sheets.text, a1(row, SPEC.text_value_col)


def case_fill(c: Case) -> Fill:
    fill = filled(seed=SEED, numbers=c.numbers, info=c.info)
    return dataclasses.replace(fill, texts=fill.texts | c.texts)


def _all_t3_zero() -> dict[str, Any]:
    return {n.id: 0 for n in SPEC.table("T3").numbers if not n.derived}


# The -1 goes into a row whose other columns keep its formula total >= 0, the +1 into the next row.
_NEG_ROW = next(i for i, r in enumerate(T3_RESULT_ROWS[:-1])
                if sum(BASE[t3_id(r, c)] for c, _ in T3_PART_COLUMNS[1:]) >= 1)
D1, D2 = t3_id(T3_RESULT_ROWS[_NEG_ROW], "np"), t3_id(T3_RESULT_ROWS[_NEG_ROW + 1], "np")
OPEN, PART = t3_id("open", "np"), t3_id("part", "np")
KEEP, CORR = t4_id("rv", "keep"), t4_id("rv", "corr")
REGS = [n for n in SPEC.numbers if n.id.startswith("t2_reg_")]

CASES: tuple[Case, ...] = (
    # 表三 column np: new +1 breaks its column, and through the 总计 column's formula the 总计 column too.
    case("balance", "R-T3-BALANCE", [at(t3_id("tot", "np")), at(t3_id("tot", "total"))],
         {t3_id("new", "np"): BASE[t3_id("new", "np")] + 1}),
    # Two typed row totals, each one too high, that keep the 总计 column balanced.
    case("rowsum", "R-T3-ROWSUM", [at(t3_id("carry", "total")), at(t3_id("next", "total"))],
         {t3_id("carry", "total"): TOTALS[t3_id("carry", "total")] + 1,
          t3_id("next", "total"): TOTALS[t3_id("next", "total")] + 1}),
    # A typed （七）总计 one too high, balanced by new +1: the np column and the 总计 column fail RESULTSUM only.
    case("resultsum", "R-T3-RESULTSUM", [at(t3_id("tot", "np")), at(t3_id("tot", "total"))],
         {t3_id("tot", "np"): TOTALS[t3_id("tot", "np")] + 1, t3_id("new", "np"): BASE[t3_id("new", "np")] + 1}),
    case("review_sum", "R-T4-REVIEW-SUM", [at(t4_id("rv", "total"))],
         {t4_id("rv", "total"): TOTALS[t4_id("rv", "total")] + 1}),
    case("ld_sum", "R-T4-LD-SUM", [at(t4_id("ld", "total"))],
         {t4_id("ld", "total"): TOTALS[t4_id("ld", "total")] + 1}),
    case("lr_sum", "R-T4-LR-SUM", [at(t4_id("lr", "total"))],
         {t4_id("lr", "total"): TOTALS[t4_id("lr", "total")] + 1}),
    case("valid_floor", "R-T2-VALID-FLOOR", [at("t2_norm_valid")],
         {"t2_norm_made": 5, "t2_norm_repealed": 0, "t2_norm_valid": 2}),
    case("t2_negative", "R-T2-NONNEG", [at("t2_lic")], {"t2_lic": -1}),
    case("t2_decimal_count", "R-T2-NONNEG", [at("t2_pen")], {"t2_pen": 1.5}),
    case("t2_negative_fee", "R-T2-NONNEG", [at("t2_fee")], {"t2_fee": -0.5}),
    case("t2_text", "R-T2-NONNEG", [at("t2_lic")], {"t2_lic": "12件"}),
    # -1 in one result cell, +1 more in the next one: the column's sums are unchanged.
    case("t3_negative", "R-T3-NONNEG-INT", [at(D1)], {D1: -1, D2: BASE[D2] + BASE[D1] + 1}),
    # +0.5 and -0.5 in two cells of one column (the second stays >= 0): its sums are unchanged, but the
    # two rows' formula totals turn fractional as well and are reported too (same rule, grey cells).
    case("t3_decimal", "R-T3-NONNEG-INT",
         [at(OPEN), at(PART), at(t3_id("open", "total")), at(t3_id("part", "total"))],
         {OPEN: BASE[OPEN] + 0.5, PART: BASE[PART] - 0.5}),
    case("t3_text", "R-T3-NONNEG-INT", [at(OPEN)], {OPEN: "12件"}),
    case("t4_negative", "R-T4-NONNEG-INT", [at(KEEP)], {KEEP: -1, CORR: BASE[CORR] + BASE[KEEP] + 1}),
    case("t4_text", "R-T4-NONNEG-INT", [at(KEEP)], {KEEP: "12件"}),
    case("too_large", "R-CELL-TOO-LARGE", [at("t2_lic")], {"t2_lic": 20_000_000}),
    *(case(f"blank_t2_{i}", "R-CELL-BLANK", [at("t2_lic")], {"t2_lic": raw})
      for i, raw in enumerate(("", "无", "-", "/", "  "))),
    case("blank_t3", "R-CELL-BLANK", [at(zero_part("T3"))], {zero_part("T3"): ""}),
    case("blank_t4", "R-CELL-BLANK", [at(zero_part("T4"))], {zero_part("T4"): "无"}),
    case("reg_power", "R-T2-REG-POWER", [(REGS[0].sheet, cells_text(REGS))],
         {"t2_reg_made": 1, "t2_reg_repealed": 0, "t2_reg_valid": 1}, {"kind": "乡镇"}),
    case("fee_too_big", "R-T2-FEE-UNIT", [at("t2_fee")], {"t2_fee": 12345.5}),
    case("fee_decimals", "R-T2-FEE-UNIT", [at("t2_fee")], {"t2_fee": 1.23456}),
    case("t4_plausible", "R-T4-PLAUSIBLE", [at(t4_id("rv", "total"))], _all_t3_zero() | {KEEP: 1}),
    case("info_name", "R-INFO-NAME", [info_cell("name")], info={"name": ""}),
    case("info_name_spaces", "R-INFO-NAME", [info_cell("name")], info={"name": "   "}),
    case("info_kind", "R-INFO-KIND", [info_cell("kind")], info={"kind": "乡政府"}),
    case("info_code_check", "R-INFO-CODE", [info_cell("code")],
         info={"code": make_code(SEED)[:17] + ("0" if make_code(SEED)[17] != "0" else "1")}),
    case("info_code_length", "R-INFO-CODE", [info_cell("code")], info={"code": "11330100"}),
    case("info_year", "R-INFO-YEAR", [info_cell("year")], info={"year": 2023}),
    case("info_date", "R-INFO-DATE", [info_cell("date")], info={"date": "2025-13-45"}),
    # The base workbook has 57 new applications and cases in 表四; the seed township's sentences deny both.
    case("narr_none_received", "R-NARR-T3", [text_cell("s1_request")],
         texts={"s1_request": "2024年未收到依申请公开事宜。"}),
    case("narr_count", "R-NARR-T3", [text_cell("s1_active")],
         texts={"s1_active": f"2024年共收到政府信息公开申请{int(TOTALS[t3_id('new', 'total')]) + 3}件，均已按时答复。"}),
    case("narr_no_cases", "R-NARR-T4", [text_cell("s1_oversight")],
         texts={"s1_oversight": "全年未引发行政复议、行政诉讼案件。"}),
)
# Sentences that agree with the base figures (new, or new + carried over; another year's count): no warning.
NARRATIVE_AGREES = Case("narr_agrees", frozenset(), texts={
    "s1_request": f"本年共收到政府信息公开申请{int(TOTALS[t3_id('new', 'total')])}件，"
                  f"连同上年结转共{int(TOTALS[t3_id('new', 'total')] + TOTALS[t3_id('carry', 'total')])}件；"
                  f"共收到申请{int(TOTALS[t3_id('new', 'total')] + TOTALS[t3_id('carry', 'total')])}件（含上年结转）。"
                  "2023年收到申请5件。",
    # 五 still says what it must (R-SEC5-FOLLOWUP); the sentence added is the one about applications
    "s5": texts_for("")["s5"] + "对未收到申请人补正材料的申请，依法不再处理。"})


def found_of(issues: list[Issue]) -> set[Found3]:
    return {(i.rule, i.sheet, i.cell) for i in issues}


def _text_forms(value: int) -> list[str]:
    wide = str(value).translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"})
    return [wide, f" {value} ", f"{value}.0"]


TEXT_STYLES = ("fullwidth", "spaces", "dot_zero")
T3_TEXT_CELL = next(t3_id(r, c) for r in T3_RESULT_ROWS for c, _ in T3_PART_COLUMNS if BASE[t3_id(r, c)] > 0)
T4_TEXT_CELL = next(n.id for n in SPEC.table("T4").numbers if not n.derived and BASE[n.id] > 0)
TEXT_CASES = tuple(
    Case(f"text_{style}", frozenset(), {
        "t2_lic": _text_forms(12)[k], T3_TEXT_CELL: _text_forms(int(BASE[T3_TEXT_CELL]))[k],
        T4_TEXT_CELL: _text_forms(int(BASE[T4_TEXT_CELL]))[k]})
    for k, style in enumerate(TEXT_STYLES)
)
BASE_CASE = Case("base", frozenset())


@dataclass
class Checked:
    """Every case's workbook, checked together in one batch (as a run would)."""

    issues: dict[str, list[Issue]]
    rows: dict[str, Any]


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    folder = tmp_path_factory.mktemp("rules")
    subs = []
    for c in (BASE_CASE, *CASES, *TEXT_CASES, NARRATIVE_AGREES):
        path = build_template(folder / f"{c.name}.xlsx", case_fill(c))
        subs.append(read_path(path, c.name))
    batch = check_batch(subs, YEAR)
    issues: dict[str, list[Issue]] = {s.file: [] for s in subs}
    for issue in batch.issues:
        issues[issue.file].append(issue)
    return Checked(issues, {s.file: batch.frame.iloc[i] for i, s in enumerate(subs)})


def test_base_workbook_is_clean(checked: Checked) -> None:
    assert checked.issues[BASE_CASE.name] == []


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_breaks_only_its_rule(checked: Checked, c: Case) -> None:
    issues = checked.issues[c.name]
    assert found_of(issues) == set(c.expected)
    assert len(issues) == len(c.expected), "one issue per (rule, cell)"
    rule = SPEC.rule(next(iter(c.expected))[0])
    assert {i.severity for i in issues} == {rule.severity.value}
    assert all(i.message and i.body == filled(seed=SEED, info=c.info).info["name"].strip() for i in issues)


def test_alone_as_in_batch(tmp_path: Path) -> None:
    """A submission checked on its own gets the same problems as inside a batch."""
    c = next(c for c in CASES if c.name == "balance")
    path = build_template(tmp_path / "book.xlsx", filled(seed=SEED, numbers=c.numbers))
    assert found_of(check_batch([read_path(path, path.name)], YEAR).issues) == set(c.expected)


def test_text_actual_is_quoted(checked: Checked) -> None:
    for name, rule in (("t2_text", "R-T2-NONNEG"), ("t3_text", "R-T3-NONNEG-INT"), ("t4_text", "R-T4-NONNEG-INT")):
        (issue,) = checked.issues[name]
        assert (issue.rule, issue.actual) == (rule, "12件")
        assert "“12件”" in issue.message


def test_blank_warning_quotes_what_was_typed(checked: Checked) -> None:
    assert checked.issues["blank_t2_0"][0].actual == "为空"
    assert checked.issues["blank_t2_1"][0].actual == "填写了“无”"
    assert checked.rows["blank_t2_1"]["t2_lic"] == 0


@pytest.mark.parametrize("c", TEXT_CASES, ids=TEXT_STYLES)
def test_numbers_as_text_are_accepted_silently(checked: Checked, c: Case) -> None:
    assert checked.issues[c.name] == []
    row = checked.rows[c.name]
    assert (row["t2_lic"], row[T3_TEXT_CELL], row[T4_TEXT_CELL]) == (12, BASE[T3_TEXT_CELL], BASE[T4_TEXT_CELL])
    assert row[t3_id("tot", "total")] == TOTALS[t3_id("tot", "total")]


def test_narrative_warning_quotes_the_sentence(checked: Checked) -> None:
    (issue,) = checked.issues["narr_count"]
    sentence = case_fill(next(c for c in CASES if c.name == "narr_count")).texts["s1_active"]
    assert issue.actual == sentence
    assert f"“{sentence}”" in issue.message
    assert f"{int(TOTALS[t3_id('new', 'total')])} 件" in issue.message
    (issue,) = checked.issues["narr_no_cases"]
    assert "未引发行政复议、行政诉讼案件。" in issue.message and "行政复议 1 件、行政诉讼 7 件" in issue.message


def test_narrative_that_agrees_is_silent(checked: Checked) -> None:
    assert checked.issues[NARRATIVE_AGREES.name] == []


def test_every_checked_rule_has_a_fixture() -> None:
    covered = {rule for c in CASES for rule, _, _ in c.expected} | {rule for _, (rule, _, _), _ in WORKBOOK_CASES}
    covered |= {rule for _, (rule, _, _), _ in WORKBOOK_WARNING_CASES}
    documents = {r.id for r in SPEC.rules if r.scope == "document"}  # tests/reading/test_document.py covers them
    assert covered - documents == {r.id for r in SPEC.rules if r.scope in CHECKED_SCOPES}


# ---------------------------------------------------------------- workbook rules


def _valid_book(path: Path) -> Path:
    return build_template(path, filled(seed=SEED))


def _pdf_renamed(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
    return path


def _truncated(path: Path) -> Path:
    data = _valid_book(path).read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def _empty(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def _pdf_attached(path: Path) -> Path:
    return _pdf_renamed(path.with_suffix(".pdf"))


def _edit(path: Path, edit: Callable[[openpyxl.Workbook], None]) -> Path:
    """A valid template changed the way a user would, in a spreadsheet program."""
    _valid_book(path)
    wb = openpyxl.load_workbook(path)
    edit(wb)
    wb.save(path)
    return path


def _relabel(sheet: str, cell: str, text: str) -> Callable[[Path], Path]:
    def make(path: Path) -> Path:
        def edit(wb: openpyxl.Workbook) -> None:
            wb[sheet][cell] = text
        return _edit(path, edit)
    return make


def _drop_sheet(path: Path) -> Path:
    def edit(wb: openpyxl.Workbook) -> None:
        del wb[SPEC.sheets.text]
    return _edit(path, edit)


def _foreign_workbook(path: Path) -> Path:
    wb = openpyxl.Workbook()
    wb.active["A1"] = "单位名称"
    wb.save(path)
    return path


def _old_version(path: Path) -> Path:
    old = dataclasses.replace(SPEC, template_version="GKNB-2021-0")
    return build_template(path, filled(seed=SEED), spec=old)


def _format_2019(path: Path) -> Path:
    write_2019_format(path)
    return path


T3_D1_LABEL = a1(SPEC.number(t3_id("d1", "np")).row, 2)  # 表三 “1.属于国家秘密”
T2_NORM_LABEL = a1(SPEC.number("t2_norm_made").row, 0)  # 表二 “行政规范性文件”

# (case name, expected (rule, sheet, cell), how to make the file from a path ending in .xlsx)
WORKBOOK_CASES: tuple[tuple[str, Found3, Callable[[Path], Path]], ...] = (
    ("pdf_renamed", ("R-WB-UNREADABLE", "", ""), _pdf_renamed),
    ("truncated_zip", ("R-WB-UNREADABLE", "", ""), _truncated),
    ("empty_file", ("R-WB-UNREADABLE", "", ""), _empty),
    ("pdf_attached", ("R-DOC-UNREADABLE", "", ""), _pdf_attached),  # read as a published report: no tables
    ("edited_label", ("R-WB-NOT-TEMPLATE", SPEC.sheets.t3, T3_D1_LABEL), _relabel(SPEC.sheets.t3, T3_D1_LABEL, "1.国家秘密")),
    ("missing_sheet", ("R-WB-NOT-TEMPLATE", "", ""), _drop_sheet),
    ("foreign_workbook", ("R-WB-NOT-TEMPLATE", "", ""), _foreign_workbook),
    ("old_version", ("R-WB-OLD-VERSION", *VERSION_CELL), _old_version),
    ("format_2019", ("R-FMT-DETECT", "", ""), _format_2019),
    ("mixed_formats", ("R-FMT-DETECT", SPEC.sheets.t2, T2_NORM_LABEL),
     _relabel(SPEC.sheets.t2, T2_NORM_LABEL, "规范性文件")),
)


def _found(path: Path, root: Path) -> Found:
    return Found(path, path.relative_to(root).as_posix(), path.suffix.lower() in FOREIGN_SUFFIXES)


@pytest.mark.parametrize(("name", "expected", "make"), WORKBOOK_CASES, ids=[c[0] for c in WORKBOOK_CASES])
def test_workbook_rule(tmp_path: Path, name: str, expected: Found3, make: Callable[[Path], Path]) -> None:
    path = make(tmp_path / f"{name}.xlsx")
    result = read_found(_found(path, tmp_path), path.read_bytes())
    assert isinstance(result, Issue), "the file must be refused"
    assert (result.rule, result.sheet, result.cell) == expected
    assert result.severity == SPEC.rule(expected[0]).severity.value
    assert result.message


def test_old_version_names_both_versions(tmp_path: Path) -> None:
    path = _old_version(tmp_path / "old.xlsx")
    result = read_found(_found(path, tmp_path), path.read_bytes())
    assert isinstance(result, Issue)
    assert (result.actual, result.expected) == ("GKNB-2021-0", SPEC.template_version)


def test_workbook_rules_through_run_report(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    expected: dict[str, Found3] = {}
    for name, want, make in WORKBOOK_CASES:
        path = make(inbox / f"{name}.xlsx")
        expected[path.name] = want
    good = _valid_book(inbox / "good.xlsx")
    result = run_report(inbox, YEAR, tmp_path / "out", progress=False)
    assert {i.file: (i.rule, i.sheet, i.cell) for i in result.issues} == expected
    status = {s.file: s.status for s in result.statuses}
    assert status == {name: Status.UNREADABLE if want[0] in ("R-WB-UNREADABLE", "R-DOC-UNREADABLE") else Status.REJECTED
                      for name, want in expected.items()} | {good.name: "通过"}
    assert result.exit_code == 1
    assert list(result.accepted["file"]) == [good.name]


def _with_macro(path: Path) -> Path:
    return add_part(_valid_book(path.with_suffix(".xlsm")), "xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 VBA")


# Workbook rules that only warn: the file is read and checked like any other.
WORKBOOK_WARNING_CASES: tuple[tuple[str, Found3, Callable[[Path], Path]], ...] = (
    ("macro", ("R-WB-MACRO", "", ""), _with_macro),
)


@pytest.mark.parametrize(("name", "expected", "make"), WORKBOOK_WARNING_CASES, ids=[c[0] for c in WORKBOOK_WARNING_CASES])
def test_workbook_warning(tmp_path: Path, name: str, expected: Found3, make: Callable[[Path], Path]) -> None:
    path = make(tmp_path / f"{name}.xlsx")
    result = read_found(_found(path, tmp_path), path.read_bytes())
    assert not isinstance(result, Issue), "the file is read"
    issues = check_batch([result], YEAR).issues
    assert {(i.rule, i.sheet, i.cell) for i in issues} == {expected}
    assert issues[0].severity == SPEC.rule(expected[0]).severity.value
