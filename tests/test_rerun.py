"""Re-runs and worker processes change how the work is done, never what it produces.

One inbox (the sample inbox plus generated bodies) is reported in worker processes, then changed (a
body corrects its figures, one withdraws, one arrives late) and reported again with the run cache;
every output must equal, byte for byte, a clean serial run on the final inbox, and unchanged bodies'
files must have been kept rather than written again.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.checks import runner as check
from pipeline.decide.ledger import LEDGER_NAME
from pipeline.outputs import write_bodies as bodies
from pipeline.outputs.body_files import MANAGED_FOLDERS
from pipeline.outputs.rollup import HISTORY_SHEET
from pipeline.reading import gather
from pipeline.report import RunOptions, run_report
from pipeline.run.cache import DB_NAME, cache_folder
from pipeline.settings import OUTPUT_DIRNAME_BODIES, ROLLUP_NAME
from pipeline.template.build import build_template
from tests import bench_data, make_examples
from tests.treehash import tree_hashes, workbook_sheets

YEAR = make_examples.YEAR
CHANGED, WITHDRAWN, LATE = 3, 5, 9  # bench_data body indexes
SERIAL = RunOptions(jobs=1, use_cache=False)


def _times(outdir: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in (outdir / OUTPUT_DIRNAME_BODIES).iterdir()}


def _build_inbox(inbox: Path) -> None:
    make_examples.write_inbox(inbox)
    for i in range(8):
        dest = inbox / bench_data.file_name(i)
        dest.parent.mkdir(parents=True, exist_ok=True)
        build_template(dest, bench_data.fill_for(i))


def _body_file(outdir: Path, index: int) -> str:
    return next(p.name for p in (outdir / OUTPUT_DIRNAME_BODIES).iterdir()
                if p.name.startswith(bench_data.body_of(index).name))


@dataclass
class Runs:
    tmp: Path
    first: dict[str, str]  # outputs of the first run (worker processes, empty cache)
    serial_first: dict[str, str]  # a clean serial run on the same inbox
    times_before: dict[str, int]  # per-body files after the first run
    times_after: dict[str, int]  # ... and after the re-run
    rerun: dict[str, str]
    clean: dict[str, str]  # a clean serial run on the final inbox
    reads: int  # files parsed by the re-run
    checks: int  # submissions checked by the re-run
    changed_name: str


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runs]:
    tmp = tmp_path_factory.mktemp("rerun")
    inbox = tmp / "inbox"
    _build_inbox(inbox)
    with pytest.MonkeyPatch.context() as mp:
        # Small batches, so this small inbox is spread over several worker calls as a province's would be.
        mp.setattr(gather, "READ_BATCH", 3)
        mp.setattr(bodies, "WRITE_BATCH", 2)
        run_report(inbox, YEAR, tmp / "out", progress=False, options=RunOptions(jobs=2))
        run_report(inbox, YEAR, tmp / "serial", progress=False, options=SERIAL)
        outdir = tmp / "out" / str(YEAR)
        first, times_before = tree_hashes(outdir), _times(outdir)
        changed_name = _body_file(outdir, CHANGED)

        bench_data.rewrite_one(inbox, CHANGED)
        (inbox / bench_data.file_name(WITHDRAWN)).unlink()
        build_template(inbox / bench_data.file_name(LATE), bench_data.fill_for(LATE))
        parsed: list[str] = []
        real_read = gather.read_found
        mp.setattr(gather, "read_found", lambda found, *a: parsed.append(found.display) or real_read(found, *a))
        checked: list[str] = []
        real_check = check.check_chunk
        mp.setattr(check, "check_chunk", lambda subs, *a: checked.extend(s.file for s in subs) or real_check(subs, *a))
        run_report(inbox, YEAR, tmp / "out", progress=False, options=RunOptions(jobs=1))
        mp.undo()
    run_report(inbox, YEAR, tmp / "clean", progress=False, options=SERIAL)
    yield Runs(tmp, first, tree_hashes(tmp / "serial" / str(YEAR)), times_before, _times(outdir), tree_hashes(outdir),
               tree_hashes(tmp / "clean" / str(YEAR)), len(parsed), len(checked), changed_name)


def test_workers_write_what_one_process_writes(runs: Runs) -> None:
    assert runs.first == runs.serial_first
    assert any(name.startswith(OUTPUT_DIRNAME_BODIES) for name in runs.first)


# The submission history is the one output that must differ: a re-run after a change records a second
# round (报送台账.sqlite3 and the 历次报送 sheet of 汇总.xlsx), a clean run only one.
HISTORY = (LEDGER_NAME, ROLLUP_NAME)


def test_rerun_equals_clean_run(runs: Runs) -> None:
    without_history = {k: v for k, v in runs.rerun.items() if k not in HISTORY}
    assert without_history == {k: v for k, v in runs.clean.items() if k not in HISTORY}
    assert set(runs.rerun) == set(runs.clean)
    outdir = runs.tmp / "out" / str(YEAR)
    assert (workbook_sheets(outdir / ROLLUP_NAME, skip=(HISTORY_SHEET,))
            == workbook_sheets(runs.tmp / "clean" / str(YEAR) / ROLLUP_NAME, skip=(HISTORY_SHEET,)))
    assert runs.rerun != runs.first


def test_rerun_parses_only_new_contents(runs: Runs) -> None:
    assert runs.reads == 2  # the corrected workbook and the late one


def test_rerun_checks_only_new_contents(runs: Runs) -> None:
    assert runs.checks == 2  # every other submission's figures and problems come from the cache


def test_rerun_keeps_unchanged_bodies_files(runs: Runs) -> None:
    withdrawn = bench_data.body_of(WITHDRAWN).name
    kept = {name: t for name, t in runs.times_before.items()
            if name != runs.changed_name and not name.startswith(withdrawn)}
    assert kept and {name: runs.times_after[name] for name in kept} == kept
    assert runs.times_after[runs.changed_name] != runs.times_before[runs.changed_name]
    assert not any(name.startswith(withdrawn) for name in runs.times_after)


def test_edited_output_and_broken_cache_are_repaired(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(make_examples.INBOX, inbox)
    run_report(inbox, YEAR, tmp_path / "clean", progress=False, options=SERIAL)
    expected = tree_hashes(tmp_path / "clean" / str(YEAR))
    out = tmp_path / "out"
    run_report(inbox, YEAR, out, progress=False, options=RunOptions(jobs=1))
    body_file = next((out / str(YEAR) / OUTPUT_DIRNAME_BODIES).iterdir())
    body_file.write_bytes(b"edited by hand")
    run_report(inbox, YEAR, out, progress=False, options=RunOptions(jobs=1))
    assert tree_hashes(out / str(YEAR)) == expected
    db = cache_folder(out, YEAR) / DB_NAME
    db.write_bytes(b"not a database")
    body_file.unlink()
    run_report(inbox, YEAR, out, progress=False, options=RunOptions(jobs=1))
    assert tree_hashes(out / str(YEAR)) == expected
    with closing(sqlite3.connect(db)) as conn:  # started afresh, and filled again
        assert conn.execute("SELECT COUNT(*) FROM reads").fetchone() == (len(list(inbox.rglob("*.xlsx"))),)


def test_only_rollup_writes_no_body_files(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    shutil.copytree(make_examples.INBOX, inbox)
    result = run_report(inbox, YEAR, tmp_path / "out", progress=False,
                        options=RunOptions(jobs=1, body_outputs=False))
    assert not any((result.outdir / folder).exists() for folder in MANAGED_FOLDERS)
    full = run_report(inbox, YEAR, tmp_path / "full", progress=False, options=SERIAL)
    assert tree_hashes(result.outdir) == {k: v for k, v in tree_hashes(full.outdir).items()
                                      if k.split("/")[0] not in MANAGED_FOLDERS}


def test_workers_can_import_the_entry_point() -> None:
    # Workers started with "spawn" (Windows, macOS) import pipeline.__main__ again; it must not run the CLI.
    run = subprocess.run([sys.executable, "-c", "import pipeline.__main__"], capture_output=True, text=True,
                         cwd=Path(__file__).resolve().parent.parent)
    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")
