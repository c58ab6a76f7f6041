"""Across years: last year's figures check this year's (FORMAT.md §4 R-T3-CARRY-CONT, R-T2-VALID-CONT,
R-YOY-IDENTICAL and our R-YOY-JUMP; the rules are in schemas/cross_year_rules.py).

Last year's data (History, pipeline/checks/last_year.py) is made by pipeline/decide/history.py from the run's own
earlier output, workbooks or published reports.

These checks are not part of the per-submission check cache (pipeline/checks/runner.py Checks): they depend on
last year's data, not only on the reading, the name and the year. They run after the cached checks, on the
checked figures of the whole batch at once: one matrix of last year's figures aligned with the batch's rows,
compared with numpy; only texts are compared one by one.
"""

from __future__ import annotations

import difflib
import math
import operator
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from pipeline.checks.batch import Batch
from pipeline.checks.issues import make_issue, number_cells
from pipeline.checks.last_year import History, LastYear
from pipeline.checks.runner import apply_explanations
from pipeline.common.cells import a1
from pipeline.common.numbers import format_number
from pipeline.types import Issue, Submission
from schemas import SPEC
from schemas.cross_year_rules import CHAINS, JUMP_FACTOR, JUMP_FLOOR, TEXT_MIN_CHARS, TEXT_SIMILAR
from schemas.spec import Number, ReportSpec
from schemas.tables import T3_ROWS, T3_TOTAL_COL, T4_GROUPS, t3_id, t4_id


@dataclass(frozen=True)
class CrossYear:
    """What the cross-year checks found: problems, and the bodies that had no report of last year."""

    issues: list[Issue]
    without: list[str]  # files of this year's bodies with no last year (无上年数据): not checked, no error
    found: dict[str, LastYear] = field(default_factory=dict)  # file -> its body's report of last year


def check_cross_year(batch: Batch, history: History, year: int, spec: ReportSpec = SPEC) -> list[Issue]:
    """Every cross-year problem of the batch (warnings explained in the 说明 column marked so)."""
    return cross_year(batch, history, year, spec).issues


def cross_year(batch: Batch, history: History, year: int, spec: ReportSpec = SPEC) -> CrossYear:
    """check_cross_year's problems and the bodies without last year."""
    if not history or not batch.subs:
        return CrossYear([], [s.file for s in batch.subs] if history else [])
    last = [history.find(sub.body, year - 1) for sub in batch.subs]
    ids = [n.id for n in spec.numbers]
    col = {i: j for j, i in enumerate(ids)}
    this = batch.frame[ids].to_numpy(dtype=float)
    before = np.full(this.shape, np.nan)
    for i, body in enumerate(last):
        if body is not None:
            before[i] = [body.values.get(k, math.nan) for k in ids]
    ctx = _Context(batch.subs, last, this, before, col, year, spec)
    issues = [*_chains(ctx), *_identical(ctx), *_jumps(ctx), *_lawsuits_after_review(ctx),
              *_first_carry(ctx, history.described(year - 1))]
    without = [s.file for s, b in zip(batch.subs, last, strict=True) if b is None]
    found = {s.file: b for s, b in zip(batch.subs, last, strict=True) if b is not None}
    return CrossYear(apply_explanations(issues, batch.subs), without, found)


@dataclass(frozen=True)
class _Context:
    subs: list[Submission]
    last: list[LastYear | None]
    this: np.ndarray
    before: np.ndarray  # last year's figures, NaN where unknown or no last year
    col: dict[str, int]
    year: int
    spec: ReportSpec

    def issue(self, rule: str, i: int, number: Number, last_number: Number, **values: Any) -> Issue:
        body = self.last[i]
        assert body is not None
        this, last = self.this[i, self.col[number.id]], self.before[i, self.col[last_number.id]]
        return make_issue(self.spec, rule, self.subs[i], number.sheet, number_cells(number),
                          actual=format_number(this), this=format_number(this), last=format_number(last),
                          year=self.year, last_year=body.year, last_cell=body.cell(last_number),
                          source=body.source, **values)


def _rows(mask: np.ndarray) -> Iterator[int]:
    return (int(i) for i in np.flatnonzero(mask))


def _chains(ctx: _Context) -> Iterator[Issue]:
    """R-T3-CARRY-CONT and R-T2-VALID-CONT: this year's figure = last year's + Σplus − Σminus (schemas CHAINS)."""
    for chain in CHAINS:
        this, last = ctx.spec.number(chain.this), ctx.spec.number(chain.last)
        now, made, repealed = (ctx.this[:, [ctx.col[k] for k in ids]].sum(axis=1)
                               for ids in ((chain.this,), chain.plus, chain.minus))
        expected = ctx.before[:, ctx.col[last.id]] + made - repealed
        for i in _rows(~np.isnan(expected) & ~np.isnan(now) & (np.abs(now - expected) > 1e-9)):
            yield ctx.issue(chain.rule, i, this, last, scope=chain.scope, expected=format_number(expected[i]),
                            made=format_number(made[i]), repealed=format_number(repealed[i]))


