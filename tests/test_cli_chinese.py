"""Issue 16: everything the command line says is Chinese (argparse's own errors, headings and help included),
and `--year` may be left out: the year most workbooks of the inbox state."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.decide.year import infer_year
from pipeline.inbox.discover import discover
from pipeline.reading.normalise import year_of
from pipeline.report import RunOptions, run_report, summary_text
from tests import make_examples
from tests.factories import filled, write_filled

ROOT = Path(__file__).resolve().parent.parent

# What may stay ASCII: option names, command names, the program, file kinds and the values the test typed.
ALLOWED = re.compile(r"--?[a-z][a-z-]*|python -m pipeline|\b(templates|rules|check|import|report|html|htm|docx|pdf|txt|Word|PDF|Markdown|JSON|Excel|WPS|"
                     r"xlsx|csv|zip|docs/rules\.md|input_templates|output|abc|two|bogus|repo|bad|nowhere|1e3|make report INBOX)\b")
BAD_ARGUMENTS = [
    [],
    ["repo"],
    ["report"],
    ["report", "--inbox"],
    ["report", "--inbox", "nowhere", "--year", "abc"],
    ["report", "--inbox", "nowhere", "--jobs", "0"],
    ["report", "--inbox", "nowhere", "--jobs", "two"],
    ["report", "--inbox", "nowhere", "--bogus"],
    ["report", "--inbox", "nowhere", "--threshold", "bad"],
    ["report", "--inbox", "nowhere", "--only-rollup", "two"],
    ["templates", "--year", "1e3"],
    ["check"],
    ["check", "a.xlsx", "b.xlsx"],
    ["rules", "--markdown=abc"],
    ["report", "--inbox", "nowhere"],  # parsed; the inbox does not exist
]
HELP = [["-h"], ["--help"], ["report", "-h"], ["check", "-h"], ["templates", "-h"], ["rules", "-h"]]


def _cli(args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)


def _english(text: str) -> list[str]:
    return re.findall(r"[A-Za-z]{2,}", ALLOWED.sub(" ", text))


@pytest.mark.parametrize("args", BAD_ARGUMENTS, ids=lambda a: " ".join(a) or "nothing")
def test_wrong_arguments_are_explained_in_chinese(args: list[str]) -> None:
    run = _cli(args)
    assert run.returncode == 2
    assert "错误：" in run.stderr and "Traceback" not in run.stderr
    assert _english(run.stdout + run.stderr) == [], run.stderr


@pytest.mark.parametrize("args", HELP, ids=" ".join)
def test_help_is_chinese(args: list[str]) -> None:
    run = _cli(args)
    assert run.returncode == 0 and run.stderr == ""
    assert "用法：" in run.stdout and "显示本帮助并退出" in run.stdout
    assert _english(run.stdout) == [], run.stdout


def test_the_usual_argparse_words_are_gone() -> None:
    said = "".join(_cli(args).stderr for args in BAD_ARGUMENTS[:9])
    for word in ("error", "usage", "required", "invalid", "unrecognized", "expected", "argument", "choose"):
        assert word not in said.lower()
    assert "缺少必需的参数：--inbox" in _cli(["report"]).stderr
    assert "无法识别的参数：--bogus" in _cli(BAD_ARGUMENTS[7]).stderr
    assert "'abc' 不是有效的整数" in _cli(BAD_ARGUMENTS[4]).stderr


def _inbox(folder: Path, years: list[int]) -> Path:
    for i, year in enumerate(years):
        fill = filled(f"第{i}镇人民政府", seed=i + 1)
        fill.info.update(year=year)
        write_filled(folder / f"第{i}镇.xlsx", fill)
    return folder


def test_the_year_is_the_one_most_workbooks_state(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "inbox", [2023, 2024, 2024, 2023, 2024])
    guess = infer_year(discover(inbox))
    assert guess is not None and (guess.year, guess.stating, guess.looked) == (2024, 3, 5)
    result = run_report(inbox, None, tmp_path / "out", progress=False, options=RunOptions(jobs=1))
    out = summary_text(result)
    assert (tmp_path / "out" / "2024" / "汇总.xlsx").exists() and not (tmp_path / "out" / "2023").exists()
    assert "未指定 --year，按收件箱中多数工作簿填写的报告年度定为 2024 年（5 个文件中有 3 个填写 2024 年）" in out
    wrong_year = {i.file for i in result.issues if i.rule == "R-INFO-YEAR"}
    assert wrong_year == {"第0镇.xlsx", "第3镇.xlsx"}


def test_the_command_line_without_year(tmp_path: Path) -> None:
    run = _cli(["report", "--inbox", str(make_examples.INBOX), "--out", str(tmp_path), "--jobs", "1"])
    assert run.returncode == 1, run.stderr
    assert "定为 2024 年" in run.stdout and (tmp_path / "2024" / "问题清单.xlsx").exists()


def test_an_inbox_where_no_workbook_states_a_year(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "坏.xlsx").write_bytes(b"not a workbook")
    run = _cli(["report", "--inbox", str(inbox), "--out", str(tmp_path / "out")])
    assert run.returncode == 2 and "请用 --year 指定" in run.stderr and not (tmp_path / "out").exists()


def test_a_large_inbox_is_sampled_not_read_twice(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path / "inbox", [2024] * 3)
    found = discover(inbox) * 100  # 300 files: only SAMPLE of them are looked at
    guess = infer_year(found, sample=20)
    assert guess is not None and (guess.year, guess.looked, guess.files) == (2024, 20, 300)
    assert "抽查的 20 个文件（共 300 个）" in guess.said()


@pytest.mark.parametrize(("typed", "year"), [(2024, 2024), (2024.0, 2024), ("2024", 2024), (" 2024年度 ", 2024),
                                             ("2024年", 2024), ("二〇二四", None), ("", None), (None, None),
                                             (True, None), (20245, None)])
def test_stated_year_reads_the_cell_as_the_check_does(typed: object, year: int | None) -> None:
    assert year_of(typed) == year


@pytest.mark.parametrize(("encoding", "decoded"), [("gbk", "gb18030"), ("ascii", "ascii")])
def test_a_console_that_is_not_utf8_gets_every_character_it_can_show(encoding: str, decoded: str) -> None:
    # Chinese Windows writes GBK when the output goes to a file or pipe: widened to GB18030 (GBK lacks ✓, ✗ and
    # rarer characters of names); a console that has no Chinese at all shows '?' instead of a traceback.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONIOENCODING"} | {"PYTHONIOENCODING": encoding}
    run = subprocess.run([sys.executable, "-m", "pipeline", "rules"], cwd=ROOT, env=env, capture_output=True,
                         timeout=60)
    assert run.returncode == 0 and b"Traceback" not in run.stderr
    text = run.stdout.decode(decoded)
    if decoded == "gb18030":
        assert "R-T3-BALANCE" in text and "表三" in text
    else:
        assert "R-T3-BALANCE" in text and "?" in text
