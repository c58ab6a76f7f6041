"""The library API of pipeline/__init__.py: every public name resolves, importing it is cheap, and it works."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import pipeline
from tests import make_examples

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", pipeline.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(pipeline, name) is not None


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        pipeline.no_such_thing  # noqa: B018


def test_importing_the_package_loads_no_pandas() -> None:
    # Worker processes import parts of pipeline; the package itself must not pull in pandas.
    code = "import sys, pipeline, pipeline.reading.gather; print('pandas' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


def test_the_report_imports_pandera_only_when_a_workbook_is_checked() -> None:
    # A level above the county mostly reads roll-ups: starting the report must not pay for pandera's import.
    code = ("import sys, pipeline.cli, pipeline.report; print('pandera' in sys.modules); "
            "from pipeline.checks.validate import number_schema; number_schema(); print('pandera' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "True"]


def test_the_report_imports_the_published_report_readers_only_when_one_is_read() -> None:
    # Nor for the readers of web pages, Word files and PDFs (a roll-up is none of them); the first read brings them.
    code = ("import sys, pipeline.cli, pipeline.report; from pipeline.reading.published import read_published; "
            "print('pipeline.reading.published.read' in sys.modules); "
            "read_published('a.txt', '2024年政府信息公开工作年度报告'.encode()); "
            "print('pipeline.reading.published.read' in sys.modules)")
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["False", "True"]


def test_a_program_checks_a_file_and_runs_a_report_without_the_command_line(tmp_path: Path) -> None:
    seed = make_examples.INBOX / "青同镇人民政府2024年政府信息公开年报.xlsx"
    assert pipeline.check_file(seed).issues == [] and pipeline.check_file(seed).exit_code == 0
    result = pipeline.run_report(make_examples.INBOX, make_examples.YEAR, tmp_path, progress=False,
                                 options=pipeline.RunOptions(jobs=1))
    assert result.exit_code == 1 and result.count(pipeline.Status.PASSED) == 3
    assert "2024年度汇总完成" in pipeline.summary_text(result)
    with pytest.raises(pipeline.UserProblem):
        pipeline.run_report(tmp_path / "没有这个文件夹", 2024, tmp_path, progress=False)
