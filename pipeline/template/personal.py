"""One template per body on the roster, its name, type, code and year filled in and locked."""

from __future__ import annotations

from pathlib import Path

from pipeline.common.filenames import unique_stems
from pipeline.decide.roster import RosterBody
from pipeline.template.build import build_template
from pipeline.types import Fill
from schemas import SPEC
from schemas.spec import ReportSpec


def personal_template_name(stem: str, year: int) -> str:
    """A name the coordinator can attach to an email as it is."""
    return f"{stem}_{year}年政府信息公开工作年度报告填报模板.xlsx"


def write_personal_templates(roster: list[RosterBody], year: int, outdir: Path,
                             spec: ReportSpec = SPEC) -> list[Path]:
    """Write every body's template into outdir; returns the paths in roster order."""
    stems = unique_stems((b.name, b.code) for b in roster)
    written = []
    for body, stem in zip(roster, stems, strict=True):
        info = {"name": body.name, "kind": body.kind, "code": body.code, "year": year}
        locked = frozenset(k for k in spec.personal_locked if info[k] not in ("", None))
        written.append(build_template(outdir / personal_template_name(stem, year), Fill(info=info, locked_info=locked),
                                      spec))
    return written
