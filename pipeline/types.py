"""The records every stage passes on: Submission, Issue, Status, and the cells they point at.

A Submission is what any reader makes of one received file (today a workbook; published reports and
roll-ups later): who sent it (Body, normalised once, right after reading), the values as typed, the
texts, the 说明 and where the file came from. Everything downstream works on Submissions and Issues only.
"""

from __future__ import annotations

import datetime as dt
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, NamedTuple

from pipeline.common.cells import range_a1
from pipeline.common.creditcode import code_problem
from pipeline.common.labels import normalise_label
from schemas.spec import Severity

__all__ = ["Body", "BodyJob", "Figures", "Fill", "Found", "Issue", "Rect", "RecordBody", "Rollup", "Severity", "Status",
           "Submission"]


class Rect(NamedTuple):
    """A block of cells on one sheet: 0-based, inclusive; a single cell has first == last."""

    row: int
    col: int
    last_row: int
    last_col: int

    @classmethod
    def cell(cls, row: int, col: int) -> Rect:
        return cls(row, col, row, col)


@lru_cache(maxsize=4096)  # a function of the cells alone; each rule's cells are named in thousands of messages
def cells_a1(cells: tuple[Rect, ...]) -> str:
    """The cells in A1 form, as people read them: 'D5', 'B4:D4', 'D3、E3'."""
    return "、".join(range_a1(r) for r in cells)


class Status(StrEnum):
    """What became of a received file (or of a roster body that sent none); the value is what people see."""

    PASSED = "通过"
    WARNED = "有警告"  # accepted: its warnings are not errors
    REJECTED = "退回"
    UNREADABLE = "无法读取"
    SUPERSEDED = "已被替代"
    NOT_SENT = "未报送"
    # A region's own 全域 report (全县, 全市): compared figure by figure with its parts (R-HIER-DECLARED), never
    # added to them, so it must not read as 通过 beside the bodies that are counted.
    COMPARED = "只比对，不计入"

    @property
    def accepted(self) -> bool:
        """Counted in the roll-up."""
        return self in (Status.PASSED, Status.WARNED)


@dataclass(frozen=True)
class Body:
    """Who sent a submission, from its 基本信息, normalised once right after reading.

    Every stage takes these forms (the 报送情况 list, 明细, matching against the roster, choosing the latest
    file); messages quote what was typed, which Submission.info keeps.
    """

    name: str  # 单位名称 without surrounding spaces
    kind: str  # 单位类型 without surrounding spaces
    code: str  # 统一社会信用代码 without spaces, upper case (as GB 32100 writes it)
    year: int | None  # 报告年度 when it reads as a whole year (2024, "2024", "2024年度")
    date: dt.date | None  # 填报日期 when it reads as a date

    def key(self, fallback: str) -> str:
        """Who this is: the 统一社会信用代码 when valid, else the name (or fallback, e.g. the file) normalised."""
        if self.code and not code_problem(self.code):
            return self.code
        return "name:" + normalise_label(self.name or fallback)


@dataclass(frozen=True)
class LastYearFigures:
    """Last year's figures a personal template carries for its 校验 sheet's cross-year rows (上年数据 sheet)."""

    year: int
    source: str  # "2023年汇总", a workbook's or a published report's file name
    values: dict[str, float]  # spec number id of last year -> figure; an id absent is unknown and not checked
    where: dict[str, str]  # spec number id -> where last year's report has it ("J29", "第2页第14行")


@dataclass(frozen=True)
class Fill:
    """Values to pre-fill a template with (personal templates, marked copies, test fixtures).

    numbers may hold raw strings to mimic what a user typed; a derived total given here is written
    as a typed constant instead of its formula, as when a user overwrites a total.
    """

    info: dict[str, Any] = field(default_factory=dict)
    numbers: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)  # rule id -> 说明
    locked_info: frozenset[str] = frozenset()
    marks: dict[tuple[str, int, int], tuple[Severity, str]] = field(default_factory=dict)  # (sheet, row, col) -> (级别, message)
    last_year: LastYearFigures | None = None  # a personal template built with history: its cross-year checks


