"""`check` on real published reports gives exactly the problems their transcribed figures imply.

What each table rule should say is computed here from figures.json (blank or '/' counted as 0, as the
normaliser does), not from what the reader found; a figure the reader could not place must be an
R-DOC-UNPLACED error at its place, and the equations that use it are not judged.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import pytest

from pipeline.checks.runner import check_batch
from pipeline.file_check import EXIT_ERRORS, EXIT_UNUSABLE, check_file
from pipeline.reading.document import read_document
from schemas import SPEC
from tests.reading.realdocs import REALDOCS, expected_figures, needs_realdocs, transcriptions

pytestmark = needs_realdocs

TABLE_RULES = {r.id for r in SPEC.rules if r.equations}
DOCS = ("pingtan2023.html", "pingtan2024.html", "shuyang_fgj2023.html", "hzq2024_working.pdf", "pingtan2024.txt")


def implied_failures(figures: dict[str, int | float | None], unknown: set[str]) -> Counter[str]:
    """Rule id -> how many of its equations the transcribed figures break (equations over unknowns left out)."""
    value = {k: float(v or 0) for k, v in figures.items()}
    broken: Counter[str] = Counter()
    for rule in SPEC.rules:
        for eq in rule.equations:
            ids = {t.id for t in eq.lhs + eq.rhs}
            if ids & unknown:
                continue
            lhs, rhs = sum(value[t.id] for t in eq.lhs), sum(value[t.id] for t in eq.rhs)
            broken[rule.id] += lhs < rhs - 5e-5 if eq.op == ">=" else abs(lhs - rhs) > 5e-5
    return +broken


@pytest.mark.parametrize("file", DOCS)
def test_table_rules_fire_exactly_where_the_transcription_breaks_them(file: str) -> None:
    unknown = set(read_document(file, (REALDOCS / file).read_bytes()).unplaced)
    result = check_file(REALDOCS / file)
    found = Counter(i.rule for i in result.issues if i.rule in TABLE_RULES)
    assert found == implied_failures(expected_figures(file), unknown)
    unplaced = [i for i in result.issues if i.rule == "R-DOC-UNPLACED"]
    assert len(unplaced) == len(unknown) and all(i.is_error and i.where for i in unplaced)


@pytest.mark.parametrize("file", DOCS)
def test_blank_cells_are_warned_once_each(file: str) -> None:
    unknown = set(read_document(file, (REALDOCS / file).read_bytes()).unplaced)
    blanks = {k for k, v in expected_figures(file).items() if v is None} - unknown
    issues = [i for i in check_file(REALDOCS / file).issues if i.rule == "R-CELL-BLANK"]
    assert len(issues) == len(blanks)
    assert all(i.where for i in issues)  # each at its table, row and column


def test_pingtan_balances_and_is_accepted_with_warnings() -> None:
    # Its 表三 holds (computed from the transcription), so nothing but plausibility and content warnings.
    figures = expected_figures("pingtan2024.html")
    assert implied_failures(figures, set()) == Counter()
    result = check_file(REALDOCS / "pingtan2024.html")
    assert result.exit_code == 0 and not any(i.is_error for i in result.issues)
    assert {i.rule for i in result.issues} >= {"R-T2-FEE-UNIT"}
    assert result.issues[0].body == transcriptions()["pingtan2024.html"]["body"]


def test_label_mix_and_unplaced_figures_send_a_report_back() -> None:
    for file in ("shuyang_fgj2023.html", "hzq2024_working.pdf"):
        result = check_file(REALDOCS / file)
        assert result.exit_code == EXIT_ERRORS
        assert "R-FMT-DETECT" in {i.rule for i in result.issues}  # 表二 says 规范性文件, the 2019 label


def test_pdf_problems_name_page_and_line() -> None:
    result = check_file(REALDOCS / "hzq2024_working.pdf")
    placed = [i for i in result.issues if i.rule == "R-DOC-UNPLACED"]
    assert placed and all(i.cell.startswith("第") and "页第" in i.cell for i in placed)
    assert "页第" in result.summary()


def test_a_2019_format_report_is_unusable() -> None:
    result = check_file(REALDOCS / "pingtan2020.txt")
    assert result.exit_code == EXIT_UNUSABLE
    assert [i.rule for i in result.issues] == ["R-FMT-DETECT"]


def test_a_changed_figure_breaks_exactly_the_equations_it_is_in() -> None:
    # The comparison above can fail: one figure of a real report changed, the checks and the transcription agree again.
    from pipeline.checks.runner import check_batch
    from schemas.tables import t3_id

    sub = read_document("pingtan2024.html", (REALDOCS / "pingtan2024.html").read_bytes())
    changed = t3_id("new", "np")
    figures = expected_figures("pingtan2024.html")
    figures[changed] = int(figures[changed] or 0) + 1
    sub.numbers[changed] = str(figures[changed])
    found = Counter(i.rule for i in check_batch([sub], 2024).issues if i.rule in TABLE_RULES)
    assert found == implied_failures(figures, set()) == Counter({"R-T3-BALANCE": 1, "R-T3-ROWSUM": 1})


def test_pdf_label_with_characters_left_out_is_a_warning_at_its_line() -> None:
    result = check_file(REALDOCS / "hzq2024_working.pdf")
    noted = [i for i in result.issues if i.rule == "R-DOC-LABEL"]
    assert [(i.is_error, i.cell) for i in noted] == [(False, "第3页第24行")]
    assert "2.其他法律行政止公开" in noted[0].message


TEMPLATE_CELL = re.compile(r"(?<![A-Za-z0-9])[A-Z]{1,2}[0-9]{1,3}(?![0-9])")


@pytest.mark.parametrize("file", DOCS)
def test_messages_name_places_in_the_document_not_template_cells(file: str) -> None:
    result = check_file(REALDOCS / file)
    for issue in result.issues:
        assert not TEMPLATE_CELL.search(issue.message), issue.message
        assert issue.cell == issue.where or not issue.where  # 问题清单,退回件 and --json show this place


def test_an_equation_of_a_published_report_names_its_figures_places() -> None:
    # shuyang's 表三 balances; break one figure of it in the page to see the equation's message
    page = (REALDOCS / "shuyang_fgj2023.html").read_bytes()
    sub = read_document("shuyang.html", page)
    broken = replace(sub, numbers=sub.numbers | {"t3_new_np": "27"})
    issues = [i for i in check_batch([broken], 2023).issues if i.rule == "R-T3-BALANCE"]
    assert issues and all("第3个表格" in i.message and not TEMPLATE_CELL.search(i.message) for i in issues)
