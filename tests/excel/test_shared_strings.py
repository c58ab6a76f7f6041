"""The shared strings written by FastWorkbook are the bytes xlsxwriter writes itself, for every kind of string."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from xlsxwriter.workbook import Workbook

from pipeline.excel.shared_strings import FastWorkbook
from pipeline.excel.workbook import FIXED_DATE, new_workbook

# Each kind of string xlsxwriter treats apart: escaped characters, control characters (\r among them, \t and \n
# not), its _xHHHH_ escapes, space at either end (ASCII, ideographic, a file separator), rich text, and plain.
TRICKY = ["单位", "a&b", "<r>5</r>", "<r><t>x</t></r>", "1 < 2", "x > y", 'say "hi"', "line\nbreak", "tab\tin",
          "cr\rin", "nul\x00in", "\x1fend", "\x1c", "_x0041_", "_x00G1_", "a_x12AB_b", " lead", "trail ", "\u3000全角",
          "末尾\u3000", "\tstart", "end\n", "end\n\n", "\n", " ", "\u00a0nbsp", "x\u2028", "", "{braces}", "\ufffe", "x\uffffy",
          '{"json":[1,2.5,"名"]}']


def _sst(path: Path, workbook_class: type[Workbook], strings: list[str]) -> bytes:
    wb = workbook_class(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                                    "strings_to_urls": False})
    wb.set_properties({"created": FIXED_DATE})
    ws = wb.add_worksheet()
    for row, string in enumerate(strings):
        ws.write_string(row, 0, string)
        ws.write_string(row, 1, string)  # counted twice, written once
    wb.close()
    with zipfile.ZipFile(path) as z:
        return z.read("xl/sharedStrings.xml")


@pytest.mark.parametrize("string", TRICKY)
def test_each_kind_of_string_is_written_as_xlsxwriter_writes_it(tmp_path: Path, string: str) -> None:
    ours = _sst(tmp_path / "fast.xlsx", FastWorkbook, [string, "plain"])
    theirs = _sst(tmp_path / "plain.xlsx", Workbook, [string, "plain"])
    assert ours == theirs


def test_a_whole_table_is_the_same_file(tmp_path: Path) -> None:
    strings = TRICKY + [f"{a}{b}" for a in TRICKY for b in TRICKY[::3]]
    fast = tmp_path / "fast.xlsx"
    wb = new_workbook(fast, "x")
    ws = wb.add_worksheet()
    for row, string in enumerate(strings):
        ws.write_string(row, 0, string)
    wb.close()
    plain = tmp_path / "plain.xlsx"
    wb = new_workbook(plain, "x")
    wb._get_packager = Workbook._get_packager.__get__(wb)  # xlsxwriter's own packager and shared strings
    ws = wb.add_worksheet()
    for row, string in enumerate(strings):
        ws.write_string(row, 0, string)
    wb.close()
    assert fast.read_bytes() == plain.read_bytes()
    assert b"sharedStrings.xml" in fast.read_bytes()
