"""Data records passed between stages."""

from __future__ import annotations

from dataclasses import dataclass, field
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

    def as_dict(self) -> dict[str, str]:
        return {
            "file": self.file, "body": self.body, "sheet": self.sheet, "cell": self.cell, "rule": self.rule,
            "severity": self.severity, "message": self.message, "expected": self.expected, "actual": self.actual,
        }
