"""Property: the county roll-up is the column sum of the accepted bodies and obeys every equation rule.

Checked on pipeline.rollup.county_totals and on what run_report writes into 汇总.xlsx (汇总, 明细, 按类型).
"""

from __future__ import annotations

import math
import random
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook

from pipeline.checks.equations import equation_failures
from pipeline.decide.sums import by_kind, county_totals
from pipeline.excel.grid import last_row
from pipeline.excel.tables import STACK_GAP, STACK_MAPS
from pipeline.outputs.rollup import META, TOTAL_LABEL
from pipeline.report import run_report
from pipeline.settings import ROLLUP_NAME
from pipeline.template.build import build_template
from pipeline.types import Fill, Status
from schemas import SPEC
from schemas.conditions import FEE_UNIT_LIMIT
from tests.factories import info_for, texts_for, totals_of, valid_numbers

YEAR = 2024
IDS = [n.id for n in SPEC.numbers]


@st.composite
def body(draw: st.DrawFn) -> tuple[str, dict[str, float]]:
    """(单位类型, input figures) of one valid body."""
    numbers = valid_numbers(random.Random(draw(st.integers(0, 2**32 - 1))), draw(st.integers(0, 500)))
    fee: Decimal = draw(st.decimals(0, FEE_UNIT_LIMIT, places=4, allow_nan=False, allow_infinity=False))
    return draw(st.sampled_from(SPEC.body_kinds)), numbers | {"t2_fee": float(fee)}


def stacked_cells() -> dict[str, tuple[int, int]]:
    """Where write_stacked puts each number on the 汇总 sheet (0-based row, col)."""
    cells: dict[str, tuple[int, int]] = {}
    row = 1  # below the heading
    for layout in SPEC.tables:
        for n in layout.numbers:
            cells[n.id] = (row + n.row, STACK_MAPS[layout.id][n.col][0])
        row += last_row(layout) + 1 + STACK_GAP
    return cells


def assert_close(got: dict[str, float], expected: dict[str, float], what: str) -> None:
    bad = {k: (got[k], expected[k]) for k in expected if not math.isclose(got[k], expected[k], abs_tol=1e-6)}
    assert bad == {}, f"{what}: (got, expected) differ"


def assert_obeys_equations(totals: dict[str, float]) -> None:
    frame = pd.DataFrame([totals])
    broken = [(r.id, eq.key) for r in SPEC.rules for eq in r.equations if len(equation_failures(frame, eq))]
    assert broken == []


def _grid(wb: CalamineWorkbook, sheet: str) -> list[list[Any]]:
    return wb.get_sheet_by_name(sheet).to_python(skip_empty_area=False)


@settings(max_examples=6, deadline=None)
@given(st.lists(body(), min_size=1, max_size=5))
def test_rollup_is_the_sum_of_accepted_bodies(bodies: list[tuple[str, dict[str, float]]]) -> None:
    expected = {k: 0.0 for k in IDS}
    for _, numbers in bodies:
        for k, v in totals_of(numbers).items():
            expected[k] += v

    with tempfile.TemporaryDirectory() as tmp:
        inbox, out = Path(tmp) / "inbox", Path(tmp) / "out"
        for i, (kind, numbers) in enumerate(bodies):
            name = f"测试单位{i + 1}"
            fill = Fill(info=info_for(name, kind, YEAR, seed=1000 + i), numbers=numbers, texts=texts_for(name))
            build_template(inbox / f"{name}.xlsx", fill)
        result = run_report(inbox, YEAR, out, progress=False)
        wb = CalamineWorkbook.from_path(str(result.outdir / ROLLUP_NAME))
        summary, detail, kinds = (_grid(wb, s) for s in ("汇总", "明细", "按类型"))

    assert [s.status in (Status.PASSED, Status.WARNED) for s in result.statuses] == [True] * len(bodies)
    assert len(result.accepted) == len(bodies)

    totals = county_totals(result.accepted)
    assert_close(totals, expected, "county_totals")
    assert_obeys_equations(totals)

    assert f"共 {len(bodies)} 个单位" in summary[0][0]
    cells = stacked_cells()
    written = {k: float(summary[r][c]) for k, (r, c) in cells.items()}
    assert_close(written, expected, "汇总 sheet")
    assert_obeys_equations(written)

    total_row = detail[len(bodies) + 1]
    assert total_row[0] == TOTAL_LABEL
    assert_close(dict(zip(IDS, map(float, total_row[len(META):]), strict=True)), expected, "明细 合计")

    subtotals = by_kind(result.accepted)
    assert list(subtotals.index) == [k for k in SPEC.body_kinds if k in {kind for kind, _ in bodies}]
    assert int(subtotals["bodies"].sum()) == len(bodies)
    assert_close(subtotals[IDS].sum(axis=0).to_dict(), totals, "按类型 subtotals")
    rows = kinds[1:]
    assert [r[0] for r in rows] == list(subtotals.index)
    assert sum(int(r[1]) for r in rows) == len(bodies)
    sheet_sums = {k: sum(float(r[2 + j]) for r in rows) for j, k in enumerate(IDS)}
    assert_close(sheet_sums, expected, "按类型 sheet")
