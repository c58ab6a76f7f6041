"""Up the hierarchy (issue 15): the level's bodies, from its own inbox and from the roll-ups of the level below.

A run at any level sees two kinds of input: bodies' own files (checked here, one by one) and roll-ups
of the regions below (their bodies checked there). This module puts them together so that every body is
counted once, and says which copy counts when one is found twice (pipeline/decide/once.py):

- a roll-up of another year is refused; of two roll-ups of one region, the newer replaces the older;
- a file of a region itself (a published 全县 report, a roster row of a region kind) is that region's
  declared total (全域): compared with its parts, never added to them (本级 bodies are bodies like any other);
- bodies received directly stand under the roster's 上级 for them, else under this level itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from pipeline.common.frames import column_rows
from pipeline.common.labels import normalise_label
from pipeline.decide.jobs import META
from pipeline.decide.roster import RosterBody, RosterIndex
from pipeline.decide.status import FileStatus
from pipeline.types import Issue, RecordBody, Rollup, Status
from schemas import SPEC
from schemas.hierarchy import OWN_REGION
from schemas.spec import ReportSpec

REGION = "region"  # the accepted frame's column of a body's regions below this level ("某县" or "某县/某镇")


@dataclass(frozen=True)
class Region:
    """The region a run rolls up: --region and --region-code."""

    name: str = ""
    code: str = ""


@dataclass
class Tree:
    """This level as its outputs and its own record need it."""

    region: Region
    level: int  # 0: bodies' files only (a county); 1 + the highest level of the roll-ups counted
    rollups: list[Rollup] = field(default_factory=list)  # counted, one per region below
    bodies: list[RecordBody] = field(default_factory=list)  # every body beneath, counted or not; paths below this level
    accepted: pd.DataFrame = field(default_factory=pd.DataFrame)  # META, [region], numbers: every body counted
    issues: list[Issue] = field(default_factory=list)  # of the roll-ups and of counting once
    regions_expected: tuple[RosterBody, ...] = ()  # roster rows of regions below

    @property
    def above_county(self) -> bool:
        return self.level > 0


def region_key(name: str, code: str = "") -> str:
    """Which region: by 行政区划代码 when given, else by name (as Rollup.key)."""
    return code or "region:" + normalise_label(name)


def parent_of(roster: Sequence[RosterBody] | None, name: str, code: str) -> tuple[str, ...]:
    """The regions a directly received body stands under (the roster's 上级), below this level."""
    body = RosterIndex.of(list(roster)).match(name, code) if roster else None
    return (body.parent,) if body and body.parent else ()


def direct_bodies(accepted: pd.DataFrame, statuses: Sequence[FileStatus], roster: Sequence[RosterBody] | None,
                  spec: ReportSpec = SPEC) -> list[RecordBody]:
    """The record lines of the bodies received directly: counted ones with their figures, the others without."""
    ids = [n.id for n in spec.numbers]
    status_of = {s.file: s for s in statuses if s.file}
    values = accepted[ids].to_numpy(dtype=float)
    bodies = []
    for i, (name, kind, code, file) in enumerate(column_rows(accepted, META)):
        s = status_of.get(file)
        bodies.append(RecordBody(code, name, kind, parent_of(roster, name, code), s.status.value if s else "",
                                 s.date if s else "", file, tuple(values[i].tolist())))
    for s in statuses:
        if s.status in (Status.REJECTED, Status.NOT_SENT) and s.body:
            bodies.append(RecordBody(s.code, s.body, s.kind, parent_of(roster, s.body, s.code), s.status.value, s.date,
                                     s.file))
    return bodies


def body_rows(bodies: Sequence[RecordBody], spec: ReportSpec = SPEC) -> pd.DataFrame:
    """The accepted frame of counted record bodies: META, region, then every number."""
    counted = [b for b in bodies if b.figures]
    ids = [n.id for n in spec.numbers]
    meta = pd.DataFrame([(b.name, b.kind, b.code, b.file, "/".join(b.path)) for b in counted],
                        columns=[*META, REGION])
    numbers = pd.DataFrame(np.array([b.figures for b in counted], dtype=float).reshape(len(counted), len(ids)),
                           columns=ids)
    return pd.concat([meta, numbers], axis=1)


def sorted_rows(frame: pd.DataFrame) -> pd.DataFrame:
    """By region, then as the county sorts its bodies (type, name, code)."""
    return frame.sort_values([REGION, "kind", "name", "code"], kind="stable").reset_index(drop=True)


def top_region(path: str) -> str:
    """The region right below this level of a body's REGION value; OWN_REGION for a body of this level itself."""
    return path.split("/", 1)[0] or OWN_REGION


def region_sums(accepted: pd.DataFrame, order: Sequence[str], spec: ReportSpec = SPEC) -> pd.DataFrame:
    """Per region right below this level: its number of counted bodies and every number summed; indexed by
    region, in `order` (regions without counted bodies have zeros), then others, OWN_REGION last."""
    ids = [n.id for n in spec.numbers]
    tops = accepted[REGION].map(top_region) if len(accepted) else pd.Series(dtype=str)
    grouped = accepted[ids].groupby(tops).sum() if len(accepted) else pd.DataFrame(columns=ids)
    counts = tops.value_counts()
    names = list(dict.fromkeys([*order, *sorted(n for n in grouped.index if n != OWN_REGION),
                                *([OWN_REGION] if OWN_REGION in grouped.index else [])]))
    out = grouped.reindex(names, fill_value=0.0).astype(float)
    out.insert(0, "bodies", counts.reindex(names, fill_value=0).astype(int))
    return out
