"""`python -m pipeline import 文件… --out 文件夹`: each published report as a filled copy of the current template.

Figures are typed as published (a number as a number, a blank as a blank, '/' as '/'), totals too, as
typed constants rather than formulas, so the checks judge them as the body printed them; a figure that
could not be placed says 未能读取 instead of a guess. The texts go to 文字内容, the name and the year to
基本信息. This is also what a body that sent a Word or PDF report gets back as its marked copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.common.filenames import readable_name, safe_name
from pipeline.errors import WorkbookProblem
from pipeline.reading.document import typed
from pipeline.reading.intake import problem_issue, read_found, unopenable
from pipeline.template.build import build_template
from pipeline.types import Fill, Found, Issue, Rollup, Submission
from schemas import SPEC
from schemas.spec import ReportSpec


@dataclass(frozen=True)
class Imported:
    """One report imported: the filled copy written, or why the report could not be used."""

    file: str
    dest: Path | None
    problem: Issue | None = None
    unplaced: int = 0  # figures written as 未能读取


def import_reports(paths: list[Path], outdir: Path, spec: ReportSpec = SPEC) -> list[Imported]:
    """Read each published report and write it as <名称>.xlsx under outdir; never stops at a bad file."""
    out = []
    used: set[str] = set()
    for path in paths:
        found = Found(path, readable_name(path.name), False)
        try:
            result = read_found(found, path.read_bytes(), spec)
        except OSError as exc:
            result = problem_issue(found.display, WorkbookProblem("R-WB-UNREADABLE", unopenable(exc)), spec)
        if isinstance(result, Rollup):  # no published report: nothing to import
            result = problem_issue(found.display, WorkbookProblem("R-WB-NOT-TEMPLATE", "这是下级的汇总表，不是年度报告"), spec)
        if isinstance(result, Issue):
            out.append(Imported(found.display, None, result))
            continue
        stem = safe_name(path.stem, fallback="年度报告")
        name = f"{stem}.xlsx" if stem not in used else f"{stem}（{path.suffix.lstrip('.')}）.xlsx"
        used.add(stem)
        out.append(Imported(found.display, build_template(outdir / name, fill_of(result, spec)), None,
                            len(result.unplaced)))
    return out


def fill_of(sub: Submission, spec: ReportSpec = SPEC) -> Fill:
    """A submission's values as a Fill of the template: every figure as typed, totals included."""
    info: dict[str, Any] = {k: v for k, v in sub.info.items() if v not in ("", None)}
    return Fill(info=info, numbers={n.id: typed(sub.numbers.get(n.id, "")) for n in spec.numbers},
                texts=dict(sub.texts))
