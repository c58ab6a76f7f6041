"""A county's 汇总.xlsx changes only by its record: every part of the workbook but the record sheet and the lists
of parts is byte-identical to the roll-up written without it, and above the county the region sheets appear."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest

from pipeline.decide.levels import build_tree
from pipeline.outputs.county import write_county_outputs
from pipeline.report import ReportResult
from pipeline.settings import ROLLUP_NAME
from schemas.hierarchy import RECORD_SHEET
from tests.hierarchy import county_inbox, run_level

SHARED = "xl/sharedStrings.xml"
PART_LISTS = {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "[Content_Types].xml", "docProps/app.xml"}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> ReportResult:
    work = tmp_path_factory.mktemp("county")
    return run_level(county_inbox(work / "inbox", "青同县", 4, seed=7), work / "out", "青同县", "331100")


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_only_the_record_is_added_to_a_countys_roll_up(county: ReportResult, tmp_path: Path) -> None:
    assert county.tree is not None and county.tree.level == 0
    tree, _ = build_tree(county.tree.region, county.accepted, county.statuses, [], [], None)
    plain = write_county_outputs(tmp_path / "a", tmp_path / "a.xlsx", 2024, county.accepted, county.statuses)[0]
    carried = write_county_outputs(tmp_path / "b", tmp_path / "b.xlsx", 2024, county.accepted, county.statuses,
                                   tree=tree)[0]
    old, new = parts(plain), parts(carried)
    added = set(new) - set(old)
    assert set(old) <= set(new) and len(added) == 1 and next(iter(added)).startswith("xl/worksheets/")
    assert {n for n in old if old[n] != new[n]} <= PART_LISTS | {SHARED}
    # The record's texts come after every other text: each other sheet's string indices are unchanged.
    old_strings, new_strings = (re.findall(rb"<si>.*?</si>", p[SHARED]) for p in (old, new))
    assert new_strings[:len(old_strings)] == old_strings and len(new_strings) > len(old_strings)
    sheets = re.findall(rb'<sheet name="([^"]+)"', new["xl/workbook.xml"])
    assert sheets[:-1] == re.findall(rb'<sheet name="([^"]+)"', old["xl/workbook.xml"])
    assert sheets[-1].decode() == RECORD_SHEET and b'state="veryHidden"' in new["xl/workbook.xml"]


def test_the_run_writes_the_carrier(county: ReportResult) -> None:
    assert RECORD_SHEET.encode() in parts(county.outdir / ROLLUP_NAME)["xl/workbook.xml"]
