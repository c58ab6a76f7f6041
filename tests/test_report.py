"""`make report` end to end on the sample inbox, and `python -m pipeline check` as a subprocess."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from pipeline.common.filenames import safe_name
from pipeline.decide.ledger import LEDGER_NAME
from pipeline.documents.body_reports import OUTPUT_DIRNAME_REPORTS, report_name
from pipeline.documents.county_report import COUNTY_REPORT_STEM
from pipeline.outputs.official_tables import official_tables_name
from pipeline.outputs.problem_list import HEADERS
from pipeline.outputs.returns import RETURNS_DIR
from pipeline.report import ReportResult, run_report
from pipeline.settings import ISSUES_NAME, OUTPUT_DIRNAME_BODIES, ROLLUP_NAME
from pipeline.template.build import build_template
from pipeline.types import Status
from schemas import SPEC
from tests import make_examples
from tests.treehash import tree_hashes

ROOT = Path(__file__).resolve().parent.parent
YEAR = make_examples.YEAR
SEED_FILE = "青同镇人民政府2024年政府信息公开年报.xlsx"
SEED_BODY = "青同镇人民政府"
WEIJIAN = "卫健局/卫健局2024政府信息公开年报表.xlsx"

# What make_examples means each sample to be: status, and the rules it breaks.
INTENDED: dict[str, tuple[str, set[str]]] = {
    SEED_FILE: (Status.PASSED, set()),
    "县政府办公室/县政府办公室-年报数据.xlsx": (Status.SUPERSEDED, set()),
    "县政府办公室/县政府办公室-年报数据（修改后）.xlsx": (Status.PASSED, set()),
    "教育局 年报.xlsx": (Status.WARNED, {"R-T2-REG-POWER", "R-CELL-BLANK"}),
    "城关街道办事处.xlsx": (Status.REJECTED, {"R-T3-BALANCE"}),
    WEIJIAN: (Status.REJECTED, {"R-T2-NONNEG", "R-T3-ROWSUM", "R-T3-RESULTSUM"}),
    "东山镇.xlsx": (Status.REJECTED, {"R-INFO-YEAR"}),
    "县市场监督管理局.xlsx": (Status.PASSED, set()),
    "县自然资源局（旧模板）.xlsx": (Status.REJECTED, {"R-WB-OLD-VERSION"}),
    "林业站年报（网上下载的表）.xlsx": (Status.REJECTED, {"R-FMT-DETECT"}),
}
ISSUE_KEYS = {"file", "body", "sheet", "cell", "rule", "severity", "message", "expected", "actual"}


def _build_inbox(dest: Path) -> None:
    """What `make examples` writes, into dest (used only when examples/inbox is missing)."""
    for name, fill in make_examples.samples().items():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        build_template(dest / name, fill)
    make_examples.write_old_version(dest / "县自然资源局（旧模板）.xlsx")
    make_examples.write_2019_format(dest / "林业站年报（网上下载的表）.xlsx")


@dataclass
class Runs:
    inbox: Path
    before: dict[str, str]
    after: dict[str, str]
    first: ReportResult
    second: ReportResult


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    tmp = tmp_path_factory.mktemp("report")
    inbox = tmp / "inbox"
    if make_examples.INBOX.is_dir():
        shutil.copytree(make_examples.INBOX, inbox)
    else:
        _build_inbox(inbox)
    before = tree_hashes(inbox)
    first = run_report(inbox, YEAR, tmp / "out1", progress=False)
    second = run_report(inbox, YEAR, tmp / "out2", progress=False)
    return Runs(inbox, before, tree_hashes(inbox), first, second)


def test_statuses_are_as_intended(runs: Runs) -> None:
    assert {s.file: s.status for s in runs.first.statuses} == {k: v[0] for k, v in INTENDED.items()}
    rules: dict[str, set[str]] = {k: set() for k in INTENDED}
    for issue in runs.first.issues:
        rules[issue.file].add(issue.rule)
    assert rules == {k: v[1] for k, v in INTENDED.items()}
    assert runs.first.exit_code == 1
    superseded = next(s for s in runs.first.statuses if s.status == Status.SUPERSEDED)
    assert superseded.superseded_by == "县政府办公室/县政府办公室-年报数据（修改后）.xlsx"


def test_accepted_bodies(runs: Runs) -> None:
    accepted = runs.first.accepted
    assert sorted(accepted["name"]) == sorted(["青同镇人民政府", "县人民政府办公室", "县教育局", "县市场监督管理局"])
    bodies = runs.first.outdir / OUTPUT_DIRNAME_BODIES
    assert sorted(p.name for p in bodies.iterdir()) == sorted(
        safe_name(official_tables_name(name, YEAR)) for name in accepted["name"])


def test_seed_township_official_tables(runs: Runs) -> None:
    path = runs.first.outdir / OUTPUT_DIRNAME_BODIES / safe_name(official_tables_name(SEED_BODY, YEAR))
    wb = CalamineWorkbook.from_path(str(path))
    assert wb.sheet_names == [t.sheet for t in SPEC.tables]
    grids = {name: wb.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in wb.sheet_names}
    got = {n.id: grids[n.sheet][n.row + 1][n.col] for n in SPEC.numbers}  # a heading row sits above each table
    assert got == {n.id: 0 for n in SPEC.numbers} | {"t2_lic": 570, "t2_pen": 2}
    assert grids["表二"][0][0].startswith(SEED_BODY)


def test_inputs_are_untouched(runs: Runs) -> None:
    assert runs.after == runs.before
    assert set(runs.before) == set(INTENDED)


def test_problem_csv(runs: Runs) -> None:
    data = (runs.first.outdir / f"{ISSUES_NAME}.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADERS
    severities = [r[0] for r in rows[1:]]
    assert len(severities) == len(runs.first.issues)
    assert set(severities) == {"错误", "警告"}
    assert severities == sorted(severities, key=lambda s: s != "错误"), "errors before warnings"
    assert {(r[1], r[5]) for r in rows[1:]} == {(i.file, i.rule) for i in runs.first.issues}


def test_outputs_are_deterministic(runs: Runs) -> None:
    one, two = runs.first.outdir, runs.second.outdir
    names = [ROLLUP_NAME, f"{ISSUES_NAME}.xlsx", f"{ISSUES_NAME}.csv", LEDGER_NAME] + sorted(
        f"{folder}/{p.name}" for folder in (OUTPUT_DIRNAME_BODIES, RETURNS_DIR) for p in (one / folder).iterdir()) + [
        f"{COUNTY_REPORT_STEM}.docx", f"{COUNTY_REPORT_STEM}.html"] + [
        f"{OUTPUT_DIRNAME_REPORTS}/{report_name(safe_name(n), YEAR, s)}" for n in runs.first.accepted["name"]
        for s in (".docx", ".html")]
    assert tree_hashes(two) == tree_hashes(one)
    assert set(tree_hashes(one)) == set(names)
    rejected = {s.body for s in runs.first.statuses if s.status == Status.REJECTED and s.body}
    assert {p.name.split("_")[0] for p in (one / RETURNS_DIR).iterdir()} == rejected


def _check(path: Path) -> tuple[int, list[dict[str, str]]]:
    proc = subprocess.run([sys.executable, "-m", "pipeline", "check", str(path), "--json"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.stderr == "" or proc.returncode != 0, proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_cli_check_json(runs: Runs, tmp_path: Path) -> None:
    code, issues = _check(runs.inbox / SEED_FILE)
    assert (code, issues) == (0, [])

    code, issues = _check(runs.inbox / WEIJIAN)
    assert code == 1
    assert issues and all(set(i) == ISSUE_KEYS for i in issues)
    assert {i["rule"] for i in issues} == INTENDED[WEIJIAN][1]
    assert {i["file"] for i in issues} == {Path(WEIJIAN).name}
    assert issues[0]["severity"] == "错误"

    fake = tmp_path / "扫描件.xlsx"
    fake.write_bytes(b"%PDF-1.4\n%%EOF\n")
    code, issues = _check(fake)
    assert code == 2
    assert [(i["rule"], set(i)) for i in issues] == [("R-WB-UNREADABLE", ISSUE_KEYS)]
