"""`make bench`'s cross-year figure: checking N workbooks with a full year of history costs at most 10 % more than
without it, one process against one process (`report --only-rollup --jobs 1`), the two runs taking turns.

The history is last year's ledger of every body of the inbox (pipeline/decide/history.py's table `accepted`), made
from a run of this year: each body's figures continued backwards so that the chains hold (last year's 结转下年度 =
this year's 上年结转, last year's 现行有效 = this year's − 制发 + 废止), the other figures a little smaller, and the
texts another body's, so that the cross-year checks do the work they do in a real year and find little.

Usage: python -m tests.bench_history [SIZE ...]
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from pipeline.decide.history import ACCEPTED_TABLE
from pipeline.decide.ledger import LEDGER_NAME
from schemas.cross_year_rules import CHAINS
from tests import bench_data

ROOT = Path(__file__).resolve().parent.parent
YEAR = bench_data.YEAR
RUNS = 3  # each of the pair, alternately; the median of each
TARGET = 1.10


def last_year_figures(figures: dict[str, float | None]) -> dict[str, float | None]:
    """This year's figures continued one year back: the chains hold, every other figure is a little smaller."""
    before = {k: (None if v is None else float(int(v * 0.9))) for k, v in figures.items()}
    for chain in CHAINS:
        parts = [figures.get(k) for k in (chain.this, *chain.plus, *chain.minus)]
        if None in parts:
            before[chain.last] = None
            continue
        now = figures[chain.this] or 0.0
        before[chain.last] = now - sum(figures[k] or 0.0 for k in chain.plus) + sum(figures[k] or 0.0 for k in chain.minus)
    return before


def write_history(run_ledger: Path, dest: Path) -> Path:
    """Last year's ledger (dest/报送台账.sqlite3, year YEAR - 1) made from this year's run's accepted bodies."""
    with closing(sqlite3.connect(run_ledger)) as db:
        rows = db.execute(f"SELECT name, kind, code, file, figures, texts FROM {ACCEPTED_TABLE} ORDER BY name").fetchall()
    texts = [r[5] for r in rows[1:] + rows[:1]]  # each body's texts of last year are another body's
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(run_ledger, dest / LEDGER_NAME)
    with closing(sqlite3.connect(dest / LEDGER_NAME)) as db, db:
        db.execute(f"DELETE FROM {ACCEPTED_TABLE}")
        db.executemany(f"INSERT INTO {ACCEPTED_TABLE} VALUES (?, ?, ?, ?, ?, ?)",
                       [(n, k, c, f, json.dumps(last_year_figures(json.loads(fig))), t)
                        for (n, k, c, f, fig, _), t in zip(rows, texts, strict=True)])
        db.execute("INSERT OR REPLACE INTO meta VALUES ('accepted_year', ?)", (str(YEAR - 1),))
    return dest


def pair(inbox: Path, history: Path) -> dict[str, Callable[[Path], list[str]]]:
    """The two commands measured against each other: without and with last year."""
    def report(out: Path, *flags: str) -> list[str]:
        return [sys.executable, "-m", "pipeline", "report", "--inbox", str(inbox), "--year", str(YEAR), "--out",
                str(out), "--only-rollup", "--jobs", "1", *flags]
    return {"a1": lambda out: report(out), "h1": lambda out: report(out, "--history", str(history))}


def make_history(inbox: Path, folder: Path) -> Path:
    """Run this year once and turn its ledger into last year's."""
    import subprocess

    out = folder / "this-year"
    command = pair(inbox, folder)["a1"](out)
    if subprocess.run(command, cwd=ROOT, capture_output=True).returncode not in (0, 1):
        raise SystemExit("the run that makes the history failed")
    return write_history(out / str(YEAR) / LEDGER_NAME, folder / str(YEAR - 1))


def history_lines(bodies: int, runs: dict[str, float]) -> list[str]:
    ratio = runs["h1"] / runs["a1"]
    return [f"  N={bodies}：有上年数据（全部 {bodies} 个单位）{runs['h1']:.2f} 秒，无上年数据 {runs['a1']:.2f} 秒；"
            f"h1/a1 = {ratio:.3f}（1 个进程对 1 个进程，交替各 {RUNS} 次的中位数；目标 ≤ {TARGET:.2f}，"
            f"{'达到' if ratio <= TARGET else '未达到'}）"]


def main(sizes: list[int]) -> int:
    from tests.bench import _alternating

    met = True
    for size in sizes:
        inbox = bench_data.inbox(size)
        with tempfile.TemporaryDirectory(prefix="bench-history-") as tmp:
            history = make_history(inbox, Path(tmp))
            measured = _alternating(pair(inbox, history), RUNS)
        walls = {k: m.wall for k, m in measured.items()}
        print("\n".join(history_lines(size, walls)), flush=True)
        met = met and walls["h1"] <= TARGET * walls["a1"]
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main([int(a) for a in sys.argv[1:]] or [1000]))
