"""What the guard hands on (pipeline/inbox/inspected.py): the same answers as reading the file again."""

from __future__ import annotations

import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from pipeline.inbox.guard import inspect
from pipeline.inbox.sheet_xml import formula_cells, sheet_parts, unusable_cells, without_formulas
from pipeline.reading.workbook import WorkbookProblem
from pipeline.template.check_sheet import check_rows
from schemas import SPEC
from tests import corpus_bytes as cb
from tests.factories import filled, write_filled

CHECK = SPEC.sheets.check
_RULES = list(dict.fromkeys(row.rule.id for row in check_rows(SPEC)))
NOTES = dict(zip(_RULES[:4], ("  两端有空格  ", "a & b < c > d \"引号\" 'x'", "多行\n第二行", "𠀀 生僻字 😀"), strict=True))


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_filled(tmp_path / "a.xlsx", filled(explanations=NOTES))


def test_formula_lookups_as_from_the_file(book: Path) -> None:
    data = book.read_bytes()
    found = inspect(data)
    for sheet in (SPEC.sheets.t2, SPEC.sheets.t3, SPEC.sheets.t4, CHECK, "no such sheet"):
        assert found.formula_cells(sheet) == formula_cells(data, sheet)
        assert found.unusable_cells(sheet) == unusable_cells(data, sheet)
    assert found.formula_cells(SPEC.sheets.t3)  # the template's totals are formulas


def test_not_an_xlsx_has_nothing_to_hand_on() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:  # an .ods: no workbook part
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", '<office:document-content><table:table table:name="a"/></office:document-content>')
    found = inspect(out.getvalue())
    assert found.sheet_xml(CHECK) == b""
    assert found.formula_cells(CHECK) == frozenset() == formula_cells(out.getvalue(), CHECK)


def _calamine_all(data: bytes) -> tuple[list[str], dict[str, Any]]:
    wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    sheets = {}
    for name in wb.sheet_names:
        sheet = wb.get_sheet_by_name(name)
        sheets[name] = (sheet.to_python(skip_empty_area=False), sheet.merged_cell_ranges)
    return wb.sheet_names, sheets


def test_unpacked_reads_as_the_file(book: Path) -> None:
    cb.add_part(book, "xl/media/image1.png", b"\x89PNG" + bytes(range(256)) * 20)  # a part the guard leaves packed
    data = book.read_bytes()
    unpacked = inspect(data).unpacked()
    assert unpacked != data and len(unpacked) > len(data)  # the XML is stored, no longer deflated
    assert _calamine_all(unpacked) == _calamine_all(data)
    assert inspect(unpacked).parts == inspect(data).parts  # and it passes the guard as the file does
    with zipfile.ZipFile(io.BytesIO(unpacked)) as zf:
        assert zf.testzip() is None
        assert zf.read("xl/media/image1.png") == b"\x89PNG" + bytes(range(256)) * 20


def test_unpacked_values_only_reads_as_the_file_without_the_formula_text(book: Path) -> None:
    data = book.read_bytes()
    found = inspect(data)
    values_only = found.unpacked(values_only=True)
    assert _calamine_all(values_only) == _calamine_all(data)  # every cell of every sheet, and the merges
    assert len(values_only) < len(found.unpacked()) * 3 // 5  # the 校验 sheet's formulas: half the XML
    with zipfile.ZipFile(io.BytesIO(values_only)) as zf:
        assert zf.testzip() is None  # sizes and CRCs are those of the shortened parts
        assert all(b"<f>" not in zf.read(part) for part in zf.namelist() if part.startswith("xl/worksheets/"))
    assert inspect(values_only).parts.keys() == found.parts.keys()  # and it passes the guard


# Every kind of formula cell: cached number, string, error, boolean; none cached; shared and array formulas
# (with attributes: kept); a formula with markup inside (kept); a conditional format's <formula> (kept).
FORMULA_CELLS = (b'<row r="1"><c r="A1"><v>5</v></c><c r="B1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c>'
                 b'<c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1" t="b"><f>TRUE()</f><v>1</v></c></row>'
                 b'<row r="2"><c r="A2"><f>A1*2</f><v>10</v></c><c r="B2"><f>A1</f></c><c r="C2"><f>A1</f><v></v></c>'
                 b'<c r="D2" t="str"><f>A1</f></c></row>'
                 b'<row r="3"><c r="A3"><f t="shared" ref="A3:B3" si="0">A1+1</f><v>6</v></c>'
                 b'<c r="B3"><f t="shared" si="0"/><v>6</v></c><c r="C3"><f t="array" ref="C3">A1</f><v>5</v></c>'
                 b'<c r="D3"><f><![CDATA[A1]]></f><v>5</v></c></row>')
