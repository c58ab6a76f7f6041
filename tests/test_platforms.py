"""Issue 16: the tool runs where coordinators work. On Windows (no fcntl, no fork, "spawn" only, no pidfd)
a whole run writes the same bytes as here; the run lock works with msvcrt's locking; workers started by
"spawn" end with a killed run; Chinese paths with spaces, GBK and CRLF text are read as on Linux."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.decide.ledger import LEDGER_NAME
from pipeline.settings import ROLLUP_NAME
from tests import make_examples
from tests.shims import FAKE_MSVCRT, LIKE_WINDOWS, NO_PIDFD, shim_env
from tests.test_run_safety import assert_workers_end_when_the_run_is_killed
from tests.treehash import tree_hashes, workbook_sheets

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
HISTORY_SHEET = "历次报送"  # the roll-up's one sheet that records when each run saw each file
ROSTER = ROOT / "examples" / "单位名单.csv"


def _run(inbox: Path, out: Path, env: dict[str, str] | None = None, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "report", "--inbox", str(inbox), "--out", str(out),
                           "--roster", str(ROSTER), "--no-cache", *extra], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)


def _without_history(out: Path) -> dict[str, str]:
    # The ledger and the 历次报送 sheet record when a run saw each file, by design (tests/bench.py does the same).
    return {k: v for k, v in tree_hashes(out / str(YEAR)).items() if k not in (LEDGER_NAME, ROLLUP_NAME)}


def _probe(env: dict[str, str], code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          check=True, timeout=60).stdout.strip()


def test_a_run_as_on_windows_writes_the_same_bytes(tmp_path: Path) -> None:
    like_windows = shim_env(tmp_path / "shim", LIKE_WINDOWS)
    assert _probe(like_windows, "from pipeline.run.lock import lock_method; from pipeline.run.parallel import "
                                "lean_context; print(lock_method(), lean_context().get_start_method())") \
        == "exclusive-file spawn"
    inbox = tmp_path / "收件 箱"  # a Chinese name with a space, as Windows users name folders
    shutil.copytree(make_examples.INBOX, inbox)
    normal = _run(inbox, tmp_path / "normal", None, "--year", str(YEAR), "--jobs", "2")
    windows = _run(inbox, tmp_path / "输出 结果", like_windows, "--year", str(YEAR), "--jobs", "2")
    assert (normal.returncode, windows.returncode) == (1, 1), windows.stderr
    assert "Traceback" not in windows.stderr
    produced = _without_history(tmp_path / "输出 结果")
    assert len(produced) > 10 and produced == _without_history(tmp_path / "normal")
    assert workbook_sheets(tmp_path / "输出 结果" / str(YEAR) / ROLLUP_NAME, skip=(HISTORY_SHEET,)) == \
        workbook_sheets(tmp_path / "normal" / str(YEAR) / ROLLUP_NAME, skip=(HISTORY_SHEET,))
    assert not (tmp_path / "输出 结果" / str(YEAR) / ".汇总运行中.lock").exists()


HOLD = """
import sys, time
from pathlib import Path
from pipeline.run.lock import lock_method, run_lock
with run_lock(Path(sys.argv[1])):
    print(lock_method(), flush=True)
    time.sleep(600)
"""


@pytest.mark.parametrize("shims", [(FAKE_MSVCRT,), (LIKE_WINDOWS,)], ids=["msvcrt", "exclusive-file"])
def test_the_run_lock_of_other_systems_refuses_a_second_run_and_not_a_killed_ones(tmp_path: Path,
                                                                                   shims: tuple[str, ...]) -> None:
    env = shim_env(tmp_path / "shim", *shims)
    out = tmp_path / "out"
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out / str(YEAR))], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == ("msvcrt" if shims == (FAKE_MSVCRT,) else "exclusive-file")
        busy = _run(make_examples.INBOX, out, env, "--year", str(YEAR), "--jobs", "1")
        assert busy.returncode == 2
        assert "另一个汇总正在写输出文件夹" in busy.stderr and f"进程 {holder.pid}" in busy.stderr
        assert not (out / str(YEAR) / ROLLUP_NAME).exists()
    finally:
        os.kill(holder.pid, signal.SIGKILL)  # no clean-up: the lock file stays, as after a crash
        holder.wait()
    assert (out / str(YEAR) / ".汇总运行中.lock").exists()
    after = _run(make_examples.INBOX, out, env, "--year", str(YEAR), "--jobs", "1")
    assert after.returncode == 1, after.stderr
    assert (out / str(YEAR) / ROLLUP_NAME).exists()


@pytest.mark.parametrize("shim", [LIKE_WINDOWS, NO_PIDFD], ids=["spawn", "forkserver-without-pidfd"])
def test_workers_end_when_the_run_is_killed_outright_without_pidfd(tmp_path: Path, shim: str) -> None:
    # As on Windows (workers started by "spawn", no pidfd to learn when the run ends), and as on a system
    # with a fork server but no pidfd. The killed run stays a zombie until communicate() reaps it.
    assert_workers_end_when_the_run_is_killed(shim_env(tmp_path / "shim", shim))


def test_a_gbk_roster_with_crlf_in_a_folder_with_spaces(tmp_path: Path) -> None:
    # What Excel on Chinese Windows saves as "CSV": GBK (no BOM), CRLF line ends.
    folder = tmp_path / "名单 文件夹"
    folder.mkdir()
    roster = folder / "单位 名单.csv"
    roster.write_bytes(ROSTER.read_text(encoding="utf-8-sig").replace("\r\n", "\n").replace("\n", "\r\n")
                       .encode("gbk"))
    assert b"\r\n" in roster.read_bytes()
    run = subprocess.run([sys.executable, "-m", "pipeline", "report", "--inbox", str(make_examples.INBOX),
                          "--year", str(YEAR), "--out", str(tmp_path / "输出 文件夹"), "--roster", str(roster),
                          "--jobs", "1"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    utf8 = _run(make_examples.INBOX, tmp_path / "utf8", None, "--year", str(YEAR), "--jobs", "1")
    assert (run.returncode, utf8.returncode) == (1, 1), run.stderr
    assert workbook_sheets(tmp_path / "输出 文件夹" / str(YEAR) / ROLLUP_NAME, skip=(HISTORY_SHEET,)) == \
        workbook_sheets(tmp_path / "utf8" / str(YEAR) / ROLLUP_NAME, skip=(HISTORY_SHEET,))
