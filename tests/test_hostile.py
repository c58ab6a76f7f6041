"""Issue 5: every bad input of the corpus is explained, the batch goes on, inputs stay byte-identical,
no input text becomes a formula in any output, and a zip bomb is refused within bounded time and memory.
"""

from __future__ import annotations

import csv
import importlib
import io
import json
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from pipeline.checks.runner import check_batch
from pipeline.common.filenames import readable_name
from pipeline.inbox.discover import Found
from pipeline.outputs.problem_list import FORMULA_STARTS
from pipeline.reading.intake import read_found
from pipeline.report import ReportResult, run_report
from pipeline.settings import ISSUES_NAME
from pipeline.template.build import build_template
from pipeline.types import Issue, Status, Submission
from tests.libreoffice import convert
from tests.make_bad_corpus import ANY_CELL, PAYLOAD, RICH_LOOKING, Entry, entries, good_files, write_corpus
from tests.treehash import tree_hashes

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
ALL = entries()
REFUSED = [e for e in ALL if e.status in (Status.REJECTED, Status.UNREADABLE)]
BOMBS = [e for e in ALL if any(word in e.name for word in ("炸弹", "远端", "压缩比", "过多"))]
MEMORY_LIMIT_MB, TIME_LIMIT_S = 500, 5.0


def display(entry: Entry) -> str:
    return str(entry.info.get("display", readable_name(entry.name)))


@dataclass
class CorpusRun:
    inbox: Path
    before: dict[str, str]
    after: dict[str, str]
    result: ReportResult

    def issues_of(self, entry: Entry) -> list[Issue]:
        return [i for i in self.result.issues if i.file == display(entry)]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> CorpusRun:
    tmp = tmp_path_factory.mktemp("corpus")
    inbox = tmp / "inbox"
    write_corpus(inbox, ALL + good_files())
    before = tree_hashes(inbox)
    result = run_report(inbox, YEAR, tmp / "out", progress=False)
    return CorpusRun(inbox, before, tree_hashes(inbox), result)


def test_corpus_has_at_least_50_refused_inputs() -> None:
    assert len(REFUSED) >= 50
    assert len({display(e) for e in ALL}) == len(ALL), "every file has its own name"


@pytest.mark.parametrize("entry", ALL, ids=[display(e) for e in ALL])
def test_each_file_gets_its_status_and_an_explanation(corpus: CorpusRun, entry: Entry) -> None:
    status = {s.file: s.status for s in corpus.result.statuses}
    assert status[display(entry)] == entry.status
    issues = corpus.issues_of(entry)
    if entry.status in (Status.REJECTED, Status.UNREADABLE):
        assert issues and all(any("\u4e00" <= ch <= "\u9fff" for ch in i.message) for i in issues)
    if entry.rule:
        named = [(i.sheet, i.cell) for i in issues if i.rule == entry.rule]
        assert named, f"{entry.rule} not among {[i.rule for i in issues]}"
        if entry.sheet:
            assert any(s == entry.sheet and (c == entry.cell or (entry.cell == ANY_CELL and c)) for s, c in named)


def test_good_files_are_still_accepted_and_the_exit_code_says_some_were_sent_back(corpus: CorpusRun) -> None:
    status = {s.file: s.status for s in corpus.result.statuses}
    assert all(status[e.name] == Status.PASSED for e in good_files())
    assert set(corpus.result.accepted["file"]) >= {e.name for e in good_files()}
    assert corpus.result.exit_code == 1


def test_inputs_are_byte_identical_after_the_run(corpus: CorpusRun) -> None:
    assert corpus.after == corpus.before
    assert len(corpus.before) == len(ALL) + len(good_files())


def _template_formulas(tmp: Path) -> dict[tuple[str, str], str]:
    """Every formula of the blank template: a marked copy (退回件) may hold these and no other."""
    path = build_template(tmp / "blank.xlsx")
    return {(ws.title, c.coordinate): c.value for ws in openpyxl.load_workbook(path).worksheets
            for row in ws.iter_rows() for c in row if c.data_type == "f"}


