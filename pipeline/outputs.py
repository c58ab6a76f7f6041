"""Per-body outputs: one plain-data job per body, and the writers that turn a job into files.

Writers are registered by audience: ACCEPTED_WRITERS run for bodies whose chosen workbook has no
errors, REJECTED_WRITERS for bodies sent back. Each returns the paths it wrote, so a run can remove
what an earlier run left behind for a body whose status changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.filenames import safe_name
from pipeline.render import official_tables_name, render_official_tables
from pipeline.settings import OUTPUT_DIRNAME_BODIES
from pipeline.types import Issue


@dataclass(frozen=True)
class BodyJob:
    """Everything one body's outputs are made from; plain data, so a worker process can take it."""

    name: str
    kind: str
    code: str
    year: int
    file: str
    sha256: str
    stem: str  # a safe file-name stem, unique among this run's bodies
    values: dict[str, float] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()
    accepted: bool = True


BodyWriter = Callable[[BodyJob, Path], list[Path]]


def write_official_tables(job: BodyJob, outdir: Path) -> list[Path]:
    """单位表格/<单位><年度>年政府信息公开工作年度报告表格.xlsx"""
    dest = outdir / OUTPUT_DIRNAME_BODIES / official_tables_name(job.stem, job.year)
    return [render_official_tables(dest, job.name, job.year, job.values)]


ACCEPTED_WRITERS: list[BodyWriter] = [write_official_tables]
REJECTED_WRITERS: list[BodyWriter] = []
MANAGED_FOLDERS: list[str] = [OUTPUT_DIRNAME_BODIES]  # folders whose files all come from BodyWriters


def write_body(job: BodyJob, outdir: Path) -> list[Path]:
    """Every output of one body."""
    writers = ACCEPTED_WRITERS if job.accepted else REJECTED_WRITERS
    return [path for writer in writers for path in writer(job, outdir)]


def unique_stems(names_and_codes: Iterable[tuple[str, str]]) -> list[str]:
    """Safe file-name stems; two bodies with one name (different codes) get the code's tail appended."""
    stems: list[str] = []
    seen: set[str] = set()  # a province has 10,000 bodies: look up in a set, not the list
    for name, code in names_and_codes:
        stem = safe_name(name)
        if stem in seen:
            stem = f"{stem}_{code[-6:] or len(stems)}"
        stems.append(stem)
        seen.add(stem)
    return stems


def remove_stale(outdir: Path, written: set[Path]) -> None:
    """Delete files in managed folders that this run did not write (a body's status changed)."""
    keep = {p.resolve() for p in written}
    for folder in MANAGED_FOLDERS:
        path = outdir / folder
        if path.is_dir():
            for file in path.iterdir():
                if file.is_file() and not file.name.startswith(".") and file.resolve() not in keep:
                    file.unlink()
