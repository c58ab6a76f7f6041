"""A workbook's reading as JSON for the run cache: plain data only, so a cache file can never run code.

Cell values keep their Python type (int, float, str, bool, None, dates and times), because the checks
tell 12 from "12" and a date from a number; a reading holding any other value is simply not stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.reading.normalise import body_of
from pipeline.types import Issue, Rect, Severity, Submission
from schemas.spec import ReportSpec

# A tagged value is a one-key object; cell values themselves are never objects, so tags cannot collide.
_TAGS: dict[str, Any] = {"$dt": dt.datetime, "$d": dt.date, "$t": dt.time}


def _encode_value(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int | float):
        return value  # a non-finite float makes json.dumps refuse the record
    if isinstance(value, dt.datetime):  # before date: a datetime is a date too
        return {"$dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$d": value.isoformat()}
    if isinstance(value, dt.time):
        return {"$t": value.isoformat()}
    if isinstance(value, dt.timedelta):
        return {"$td": [value.days, value.seconds, value.microseconds]}
    raise TypeError(type(value).__name__)


def _decode_value(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    ((tag, text),) = value.items()
    if tag == "$td":
        return dt.timedelta(days=text[0], seconds=text[1], microseconds=text[2])
    return _TAGS[tag].fromisoformat(text)


def encode_record(result: Submission | Issue, spec: ReportSpec) -> bytes | None:
    """JSON bytes of a reading (numbers in spec order), or None when a value has no JSON form.

    A published report's reading is not stored: its places and sections are not in this record, and
    reading one again takes milliseconds.
    """
    if isinstance(result, Submission) and result.published:
        return None
    try:
        if isinstance(result, Issue):
            body: dict[str, Any] = {"issue": issue_fields(replace(result, file=""))}
        else:
            body = {"sha256": result.sha256, "texts": result.texts, "explanations": result.explanations,
                    "macros": result.macros,
                    "info": {k: _encode_value(v) for k, v in result.info.items()},
                    "numbers": [v if type(v) is float else _encode_value(v)
                                for v in (result.numbers[n.id] for n in spec.numbers)]}
        return json.dumps(body, ensure_ascii=False, allow_nan=False).encode()
    except (TypeError, ValueError):
        return None


def decode_record(record: bytes, display: str, mtime: float, path: Path,
                  spec: ReportSpec) -> Submission | Issue | None:
    """The reading back, as if this file (display name, time, place) had just been read; None if unusable."""
    try:
        body = json.loads(record)
        if "issue" in body:
            return replace(issue_of(body["issue"]), file=display)
        info = {str(k): _decode_value(v) for k, v in body["info"].items()}
        numbers = {n.id: v if type(v) is float else _decode_value(v)
                   for n, v in zip(spec.numbers, body["numbers"], strict=True)}
        return Submission(display, str(body["sha256"]), b"", mtime, body_of(info), info, numbers, dict(body["texts"]),
                          dict(body["explanations"]), path=path, macros=bool(body["macros"]))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


ISSUE_FIELDS = tuple(f.name for f in dataclasses.fields(Issue))


def issue_fields(issue: Issue) -> list[Any]:
    """An Issue as a JSON list, field by field (its cells as [row, col, last_row, last_col] lists)."""
    return [getattr(issue, name) for name in ISSUE_FIELDS]


def issue_of(fields: Sequence[Any]) -> Issue:
    """issue_fields back; raises ValueError, TypeError or KeyError for anything else."""
    if len(fields) != len(ISSUE_FIELDS):
        raise ValueError("not an issue record")
    values = dict(zip(ISSUE_FIELDS, fields, strict=True))
    values["cells"] = tuple(Rect(*(int(n) for n in r)) for r in values["cells"])
    values["severity"] = Severity(values["severity"])
    return Issue(**values)


FIGURE = np.dtype("<f8")  # a checked figure as stored: 8 bytes, NaN and infinity included


def encode_checked(values: np.ndarray, issues: Sequence[Issue]) -> bytes:
    """One submission's checked figures (as raw 8-byte floats) followed by every problem found in it (as JSON).

    Raw floats rather than JSON numbers: a province's re-run decodes two million of them.
    """
    problems = [issue_fields(i) for i in issues]
    return values.astype(FIGURE).tobytes() + json.dumps(problems, ensure_ascii=False).encode()


def decode_checked(record: bytes, width: int) -> tuple[np.ndarray, list[Issue]] | None:
    """The figures and problems back; None when the record is not one of ours (or of another spec's width)."""
    size = width * FIGURE.itemsize
    try:
        problems = json.loads(record[size:])
        issues = [issue_of(fields) for fields in problems]
    except (ValueError, TypeError, KeyError):
        return None
    if len(record) < size:
        return None
    return np.frombuffer(record, FIGURE, width), issues
