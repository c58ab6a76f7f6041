"""Data records passed between stages."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
    marks: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)  # (sheet, A1) -> (级别, message)


@dataclass(frozen=True)
class Issue:
    """One problem found in one submission: data, never an exception."""

    file: str
    body: str
    sheet: str
    cell: str
    rule: str
    severity: str  # "错误" or "警告"
    message: str
    expected: str = ""
    actual: str = ""
    explanation: str = ""  # the body's 说明 for a warning: it then counts as accepted (已说明)
    sender: str = ""  # the email sender, for a file that came by mail

    def as_dict(self) -> dict[str, str]:
        return {
            "file": self.file, "body": self.body, "sheet": self.sheet, "cell": self.cell, "rule": self.rule,
            "severity": self.severity, "message": self.message, "expected": self.expected, "actual": self.actual,
        }


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
    foreign: bool  # an office file that is not a workbook we read (.et, .xlsb, .docx, ...)
    data: bytes | None = None  # an email attachment's bytes (path is then its email or mailbox)
    sender: str = ""
    received: str = ""
    mtime: float | None = None  # an attachment's email date; files use their modification time