def test_no_input_text_becomes_a_formula_in_any_xlsx(corpus: CorpusRun, tmp_path: Path) -> None:
    outputs = sorted(corpus.result.outdir.rglob("*.xlsx"))
    ours = _template_formulas(tmp_path)
    payload_cells = 0
    for path in outputs:
        CalamineWorkbook.from_path(str(path))  # opens
        for ws in openpyxl.load_workbook(path).worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and PAYLOAD in cell.value:
                        assert cell.data_type == "s", f"{path.name} {ws.title}!{cell.coordinate}: {cell.value}"
                        payload_cells += 1
                    if cell.data_type == "f":
                        assert ours.get((ws.title, cell.coordinate)) == cell.value, \
                            f"{path.name} {ws.title}!{cell.coordinate} is a formula that is not the template's own"
    assert payload_cells >= 8, "the hostile names must reach the outputs, else this test proves nothing"


def test_text_shaped_like_xml_reaches_every_xlsx_as_typed(corpus: CorpusRun) -> None:
    found = 0
    for path in sorted(corpus.result.outdir.rglob("*.xlsx")):
        with zipfile.ZipFile(path) as zf:
            for part in (p for p in zf.namelist() if p.endswith(".xml")):
                ElementTree.fromstring(zf.read(part))  # every part well-formed: Excel opens it without repairs
        shown = [c.value for ws in openpyxl.load_workbook(path, rich_text=False).worksheets
                 for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "</row>" in c.value]
        assert all(RICH_LOOKING in text for text in shown), (path.name, shown)
        found += len(shown)
    assert found >= 4, "the text must reach the outputs (问题清单, 汇总, tables, marked copy), else this proves nothing"


def test_csv_cells_that_look_like_formulas_are_prefixed(corpus: CorpusRun) -> None:
    text = (corpus.result.outdir / f"{ISSUES_NAME}.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    cells = [c for row in rows[1:] for c in row]
    assert not [c for c in cells if c.startswith(FORMULA_STARTS)]
    hostile = [c for c in cells if PAYLOAD in c and c.startswith("'")]
    assert {c[1] for c in hostile} >= {"=", "@"}, hostile


def test_forty_thousand_characters_are_read_whole(corpus: CorpusRun) -> None:
    entry = next(e for e in ALL if "text_chars" in e.info)
    path = corpus.inbox / entry.name
    sub = read_found(Found(path, entry.name, False), path.read_bytes())
    assert isinstance(sub, Submission)
    assert len(sub.texts["s5"]) == entry.info["text_chars"]


MEASURE = """
import json, re, sys, time
from pathlib import Path
from pipeline.checks.runner import check_batch
from pipeline.inbox.discover import Found
from pipeline.reading.intake import read_found
path = Path(sys.argv[1])
start = time.perf_counter()
result = read_found(Found(path, path.name, False), path.read_bytes())
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec from the (large) parent that spawned us.
peak_kb = int(re.search(r"VmHWM:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1))
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "rule": getattr(result, "rule", "")}))
"""


@pytest.mark.parametrize("entry", BOMBS, ids=[display(e) for e in BOMBS])
def test_bombs_are_refused_quickly_in_little_memory(corpus: CorpusRun, entry: Entry) -> None:
    """Each bomb read in a fresh process: peak memory includes Python, pandas and calamine themselves."""
    run = subprocess.run([sys.executable, "-c", MEASURE, str(corpus.inbox / entry.name)], cwd=ROOT, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    figures = json.loads(run.stdout)
    print(f"{entry.name}: {figures['seconds']:.3f} s, peak {figures['peak_mb']:.0f} MB")
    assert figures["rule"] == entry.rule  # R-WB-UNREADABLE, or R-DOC-UNREADABLE for a published report
    assert figures["seconds"] < TIME_LIMIT_S and figures["peak_mb"] < MEMORY_LIMIT_MB


def test_readme_safety_section_names_real_tests_and_true_counts() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 可靠性与安全", 1)[1].split("\n## ", 1)[0]
    refs = re.findall(r"`tests/(\w+)\.py::(\w+)`", section)
    assert len(refs) >= 10
    for module, name in refs:
        assert hasattr(importlib.import_module(f"tests.{module}"), name), f"{module}::{name}"
    assert f"（{len(ALL)} 个文件，\n其中 {len(REFUSED)} 个应退回或无法读取" in section


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_a_template_saved_as_xls_or_ods_passes_the_guard(tmp_path: Path, fmt: str) -> None:
    """The guard's looks inside OLE and ODS files must not refuse an honest copy (as from Excel 2003 or LibreOffice)."""
    source = good_files()[0]
    source.make(tmp_path / source.name)
    copy = convert(tmp_path / source.name, fmt, tmp_path / "copies")
    sub = read_found(Found(copy, copy.name, False), copy.read_bytes())
    assert isinstance(sub, Submission), sub
    assert check_batch([sub], YEAR).issues == []
