"""Work kept between runs: each workbook as read (keyed by its content) and each body's outputs (keyed by its job).

A county re-runs the report many times a day while corrections arrive; only what changed is read and
written again. Everything lives in one SQLite file under <out>/.cache/<year>/, beside (not inside) the
year's output folder. Every entry belongs to a fingerprint of this program (its source, the spec, the
library versions), so a changed program starts afresh. A reused output file is first checked against
the hash recorded when it was written: a deleted or edited file is written again. A cache that cannot
be opened or written is left aside with a warning; the run itself never depends on it.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import sys
from collections.abc import Callable, Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import pipeline
import schemas
from pipeline.cachecodec import decode_record
from pipeline.read import RawSubmission
from pipeline.types import Issue
from schemas.spec import ReportSpec

CACHE_DIRNAME = ".cache"
DB_NAME = "cache.sqlite"
LIBRARIES = ("python-calamine", "xlsxwriter", "pandas", "pandera", "numpy")
_TABLES = {"meta": "fingerprint TEXT NOT NULL",
           "reads": "key TEXT PRIMARY KEY, record BLOB NOT NULL",  # read_key -> cachecodec record
           "outputs": "stem TEXT PRIMARY KEY, record TEXT NOT NULL"}  # body's stem -> JSON [job key, files]

OutputFiles = list[tuple[str, str]]  # (path relative to the year's output folder, sha256)
OutputRecord = tuple[str, OutputFiles]  # (job key, the files that job wrote)


def cache_folder(out: Path, year: int) -> Path:
    """Where a year's cache lives: beside the year's outputs, so the folder people open holds only outputs."""
    return out / CACHE_DIRNAME / str(year)


def code_fingerprint(spec: ReportSpec) -> str:
    """Changes whenever anything that shapes a result changes: our source, the spec, Python or a library."""
    digest = hashlib.sha256(sys.version.encode())
    for package in (pipeline, schemas):
        root = Path(package.__file__ or "").parent
        for path in sorted(root.rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    for name in LIBRARIES:
        digest.update(f"{name}={version(name)}".encode())
    digest.update(repr(spec).encode())
    return digest.hexdigest()


def sha256_file(path: Path) -> str:
    """Hex sha256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


@dataclass
class RunCache:
    """One run's view of the cache: what earlier runs stored, and what this run used or added.

    The database is open only while loading and saving, never while worker processes are started.
    """

    db_path: Path | None  # None: a run without cache
    spec: ReportSpec
    fingerprint: str = ""
    reads: dict[str, bytes] = field(default_factory=dict)
    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    used_reads: dict[str, bytes] = field(default_factory=dict)
    used_outputs: dict[str, OutputRecord] = field(default_factory=dict)
    reads_saved: bool = False

    @property
    def active(self) -> bool:
        return self.db_path is not None


def open_cache(folder: Path | None, spec: ReportSpec) -> RunCache:
    """The cache in folder (created when missing; a damaged one is started afresh); inert when folder is None."""
    if folder is None:
        return RunCache(None, spec)
    cache = RunCache(folder / DB_NAME, spec, code_fingerprint(spec))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        try:
            _load(cache)
        except sqlite3.DatabaseError:  # not a database, or damaged: it only ever held copies
            (folder / DB_NAME).unlink()
            _load(cache)
    except (sqlite3.Error, OSError) as exc:
        print(f"提示：缓存“{folder}”无法使用（{exc}），本次全部重新读取和生成", file=sys.stderr)
        return RunCache(None, spec)
    return cache


def _load(cache: RunCache) -> None:
    with closing(sqlite3.connect(str(cache.db_path))) as db, db:
        db.execute(f"CREATE TABLE IF NOT EXISTS meta ({_TABLES['meta']})")
        if db.execute("SELECT fingerprint FROM meta").fetchall() != [(cache.fingerprint,)]:
            for table, columns in _TABLES.items():  # another program made these: start afresh
                db.execute(f"DROP TABLE IF EXISTS {table}")
                db.execute(f"CREATE TABLE {table} ({columns})")
            db.execute("INSERT INTO meta VALUES (?)", (cache.fingerprint,))
        cache.reads = dict(db.execute("SELECT key, record FROM reads"))
        for stem, record in db.execute("SELECT stem, record FROM outputs"):
            key, files = json.loads(record)
            cache.outputs[stem] = (str(key), [(str(p), str(h)) for p, h in files])


def read_key(sha256: str, suffix: str) -> str:
    """What a read depends on: the bytes, and the extension (it decides how a file is judged)."""
    return f"{sha256}:{suffix.lower()}"


def recall_read(cache: RunCache, key: str, display: str, mtime: float,
                path: Path) -> RawSubmission | Issue | None:
    """The stored reading of these bytes, renamed to this file; None when not stored."""
    record = cache.reads.get(key)
    result = None if record is None else decode_record(record, display, mtime, path, cache.spec)
    if result is not None and record is not None:
        cache.used_reads[key] = record
    return result


def remember_read(cache: RunCache, key: str, record: bytes) -> None:
    """Keep a fresh reading (encoded by pipeline/cachecodec.py) for the next run."""
    if cache.active:
        cache.used_reads[key] = record


def job_key(job: object) -> str:
    """A per-body job's identity: its complete content (the fingerprint covers the code that renders it)."""
    return hashlib.sha256(repr(job).encode()).hexdigest()


def intact(outdir: Path, files: OutputFiles) -> bool:
    """Every file is still there with the content it was written with."""
    return all((outdir / rel).is_file() and sha256_file(outdir / rel) == digest for rel, digest in files)


def remember_outputs(cache: RunCache, stem: str, key: str, outdir: Path, files: Iterable[tuple[Path, str]]) -> None:
    """Record what a body's job wrote (or kept), with each file's hash."""
    cache.used_outputs[stem] = (key, [(path.relative_to(outdir).as_posix(), digest) for path, digest in files])


def save_reads(cache: RunCache) -> None:
    """Store this run's readings now and let go of them: at 10,000 bodies they hold ~100 MB."""
    if cache.db_path is not None and not cache.reads_saved:
        _save(cache.db_path, lambda db: _sync(db, "reads", "key", cache.reads, cache.used_reads))
        cache.reads, cache.used_reads, cache.reads_saved = {}, {}, True


def save_cache(cache: RunCache, keep_outputs: bool = True) -> None:
    """Store this run's entries and drop those no file of this run used, so the cache stays inbox-sized.

    keep_outputs=False (a run that wrote no per-body output) leaves the output records as they were.
    """
    save_reads(cache)
    if cache.db_path is not None and keep_outputs:
        _save(cache.db_path, lambda db: _sync(db, "outputs", "stem", {k: json.dumps(v) for k, v in cache.outputs.items()},
                                              {k: json.dumps(v) for k, v in cache.used_outputs.items()}))


def _save(db_path: Path, write: Callable[[sqlite3.Connection], None]) -> None:
    try:
        with closing(sqlite3.connect(str(db_path))) as db, db:
            write(db)
    except sqlite3.Error as exc:
        print(f"提示：缓存无法保存（{exc}），下次运行将全部重新读取和生成", file=sys.stderr)


def _sync(db: sqlite3.Connection, table: str, key: str, before: Mapping[str, object],
          after: Mapping[str, object]) -> None:
    """Make the table hold exactly `after`, touching only the rows that differ (a re-run changes few)."""
    db.executemany(f"DELETE FROM {table} WHERE {key} = ?", ((k,) for k in before if k not in after))
    db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)",
                   ((k, v) for k, v in after.items() if before.get(k) != v))
