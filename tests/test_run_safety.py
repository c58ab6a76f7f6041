"""Issue 5, the run itself: one run per output folder, an unwritable or empty place stops with a message,
and a run killed with SIGKILL at any moment leaves whole files only; the next run completes normally.
"""

from __future__ import annotations

import csv
import io
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from contextlib import closing
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from pipeline.report import run_report
from pipeline.run.atomic import TMP_PREFIX
from pipeline.run.lock import LOCK_NAME, run_lock
from tests import make_examples
from tests.test_report import _build_inbox
from tests.treehash import tree_hashes

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
KILLS = 5


def _report(inbox: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "pipeline", "report", "--inbox", str(inbox), "--year", str(YEAR),
                             "--out", str(out), *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def _finish(proc: subprocess.Popen[str]) -> tuple[int, str]:
    _, err = proc.communicate(timeout=120)
    return proc.returncode, err


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("safety") / "inbox"
    if make_examples.INBOX.is_dir():
        shutil.copytree(make_examples.INBOX, dest)
    else:
        _build_inbox(dest)
    return dest


def test_a_second_run_on_a_busy_output_folder_refuses(inbox: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "out" / str(YEAR)
    with run_lock(outdir):
        code, err = _finish(_report(inbox, tmp_path / "out"))
        assert code == 2
        assert "另一个汇总正在写输出文件夹" in err and "Traceback" not in err
        assert [p.name for p in outdir.iterdir()] == [LOCK_NAME], "the refused run wrote nothing"
    assert not (outdir / LOCK_NAME).exists(), "the lock file goes with its holder"


def test_a_lock_file_left_by_a_killed_run_does_not_block(inbox: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "out" / str(YEAR)
    outdir.mkdir(parents=True)
    (outdir / LOCK_NAME).write_text("进程 999999")  # no process holds it any more
    assert run_report(inbox, YEAR, tmp_path / "out", progress=False).exit_code == 1
    assert not (outdir / LOCK_NAME).exists()


def test_an_output_folder_that_cannot_be_written_stops_with_a_message(inbox: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("一个与输出文件夹同名的文件")  # root ignores permission bits, so block the path instead
    code, err = _finish(_report(inbox, blocker))
    assert code == 2
    assert "无法写入输出文件夹" in err and "Traceback" not in err
    assert blocker.read_text() == "一个与输出文件夹同名的文件"


def test_a_reader_that_stops_reading_is_not_an_output_problem(inbox: Path, tmp_path: Path) -> None:
    # make report | head: the summary finds its pipe closed. The run itself succeeded and says nothing wrong.
    run = _report(inbox, tmp_path / "out")
    assert run.stdout is not None
    run.stdout.close()
    code, err = _finish(run)
    assert code == 1  # as for any run with files sent back
    assert "无法写入输出文件夹" not in err and "Traceback" not in err and "Broken pipe" not in err
    assert (tmp_path / "out" / str(YEAR) / "汇总.xlsx").is_file()


def test_an_empty_inbox_stops_and_keeps_earlier_outputs(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run_report(inbox, YEAR, out, progress=False).exit_code == 1
    before = tree_hashes(out)
    empty = tmp_path / "空收件箱"
    empty.mkdir()
    code, err = _finish(_report(empty, out))
    assert code == 2 and "没有任何Excel文件" in err
    assert tree_hashes(out) == before


def _assert_whole(outdir: Path) -> None:
    """Every file is a finished output, a temporary file of ours, or the lock of the killed run."""
    for path in outdir.rglob("*"):
        if path.is_dir() or path.name.startswith(TMP_PREFIX) or path.name == LOCK_NAME:
            continue
        if path.suffix == ".xlsx":
            wb = CalamineWorkbook.from_path(str(path))
            for name in wb.sheet_names:
                wb.get_sheet_by_name(name).to_python()
        elif path.suffix == ".csv":
            list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
        elif path.suffix == ".docx":
            with zipfile.ZipFile(path) as zf:
                assert zf.testzip() is None
        elif path.suffix == ".html":
            assert path.read_text(encoding="utf-8").rstrip().endswith("</html>")
        elif path.suffix == ".txt":
            path.read_bytes().decode("utf-8-sig")
        elif path.suffix == ".sqlite3":
            with closing(sqlite3.connect(path)) as db:  # SQLite rolls back a transaction the kill cut short
                assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        elif not path.name.endswith(".sqlite3-journal"):
            raise AssertionError(f"unexpected file {path}")


def test_temporary_files_of_a_killed_run_are_cleaned_at_the_next_start(inbox: Path, tmp_path: Path) -> None:
    outdir = tmp_path / "out" / str(YEAR)
    planted = [outdir / f"{TMP_PREFIX}abc.xlsx", outdir / "单位表格" / f"{TMP_PREFIX}def.xlsx"]
    mine = outdir / "我的笔记.txt"  # not ours: must stay
    for path in planted + [mine]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"half")
    run_report(inbox, YEAR, tmp_path / "out", progress=False)
    assert not any(p.exists() for p in planted)
    assert mine.read_bytes() == b"half"


def _wait_for_lock(proc: subprocess.Popen[str], outdir: Path) -> float:
    """Seconds until this run holds its lock (start-up done, files about to be read and written).

    A lock file left by an earlier, killed run names another process: it does not count (waiting for the
    file alone made every kill after the first land in the next run's start-up, or after its end).
    """
    mine = f"进程 {proc.pid}，"
    start = time.monotonic()
    while proc.poll() is None and not _lock_holder(outdir).startswith(mine):
        time.sleep(0.002)
    return time.monotonic() - start


def _lock_holder(outdir: Path) -> str:
    try:
        return (outdir / LOCK_NAME).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):  # not there yet, or caught half-written
        return ""


def _kill_after(proc: subprocess.Popen[str], delay: float) -> float | None:
    """SIGKILL the run delay seconds from now; None when killed, else how long it took to end by itself."""
    start = time.monotonic()
    while proc.poll() is None and time.monotonic() - start < delay:
        time.sleep(0.002)
    if proc.poll() is not None:
        return time.monotonic() - start
    os.kill(proc.pid, signal.SIGKILL)
    return None


def test_sigkill_at_random_moments_leaves_no_half_written_output(inbox: Path, tmp_path: Path) -> None:
    clean_out, killed_out = tmp_path / "clean", tmp_path / "killed"
    # Without the run cache every run does the same work, so kills timed on the clean run land inside
    # the killed ones (with it, later runs finish before their kill).
    proc = _report(inbox, clean_out, "--no-cache")
    _wait_for_lock(proc, clean_out / str(YEAR))
    start = time.monotonic()
    clean_code, _ = _finish(proc)
    span = time.monotonic() - start  # the part of a run that reads and writes
    rng = random.Random(5)
    kills: list[float] = []
    leftovers = attempts = 0
    # The machine's load changes between runs (other jobs share its cores): a run quicker than the clean
    # one can end before its kill. Such a run is not counted, and later kills aim by its length instead.
    while len(kills) < KILLS and attempts < 3 * KILLS:
        attempts += 1
        delay = span * rng.uniform(0.3, 1.0)
        proc = _report(inbox, killed_out, "--no-cache")
        _wait_for_lock(proc, killed_out / str(YEAR))
        ended_after = _kill_after(proc, delay)
        if ended_after is None:
            kills.append(delay)
        else:
            span = min(span, ended_after)
        proc.communicate(timeout=120)
        _assert_whole(killed_out / str(YEAR))
        leftovers += sum(1 for p in killed_out.rglob(TMP_PREFIX + "*"))
    print(f"locked part of a run {span:.3f} s; {len(kills)} kills of {attempts} runs, "
          f"{[round(d, 3) for d in kills]} s into them; {leftovers} temporary files seen after kills")
    assert len(kills) == KILLS
    code, err = _finish(_report(inbox, killed_out, "--no-cache"))
    assert code == clean_code and "Traceback" not in err
    assert tree_hashes(killed_out) == tree_hashes(clean_out), "after a normal run nothing of the killed runs remains"


IDLE_POOL = """
import time
from pipeline.run.parallel import worker_pool
pool = worker_pool(2)
print(sum(pool.map(abs, [-1, -2, -3, -4])), flush=True)  # both workers started, now waiting for work
time.sleep(600)
"""


def assert_workers_end_when_the_run_is_killed(env: dict[str, str] | None = None) -> None:
    """Start a run with two idle workers, SIGKILL it, and require every process holding its output to end."""
    proc = subprocess.Popen([sys.executable, "-c", IDLE_POOL], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline() == "10\n"
    os.kill(proc.pid, signal.SIGKILL)
    start = time.monotonic()
    proc.communicate(timeout=30)  # returns once every process holding the run's output has ended
    assert time.monotonic() - start < 10


def test_workers_end_when_the_run_is_killed_outright() -> None:
    # SIGKILL (or the out-of-memory killer) gives a run no chance to stop its workers; they must notice.
    assert_workers_end_when_the_run_is_killed()
