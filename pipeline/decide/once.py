"""Every body counted once: a body found in two roll-ups, or both directly and inside a roll-up, is an error
naming both places, and only one copy counts.

Which copy counts until the coordinator resolves it: the body's own file received directly at this level
(it was checked here, in this run, and can be sent back from here), else the copy with the latest 填报日期
(the body's latest report, as between two workbooks), else the roll-up of the region first by code or name.
The other copies stay in the record with the status DUPLICATE and no figures, so no total counts them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from pipeline.common.messages import fill
from pipeline.decide.hierarchy import region_key
from pipeline.types import Issue, RecordBody, Rollup
from schemas import SPEC
from schemas.spec import ReportSpec

DUPLICATE = "重复，未计入"


def place_text(body: RecordBody, rollup: Rollup | None) -> str:
    """Where a copy of a body is, for people."""
    if rollup is None:
        return f"直接报送的文件“{body.file}”"
    return f"“{rollup.region}”的汇总表“{rollup.file}”（{'/'.join(body.path)}，原文件“{body.file}”）"


def count_once(direct: Sequence[RecordBody], rollups: Sequence[Rollup],
               spec: ReportSpec = SPEC) -> tuple[list[RecordBody], list[Issue]]:
    """Every body beneath this level, each counted once, and an Issue for every copy that is not counted."""
    winner: dict[str, tuple[RecordBody, Rollup | None]] = {b.key: (b, None) for b in direct if b.figures}
    # The sort key of each copy: its date, then its roll-up's region and file, each roll-up's made once (and each
    # date read once: a province's 9,600 bodies have a few hundred dates)
    regions = [(region_key(r.region, r.code), r.file) for r in rollups]
    dates: dict[str, tuple[int, ...]] = {}
    copies = [((dates.get(b.date) or dates.setdefault(b.date, _neg_date(b.date)), *regions[k]), b, r)
              for k, r in enumerate(rollups) for b in r.bodies if b.figures]
    copies.sort(key=lambda c: c[0])
    for _, b, r in copies:
        winner.setdefault(b.key, (b, r))
    rule = spec.rule("R-ROLLUP-TWICE")
    issues: list[Issue] = []
    bodies = list(direct)
    for r in rollups:
        for b in r.bodies:
            kept = winner.get(b.key) if b.figures else None
            if kept is None or (kept[0] is b and kept[1] is r):
                bodies.append(b)
                continue
            bodies.append(replace(b, status=DUPLICATE, figures=()))
            message = (f"单位“{b.name}”（{b.code or '无信用代码'}）计入了两次：{place_text(*kept)}；{place_text(b, r)}。"
                       f"按前者计入合计，后者未计入。请核实该单位属于哪个区划，让多报的一方改正后重新报送")
            issues.append(Issue(r.file, b.name, "", (), rule.id, rule.severity, fill(rule.message, detail=message),
                                sender=r.sender))
    return bodies, issues


def _neg_date(date: str) -> tuple[int, ...]:
    """A sort key that puts the latest 填报日期 (YYYY-MM-DD) first and copies without a date last."""
    parts = date.split("-")
    if len(parts) == 3 and all(p.isdigit() for p in parts):
        return tuple(-int(p) for p in parts)
    return (1,)

