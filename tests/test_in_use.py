"""Issue 16: an output open in Excel or WPS on Windows cannot be replaced (os.replace raises PermissionError).
The earlier file stays, the run says in Chinese which file to close, writes everything else, and exits 3."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.report import RunOptions, run_report
from pipeline.run.inuse import INCOMPLETE, in_use_message
from pipeline.settings import ISSUES_NAME, OUTPUT_DIRNAME_BODIES, ROLLUP_NAME
from tests import make_examples
from tests.shims import HELD_OPEN, shim_env
from tests.treehash import tree_hashes, workbook_sheets

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
ONE_WORKER = RunOptions(jobs=1)
BODY_TABLE = f"{OUTPUT_DIRNAME_BODIES}/县教育局{YEAR}年政府信息公开工作年度报告表格.xlsx"


@pytest.fixture()
def inbox(tmp_path: Path) -> Path:
    dest = tmp_path / "inbox"
    shutil.copytree(make_examples.INBOX, dest)
    return dest


def test_an_open_rollup_keeps_the_earlier_file_and_the_rest_is_written(
        inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    run_report(inbox, YEAR, out, progress=False, options=ONE_WORKER)
    rollup = out / str(YEAR) / ROLLUP_NAME
    earlier = rollup.read_bytes()
    (inbox / "城关街道办事处.xlsx").unlink()  # the next run's 汇总.xlsx differs
    clean = run_report(inbox, YEAR, tmp_path / "clean", progress=False, options=ONE_WORKER)

    replace = os.replace

    def held_open(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        if Path(dst).name == ROLLUP_NAME:
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(dst))
        replace(src, dst)

    monkeypatch.setattr(os, "replace", held_open)
    result = run_report(inbox, YEAR, out, progress=False, options=ONE_WORKER)
    err = in_use_message(result.in_use, result.outdir)  # what the CLI says on stderr
    assert result.exit_code == INCOMPLETE == 3 and clean.exit_code == 1
    assert "请先关闭正在打开的 汇总.xlsx，然后重新运行" in err and "旧文件已保留" in err
    assert rollup.read_bytes() == earlier
    assert not [p for p in rollup.parent.iterdir() if p.name.startswith(".tmp-")]
    written, expected = tree_hashes(out / str(YEAR)), tree_hashes(tmp_path / "clean" / str(YEAR))
    for name in expected:  # every other output is this run's
        if name not in ("报送台账.sqlite3", ROLLUP_NAME):
            assert written[name] == expected[name], name
    assert f"{ISSUES_NAME}.xlsx" in written and "汇总报告.docx" in written

    monkeypatch.setattr(os, "replace", replace)  # closed: the next run replaces it
    assert run_report(inbox, YEAR, out, progress=False, options=ONE_WORKER).exit_code == 1
    assert workbook_sheets(rollup, skip=("历次报送",)) == \
        workbook_sheets(tmp_path / "clean" / str(YEAR) / ROLLUP_NAME, skip=("历次报送",))


def _run(inbox: Path, out: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", "report", "--inbox", str(inbox), "--year", str(YEAR),
                           "--out", str(out), "--jobs", "2"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=300)


def test_a_body_file_open_in_a_worker_is_kept_and_written_by_the_next_run(inbox: Path, tmp_path: Path) -> None:
    out, clean = tmp_path / "out", tmp_path / "clean"
    assert _run(inbox, out).returncode == 1 and _run(inbox, clean).returncode == 1
    table = out / str(YEAR) / BODY_TABLE
    table.write_bytes(b"an earlier version, open in WPS")  # changed since: the run must write it again
    held = shim_env(tmp_path / "shim", HELD_OPEN, GKNB_HELD=table.name)
    run = _run(inbox, out, held)
    assert run.returncode == INCOMPLETE, run.stderr
    assert f"未能更新：{BODY_TABLE}" in run.stderr and f"请先关闭正在打开的 {table.name}，然后重新运行" in run.stderr
    assert table.read_bytes() == b"an earlier version, open in WPS"
    assert (out / str(YEAR) / ROLLUP_NAME).exists()
    # The cache must not take the kept file for this run's: once it is closed, the next run writes it.
    again = _run(inbox, out)
    assert again.returncode == 1, again.stderr
    assert table.read_bytes() == (clean / str(YEAR) / BODY_TABLE).read_bytes()


def test_a_stale_file_open_elsewhere_is_kept_and_named(inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "out"
    run_report(inbox, YEAR, out, progress=False, options=ONE_WORKER)
    stale = out / str(YEAR) / BODY_TABLE
    assert stale.exists()
    (inbox / "教育局 年报.xlsx").unlink()  # 县教育局's files are stale now
    unlink = os.unlink

    def held_open(path: str | os.PathLike[str], *args: object, **kwargs: object) -> None:
        if Path(path).name == stale.name:
            raise PermissionError(13, "另一个程序正在使用此文件，进程无法访问。", str(path))
        unlink(path)

    monkeypatch.setattr(os, "unlink", held_open)
    result = run_report(inbox, YEAR, out, progress=False, options=ONE_WORKER)
    err = in_use_message(result.in_use, result.outdir)  # what the CLI says on stderr
    assert result.exit_code == INCOMPLETE
    assert f"请先关闭正在打开的 {stale.name}，然后重新运行" in err and stale.exists()
    monkeypatch.setattr(os, "unlink", unlink)
    assert run_report(inbox, YEAR, out, progress=False, options=ONE_WORKER).exit_code == 1
    assert not stale.exists()
