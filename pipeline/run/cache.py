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
import os
import sqlite3
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import closing
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

from pipeline.run.notices import notice
from schemas.spec import ReportSpec

SOURCE_FOLDERS = (Path(__file__).resolve().parent.parent, Path(__file__).resolve().parent.parent.parent / "schemas")
CACHE_DIRNAME = ".cache"
DB_NAME = "cache.sqlite"
LIBRARIES = ("python-calamine", "xlsxwriter", "pandas", "pandera", "numpy")
READS, CHECKS = "reads", "checks"  # tables of entries kept while a file of the inbox uses them
_TABLES = {"meta": "fingerprint TEXT NOT NULL",
           READS: "key TEXT PRIMARY KEY, record BLOB NOT NULL",  # read_key -> cachecodec reading
           CHECKS: "key TEXT PRIMARY KEY, record BLOB NOT NULL",  # check_key -> cachecodec checked figures, problems
           "outputs": "stem TEXT PRIMARY KEY, record TEXT NOT NULL"}  # body's stem -> JSON [job key, files]

STORE_BATCH = 500  # fresh entries written to the database at a time
RECALL_BATCH = 500  # stored entries fetched from the database at a time

# (path relative to the year's output folder, sha256, size, modification time in ns)
OutputFiles = list[tuple[str, str, int, int]]
OutputRecord = tuple[str, OutputFiles]  # (job key, the files that job wrote)
WrittenFile = tuple[Path, str, int, int]  # an output file as this run found or wrote it: path, sha256, size, time


def cache_folder(out: Path, year: int) -> Path:
    """Where a year's cache lives: beside the year's outputs, so the folder people open holds only outputs."""
    return out / CACHE_DIRNAME / str(year)


def code_fingerprint(spec: ReportSpec) -> str:
    """Changes whenever anything that shapes a result changes: our source, the spec, Python or a library."""
    digest = hashlib.sha256(sys.version.encode())
    for root in SOURCE_FOLDERS:
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
    used: dict[str, set[str]] = field(default_factory=lambda: {READS: set(), CHECKS: set()})
    new: dict[str, list[tuple[str, bytes]]] = field(  # not yet written to the database
        default_factory=lambda: {READS: [], CHECKS: []})
    used_outputs: dict[str, OutputRecord] = field(default_factory=dict)
    saved: set[str] = field(default_factory=set)  # tables whose entries this run has stored for good

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
        notice(f"提示：缓存“{folder}”无法使用（{exc}），本次全部重新读取和生成")
        return RunCache(None, spec)
    return cache


def _load(cache: RunCache) -> None:
    if cache.db_path is None:
        return
    with closing(_writer(cache.db_path)) as db, db:
        db.execute(f"CREATE TABLE IF NOT EXISTS meta ({_TABLES['meta']})")
        if db.execute("SELECT fingerprint FROM meta").fetchall() != [(cache.fingerprint,)]:
            for table, columns in _TABLES.items():  # another program made these: start afresh
                db.execute(f"DROP TABLE IF EXISTS {table}")
                db.execute(f"CREATE TABLE {table} ({columns})")
            db.execute("INSERT INTO meta VALUES (?)", (cache.fingerprint,))
        for stem, record in db.execute("SELECT stem, record FROM outputs"):
            key, files = json.loads(record)
            cache.outputs[stem] = (str(key), [(str(p), str(h), int(n), int(t)) for p, h, n, t in files])


def read_key(sha256: str, suffix: str) -> str:
    """What a read depends on: the bytes, and the extension (it decides how a file is judged)."""
    return f"{sha256}:{suffix.lower()}"


def check_key(read: str, display: str, year: int) -> str:
    """What a submission's checks depend on: its reading, the name problems are reported under, the year."""
    return f"{read}\0{display}\0{year}"


def stored(cache: RunCache, table: str, keys: Sequence[str]) -> dict[str, bytes]:
    """The stored entries of these keys in table (those the cache has)."""
    if cache.db_path is None or not keys:
        return {}
    marks = ",".join("?" * len(keys))
    with closing(sqlite3.connect(str(cache.db_path))) as db:
        return dict(db.execute(f"SELECT key, record FROM {table} WHERE key IN ({marks})", list(keys)))


def holds_any(cache: RunCache, table: str) -> bool:
    """Whether the table has stored entries at all (a first run's has none: nothing to look up)."""
    if cache.db_path is None:
        return False
    with closing(sqlite3.connect(str(cache.db_path))) as db:
        return db.execute(f"SELECT 1 FROM {table} LIMIT 1").fetchone() is not None


def use(cache: RunCache, table: str, key: str) -> None:
    """This run used the stored entry of key: keep it."""
    cache.used[table].add(key)


