"""Property: any valid set of figures written into the template reads back unchanged and passes every check."""

from __future__ import annotations

import random
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pipeline.checks.runner import check_batch
from pipeline.reading.workbook import read_path
from pipeline.template.build import build_template
from pipeline.types import Fill
from schemas import SPEC
from schemas.conditions import FEE_UNIT_LIMIT
from schemas.spec import Kind
from schemas.tables import t3_id, t4_id
from tests.factories import info_for, texts_for, totals_of, valid_numbers

YEAR = 2024
INPUT_COUNTS = tuple(n.id for n in SPEC.numbers if not n.derived and n.kind is Kind.COUNT)
TEXT_STYLES = (
    lambda v: str(v).translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}),  # full-width digits
    lambda v: f" {v} ",
    lambda v: f"{v}.0",
)


@st.composite
def figures(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, float], str]:
    """(what is written into the cells, the figures it means, 单位类型)."""
    seed = draw(st.integers(0, 2**32 - 1))
    scale = draw(st.integers(0, 10_000))  # the totals stay under the 10 million plausibility limit
    numbers: dict[str, Any] = dict(valid_numbers(random.Random(seed), scale))
    fee: Decimal = draw(st.decimals(0, FEE_UNIT_LIMIT, places=4, allow_nan=False, allow_infinity=False))
    numbers["t2_fee"] = float(fee)
    meant = {k: float(v) for k, v in numbers.items()}
    # A few counts typed as text the way people do; they must read back as the same numbers, silently.
    for number_id in draw(st.lists(st.sampled_from(INPUT_COUNTS), max_size=4, unique=True)):
        style = draw(st.sampled_from(TEXT_STYLES))
        numbers[number_id] = style(int(numbers[number_id]))
    return numbers, meant, draw(st.sampled_from(SPEC.body_kinds))


def _implausible(totals: dict[str, float]) -> bool:
    # R-T4-PLAUSIBLE rightly warns when there are cases but no applications at all.
    cases = sum(totals[t4_id(g, "total")] for g in ("rv", "ld", "lr"))
    return cases > 0 and totals[t3_id("new", "total")] + totals[t3_id("carry", "total")] == 0


@settings(max_examples=25, deadline=None)
@given(figures())
def test_valid_figures_round_trip(case: tuple[dict[str, Any], dict[str, float], str]) -> None:
    written, meant, kind = case
    expected = totals_of(meant)
    assume(not _implausible(expected))
    assert set(expected) == {n.id for n in SPEC.numbers}
    info = info_for("往返测试乡人民政府", kind, YEAR, seed=7)
    with tempfile.TemporaryDirectory() as tmp:
        path = build_template(Path(tmp) / "往返.xlsx", Fill(info=info, numbers=written, texts=texts_for("往返")))
        sub = read_path(path, path.name)
    batch = check_batch([sub], YEAR)

    assert batch.issues == []
    # The formulas' cached values are what Excel shows: SUM skips the text cells.
    cached = totals_of({k: 0 if isinstance(v, str) else v for k, v in written.items()})
    row = batch.frame.iloc[0].to_dict()
    assert row == expected  # exact: inputs as written, derived totals the sum of their parts
    for n in SPEC.numbers:
        if n.derived:
            assert row[n.id] == sum(row[p] for p in n.parts), n.id
            assert sub.numbers[n.id] == cached[n.id], f"cached value of the {n.id} formula"
        elif not isinstance(written[n.id], str):
            assert sub.numbers[n.id] == written[n.id], n.id
    assert sub.info["name"] == info["name"] and sub.info["kind"] == kind and sub.info["code"] == info["code"]
    assert sub.texts == texts_for("往返")