def _identical(ctx: _Context) -> Iterator[Issue]:
    known = ~np.isnan(ctx.before)
    counted = known.sum(axis=1)
    same = ((ctx.this == ctx.before) | ~known).all(axis=1)
    nonzero = (np.where(known, np.abs(ctx.before), 0) > 0).any(axis=1)
    numbers_copied = same & nonzero & (counted > 0)
    for i, body in enumerate(ctx.last):
        if body is None:
            continue
        parts = [f"表二、表三、表四的全部 {int(counted[i])} 个数字"] if numbers_copied[i] else []
        parts += [f"文字内容“{f.heading}”" for f in ctx.spec.text_fields
                  if _copied(ctx.subs[i].texts.get(f.id, ""), body.texts.get(f.id, ""))]
        if parts:
            how = "完全相同" if numbers_copied[i] and len(parts) == 1 else f"相同或相似度超过{TEXT_SIMILAR:.0%}"
            sheet = ctx.spec.sheets.t3 if numbers_copied[i] else ctx.spec.sheets.text
            yield make_issue(ctx.spec, "R-YOY-IDENTICAL", ctx.subs[i], sheet, (), detail="、".join(parts),
                             how=how, last_year=body.year, source=body.source, year=ctx.year)


def _copied(now: str, before: str) -> bool:
    now, before = now.strip(), before.strip()
    if len(now) < TEXT_MIN_CHARS or len(before) < TEXT_MIN_CHARS:
        return False
    if now == before:
        return True
    # Cheapest bounds first: difflib's ratio is 2·matches / (len(now) + len(before)), so lengths that differ too
    # much can never match (real_quick_ratio, without building a matcher); the bigram filter is linear; difflib's
    # ratio is quadratic on unlike texts, and its matcher costs a pass over the text just to be made.
    if 2 * min(len(now), len(before)) / (len(now) + len(before)) <= TEXT_SIMILAR:
        return False
    if _pair_overlap(now, before) < PAIR_FILTER:
        return False
    matcher = difflib.SequenceMatcher(None, now, before, autojunk=False)
    return matcher.quick_ratio() > TEXT_SIMILAR and matcher.ratio() > TEXT_SIMILAR


# Texts that share fewer of their distinct pairs of adjacent characters than this are never > 90 % alike for difflib: a
# match of 90 % of the characters in a few long blocks keeps nearly all pairs.
PAIR_FILTER = 0.6


def _pair_overlap(a: str, b: str) -> float:
    """Dice similarity of the sets of adjacent character pairs (bigrams)."""
    pa, pb = set(map(operator.add, a, a[1:])), set(map(operator.add, b, b[1:]))
    return 2 * len(pa & pb) / max(1, len(pa) + len(pb))


def jump_ids(spec: ReportSpec = SPEC) -> list[str]:
    """The figures R-YOY-JUMP compares: every figure of 表二, 表三's 总计 column, 表四's totals.

    Not 表三's 上年结转 and 结转下年度: a few pending applications more or less is no sign of a wrong figure, and
    上年结转 is held to last year's 结转下年度 exactly by R-T3-CARRY-CONT.
    """
    t3 = {t3_id(r, T3_TOTAL_COL) for r, *_ in T3_ROWS if r not in ("carry", "next")}
    t4 = {t4_id(g, "total") for g, _ in T4_GROUPS}
    return [n.id for n in spec.numbers if n.table == "T2" or n.id in t3 or n.id in t4]


def _jumps(ctx: _Context) -> Iterator[Issue]:
    for number_id in jump_ids(ctx.spec):
        number = ctx.spec.number(number_id)
        now, before = ctx.this[:, ctx.col[number_id]], ctx.before[:, ctx.col[number_id]]
        with np.errstate(invalid="ignore", divide="ignore"):
            small, large = np.fmin(now, before), np.fmax(now, before)
            jump = (small > 0) & (large >= JUMP_FLOOR) & (large >= JUMP_FACTOR * small) & ~np.isnan(now + before)
        for i in _rows(jump):
            ratio = large[i] / small[i]
            yield ctx.issue("R-YOY-JUMP", i, number, number, scope=number.label,
                            ratio=format_number(round(ratio, 1)), expected=format_number(before[i]))


def _lawsuits_after_review(ctx: _Context) -> Iterator[Issue]:
    (rv, _), *_, (lr, label) = T4_GROUPS
    suits, review = ctx.spec.number(t4_id(lr, "total")), ctx.spec.number(t4_id(rv, "total"))
    now, reviews = ctx.this[:, ctx.col[suits.id]], ctx.this[:, ctx.col[review.id]]
    both = reviews + ctx.before[:, ctx.col[review.id]]
    for i in _rows(~np.isnan(both) & ~np.isnan(now) & (now > both)):
        yield ctx.issue("R-T4-LR-VS-RV", i, suits, review, scope=f"表四 {label}", review=format_number(reviews[i]),
                        review_cell=a1(review.row, review.col), expected=format_number(both[i]))


def _first_carry(ctx: _Context, sources: str) -> Iterator[Issue]:
    carry = ctx.spec.number(t3_id("carry", T3_TOTAL_COL))
    now = ctx.this[:, ctx.col[carry.id]]
    for i in _rows(np.array([b is None for b in ctx.last]) & ~np.isnan(now) & (now > 0)):
        yield make_issue(ctx.spec, "R-T3-CARRY-ZERO-FIRST", ctx.subs[i], carry.sheet, number_cells(carry),
                         expected="0", actual=format_number(now[i]), scope="表三 总计列", this=format_number(now[i]),
                         year=ctx.year, last_year=ctx.year - 1, source=sources)


def matched(subs: list[Submission], history: History, year: int) -> Mapping[str, LastYear]:
    """File -> last year's report of its body, for the submissions that have one."""
    found = {s.file: history.find(s.body, year - 1) for s in subs}
    return {f: b for f, b in found.items() if b is not None}
