"""Trees of regions for the hierarchy tests (issue 15): county inboxes of real workbooks, run with the project's own
report, and roll-ups changed the ways people and other programs change them."""

from __future__ import annotations

import json
import random
import shutil
from pathlib import Path

import openpyxl

from pipeline.decide.hierarchy import Region
from pipeline.reading.rollup_record import RecordHead, parse_record, record_lines
from pipeline.report import ReportResult, RunOptions, run_report
from pipeline.settings import ROLLUP_NAME
from pipeline.template.build import build_template
from pipeline.types import Fill, RecordBody
from schemas.hierarchy import RECORD_SHEET
from tests.factories import info_for, texts_for, valid_numbers

YEAR = 2024
KINDS = ("县政府办", "县直部门", "乡镇", "街道", "其他")


def body_name(region: str, i: int) -> str:
    return f"{region}第{i + 1}单位"


def county_inbox(folder: Path, region: str, bodies: int, seed: int = 0, year: int = YEAR) -> Path:
    """An inbox of `bodies` valid workbooks of one county, each body with its own credit code."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(bodies):
        name = body_name(region, i)
        code_seed = seed * 1000 + i
        fill = Fill(info=info_for(name, KINDS[i % len(KINDS)], year, seed=code_seed),
                    numbers=valid_numbers(random.Random(code_seed), scale=3), texts=texts_for(name))
        build_template(folder / f"{name}.xlsx", fill)
    return folder


def run_level(inbox: Path, out: Path, region: str, code: str = "", year: int = YEAR,
              roster: Path | None = None) -> ReportResult:
    """`report` over an inbox, as a coordinator runs it, without the per-body files."""
    options = RunOptions(roster=roster, jobs=1, body_outputs=False, use_cache=False, region=Region(region, code))
    return run_report(inbox, year, out, progress=False, options=options)


def county_rollup(work: Path, region: str, bodies: int, seed: int = 0, code: str = "") -> Path:
    """A county's 汇总.xlsx, made by running the report over its bodies' workbooks."""
    inbox = county_inbox(work / "inbox" / region, region, bodies, seed)
    result = run_level(inbox, work / "out" / region, region, code)
    return result.outdir / ROLLUP_NAME


def place(rollup: Path, inbox: Path, name: str) -> Path:
    """Copy a roll-up into an inbox above, as the coordinator saves the attachment."""
    dest = inbox / name
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(rollup, dest)
    return dest


def record_of(path: Path) -> tuple[RecordHead, list[RecordBody]]:
    """The record of a roll-up, read with openpyxl (another program than the tool's reader)."""
    wb = openpyxl.load_workbook(path)
    lines = [row[0] for row in wb[RECORD_SHEET].iter_rows(values_only=True)]
    return parse_record(lines)


def rewrite_record(path: Path, head: RecordHead, bodies: list[RecordBody], dest: Path) -> Path:
    """Save the roll-up with another record whose digest is right: what a buggy or foreign writer would make."""
    wb = openpyxl.load_workbook(path)
    ws = wb[RECORD_SHEET]
    ws.delete_rows(1, ws.max_row)
    for row, line in enumerate(record_lines(head, bodies), start=1):
        ws.cell(row, 1, line)
    wb.save(dest)
    return dest


def edit_cell(path: Path, sheet: str, cell: str, value: object, dest: Path) -> Path:
    """Type a value into one cell and save, as a person would in a spreadsheet program."""
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    wb.save(dest)
    return dest


def edit_record_line(path: Path, row: int, dest: Path) -> Path:
    """Change one figure inside one line of the record (1-based row), keeping the old digest."""
    wb = openpyxl.load_workbook(path)
    ws = wb[RECORD_SHEET]
    line = json.loads(ws.cell(row, 1).value)
    line[-1][0] += 1
    ws.cell(row, 1, json.dumps(line, ensure_ascii=False, separators=(",", ":")))
    wb.save(dest)
    return dest

