"""政府信息公开工作年度报告 tool as a library: what the command line does, callable from another program.

    from pathlib import Path
    import pipeline

    result = pipeline.check_file(Path("青同镇.xlsx"))          # one workbook: result.issues, result.exit_code
    result = pipeline.check_file(Path("某局年报.pdf"))          # a published report (.html .docx .pdf .txt) alike
    run = pipeline.run_report(Path("收件箱"), 2024, Path("output"),
                              options=pipeline.RunOptions(roster=Path("单位名单.csv")))
    print(pipeline.summary_text(run))                          # the CLI's closing lines
    for issue in run.issues:                                   # every problem, errors first
        print(issue.file, issue.sheet, issue.cell, issue.rule, issue.message)

The stages (docs/architecture.md): inbox.discover finds files, reading.read_submission makes a Submission
of one workbook, checks.check_batch finds every Issue of many Submissions at once, report.run_report runs
them all and writes output/<year>/. Problems a user can fix are raised as UserProblem (pipeline.errors)
with a Chinese message; problems inside files are never exceptions, they are Issues.

Names are loaded on first use, so importing this package costs nothing (worker processes import parts of
it and must not load pandas).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# public name -> module that defines it
_API = {
    "SPEC": "schemas",
    "discover": "pipeline.inbox.discover",
    "Found": "pipeline.types",
    "read_submission": "pipeline.reading.workbook",
    "read_path": "pipeline.reading.workbook",
    "read_document": "pipeline.reading.document",
    "import_reports": "pipeline.outputs.imports",
    "check_batch": "pipeline.checks.runner",
    "check_file": "pipeline.file_check",
    "CheckResult": "pipeline.file_check",
    "run_report": "pipeline.report",
    "RunOptions": "pipeline.report",
    "ReportResult": "pipeline.report",
    "summary_text": "pipeline.report",
    "build_template": "pipeline.template.build",
    "write_personal_templates": "pipeline.template.personal",
    "read_roster": "pipeline.decide.roster",
    "Submission": "pipeline.types",
    "Body": "pipeline.types",
    "Issue": "pipeline.types",
    "Rect": "pipeline.types",
    "Status": "pipeline.types",
    "Severity": "pipeline.types",
    "Fill": "pipeline.types",
    "UserProblem": "pipeline.errors",
    "InboxProblem": "pipeline.errors",
    "RosterProblem": "pipeline.errors",
    "RunBusy": "pipeline.errors",
    "OutputProblem": "pipeline.errors",
    "WorkbookProblem": "pipeline.errors",
}
__all__ = sorted(_API)

if TYPE_CHECKING:  # the names for type checkers; at run time __getattr__ imports them
    from pipeline.checks.runner import check_batch  # noqa: F401
    from pipeline.decide.roster import read_roster  # noqa: F401
    from pipeline.errors import InboxProblem, OutputProblem, RosterProblem, RunBusy, UserProblem, WorkbookProblem  # noqa: F401
    from pipeline.file_check import CheckResult, check_file  # noqa: F401
    from pipeline.inbox.discover import discover  # noqa: F401
    from pipeline.outputs.imports import import_reports  # noqa: F401
    from pipeline.reading.document import read_document  # noqa: F401
    from pipeline.reading.workbook import read_path, read_submission  # noqa: F401
    from pipeline.report import ReportResult, RunOptions, run_report, summary_text  # noqa: F401
    from pipeline.template.build import build_template  # noqa: F401
    from pipeline.template.personal import write_personal_templates  # noqa: F401
    from pipeline.types import Body, Fill, Found, Issue, Rect, Severity, Status, Submission  # noqa: F401
    from schemas import SPEC  # noqa: F401


def __getattr__(name: str) -> Any:
    """A public name, imported from its stage the first time it is asked for."""
    if name not in _API:
        raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
    value = getattr(importlib.import_module(_API[name]), name)
    globals()[name] = value
    return value