def store(cache: RunCache, table: str, key: str, record: bytes) -> None:
    """Keep a fresh entry (encoded by pipeline/reading/cache_codec.py) for the next run."""
    if cache.active:
        cache.used[table].add(key)
        cache.new[table].append((key, record))
        if len(cache.new[table]) >= STORE_BATCH:
            _flush(cache, table)


def _flush(cache: RunCache, table: str) -> None:
    if cache.db_path is not None and cache.new[table]:
        entries = cache.new[table]
        _save(cache.db_path, lambda db: db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", entries))
    cache.new[table] = []


def job_key(job: object) -> str:
    """A per-body job's identity: its complete content (the fingerprint covers the code that renders it)."""
    return hashlib.sha256(repr(job).encode()).hexdigest()


def intact(outdir: Path, files: OutputFiles) -> list[WrittenFile] | None:
    """Every file as it is now, when each still has the content it was written with; else None.

    A file whose size and modification time are as recorded is taken as unchanged without reading it
    (a province's outputs are a gigabyte); any other is hashed.
    """
    current = []
    for rel, digest, size, mtime_ns in files:
        path = outdir / rel
        try:
            st = path.stat()
            if (st.st_size, st.st_mtime_ns) != (size, mtime_ns) and (st.st_size != size or sha256_file(path) != digest):
                return None
        except OSError:  # gone, or no longer a readable file
            return None
        current.append((path, digest, st.st_size, st.st_mtime_ns))
    return current


def described(path: Path) -> WrittenFile:
    """A file just written, as its output record keeps it."""
    st = path.stat()
    return path, sha256_file(path), st.st_size, st.st_mtime_ns


def remember_outputs(cache: RunCache, stem: str, key: str, outdir: Path,
                     files: Iterable[WrittenFile]) -> None:
    """Record what a body's job wrote (or kept), with each file's hash, size and time."""
    inside = str(outdir) + os.sep
    cache.used_outputs[stem] = (key, [(_relative(path, outdir, inside), digest, size, mtime_ns)
                                      for path, digest, size, mtime_ns in files])


def _relative(path: Path, outdir: Path, inside: str) -> str:
    """path relative to outdir, with '/' (cut from the text: pathlib's relative_to took 0.4 s per province)."""
    text = str(path)
    if text.startswith(inside):
        return text[len(inside):].replace(os.sep, "/")
    return path.relative_to(outdir).as_posix()


def save_entries(cache: RunCache, table: str) -> None:
    """Store the table's last fresh entries and drop those no file of this inbox used."""
    if cache.db_path is None or table in cache.saved:
        return
    _flush(cache, table)

    def prune(db: sqlite3.Connection) -> None:
        stale = [(k,) for (k,) in db.execute(f"SELECT key FROM {table}") if k not in cache.used[table]]
        db.executemany(f"DELETE FROM {table} WHERE key = ?", stale)

    _save(cache.db_path, prune)
    cache.saved.add(table)


def save_cache(cache: RunCache, keep_outputs: bool = True) -> None:
    """Store this run's entries and drop those no file of this run used, so the cache stays inbox-sized.

    keep_outputs=False (a run that wrote no per-body output) leaves the output records as they were.
    """
    for table in (READS, CHECKS):
        save_entries(cache, table)
    if cache.db_path is not None and keep_outputs:
        _save(cache.db_path, lambda db: _sync(db, "outputs", "stem", {k: json.dumps(v) for k, v in cache.outputs.items()},
                                              {k: json.dumps(v) for k, v in cache.used_outputs.items()}))


def _writer(db_path: Path) -> sqlite3.Connection:
    """A connection that hands its writes to the system without waiting for the disk (PRAGMA synchronous=OFF).

    A first run at a province's scale writes ~40 batches, and waiting for the disk after each was 0.55 of
    the 0.75 s they took. A run that is killed loses nothing (SQLite's journal still protects each write);
    a machine that loses power may leave a damaged file, which the next run finds and starts afresh
    (open_cache), as the cache only ever holds copies.
    """
    db = sqlite3.connect(str(db_path))
    db.execute("PRAGMA synchronous=OFF")
    return db


def _save(db_path: Path, write: Callable[[sqlite3.Connection], object]) -> None:
    try:
        with closing(_writer(db_path)) as db, db:
            write(db)
    except sqlite3.Error as exc:
        notice(f"提示：缓存无法保存（{exc}），下次运行将全部重新读取和生成")


def _sync(db: sqlite3.Connection, table: str, key: str, before: Mapping[str, object],
          after: Mapping[str, object]) -> None:
    """Make the table hold exactly `after`, touching only the rows that differ (a re-run changes few)."""
    db.executemany(f"DELETE FROM {table} WHERE {key} = ?", ((k,) for k in before if k not in after))
    db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)",
                   ((k, v) for k, v in after.items() if before.get(k) != v))
