"""make bench's year of history (tests/bench_history.py) is one the cross-year checks find chained: the figure
h1/a1 measures the checks' work on a real year, not the cost of reporting a chain break for every body."""

from __future__ import annotations

import random

from pipeline.checks.batch import build_batch
from pipeline.checks.cross_year import check_cross_year
from pipeline.checks.last_year import OWN_RUN, History, LastYear
from pipeline.types import Body, Submission
from schemas import SPEC
from tests.bench_history import last_year_figures
from tests.factories import make_code, totals_of, valid_numbers


def test_the_bench_history_keeps_every_chain() -> None:
    for seed in range(20):
        now = totals_of(valid_numbers(random.Random(seed)))
        before = {k: v for k, v in last_year_figures(dict(now)).items() if v is not None}
        body = Body(f"单位{seed}", "乡镇", make_code(seed), 2024, None)
        sub = Submission("a.xlsx", "", b"", 0.0, body, numbers={n.id: now[n.id] for n in SPEC.numbers})
        last = LastYear(body.name, body.kind, body.code, 2023, "2023年汇总", OWN_RUN, before)
        issues = check_cross_year(build_batch([sub]), History([last]), 2024)
        assert [i.rule for i in issues if i.rule in ("R-T3-CARRY-CONT", "R-T2-VALID-CONT", "R-YOY-IDENTICAL")] == []
        assert before != now
