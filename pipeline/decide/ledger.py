"""报送台账: every file ever taken in, kept in SQLite under the output folder.

A round (轮次) is a run that saw something new; re-running on the same inbox adds nothing, so the
ledger and the 历次报送 sheet stay the same. Deleting the inbox never deletes history.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from pipeline.decide.status import FileStatus
from pipeline.types import Status

LEDGER_NAME = "报送台账.sqlite3"
_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    sha256 TEXT PRIMARY KEY, first_round INTEGER NOT NULL, file TEXT NOT NULL, body TEXT, code TEXT,
    date TEXT, sender TEXT, received TEXT, status TEXT NOT NULL, errors INTEGER, warnings INTEGER,
    superseded_by TEXT
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""
_COLUMNS = ("sha256", "first_round", "file", "body", "code", "date", "sender", "received", "status", "errors",
            "warnings", "superseded_by")


@dataclass(frozen=True)
class LedgerRow:
    """One file in the ledger."""

    sha256: str
    first_round: int
    file: str
    body: str
    code: str
    date: str
    sender: str
    received: str
    status: str
    errors: int
    warnings: int
    superseded_by: str


def record(path: Path, statuses: Sequence[FileStatus], hashes: dict[str, str]) -> list[LedgerRow]:
    """Add this run's files to the ledger (a new round only if something is new) and return all rows."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(path)) as db, db:
        db.executescript(_SCHEMA)
        rows = [s for s in statuses if s.file and s.file in hashes]
        known = {r[0]: r for r in db.execute("SELECT sha256, status, superseded_by, errors, warnings FROM files")}
        changed = [s for s in rows if _differs(known.get(hashes[s.file]), s)]
        if changed:
            round_no = _next_round(db)
            for s in changed:
                _upsert(db, s, hashes[s.file], round_no)
        _supersede_gone(db, rows, hashes)
        return [LedgerRow(*r) for r in db.execute(f"SELECT {', '.join(_COLUMNS)} FROM files ORDER BY body, first_round, file")]


def _differs(known: tuple[str, str, str, int, int] | None, s: FileStatus) -> bool:
    return known is None or known[1:] != (s.status, s.superseded_by, s.errors, s.warnings)


def _next_round(db: sqlite3.Connection) -> int:
    row = db.execute("SELECT value FROM meta WHERE key = 'rounds'").fetchone()
    round_no = int(row[0]) + 1 if row else 1
    db.execute("INSERT OR REPLACE INTO meta VALUES ('rounds', ?)", (str(round_no),))
    return round_no


def _upsert(db: sqlite3.Connection, s: FileStatus, sha: str, round_no: int) -> None:
    db.execute(
        "INSERT INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(sha256) DO UPDATE SET "
        "file=excluded.file, body=excluded.body, code=excluded.code, date=excluded.date, sender=excluded.sender, "
        "received=excluded.received, status=excluded.status, errors=excluded.errors, warnings=excluded.warnings, "
        "superseded_by=excluded.superseded_by",
        (sha, round_no, s.file, s.body, s.code, s.date, s.sender, s.received, s.status, s.errors, s.warnings,
         s.superseded_by),
    )


def _supersede_gone(db: sqlite3.Connection, rows: Sequence[FileStatus], hashes: dict[str, str]) -> None:
    # A body's older file that left the inbox is superseded by the file that counts for it now (the first
    # of this run's files for that body that is not itself superseded).
    present = {hashes[s.file] for s in rows}
    counting: dict[str, str] = {}
    for s in rows:
        if s.status != Status.SUPERSEDED and s.body:
            counting.setdefault(s.body, s.file)
    gone = [(sha, body) for sha, body in db.execute("SELECT sha256, body FROM files WHERE status != ?", (Status.SUPERSEDED,))
            if sha not in present and body in counting]
    db.executemany("UPDATE files SET status = ?, superseded_by = ? WHERE sha256 = ?",
                   [(Status.SUPERSEDED, counting[body], sha) for sha, body in gone])
