"""One template per body on the roster, its name, type, code and year filled in and locked.

With last year's data (templates --history), a body found there also gets its last year's 结转下年度 and 现行有效件数
as locked reference cells (上年数据 sheet) and the 校验 rows that check this year's figures against them.
"""

from __future__ import annotations

import math
from pathlib import Path

from pipeline.checks.last_year import History, LastYear
from pipeline.common.filenames import unique_stems
from pipeline.decide.roster import RosterBody
from pipeline.template.build import build_template
from pipeline.types import Body, Fill, LastYearFigures
from schemas import SPEC
from schemas.cross_year_rules import LAST_YEAR_IDS
from schemas.spec import ReportSpec


def personal_template_name(stem: str, year: int) -> str:
    """A name the coordinator can attach to an email as it is."""
    return f"{stem}_{year}年政府信息公开工作年度报告填报模板.xlsx"


def write_personal_templates(roster: list[RosterBody], year: int, outdir: Path, spec: ReportSpec = SPEC,
                             history: History | None = None) -> list[Path]:
    """Write every body's template into outdir; returns the paths in roster order.

    history: last year's reports (pipeline/decide/history.py); a body found there gets its cross-year checks.
    """
    stems = unique_stems((b.name, b.code) for b in roster)
    written = []
    for body, stem in zip(roster, stems, strict=True):
        info = {"name": body.name, "kind": body.kind, "code": body.code, "year": year}
        locked = frozenset(k for k in spec.personal_locked if info[k] not in ("", None))
        found = history.find(Body(body.name, body.kind, body.code, year, None), year - 1) if history else None
        fill = Fill(info=info, locked_info=locked, last_year=last_year_figures(found, spec) if found else None)
        written.append(build_template(outdir / personal_template_name(stem, year), fill, spec))
    return written


def last_year_figures(found: LastYear, spec: ReportSpec = SPEC) -> LastYearFigures:
    """The figures of last year's report a template carries: those the chains need, where known."""
    values = {k: found.values[k] for k in LAST_YEAR_IDS if not math.isnan(found.values.get(k, math.nan))}
    return LastYearFigures(found.year, found.source, values, {k: found.cell(spec.number(k)) for k in values})


def history_templates_line(roster: list[RosterBody], year: int, history: History) -> str:
    """What the coordinator hears: how many templates carry last year, and which bodies had none."""
    missing = [b.name for b in roster if history.find(Body(b.name, b.kind, b.code, year, None), year - 1) is None]
    shown = "、".join(missing[:5]) + ("等" if len(missing) > 5 else "")
    notes = "".join(f"\n  上年数据：{n}" for n in history.notes)
    return (f"其中 {len(roster) - len(missing)} 个单位的模板带有 {year - 1} 年度的数字（“上年数据”表）并做跨年度核对"
            + (f"；无上年数据的单位 {len(missing)} 个（{shown}）" if missing else "") + "。" + notes)