CONDITIONAL = (b'<conditionalFormatting sqref="A1"><cfRule type="expression" priority="1"><formula>A1&gt;1</formula>'
               b'</cfRule></conditionalFormatting>')


def test_values_only_keeps_every_cached_value(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    wb = openpyxl.Workbook()
    wb.active["A1"] = 0
    wb.save(path)

    def cells(xml: bytes) -> bytes:
        start, end = xml.index(b"<sheetData>") + len(b"<sheetData>"), xml.index(b"</sheetData>")
        return xml[:start] + FORMULA_CELLS + xml[end:end + len(b"</sheetData>")] + CONDITIONAL + xml[end + 12:]

    data = cb.rewrite_part(path, "xl/worksheets/sheet1.xml", cells).read_bytes()
    values_only = inspect(data).unpacked(values_only=True)
    assert _calamine_all(values_only) == _calamine_all(data)
    with zipfile.ZipFile(io.BytesIO(values_only)) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    assert b"A1*2" not in sheet and b"TRUE()" not in sheet  # plain formulas left out, their values kept
    for kept in (b'<f t="shared" ref="A3:B3" si="0">A1+1</f>', b'<f t="array" ref="C3">A1</f>', b"<![CDATA[A1]]>",
                 b"<formula>A1&gt;1</formula>"):
        assert kept in sheet


def _check_part(book: Path) -> str:
    return sheet_parts(zipfile.ZipFile(book))[CHECK]


def test_the_guard_checks_the_sheets_without_their_formulas_and_finds_the_same(book: Path) -> None:
    part = _check_part(book)
    found = inspect(book.read_bytes())
    assert set(found.values) <= set(sheet_parts(zipfile.ZipFile(book)).values()) and part in found.values
    assert found.values[part] == without_formulas(found.parts[part]) != found.parts[part]
    # What is left out holds no "<": a DTD or a far cell in a sheet full of formulas is refused as before
    def edited(edit: Callable[[bytes], bytes]) -> bytes:
        return cb.rewrite_part(Path(shutil.copy(book, book.with_name("edited.xlsx"))), part, edit).read_bytes()

    with pytest.raises(WorkbookProblem, match="DTD"):
        inspect(edited(lambda x: cb.after_prolog(x, cb.BILLION_LAUGHS)))
    far = b'<row r="1048576"><c r="XFD1048576"><f>1+1</f><v>2</v></c></row></sheetData>'
    with pytest.raises(WorkbookProblem, match="XFD1048576"):
        inspect(edited(lambda x: x.replace(b"</sheetData>", far)))
    # and a formula's text that reads like a far address is no cell
    near = b'<row r="61"><c r="A61" t="str"><f>" r="XFD1048576"</f><v>x</v></c></row></sheetData>'
    assert inspect(edited(lambda x: x.replace(b"</sheetData>", near))).values


def test_without_formulas_leaves_a_sheet_without_any_as_it_is() -> None:
    xml = b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>'
    assert without_formulas(xml) is xml


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_unpacked_keeps_a_file_with_a_part_named_twice(book: Path) -> None:
    cb.add_part(book, "docProps/app.xml", b"<Properties/>")  # a second entry of the same name
    data = book.read_bytes()
    assert inspect(data).unpacked() is data


def test_parts_no_reader_opens_get_only_the_size_checks(book: Path) -> None:
    # docProps and the theme are never parsed (python-calamine reads neither): not inflated, not searched
    data = cb.rewrite_part(book, "docProps/app.xml", lambda x: cb.after_prolog(x, cb.EXTERNAL_ENTITY)).read_bytes()
    found = inspect(data)
    assert "docProps/app.xml" in found.names and "docProps/app.xml" not in found.parts
    assert _calamine_all(found.unpacked()) == _calamine_all(data)
    styled = cb.rewrite_part(book, "xl/styles.xml", lambda x: cb.after_prolog(x, cb.EXTERNAL_ENTITY)).read_bytes()
    with pytest.raises(WorkbookProblem):
        inspect(styled)


def test_a_sheet_outside_xl_is_guarded_like_the_others(book: Path) -> None:
    # A relationship may lead out of xl/ ("../docProps/..."): that part is inflated, searched and measured too.
    far = (b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           b'<sheetData><row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>')
    rels = "xl/_rels/workbook.xml.rels"
    cb.rewrite_part(book, rels, lambda x: x.replace(b'Target="worksheets/sheet1.xml"', b'Target="../docProps/s.xml"'))
    cb.add_part(book, "docProps/s.xml", far)
    with pytest.raises(WorkbookProblem, match="XFD1048576"):
        inspect(book.read_bytes())
