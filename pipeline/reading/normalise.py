"""Turn raw cell values into numbers: '１２', ' 12 ', '12.0' are 12; blank and '无' are 0 with a warning.

Anything else is an error that quotes the raw text and its cell. Range checks (negative, decimals in
counts) are pandera's job in pipeline/checks/validate.py, over the whole batch at once.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pipeline.common.dates import parse_date
from pipeline.common.numbers import format_number
from pipeline.types import Body

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


_YEAR_SUFFIX = re.compile(r"\s*年(度)?$")
_YEAR = re.compile(r"(19|20)[0-9]{2}")


def body_of(info: Mapping[str, Any]) -> Body:
    """The 基本信息 as typed -> who sent it, in the one form every stage uses."""
    return Body(_text(info.get("name")), _text(info.get("kind")), _text(info.get("code")).upper(),
                year_of(info.get("year")), parse_date(info.get("date")))


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def year_of(value: Any) -> int | None:
    """The year a 报告年度 cell states, read as the check R-INFO-YEAR reads it: 2024, 2024.0, "2024", " 2024年度 "
    -> 2024; anything else (other text, 2024.5, a date, 20245) -> None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        text = format_number(float(value))
    else:
        text = _YEAR_SUFFIX.sub("", _text(value))
    return int(text) if _YEAR.fullmatch(text) else None
