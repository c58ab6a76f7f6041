"""Generated docs are current, and the CLI answers as documented."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from pipeline.documents.rules_list import rules_markdown
from schemas import SPEC
from schemas.hierarchy import LEVELS, SCOPES

ROOT = Path(__file__).resolve().parent.parent


def test_rules_doc_is_current() -> None:
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown()


def test_rules_the_template_cannot_check_are_said_to_be_checked_at_any_level() -> None:
    # The report checks them at every level (county, city, province): the doc must not name one level.
    where = [line.split("|")[5].strip() for line in rules_markdown().splitlines() if "| 否" in line]
    assert where and all("汇总时检查" in w for w in where)
    assert not [w for w in where if any(word in w for word in (*LEVELS, *SCOPES))]


def test_every_rule_is_documented() -> None:
    doc = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in SPEC.rules:
        assert f"| {rule.id} |" in doc


def test_rules_command_lists_every_rule_in_chinese() -> None:
    out = subprocess.run([sys.executable, "-m", "pipeline", "rules"], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout
    assert all(rule.id in out and rule.title in out for rule in SPEC.rules)


def test_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make report" in readme and "make test" in readme


def test_report_on_a_missing_inbox_exits_2(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "pipeline", "report", "--inbox", str(tmp_path / "无此文件夹"),
                          "--year", "2024", "--out", str(tmp_path / "out")], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 2
    assert "不存在" in run.stderr
