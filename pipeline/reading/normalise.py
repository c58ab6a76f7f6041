"""Turn raw cell values into numbers: '１２', ' 12 ', '12.0' are 12; blank and '无' are 0 with a warning.

Anything else is an error that quotes the raw text and its cell. Range checks (negative, decimals in
counts) are pandera's job in pipeline/checks/validate.py, over the whole batch at once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

BLANK_WORDS = frozenset({"无", "-", "/", "—", "－", "／", "–", "——", "空", "null", "none", "n/a"})
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_SEPARATORS = re.compile(r"[\s,，']")


@dataclass(frozen=True)
class Parsed:
    """A raw value's meaning: a number, a blank (counted as 0), or unreadable text."""

    value: float  # NaN when unreadable
    blank: bool = False
    raw: str = ""


def parse_number(raw: Any) -> Parsed:
    """Interpret one raw cell value of a number cell."""
    if isinstance(raw, bool):
        return Parsed(math.nan, raw="TRUE" if raw else "FALSE")
    if isinstance(raw, int | float):
        return Parsed(float(raw)) if math.isfinite(raw) else Parsed(math.nan, raw=str(raw))
    if isinstance(raw, dt.date | dt.time | dt.timedelta):
        return Parsed(math.nan, raw=str(raw))
    text = "" if raw is None else str(raw)
    folded = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text))
    if not folded or folded.lower() in BLANK_WORDS:
        return Parsed(0.0, blank=True, raw=text.strip() or "空白")
    if _NUMBER.match(folded):
        value = float(folded)
        if math.isfinite(value):
            return Parsed(value, raw=text)
    return Parsed(math.nan, raw=text)


def describe_raw(parsed: Parsed) -> str:
    """How a blank-like value is quoted in the warning: 为空 or 填写了“无”."""
    return "为空" if parsed.raw == "空白" else f"填写了“{parsed.raw}”"
