"""The report year of a run started without --year: the year that most workbooks of the inbox state.

Each workbook's 基本信息 报告年度 is read by the reader itself, as its Body's year (the same reading as the
run's and as the check R-INFO-YEAR's, so the same text counts as the same year). A large inbox is not read twice: at most SAMPLE files, spread evenly
over the inbox, are looked at. A workbook of another year is still refused later (R-INFO-YEAR).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.reading.gather import found_bytes
from pipeline.reading.intake import read_found
from pipeline.types import Found, Rollup, Submission
from schemas import SPEC
from schemas.spec import ReportSpec

SAMPLE = 100  # files looked at, at most: about 3 ms each
_YEAR = re.compile(r"(19|20)[0-9]{2}")


@dataclass(frozen=True)
class YearGuess:
    """The year most workbooks state, and how many of the files looked at state it."""

    year: int
    stating: int  # workbooks that state this year
    looked: int  # files looked at
    files: int  # files in the inbox

    def said(self) -> str:
        """One line for the summary."""
        among = f"{self.looked} 个文件" if self.looked == self.files else f"抽查的 {self.looked} 个文件（共 {self.files} 个）"
        return (f"报告年度：未指定 --year，按收件箱中多数工作簿填写的报告年度定为 {self.year} 年"
                f"（{among}中有 {self.stating} 个填写 {self.year} 年）；其他年度的工作簿按“报告年度不符”退回。")


def spread(found: Sequence[Found], size: int = SAMPLE) -> list[Found]:
    """At most size files, evenly spread over found (all of them when there are few)."""
    if len(found) <= size:
        return list(found)
    step = len(found) / size
    return [found[int(i * step)] for i in range(size)]


def infer_year(found: Sequence[Found], spec: ReportSpec = SPEC, sample: int = SAMPLE) -> YearGuess | None:
    """The year most of the (looked-at) workbooks state; ties go to the later year; None when none states one."""
    looked = spread([f for f in found if not f.foreign], sample)
    years: Counter[int] = Counter()
    for f in looked:
        try:
            data = found_bytes(f)
        except OSError:  # the run itself says why the file cannot be opened
            continue
        result = read_found(f, data, spec)
        if isinstance(result, Submission) and result.body.year is not None:
            years[result.body.year] += 1
        elif isinstance(result, Rollup):
            years[result.year] += 1
    if not years:
        return None
    year, stating = max(years.items(), key=lambda item: (item[1], item[0]))
    return YearGuess(year, stating, len(looked), len(found))