@dataclass(frozen=True)
class Issue:
    """One problem found in one submission: data, never an exception."""

    file: str
    body: str
    sheet: str
    cells: tuple[Rect, ...]  # where on the sheet; () for the whole file or sheet
    rule: str
    severity: Severity
    message: str
    expected: str = ""
    actual: str = ""
    explanation: str = ""  # the body's 说明 for a warning: it then counts as accepted (已说明)
    sender: str = ""  # the email sender, for a file that came by mail
    where: str = ""  # in a published report: page and line (or table, row, column), in Chinese

    @property
    def cell(self) -> str:
        """Where, for people (问题清单, 退回件, --json): page and line in a published report, else A1 cells."""
        return self.where or cells_a1(self.cells)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, str]:
        return {
            "file": self.file, "body": self.body, "sheet": self.sheet, "cell": self.cell, "rule": self.rule,
            "severity": self.severity.value, "message": self.message, "expected": self.expected,
            "actual": self.actual,
        }


@dataclass
class Submission:
    """One received file as read: who sent it, every value as typed (by the spec's ids), the texts, the 说明.

    Values stay as typed (12.0, "12件", None, a date) until the checks normalise them, so a message can
    quote exactly what a body typed and a marked copy can give it back. Where each value came from is the
    spec's layout for a workbook (sheet and cell of each id); for a published report, `where` names the
    page and line (or table, row and column) of each figure, and `unplaced` the figures it could not place.
    """

    file: str  # display name (path relative to the inbox, or attachment name)
    sha256: str
    data: bytes  # the file's bytes; b"" once released (see workbook_bytes)
    mtime: float
    body: Body
    info: dict[str, Any] = field(default_factory=dict)  # 基本信息 as typed, by field id
    numbers: dict[str, Any] = field(default_factory=dict)  # figures as typed, by number id
    texts: dict[str, str] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)  # rule id -> 说明
    sender: str = ""  # for a workbook that came attached to an email
    received: str = ""  # the email's date
    path: Path | None = None  # where the bytes can be read again after they were released
    macros: bool = False  # the file carries a macro project (never run; noted while the bytes are at hand)
    source: str = "workbook"  # or the kind of published report read: "html", "docx", "pdf", "txt"
    where: dict[str, str] = field(default_factory=dict)  # published report: value id -> where it was found
    unplaced: dict[str, str] = field(default_factory=dict)  # published report: number id -> why it is unknown
    headings: tuple[tuple[str, str, str], ...] = ()  # published report: (一..六, heading as found, where), in order
    findings: tuple[tuple[str, str, str], ...] = ()  # published report: (rule id, detail, where) the reader found
    title: str = ""  # published report: its title as found
    opening: str = ""  # published report: the text before 一 and of 一 (for the statistical period, the basis)
    dates: tuple[tuple[str, str, str], ...] = ()  # published report: (ISO day, what it is: 的落款日期, 所标“发布时间”…, where)

    @property
    def published(self) -> bool:
        """Read from a published report (web page, Word, PDF, text) rather than a filled template."""
        return self.source != "workbook"

    @property
    def key(self) -> str:
        """Who sent it (see Body.key); a file without a name or code stands for itself."""
        return self.body.key(self.file)


