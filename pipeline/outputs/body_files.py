"""Per-body outputs: one plain-data job per body, and the writers that turn a job into files.

Writers are registered by audience: ACCEPTED_WRITERS run for bodies whose chosen workbook has no
errors, REJECTED_WRITERS for bodies sent back. Each returns the paths it wrote, so a run can remove
what an earlier run left behind for a body whose status changed.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from pipeline.documents.body_reports import OUTPUT_DIRNAME_REPORTS, write_report_docx, write_report_html
from pipeline.outputs.official_tables import official_tables_name, render_official_tables
from pipeline.outputs.returns import RETURNS_DIR, write_marked_copy, write_return_note
from pipeline.run.inuse import note_in_use
from pipeline.run.notices import notice
from pipeline.settings import OUTPUT_DIRNAME_BODIES
from pipeline.types import BodyJob

__all__ = ["write_body", "remove_stale"]


BodyWriter = Callable[[BodyJob, Path], list[Path]]


def write_official_tables(job: BodyJob, outdir: Path) -> list[Path]:
    """单位表格/<单位><年度>年政府信息公开工作年度报告表格.xlsx"""
    dest = outdir / OUTPUT_DIRNAME_BODIES / official_tables_name(job.stem, job.year)
    return [render_official_tables(dest, job.name, job.year, job.values)]


WRITER_LABELS = {"write_official_tables": "正式表格", "write_report_docx": "年度报告（Word）",
                 "write_report_html": "年度报告（网页）", "write_marked_copy": "退回修改表格",
                 "write_return_note": "退回说明"}
ACCEPTED_WRITERS: list[BodyWriter] = [write_official_tables, write_report_docx, write_report_html]
REJECTED_WRITERS: list[BodyWriter] = [write_marked_copy, write_return_note]
# Folders whose files all come from BodyWriters (a run removes what it did not write there).
MANAGED_FOLDERS: list[str] = [OUTPUT_DIRNAME_BODIES, OUTPUT_DIRNAME_REPORTS, RETURNS_DIR]


def write_body(job: BodyJob, outdir: Path) -> list[Path]:
    """Every output of one body; a writer that fails is reported and the others still run."""
    writers = ACCEPTED_WRITERS if job.accepted else REJECTED_WRITERS
    written: list[Path] = []
    for writer in writers:
        try:
            written.extend(writer(job, outdir))
        except OSError:
            raise  # the output folder itself is the problem: the run reports it and stops
        except Exception as exc:  # one body's odd content must not stop everyone else's outputs
            notice(f"警告：未能为“{job.name or job.file}”生成{WRITER_LABELS.get(writer.__name__, '输出文件')}"
                  f"（{type(exc).__name__}：{exc}）；其他单位不受影响，请把文件“{job.file}”反馈给维护人员")
    return written


def remove_stale(outdir: Path, written: set[Path]) -> None:
    """Delete files in managed folders that this run did not write (a body's status changed)."""
    keep = {(p.parent.name, p.name) for p in written}  # every one lies directly in a managed folder of outdir
    for folder in MANAGED_FOLDERS:
        if (outdir / folder).is_dir():
            with os.scandir(outdir / folder) as entries:  # a province's 40,000 files: no Path object each
                stale = [e.path for e in entries
                         if (folder, e.name) not in keep and not e.name.startswith(".") and e.is_file()]
            for file in stale:
                try:
                    os.unlink(file)
                except PermissionError:  # open in Excel or WPS (Windows): kept, and said at the end of the run
                    note_in_use(Path(file))
