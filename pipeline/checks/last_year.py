"""Last year's reports as the cross-year checks use them: LastYear (one body's report of one year) and History
(all of them, found by 统一社会信用代码, then name, then roster). Made by pipeline/decide/history.py; defined here,
among the checks, so the checks import nothing downstream.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pipeline.common.cells import a1
from pipeline.common.creditcode import code_problem
from pipeline.common.labels import normalise_label
from pipeline.types import Body
from schemas.spec import Number

# Where last year's figures came from, in the order a source is trusted when two disagree.
OWN_RUN, WORKBOOK, PUBLISHED = 0, 1, 2
ORIGIN_WORDS = {OWN_RUN: "本工具上年度汇总", WORKBOOK: "上年度报送的工作簿", PUBLISHED: "上年度公开发布的报告"}


@dataclass(frozen=True)
class LastYear:
    """One body's report of one year, as kept or read back: who, the figures known, the texts, and whence."""

    name: str
    kind: str
    code: str
    year: int
    source: str  # for messages: "2023年汇总", "平潭2023.html"
    origin: int  # OWN_RUN, WORKBOOK or PUBLISHED
    values: dict[str, float]  # spec number id -> figure; an id absent (or NaN) is unknown and never used
    texts: dict[str, str] = field(default_factory=dict)
    where: dict[str, str] = field(default_factory=dict)  # number id -> place in a published report (第…行)

    def cell(self, number: Number) -> str:
        """Where last year's figure of number is: a published report's page/line, else the template's cell."""
        return self.where.get(number.id) or a1(number.row, number.col)


@dataclass
class History:
    """Last year's reports, found by 统一社会信用代码, then by normalised name, then through the roster."""

    bodies: list[LastYear] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # for the coordinator: sources that disagreed, files not used
    roster_codes: dict[str, str] = field(default_factory=dict)  # normalised roster name -> its code
    _by_code: dict[tuple[int, str], LastYear] = field(default_factory=dict)
    _by_name: dict[tuple[int, str], LastYear] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for body in self.bodies:
            self._index(body)

    def _index(self, body: LastYear) -> None:
        if body.code and not code_problem(body.code):
            self._by_code.setdefault((body.year, body.code), body)
        if body.name:
            self._by_name.setdefault((body.year, normalise_label(body.name)), body)

    def add(self, body: LastYear) -> None:
        self.bodies.append(body)
        self._index(body)

    def find(self, body: Body, year: int) -> LastYear | None:
        """The report of year for this body, or None."""
        code = body.code if body.code and not code_problem(body.code) else ""
        name = normalise_label(body.name)
        if code and (year, code) in self._by_code:
            return self._by_code[(year, code)]
        if name and (year, name) in self._by_name:
            found = self._by_name[(year, name)]
            if not (code and found.code and found.code != code):  # same name, another body's code: not it
                return found
        via = self.roster_codes.get(name)  # a renamed body: the roster gives its code
        return self._by_code.get((year, via)) if via else None

    def described(self, year: int) -> str:
        """Where the reports of year came from, for messages: "2023年汇总", "甲.html、乙.html、丙.html等"."""
        sources = sorted({b.source for b in self.bodies if b.year == year})
        return "、".join(sources[:3]) + ("等" if len(sources) > 3 else "") or f"其中没有{year}年度的报告"

    def __bool__(self) -> bool:
        return bool(self.bodies)
