"""The roll-up's record of itself (schemas/hierarchy.py): its lines as text, and the lines read back.

One line per cell of column A of the very hidden record sheet: the format, a header (region, year, level,
tool version, the number ids and the totals), one line per body, and last a digest of every line before it.
Each line is JSON, so numbers come back exactly (repr of a float round-trips) and a name is never a formula.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from pipeline.errors import WorkbookProblem
from pipeline.types import RecordBody
from schemas.hierarchy import DIGEST_PREFIX, RECORD_FORMAT

PACKAGE = "gknb"
_WHOLE = re.compile(r"(?<=[0-9])\.0(?=[,\]])")  # in a list of numbers: "12.0," -> "12,"


@cache
def tool_version() -> str:
    """This tool's version, as pyproject.toml states it (installed metadata)."""
    try:
        return version(PACKAGE)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0"


def version_tuple(text: str) -> tuple[int, ...] | None:
    """'0.1.0' -> (0, 1, 0); None when it is no version of ours."""
    parts = text.split(".")
    return tuple(int(p) for p in parts) if parts and all(p.isdigit() for p in parts) else None


@dataclass(frozen=True)
class RecordHead:
    """The record's header line."""

    region: str
    code: str
    year: int
    level: int
    tool: str
    ids: tuple[str, ...]
    totals: tuple[float, ...]
    bodies: int


def record_lines(head: RecordHead, bodies: Sequence[RecordBody], above: tuple[str, ...] = ()) -> list[str]:
    """Every line of the record, the digest last; above: regions put before every body's path (this level's own,
    without a copy of each of a province's 9,600 bodies)."""
    lines = [RECORD_FORMAT, _dump({"region": head.region, "code": head.code, "year": head.year, "level": head.level,
                                   "tool": head.tool, "ids": list(head.ids), "bodies": head.bodies})[:-1]
             + ',"totals":' + _numbers(head.totals) + "}"]
    lines += [_dump([b.code, b.name, b.kind, [*above, *b.path], b.status, b.date, b.file])[:-1] + ","
              + (b.figures_text or _numbers(b.figures))
              + "]" for b in bodies]
    return lines + [DIGEST_PREFIX + digest(lines)]


def digest(lines: Sequence[str]) -> str:
    """sha256 of the lines, each ended by a newline."""
    h = hashlib.sha256()
    for line in lines:
        h.update(line.encode("utf-8") + b"\n")
    return h.hexdigest()


# json.dumps with these options makes a new encoder on every call (a province's record: 9,600 of them); one does.
_dump_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode


def _dump(value: Any) -> str:
    return _dump_json(value)


def _numbers(figures: Sequence[float]) -> str:
    """A JSON list of figures; whole ones without '.0' (a province's record a third shorter, each read back as the
    same float), in one pass over the text rather than a test per figure. Only numbers: no text to change.

    Floats are joined as json.dumps writes them (float.__repr__, which puts a digit before every '.'), so each
    ".0," is a whole one's end: half the cost of dumps and a regular expression. Anything else (an int, inf or
    nan, which dumps refuses) goes through json.dumps.
    """
    try:
        finite = math.isfinite(sum(figures))
        text = ",".join(map(float.__repr__, figures))
    except TypeError:  # not all floats
        finite = False
    if not finite:
        return _WHOLE.sub("", _dump(list(figures)))
    return "[" + (text + ",").replace(".0,", ",")[:-1] + "]"


def parse_record(lines: Sequence[Any]) -> tuple[RecordHead, list[RecordBody]]:
    """The record back from its lines; WorkbookProblem (R-ROLLUP-RECORD, R-ROLLUP-VERSION) when it is unusable."""
    if not lines or lines[0] != RECORD_FORMAT:
        found = str(lines[0])[:40] if lines else "（空）"
        raise WorkbookProblem("R-ROLLUP-VERSION", f"汇总记录的格式为“{found}”，本工具只认“{RECORD_FORMAT}”，"
                              "请下级用与本级相同版本的汇总工具重新汇总")
    text = [str(x) if x is not None else "" for x in lines]
    end = next((i for i in range(len(text) - 1, 0, -1) if text[i].startswith(DIGEST_PREFIX)), 0)
    if not end or text[end] != DIGEST_PREFIX + digest(text[:end]):
        raise WorkbookProblem("R-ROLLUP-RECORD", "汇总记录不完整或被改动（校验码不符），文件可能被截断或被手工修改过，"
                              "请下级重新运行汇总后发送新生成的汇总.xlsx")
    head = _head(json.loads(text[1]))
    bodies = [_body(json.loads(line), line) for line in text[2:end]]
    if len(bodies) != head.bodies:
        raise WorkbookProblem("R-ROLLUP-RECORD", f"汇总记录写明有 {head.bodies} 个单位，实有 {len(bodies)} 个")
    return head, bodies


def _head(raw: dict[str, Any]) -> RecordHead:
    return RecordHead(str(raw["region"]), str(raw["code"]), int(raw["year"]), int(raw["level"]), str(raw["tool"]),
                      tuple(map(str, raw["ids"])), tuple(map(float, raw["totals"])), int(raw["bodies"]))


def _body(raw: list[Any], line: str) -> RecordBody:
    code, name, kind, path, status, date, file, figures = raw
    # The figures are the line's last list, of numbers only: from its last "[" to the closing "]" of the line.
    numbers = tuple(map(float, figures))
    return RecordBody(str(code), str(name), str(kind), tuple(str(p) for p in path), str(status), str(date), str(file),
                      numbers, (numbers, line[line.rindex("["):-1]) if figures else None)
