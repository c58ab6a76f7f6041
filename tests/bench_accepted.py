"""The end of a province's run: save_accepted writing 9,600 accepted bodies into the ledger's table `accepted`
(pipeline/decide/history.py), timed in CPU seconds (the machine is shared), best of RUNS, a fresh ledger each time.

Printed beside it, the floor: sqlite alone inserting the same rows (what save_accepted cannot avoid).
Usage: python -m tests.bench_accepted [BODIES]   (run it under another checkout's PYTHONPATH to compare two versions)
"""

from __future__ import annotations

import math
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pandas as pd

from pipeline.decide.history import ACCEPTED_TABLE, save_accepted
from pipeline.types import Body, Submission
from schemas import SPEC
from tests.factories import make_code, texts_for, totals_of, valid_numbers

RUNS = 3
YEAR = 2024


def bodies(count: int) -> tuple[list[Submission], pd.DataFrame]:
    """count submissions with a county's texts and figures (one in 50 with an unknown figure, as a published
    report has), and their checked frame."""
    ids = [n.id for n in SPEC.numbers]
    subs, rows = [], []
    for i in range(count):
        name = f"第{i // 60 + 1}县第{i % 60 + 1}单位"
        typed = valid_numbers(random.Random(i), scale=3)
        figures = {k: 0.0 for k in ids} | typed | totals_of(typed)
        if i % 50 == 0:
            figures[ids[i % len(ids)]] = math.nan
        subs.append(Submission(f"{name}.xlsx", "", b"", 0.0, Body(name, "乡镇", make_code(i), YEAR, None),
                               texts=texts_for(name)))
        rows.append([figures[k] for k in ids])
    return subs, pd.DataFrame(rows, columns=ids)


def cpu_best(run: Callable[[Path], object]) -> float:
    best = math.inf
    for _ in range(RUNS):
        with tempfile.TemporaryDirectory() as tmp:
            start = time.process_time()
            run(Path(tmp) / "报送台账.sqlite3")
            best = min(best, time.process_time() - start)
    return best


def insert_only(rows: list[tuple[str, ...]]) -> Callable[[Path], None]:
    def run(path: Path) -> None:
        with closing(sqlite3.connect(path)) as db, db:
            db.execute(f"CREATE TABLE {ACCEPTED_TABLE} (name, kind, code, file, figures, texts)")
            db.executemany(f"INSERT INTO {ACCEPTED_TABLE} VALUES (?, ?, ?, ?, ?, ?)", rows)
    return run


def main(count: int) -> None:
    subs, frame = bodies(count)
    keep = list(range(count))
    saved = cpu_best(lambda path: save_accepted(path, YEAR, subs, keep, frame))
    with tempfile.TemporaryDirectory() as tmp:
        save_accepted(Path(tmp) / "l.sqlite3", YEAR, subs, keep, frame)
        with closing(sqlite3.connect(Path(tmp) / "l.sqlite3")) as db:
            rows = db.execute(f"SELECT * FROM {ACCEPTED_TABLE}").fetchall()
    floor = cpu_best(insert_only(rows))
    print(f"save_accepted，{count} 个单位：CPU {saved:.3f} 秒；其中 sqlite 写入同样的行至少 {floor:.3f} 秒"
          f"（{saved / floor:.2f} 倍）")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 9600)