@dataclass(frozen=True)
class RecordBody:
    """One body inside a roll-up, as the roll-up's record holds it (schemas/hierarchy.py).

    path: the regions it stands under, from the roll-up's own region down (("某市", "某县") in a city's
    roll-up). figures: its numbers in the record's order, or () when it was not counted (未报送, 退回, ...).
    """

    code: str
    name: str
    kind: str
    path: tuple[str, ...]
    status: str
    date: str
    file: str
    figures: tuple[float, ...] = ()
    # (figures as read, their text in the record's line): the level above writes that text again as it is (a
    # province's record is 9,600 such lists) while figures is still the very tuple read; a copy with other
    # figures (dataclasses.replace) is written from its figures.
    read_as: tuple[tuple[float, ...], str] | None = field(default=None, compare=False, repr=False)

    @property
    def figures_text(self) -> str:
        """The figures' text as read, when figures are still those read; else ""."""
        return self.read_as[1] if self.read_as is not None and self.read_as[0] is self.figures else ""

    @cached_property
    def key(self) -> str:
        """Who this is, as Body.key says it for a submission (computed once: a province holds 10,000)."""
        return Body(self.name, self.kind, self.code, None, None).key(self.file)


@dataclass
class Rollup:
    """A received 汇总.xlsx as its record states it: a region's bodies, counted, with their figures.

    Not a Submission: its bodies were checked one by one at the level below, so their figures are taken as
    they are (checked again only as sums: the record's totals, the visible 汇总 sheet, declared totals).
    """

    file: str
    sha256: str
    mtime: float
    region: str  # the region's name, e.g. 某某县
    code: str  # its 行政区划代码, or ""
    year: int
    level: int  # 0: its inbox held bodies only (a county); 1: roll-ups of counties (a city); ...
    tool: str  # the version of the tool that wrote it
    ids: tuple[str, ...]  # number ids, in the order of totals and of each body's figures
    totals: tuple[float, ...]
    bodies: tuple[RecordBody, ...]
    sender: str = ""
    received: str = ""
    saved_by: str = ""  # another program that saved the file after this tool wrote it (e.g. LibreOffice Calc)

    @property
    def key(self) -> str:
        """Which region: its 行政区划代码 when given, else its name."""
        return self.code or "region:" + normalise_label(self.region)


class Figures(Mapping[str, float]):
    """One body's numbers by id, read like a dict but kept as one row of doubles.

    A province's per-body jobs hold two million numbers: as dicts of float objects they took ~13 KB
    per body, about 130 MB at 10,000 bodies; as rows ~1.7 KB. The index (id -> position) is shared.
    """

    __slots__ = ("_index", "_row")

    def __init__(self, index: Mapping[str, int], row: bytes) -> None:
        self._index, self._row = index, array("d", row)  # row: the numbers as float64 bytes, in index order

    def __getitem__(self, number_id: str) -> float:
        return self._row[self._index[number_id]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._index)

    def __repr__(self) -> str:
        # The job key hashes a job's repr: the numbers' exact bytes (the ids' order is the spec's, which the
        # cache's fingerprint covers); printing 200 floats for each of a province's jobs took ~0.4 s.
        return f"Figures({self._row.tobytes().hex()})"


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
    values: Mapping[str, float] = field(default_factory=dict)  # Figures, in a run
    texts: dict[str, str] = field(default_factory=dict)
    info: dict[str, str] = field(default_factory=dict)
    issues: tuple[Issue, ...] = ()
    accepted: bool = True
    raw_numbers: dict[str, Any] = field(default_factory=dict)  # as typed; only for bodies sent back
    raw_info: dict[str, Any] = field(default_factory=dict)
    explanations: dict[str, str] = field(default_factory=dict)
    contact: str = ""  # from the roster, for the greeting of a reply
    deadline: str = ""  # for a body sent back: when the corrected file is due


@dataclass(frozen=True)
class Found:
    """A file of the inbox: where it is and how to name it to people."""

    path: Path
    display: str  # path relative to the inbox, with '/' separators
    foreign: bool  # an office file that is neither a workbook nor a published report we read (.et, .xlsb, .doc, ...)
    data: bytes | None = None  # an email attachment's bytes (path is then its email or mailbox)
    sender: str = ""
    received: str = ""
    mtime: float | None = None  # an attachment's email date; files use their modification time
