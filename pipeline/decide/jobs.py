"""The per-body jobs of a run and the frame of accepted bodies, built from the checked batch."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from pipeline.common.filenames import unique_stems
from pipeline.decide.roster import RosterBody, RosterIndex
from pipeline.decide.status import FileStatus
from pipeline.reading.document import typed
from pipeline.types import BodyJob, Figures, Issue, Status, Submission
from schemas import SPEC
from schemas.spec import ReportSpec

META = ("name", "kind", "code", "file")  # the columns of the accepted frame before its numbers


def refused_jobs(statuses: list[FileStatus], refused: list[Issue], year: int,
                  taken: list[tuple[str, str]]) -> list[BodyJob]:
    """A file we could not read, but whose body the roster names: send back a fresh personal template."""
    problem = {i.file: i for i in refused}
    identified = [s for s in statuses if s.file in problem and s.body]
    stems = unique_stems(taken + [(s.body, s.code) for s in identified])[len(taken):]
    return [BodyJob(s.body, s.kind, s.code, year, s.file, "", stem, issues=(problem[s.file],), accepted=False,
                    raw_info={"name": s.body, "kind": s.kind, "code": s.code, "year": year})
            for s, stem in zip(identified, stems, strict=True)]


def with_reply_details(job: BodyJob, roster: list[RosterBody] | None, deadline: str) -> BodyJob:
    """What a reply to a body sent back needs beyond its workbook: the roster's contact, the deadline."""
    body = RosterIndex.of(roster).match(job.name, job.code) if roster else None
    return replace(job, contact=body.contact if body else "", deadline=deadline)


def accepted_frame(frame: pd.DataFrame, subs: list[Submission], keep: list[int], spec: ReportSpec) -> pd.DataFrame:
    """One row per accepted body: META columns, then every number; sorted by type and name."""
    ids = [n.id for n in spec.numbers]
    numbers = frame.iloc[keep][ids].reset_index(drop=True)
    meta = pd.DataFrame([_meta(subs[i]) for i in keep], columns=list(META))
    return pd.concat([meta, numbers], axis=1).sort_values(["kind", "name", "code"], kind="stable").reset_index(drop=True)


def _meta(sub: Submission) -> dict[str, str]:
    return {"name": sub.body.name, "kind": sub.body.kind, "code": sub.body.code, "file": sub.file}


def body_jobs(subs: list[Submission], frame: pd.DataFrame, statuses: dict[str, Status], issues: list[Issue],
              year: int, spec: ReportSpec = SPEC) -> list[BodyJob]:
    """One job per body: its chosen submission, accepted or sent back (superseded files get none)."""
    chosen = [i for i, s in enumerate(subs) if statuses[s.file] in (Status.PASSED, Status.WARNED, Status.REJECTED)]
    metas = [_meta(subs[i]) for i in chosen]
    stems = unique_stems((m["name"] or Path(subs[i].file).stem, m["code"]) for i, m in zip(chosen, metas, strict=True))
    ids = [n.id for n in spec.numbers]
    index = {number_id: j for j, number_id in enumerate(ids)}
    values = np.ascontiguousarray(frame[ids].to_numpy(dtype=np.float64))
    by_file: dict[str, list[Issue]] = {}
    for issue in issues:
        by_file.setdefault(issue.file, []).append(issue)
    return [
        BodyJob(m["name"], m["kind"], m["code"], year, subs[i].file, subs[i].sha256, stem,
                Figures(index, values[i].tobytes()), dict(subs[i].texts),
                {k: str(v) for k, v in subs[i].info.items()}, tuple(by_file.get(subs[i].file, ())),
                statuses[subs[i].file] != Status.REJECTED, **_raw_if_rejected(subs[i], statuses[subs[i].file]))
        for i, m, stem in zip(chosen, metas, stems, strict=True)
    ]


def _raw_if_rejected(sub: Submission, status: Status) -> dict[str, Any]:
    # Only a body sent back needs what it typed (for its marked copy); keep the others' jobs small.
    if status != Status.REJECTED:
        return {}
    # A published report's figures go back typed as a body would type them (12, not the text "12").
    numbers = {k: typed(v) for k, v in sub.numbers.items()} if sub.published else dict(sub.numbers)
    info = {k: v for k, v in sub.info.items() if v not in ("", None)} if sub.published else dict(sub.info)
    return {"raw_numbers": numbers, "raw_info": info, "explanations": dict(sub.explanations)}
