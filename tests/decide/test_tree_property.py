"""Property (issue 15): over random trees (province ← cities ← counties ← bodies), the top totals equal the sum of
the bodies, each counted once, and every arrangement of double counting is caught exactly once.

Each level is built with the tool's own steps: a county's record lines (pipeline/outputs/levels.py), read back
and checked as the next level's reader does (parse_record), the level above put together by build_tree.
Expected totals are the plain sum over the distinct bodies drawn here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.decide.hierarchy import Region, Tree
from pipeline.decide.jobs import META
from pipeline.decide.levels import build_tree
from pipeline.decide.sums import county_totals
from pipeline.outputs.levels import level_record
from pipeline.reading.rollup_record import parse_record
from pipeline.types import RecordBody, Rollup
from schemas import SPEC
from tests.factories import make_code

YEAR = 2024
IDS = [n.id for n in SPEC.numbers]
USED = IDS[:12]  # a few figures per body keep the examples small; the others stay 0


@dataclass(frozen=True)
class Drawn:
    """A tree: cities -> counties -> body numbers, each body's figures, and the extra copies of bodies."""

    cities: list[list[list[int]]]
    figures: dict[int, tuple[float, ...]]
    copies: list[tuple[int, tuple[int, ...]]]  # (body, place): (city, county) inside a county, (city,) direct, () top


@st.composite
def trees(draw: st.DrawFn) -> Drawn:
    shape = draw(st.lists(st.lists(st.integers(1, 4), min_size=1, max_size=3), min_size=1, max_size=3))
    cities, n = [], 0
    for counties in shape:
        cities.append([list(range(n + sum(counties[:k]), n + sum(counties[:k + 1]))) for k in range(len(counties))])
        n += sum(counties)
    figures = {b: tuple(float(draw(st.integers(0, 50))) if i < len(USED) else 0.0 for i in range(len(IDS)))
               for b in range(n)}
    places = [(c, k) for c, counties in enumerate(shape) for k in range(len(counties))]
    place = st.one_of(st.sampled_from(places), st.tuples(st.integers(0, len(shape) - 1)), st.just(()))
    copies = draw(st.lists(st.tuples(st.integers(0, n - 1), place), max_size=6))
    return Drawn(cities, figures, copies)


def body(b: int, figures: tuple[float, ...]) -> RecordBody:
    return RecordBody(make_code(10_000 + b), f"单位{b}", "县直部门", (), "通过", "2025-01-15", f"单位{b}.xlsx", figures)


def frame(bodies: list[RecordBody]) -> pd.DataFrame:
    """The accepted frame of bodies received directly at a level."""
    rows = [dict(zip(META, (b.name, b.kind, b.code, b.file), strict=True)) | dict(zip(IDS, b.figures, strict=True))
            for b in bodies]
    return pd.DataFrame(rows, columns=[*META, *IDS])


def sent_up(tree: Tree, file: str) -> Rollup:
    """The level's 汇总.xlsx as the level above reads it: its record lines, parsed and checked."""
    head, bodies = parse_record(level_record(tree, YEAR, county_totals(tree.accepted, SPEC)))
    return Rollup(file, "", 0.0, head.region, head.code, head.year, head.level, head.tool, head.ids, head.totals,
                  tuple(bodies))


def level(name: str, direct: list[RecordBody], below: list[Rollup]) -> tuple[Tree, int]:
    tree, _ = build_tree(Region(name, ""), frame(direct), [], below, [], None, SPEC)
    return tree, sum(1 for i in tree.issues if i.rule == "R-ROLLUP-TWICE")


@settings(max_examples=40, deadline=None)
@given(trees())
def test_top_totals_are_the_bodies_sum_and_every_double_count_is_caught(drawn: Drawn) -> None:
    inside = {b: [(c, k)] for c, counties in enumerate(drawn.cities) for k, bs in enumerate(counties) for b in bs}
    direct: dict[tuple[int, ...], list[int]] = {}
    for b, where in drawn.copies:  # a copy where the body already is: the same file again, superseded, not a copy
        if len(where) == 2 and where not in inside[b]:
            inside[b].append(where)  # type: ignore[arg-type]
        elif len(where) < 2 and b not in direct.get(where, []):
            direct.setdefault(where, []).append(b)
    caught, city_rollups = 0, []
    for c, counties in enumerate(drawn.cities):
        county_rollups = []
        for k in range(len(counties)):
            held = [body(b, drawn.figures[b]) for b in sorted(inside) for w in inside[b] if w == (c, k)]
            county, found = level(f"县{c}-{k}", held, [])
            caught += found
            county_rollups.append(sent_up(county, f"市{c}/县{k}/汇总.xlsx"))
        city, found = level(f"市{c}", [body(b, drawn.figures[b]) for b in direct.get((c,), [])], county_rollups)
        caught += found
        city_rollups.append(sent_up(city, f"市{c}/汇总.xlsx"))
    top, found = level("省", [body(b, drawn.figures[b]) for b in direct.get((), [])], city_rollups)
    caught += found
    copies_per_body = {b: len(w) for b, w in inside.items()}
    for bs in direct.values():
        for b in bs:
            copies_per_body[b] += 1
    assert caught == sum(n - 1 for n in copies_per_body.values())
    got = county_totals(top.accepted, SPEC)
    expected = [math.fsum(drawn.figures[b][i] for b in drawn.figures) for i in range(len(IDS))]
    assert all(math.isclose(got[k], e, abs_tol=1e-6) for k, e in zip(IDS, expected, strict=True))
    assert sorted(top.accepted["code"]) == sorted(make_code(10_000 + b) for b in drawn.figures)
    assert sent_up(top, "省/汇总.xlsx").totals == tuple(got[k] for k in IDS)
