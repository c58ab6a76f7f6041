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
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import pipeline
import schemas
from schemas.spec import ReportSpec

CACHE_DIRNAME = ".cache"
DB_NAME = "cache.sqlite"
LIBRARIES = ("python-calamine", "xlsxwriter", "pandas", "pandera", "numpy")
_TABLES = {"meta": "fingerprint TEXT NOT NULL",
           "reads": "key TEXT PRIMARY KEY, record BLOB NOT NULL",  # read_key -> cachecodec record
           "outputs": "stem TEXT PRIMARY KEY, record TEXT NOT NULL"}  # body's stem -> JSON [job key, files]

STORE_BATCH = 500  # fresh readings written to the database at a time

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

    The database is open only for each load or save, never while worker processes are started. Readings
    are fetched and stored a few hundred at a time: a province's (~100 MB) are never in memory at once.
    """

    db_path: Path | None  # None: a run without cache
    spec: ReportSpec
    fingerprint: str = ""
    outputs: dict[str, OutputRecord] = field(default_factory=dict)
    used_reads: set[str] = field(default_factory=set)
    new_reads: list[tuple[str, bytes]] = field(default_factory=list)  # not yet written to the database
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
        for stem, record in db.execute("SELECT stem, record FROM outputs"):
            key, files = json.loads(record)
            cache.outputs[stem] = (str(key), [(str(p), str(h)) for p, h in files])


def read_key(sha256: str, suffix: str) -> str:
    """What a read depends on: the bytes, and the extension (it decides how a file is judged)."""
    return f"{sha256}:{suffix.lower()}"


def stored_reads(cache: RunCache, keys: Sequence[str]) -> dict[str, bytes]:
    """The stored readings of these keys (those the cache has)."""
    if cache.db_path is None or not keys:
        return {}
    marks = ",".join("?" * len(keys))
    with closing(sqlite3.connect(str(cache.db_path))) as db:
        return dict(db.execute(f"SELECT key, record FROM reads WHERE key IN ({marks})", list(keys)))


def use_read(cache: RunCache, key: str) -> None:
    """This run used the stored reading of key: keep it."""
    cache.used_reads.add(key)


def store_read(cache: RunCache, key: str, record: bytes) -> None:
    """Keep a fresh reading (encoded by pipeline/cachecodec.py) for the next run."""
    if cache.active:
        cache.used_reads.add(key)
        cache.new_reads.append((key, record))
        if len(cache.new_reads) >= STORE_BATCH:
            _flush_reads(cache)


def _flush_reads(cache: RunCache) -> None:
    if cache.db_path is not None and cache.new_reads:
        _save(cache.db_path, lambda db: db.executemany("INSERT OR REPLACE INTO reads VALUES (?, ?)", cache.new_reads))
    cache.new_reads = []


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
    """Store the last fresh readings and drop those of files no longer in the inbox."""
    if cache.db_path is None or cache.reads_saved:
        return
    _flush_reads(cache)

    def prune(db: sqlite3.Connection) -> None:
        stale = [(k,) for (k,) in db.execute("SELECT key FROM reads") if k not in cache.used_reads]
        db.executemany("DELETE FROM reads WHERE key = ?", stale)

    _save(cache.db_path, prune)
    cache.reads_saved = True


def save_cache(cache: RunCache, keep_outputs: bool = True) -> None:
    """Store this run's entries and drop those no file of this run used, so the cache stays inbox-sized.

    keep_outputs=False (a run that wrote no per-body output) leaves the output records as they were.
    """
    save_reads(cache)
    if cache.db_path is not None and keep_outputs:
        _save(cache.db_path, lambda db: _sync(db, "outputs", "stem", {k: json.dumps(v) for k, v in cache.outputs.items()},
                                              {k: json.dumps(v) for k, v in cache.used_outputs.items()}))


def _save(db_path: Path, write: Callable[[sqlite3.Connection], object]) -> None:
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
