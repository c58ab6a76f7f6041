"""Two years, two levels (issues 14 and 15): counties run `report` in 2023 and 2024, a city over their roll-ups
in both years into one output folder, so that 2024's city run has its own 2023 as last year. The bodies inside the
roll-ups are the city's bodies of 2023 too: 与上年对比 compares them, and names the city's scope.

Expected figures are summed here from the counties' records (read with openpyxl), not with the pipeline's helpers.
"""

from __future__ import annotations

import math
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from pipeline.decide.history import ACCEPTED_TABLE
from pipeline.decide.ledger import LEDGER_NAME
from pipeline.outputs.year_compare import BODIES_SHEET, COUNTY_SHEET, LAST_YEAR_HEADER
from pipeline.report import ReportResult
from pipeline.settings import ROLLUP_NAME
from schemas import SPEC
from schemas.year_compare import COMPARED, NO_LAST_YEAR
from tests.hierarchy import county_inbox, place, record_of, run_level

LAST, THIS = 2023, 2024
COUNTIES = {"东山县": (1, "330101"), "西山县": (2, "330102")}
BODIES = {LAST: 2, THIS: 3}  # the third body of each county is new in 2024


@dataclass
class Years:
    city: dict[int, ReportResult]
    rollups: dict[int, list[Path]]


@pytest.fixture(scope="module")
def years(tmp_path_factory: pytest.TempPathFactory) -> Years:
    work = tmp_path_factory.mktemp("years")
    city: dict[int, ReportResult] = {}
    rollups: dict[int, list[Path]] = {}
    for year in (LAST, THIS):
        rollups[year] = []
        for name, (seed, code) in COUNTIES.items():
            inbox = county_inbox(work / str(year) / "inbox" / name, name, BODIES[year], seed, year=year)
            made = run_level(inbox, work / str(year) / "out" / name, name, code, year=year).outdir / ROLLUP_NAME
            rollups[year].append(place(made, work / "city" / str(year), f"{name}/{ROLLUP_NAME}"))
        city[year] = run_level(work / "city" / str(year), work / "cityout", "某市", "330100", year=year)
    return Years(city, rollups)


def record_totals(paths: list[Path]) -> dict[str, float]:
    sums = {n.id: 0.0 for n in SPEC.numbers}
    for path in paths:
        head, _ = record_of(path)
        for k, v in zip(head.ids, head.totals, strict=True):
            sums[k] += v
    return sums


def sheet(result: ReportResult, name: str) -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(result.outdir / ROLLUP_NAME))
    return book.get_sheet_by_name(name).to_python(skip_empty_area=False)


def test_the_citys_ledger_keeps_the_bodies_inside_the_roll_ups_with_their_region(years: Years) -> None:
    with closing(sqlite3.connect(years.city[LAST].outdir / LEDGER_NAME)) as db:
        stored = db.execute(f"SELECT name, file FROM {ACCEPTED_TABLE}").fetchall()
    expected = {(b.name, f"{head.region}/{b.file}") for head, bodies in map(record_of, years.rollups[LAST])
                for b in bodies}
    assert len(expected) == 2 * BODIES[LAST] and set(stored) == expected and len(stored) == len(expected)


def test_last_years_city_totals_are_the_sum_of_last_years_roll_ups(years: Years) -> None:
    rows = sheet(years.city[THIS], COUNTY_SHEET)
    assert f"上年数据中 {2 * BODIES[LAST]} 个单位的合计" in str(rows[0][0])
    assert rows[1][1:3] == [f"{THIS}年", f"{LAST}年"]
    before, now = record_totals(years.rollups[LAST]), record_totals(years.rollups[THIS])
    for k, number in enumerate(SPEC.numbers):
        assert math.isclose(float(rows[2 + k][1]), now[number.id], abs_tol=1e-6), number.id
        assert math.isclose(float(rows[2 + k][2]), before[number.id], abs_tol=1e-6), number.id


def test_each_body_inside_a_roll_up_is_beside_its_last_year(years: Years) -> None:
    header, *rows = sheet(years.city[THIS], BODIES_SHEET)
    mark = header.index(LAST_YEAR_HEADER)
    last = header.index(f"{COMPARED[0].name}（{LAST}年）")
    old = {b.name: b for _, bodies in map(record_of, years.rollups[LAST]) for b in bodies}
    ids = list(record_of(years.rollups[LAST][0])[0].ids)
    assert len(rows) == 2 * BODIES[THIS]
    for row in rows:
        body = old.get(str(row[0]))
        if body is None:  # new this year
            assert (row[mark], row[last]) == (NO_LAST_YEAR, "")
            continue
        assert row[mark] == f"{LAST}年（{LAST}年汇总）"
        expected = math.fsum(body.figures[ids.index(k)] for k in COMPARED[0].ids)
        assert math.isclose(float(row[last]), expected, abs_tol=1e-6), row
    assert sum(row[mark] == NO_LAST_YEAR for row in rows) == len(COUNTIES)


def test_the_citys_report_compares_in_the_citys_words(years: Years) -> None:
    html = (years.city[THIS].outdir / "汇总报告.html").read_text(encoding="utf-8")
    assert html.count("比上年") + html.count("与上年持平") >= len(COMPARED)
    assert "全县" not in html and f"全市{COMPARED[0].name}" in html
