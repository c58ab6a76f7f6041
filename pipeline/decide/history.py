"""Last year's reports: kept by each run in its 报送台账, read back for the next year's cross-year checks.

At the end of a report run, save_accepted replaces the table `accepted` of output/<year>/报送台账.sqlite3 with
this year's final state: each accepted body's identity (name, kind, code), every figure as checked and the texts.
Like the ledger, it survives deleting the inbox.

load_history reads last year from any mix of:
  - a previous year's output folder, or its 报送台账.sqlite3 (the tool's own run: trusted first);
  - last year's workbooks (.xlsx/.xlsm, read and normalised as the checks do);
  - published reports (.html/.htm/.docx/.pdf/.txt, pipeline/reading/published): a figure placed exactly is used,
    a figure not placed, blank or unreadable is unknown and never used by a cross-year rule.
Two sources of the same body and year that disagree give a note naming both and which was used: the tool's own
run first, then workbooks, then published reports (the first found among equals).
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.checks.batch import build_batch
from pipeline.checks.cross_year import CrossYear
from pipeline.checks.last_year import ORIGIN_WORDS, OWN_RUN, PUBLISHED, WORKBOOK, History, LastYear
from pipeline.common.creditcode import code_problem
from pipeline.common.labels import normalise_label
from pipeline.common.numbers import format_number
from pipeline.decide.hierarchy import Tree
from pipeline.decide.ledger import LEDGER_NAME
from pipeline.decide.roster import RosterBody
from pipeline.decide.status import FileStatus
from pipeline.errors import WorkbookProblem
from pipeline.inbox.guard import inspect
from pipeline.reading.normalise import parse_number
from pipeline.reading.published import PublishedProblem, read_published
from pipeline.reading.workbook import read_submission
from pipeline.types import RecordBody, Status, Submission
from schemas import SPEC
from schemas.spec import ReportSpec

__all__ = ["History", "LastYear", "counted_beneath", "load_history", "run_history", "save_accepted"]

ACCEPTED_TABLE = "accepted"
WORKBOOK_SUFFIXES = frozenset({".xlsx", ".xlsm"})
PUBLISHED_SUFFIXES = frozenset({".html", ".htm", ".docx", ".pdf", ".txt"})
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {ACCEPTED_TABLE} (
    name TEXT NOT NULL, kind TEXT NOT NULL, code TEXT NOT NULL, file TEXT NOT NULL, figures TEXT NOT NULL,
    texts TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


def save_accepted(path: Path, year: int, subs: Sequence[Submission], keep: Sequence[int], frame: pd.DataFrame,
                  spec: ReportSpec = SPEC, beneath: Sequence[RecordBody] = ()) -> None:
    """Replace the table of accepted bodies in the year's ledger with this run's (subs[keep], figures of frame).

    beneath: above the county, the bodies counted from the roll-ups of the level below (counted_beneath), so that
    next year's run of this level has their last year too; their file is their region path and file (某县/甲镇.xlsx)
    and their texts are empty (a roll-up's record holds figures only).
    """
    ids = [n.id for n in spec.numbers]
    figures = figures_json(ids, frame[ids].to_numpy(dtype=float)[list(keep)])
    rows = [(subs[i].body.name, subs[i].body.kind, subs[i].body.code, subs[i].file, text,
             json.dumps(subs[i].texts, ensure_ascii=False, sort_keys=True)) for i, text in zip(keep, figures, strict=True)]
    if beneath:  # their figures as they are: no array of a province's 9,600 x 186 made and taken apart again
        rows += [(b.name, b.kind, b.code, "/".join((*b.path, b.file)), text, "{}")
                 for b, text in zip(beneath, figures_json(ids, [b.figures for b in beneath]), strict=True)]
    rows.sort()
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(_SCHEMA)
        kept = db.execute(f"SELECT * FROM {ACCEPTED_TABLE} ORDER BY name, kind, code, file, figures, texts").fetchall()
        year_row = db.execute("SELECT value FROM meta WHERE key = 'accepted_year'").fetchone()
        if kept == rows and year_row == (str(year),):  # a re-run with nothing new leaves the file as it is
            return
        db.execute(f"DELETE FROM {ACCEPTED_TABLE}")
        db.executemany(f"INSERT INTO {ACCEPTED_TABLE} VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.execute("INSERT OR REPLACE INTO meta VALUES ('accepted_year', ?)", (str(year),))


def counted_beneath(tree: Tree) -> list[RecordBody]:
    """The bodies counted from the roll-ups of the level below (not those received here; no copy not counted)."""
    inside = {id(b) for r in tree.rollups for b in r.bodies}  # count_once keeps a counted copy as the very object
    return [b for b in tree.bodies if b.figures and id(b) in inside]


def figures_json(ids: Sequence[str], rows: np.ndarray | Sequence[Sequence[float]]) -> list[str]:
    """Each row's figures as json.dumps writes {id: value} (NaN as null), without a dict and an encoder call per row.

    A province's 9,600 rows of 186 figures: json.dumps per row was most of save_accepted. The text is the same to
    the byte: json writes a finite float as float.__repr__ (what %r gives); a row with NaN or infinity (or whose
    sum overflows, which gives the same text) goes through json itself. Every figure is taken as a float, as an
    array of them would hold it (an int 3 is written 3.0).
    """
    row_text = "{" + ", ".join(json.dumps(k).replace("%", "%%") + ": %r" for k in ids) + "}"
    texts = []
    for row in rows.tolist() if isinstance(rows, np.ndarray) else rows:
        floats = tuple(map(float, row))
        if math.isfinite(sum(floats)):
            texts.append(row_text % floats)
        else:
            texts.append(json.dumps({k: (None if math.isnan(v) else v) for k, v in zip(ids, floats, strict=True)}))
    return texts


def history_paths(given: Sequence[Path], out: Path, year: int) -> list[Path]:
    """Where last year comes from: the paths given (--history), else <out>/<year-1>/ when it exists."""
    if given:
        return list(given)
    default = out / str(year - 1)
    return [default] if (default / LEDGER_NAME).is_file() else []


def run_history(given: Sequence[Path], out: Path, year: int, roster: list[RosterBody] | None = None,
                spec: ReportSpec = SPEC) -> History:
    """The history a report run of year uses (see history_paths); empty when there is none."""
    paths = history_paths(given, out, year)
    return load_history(paths, spec, roster) if paths else History()


def load_history(paths: Iterable[Path], spec: ReportSpec = SPEC, roster: list[RosterBody] | None = None) -> History:
    """Every report found under paths (files or folders, mixed), one per body and year (see the module note)."""
    merged = _Merged()
    for path in paths:
        if not path.exists():
            merged.notes.append(f"上年数据“{path}”不存在，未使用")
            continue
        for kind, file in _sources(path):
            merged.take(_read_source(kind, file, spec, merged.notes))
    history = History(list(merged.chosen.values()), merged.notes)
    history.roster_codes = {normalise_label(b.name): b.code for b in roster or [] if b.code and not code_problem(b.code)}
    return history


def _sources(path: Path) -> list[tuple[int, Path]]:
    """(origin, file) of each source under path; an output folder stands for its ledger alone."""
    if path.is_file():
        suffix = path.suffix.lower()
        if path.name == LEDGER_NAME or suffix == ".sqlite3":
            return [(OWN_RUN, path)]
        return [(WORKBOOK if suffix in WORKBOOK_SUFFIXES else PUBLISHED, path)]
    if (path / LEDGER_NAME).is_file():
        return [(OWN_RUN, path / LEDGER_NAME)]
    found: list[tuple[int, Path]] = []
    for child in sorted(path.iterdir()):
        if child.is_dir() or child.suffix.lower() in WORKBOOK_SUFFIXES | PUBLISHED_SUFFIXES or child.name == LEDGER_NAME:
            found.extend(_sources(child))
    return found


def _read_source(origin: int, file: Path, spec: ReportSpec, notes: list[str]) -> list[LastYear]:
    try:
        if origin == OWN_RUN:
            return _own_run(file)
        data = file.read_bytes()
        if origin == WORKBOOK:
            return _workbook(file, data, spec, notes)
        return _published(file, data, notes)
    except (OSError, sqlite3.Error) as exc:
        notes.append(f"上年数据“{file}”无法读取（{exc}），未使用")
        return []


def _own_run(path: Path) -> list[LastYear]:
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as db:
        row = db.execute("SELECT value FROM meta WHERE key = 'accepted_year'").fetchone()
        if row is None:
            return []
        year = int(row[0])
        rows = db.execute(f"SELECT name, kind, code, figures, texts FROM {ACCEPTED_TABLE}").fetchall()
    source = f"{year}年汇总"
    return [LastYear(name, kind, code, year, source, OWN_RUN,
                     {k: v for k, v in json.loads(figures).items() if v is not None}, json.loads(texts))
            for name, kind, code, figures, texts in rows]


def _workbook(file: Path, data: bytes, spec: ReportSpec, notes: list[str]) -> list[LastYear]:
    try:
        # last year's files are as untrusted as this year's attachments: the same guard before any parser
        inspected = inspect(data)
        sub = read_submission(file.name, data, spec=spec, readable=inspected.unpacked(values_only=True))
    except WorkbookProblem as problem:
        notes.append(f"上年数据“{file.name}”不是可用的填报模板（{problem}），未使用")
        return []
    if sub.body.year is None:
        notes.append(f"上年数据“{file.name}”未填写报告年度，未使用")
        return []
    row = build_batch([sub], spec).frame.iloc[0]
    values = {str(k): float(v) for k, v in row.items() if not math.isnan(v)}
    return [LastYear(sub.body.name, sub.body.kind, sub.body.code, sub.body.year, file.name, WORKBOOK, values,
                     dict(sub.texts))]


def _published(file: Path, data: bytes, notes: list[str]) -> list[LastYear]:
    try:
        reading = read_published(file.name, data)
    except PublishedProblem as problem:
        notes.append(f"上年数据“{file.name}”无法作为公开的年度报告读取（{problem}），未使用")
        return []
    if reading.year is None or reading.format not in ("2021", "mixed"):  # mixed: 2021 tables, some old labels
        notes.append(f"上年数据“{file.name}”未能读出报告年度或不是2021年格式的表格，未使用")
        return []
    values: dict[str, float] = {}
    where: dict[str, str] = {}
    for number_id, figure in reading.figures.items():
        parsed = parse_number(figure.raw)
        if not parsed.blank and not math.isnan(parsed.value):  # blank or unreadable: unknown, not used
            values[number_id] = parsed.value
            where[number_id] = figure.where.text()
    return [LastYear(reading.name, "", "", reading.year, file.name, PUBLISHED, values, dict(reading.texts), where)]


@dataclass
class _Merged:
    """The sources read so far, one chosen per body and year, and notes on those that disagreed."""

    chosen: dict[tuple[int, str], LastYear] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    _names: dict[tuple[int, str], tuple[int, str]] = field(default_factory=dict)  # (year, name) -> key in chosen

    def take(self, bodies: list[LastYear]) -> None:
        for body in bodies:
            key = self._key(body)
            before = self.chosen.get(key)
            if before is None:
                self.chosen[key] = body
            else:
                self.chosen[key] = self._choose(before, body)
            self._names.setdefault((body.year, normalise_label(body.name)), key)

    def _key(self, body: LastYear) -> tuple[int, str]:
        code = body.code if body.code and not code_problem(body.code) else ""
        if code:
            named = self._names.get((body.year, normalise_label(body.name)))
            if named and named in self.chosen and not self.chosen[named].code:  # a published report of this body
                self.chosen[(body.year, code)] = self.chosen.pop(named)
                self._names[(body.year, normalise_label(body.name))] = (body.year, code)
            return (body.year, code)
        return self._names.get((body.year, normalise_label(body.name)), (body.year, "name:" + normalise_label(body.name)))

    def _choose(self, before: LastYear, other: LastYear) -> LastYear:
        used, dropped = (other, before) if other.origin < before.origin else (before, other)
        differ = sorted(k for k in set(before.values) & set(other.values) if before.values[k] != other.values[k])
        if differ:
            why = (f"{ORIGIN_WORDS[used.origin]}优先于{ORIGIN_WORDS[dropped.origin]}" if used.origin != dropped.origin
                   else "两者同类，采用先读到的一份")
            first = SPEC.number(differ[0])  # the message names the figure as people know it, and where each has it
            self.notes.append(
                f"{used.name or dropped.name} {used.year} 年度的上年数据有两个来源且不一致（{len(differ)} 个数字不同，"
                f"如 {first.label}：“{used.source}”{used.cell(first)} 为 {format_number(used.values[first.id])}，"
                f"“{dropped.source}”{dropped.cell(first)} 为 {format_number(dropped.values[first.id])}）："
                f"采用“{used.source}”，因为{why}")
        return used


@dataclass(frozen=True)
class CrossYearSummary:
    """For the run's summary: how many bodies had last year, which had none, notes on the sources."""

    with_history: int
    without: list[str]
    notes: list[str]
    checked: bool  # there was any history at all


def summarise(cross: CrossYear, history: History, statuses: Sequence[FileStatus]) -> CrossYearSummary:
    """Only accepted bodies count: a body sent back is checked again when it sends its correction."""
    accepted = {s.file for s in statuses if s.file and Status(s.status).accepted}
    missing = set(cross.without)
    without = sorted({s.body or s.file for s in statuses if s.file in accepted and s.file in missing})
    return CrossYearSummary(len(accepted - missing), without, list(history.notes), bool(history))


def summary_lines(summary: CrossYearSummary | None) -> list[str]:
    """The run summary's lines about last year (none when the run had no history)."""
    if summary is None or not (summary.checked or summary.notes):
        return []
    if not summary.checked:  # --history given, but nothing usable found there
        return ["  跨年度核对：未找到可用的上年数据，未做跨年度核对。", *(f"  上年数据：{n}" for n in summary.notes)]
    lines = [f"  跨年度核对：有上年数据的单位 {summary.with_history} 个，无上年数据的单位 {len(summary.without)} 个"
             + (f"（{'、'.join(summary.without[:5])}{'等' if len(summary.without) > 5 else ''}）" if summary.without else "")
             + "。"]
    lines += [f"  上年数据：{note}" for note in summary.notes]
    return lines
