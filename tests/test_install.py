"""Issue 16: `pip install` gives a `gknb` command with the same subcommands as `python -m pipeline`, and a plain
(non-editable) install carries every subpackage. Built from a copy of the sources, installed into a folder
of its own; pip fetches the build backend (setuptools) from the package index, as on a user's machine."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests import make_examples

ROOT = Path(__file__).resolve().parent.parent


def test_the_installed_gknb_command_runs_the_sample_inbox(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copy(ROOT / "pyproject.toml", src)
    for package in ("pipeline", "schemas"):
        shutil.copytree(ROOT / package, src / package, ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "安装 目录"  # Chinese and a space, as under a Windows user's folder
    install = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
                              str(src)], capture_output=True, text=True, timeout=300)
    assert install.returncode == 0, install.stderr
    gknb = target / "bin" / "gknb"
    assert gknb.is_file()
    # Only the installed copy may be found: no checkout on the path, no editable install of one.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"} | {"PYTHONPATH": str(target)}
    where = subprocess.run([sys.executable, "-c", "import pipeline.checks.runner as m; print(m.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, check=True)
    assert Path(where.stdout.strip()).is_relative_to(target)
    help_text = subprocess.run([str(gknb), "-h"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert help_text.returncode == 0 and help_text.stdout.startswith("用法：gknb")
    for command in ("templates", "rules", "check", "report"):
        assert command in help_text.stdout
    out = tmp_path / "输出"
    run = subprocess.run([str(gknb), "report", "--inbox", str(make_examples.INBOX), "--out", str(out),
                          "--jobs", "2"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 1, run.stderr  # the sample inbox has files to send back, by design
    assert "定为 2024 年" in run.stdout and (out / "2024" / "汇总.xlsx").exists()
    assert (out / "2024" / "问题清单.xlsx").exists() and any((out / "2024" / "单位表格").iterdir())
