"""A workbook's reading as JSON for the run cache: plain data only, so a cache file can never run code.

Cell values keep their Python type (int, float, str, bool, None, dates and times), because the checks
tell 12 from "12" and a date from a number; a reading holding any other value is simply not stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from pipeline.reading.workbook import RawSubmission
from pipeline.types import Issue
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


def encode_record(result: RawSubmission | Issue, spec: ReportSpec) -> bytes | None:
    """JSON bytes of a reading (numbers in spec order), or None when a value has no JSON form.

    When every number is a finite float (nearly every workbook: calamine reads a typed number as a
    float), the numbers go first as raw 8-byte floats and the JSON holds the rest: JSON's text form of
    300 floats was half the cost of a record, to write and to read.
    """
    try:
        if isinstance(result, Issue):
            body: dict[str, Any] = {"issue": dataclasses.asdict(result) | {"file": ""}}
            return json.dumps(body, ensure_ascii=False, allow_nan=False).encode()
        numbers = list(map(result.numbers.__getitem__, _number_ids(spec)))
        body = {"sha256": result.sha256, "texts": result.texts, "explanations": result.explanations,
                "macros": result.macros, "info": {k: _encode_value(v) for k, v in result.info.items()}}
        if all(type(v) is float for v in numbers):
            floats = np.array(numbers, dtype=FIGURE)
            if np.isfinite(floats).all():
                return FLOATS_MARK + floats.tobytes() + json.dumps(body, ensure_ascii=False, allow_nan=False).encode()
        body["numbers"] = [v if type(v) is float else _encode_value(v) for v in numbers]
        return json.dumps(body, ensure_ascii=False, allow_nan=False).encode()
    except (TypeError, ValueError):
        return None


def _number_ids(spec: ReportSpec) -> tuple[str, ...]:
    ids = _IDS.get(id(spec))
    if ids is None or ids[0] is not spec:
        ids = _IDS[id(spec)] = (spec, tuple(n.id for n in spec.numbers))
    return ids[1]


_IDS: dict[int, tuple[ReportSpec, tuple[str, ...]]] = {}
FLOATS_MARK = b"\x01"  # a record starting so has its numbers as raw floats; a JSON record starts with "{"


def decode_record(record: bytes, display: str, mtime: float, path: Path,
                  spec: ReportSpec) -> RawSubmission | Issue | None:
    """The reading back, as if this file (display name, time, place) had just been read; None if unusable."""
    try:
        ids = _number_ids(spec)
        if record.startswith(FLOATS_MARK):
            size = len(ids) * FIGURE.itemsize
            if len(record) < 1 + size:
                return None
            body = json.loads(record[1 + size:])
            numbers = dict(zip(ids, np.frombuffer(record, FIGURE, len(ids), 1).tolist(), strict=True))
        else:
            body = json.loads(record)
            if "issue" in body:
                return Issue(**(body["issue"] | {"file": display}))
            numbers = {k: v if type(v) is float else _decode_value(v)
                       for k, v in zip(ids, body["numbers"], strict=True)}
        info = {str(k): _decode_value(v) for k, v in body["info"].items()}
        return RawSubmission(display, str(body["sha256"]), b"", mtime, info, numbers, dict(body["texts"]),
                             dict(body["explanations"]), path=path, macros=bool(body["macros"]))
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


ISSUE_FIELDS = tuple(f.name for f in dataclasses.fields(Issue))
FIGURE = np.dtype("<f8")  # a checked figure as stored: 8 bytes, NaN and infinity included


def encode_checked(values: np.ndarray, issues: Sequence[Issue]) -> bytes:
    """One submission's checked figures (as raw 8-byte floats) followed by every problem found in it (as JSON).

    Raw floats rather than JSON numbers: a province's re-run decodes two million of them.
    """
    problems = [[getattr(i, name) for name in ISSUE_FIELDS] for i in issues]
    return values.astype(FIGURE).tobytes() + json.dumps(problems, ensure_ascii=False).encode()


def decode_checked(record: bytes, width: int) -> tuple[np.ndarray, list[Issue]] | None:
    """The figures and problems back; None when the record is not one of ours (or of another spec's width)."""
    size = width * FIGURE.itemsize
    try:
        problems = json.loads(record[size:])
        issues = [Issue(*fields) for fields in problems if len(fields) == len(ISSUE_FIELDS)]
    except (ValueError, TypeError):
        return None
    if len(record) < size or len(issues) != len(problems):
        return None
    return np.frombuffer(record, FIGURE, width), issues
