"""What the guard hands on (pipeline/inbox/inspected.py): the same answers as reading the file again, or None."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from pipeline.inbox.guard import inspect
from pipeline.reading.formulas import formula_cells, unusable_cells
from pipeline.reading.workbook import WorkbookProblem
from pipeline.template.check_sheet import check_rows
from schemas import SPEC, info
from tests import corpus_bytes as cb
from tests.factories import filled, write_filled

CHECK = SPEC.sheets.check
COLS = (info.CHECK_RULE_COL, info.CHECK_NOTE_COL)
_RULES = list(dict.fromkeys(row.rule.id for row in check_rows(SPEC)))
NOTES = dict(zip(_RULES[:4], ("  两端有空格  ", "a & b < c > d \"引号\" 'x'", "多行\n第二行", "𠀀 生僻字 😀"), strict=True))


def _calamine_texts(data: bytes, sheet: str = CHECK) -> dict[tuple[int, int], str]:
    grid: list[list[Any]] = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_name(sheet).to_python(
        skip_empty_area=False)
    return {(r, c): v for r, row in enumerate(grid) for c, v in enumerate(row)
            if r >= info.CHECK_FIRST_ROW and c in COLS and isinstance(v, str) and v}


def _check_part(path: Path) -> str:
    found = inspect(path.read_bytes())
    return found._sheets[CHECK] if found.sheet_xml(CHECK) is not None else ""


@pytest.fixture
def book(tmp_path: Path) -> Path:
    return write_filled(tmp_path / "a.xlsx", filled(explanations=NOTES))


def test_notes_as_calamine_reads_them(book: Path) -> None:
    data = book.read_bytes()
    texts = inspect(data).column_texts(CHECK, COLS, info.CHECK_FIRST_ROW)
    assert texts == _calamine_texts(data)
    assert set(NOTES.values()) <= set(texts.values())


def test_formula_lookups_as_from_the_file(book: Path) -> None:
    data = book.read_bytes()
    found = inspect(data)
    for sheet in (SPEC.sheets.t2, SPEC.sheets.t3, SPEC.sheets.t4, CHECK, "no such sheet"):
        assert found.formula_cells(sheet) == formula_cells(data, sheet)
        assert found.unusable_cells(sheet) == unusable_cells(data, sheet)
    assert found.formula_cells(SPEC.sheets.t3)  # the template's totals are formulas


def _with_note_cell(path: Path, cell_xml: bytes, cell: bytes = b"F4") -> bytes:
    """The workbook with one 说明 cell of the 校验 sheet replaced by cell_xml."""
    def edit(xml: bytes) -> bytes:
        start = xml.index(b'<c r="' + cell + b'"')
        end = xml.index(b"</c>", start) + 4 if xml.find(b"/>", start) > xml.find(b"</c>", start) else \
            xml.index(b"/>", start) + 2
        return xml[:start] + cell_xml + xml[end:]
    return cb.rewrite_part(path, _check_part(path), edit).read_bytes()


@pytest.mark.parametrize("cell_xml", [
    '<c r="F4" t="inlineStr"><is><t>a&amp;b &lt;c&gt; &#20013;&#x6587;</t></is></c>',
    '<c r="F4" t="inlineStr"><is><r><rPr><b/></rPr><t>粗</t></r><r><t xml:space="preserve"> 体 </t></r></is></c>',
    '<c r="F4" t="str"><f>"写"&amp;"明"</f><v>写明</v></c>',
    '<c r="F4" t="str"><v>  只有值  </v></c>',
    '<c r="F4" t="inlineStr"><is><t>中 间 有 空 格</t></is></c>',
    '<c r="F4" s="6"/>',
])
def test_text_cells_as_calamine_reads_them(book: Path, cell_xml: str) -> None:
    data = _with_note_cell(book, cell_xml.encode())
    assert inspect(data).column_texts(CHECK, COLS, info.CHECK_FIRST_ROW) == _calamine_texts(data)


@pytest.mark.parametrize("cell_xml", [
    '<c r="F4"><v>12</v></c>',  # a number: calamine reads a float, not text
    '<c r="F4" t="b"><v>1</v></c>',
    '<c r="F4" t="e"><v>#REF!</v></c>',
    '<c r="F4" t="inlineStr"><is><t>a_x000D_b</t></is></c>',  # an OOXML escape
    '<c r="F4" t="inlineStr"><is><t><![CDATA[<b>]]></t></is></c>',
    '<c r="F4" t="inlineStr"><is><t>&nbsp;</t></is></c>',  # an entity XML does not define
    '<c s="6" r="F4" t="inlineStr"><is><t>r= not first</t></is></c>',
    '<c r="F4" t="inlineStr"><is><t>  trimmed by calamine  </t></is></c>',  # no xml:space="preserve"
    '<c r="F4" t="inlineStr"><is><t>\u3000全角空格</t></is></c>',
])
def test_unsure_cells_leave_it_to_calamine(book: Path, cell_xml: str) -> None:
    data = _with_note_cell(book, cell_xml.encode())
    assert inspect(data).column_texts(CHECK, COLS, info.CHECK_FIRST_ROW) is None


def test_rich_and_phonetic_shared_strings(book: Path) -> None:
    def edit(xml: bytes) -> bytes:
        target = "  两端有空格  ".encode()
        start = xml.index(target)
        si = xml.rindex(b"<si>", 0, start)
        end = xml.index(b"</si>", start) + 5
        return xml[:si] + ('<si><r><rPr><b/><sz val="11"/></rPr><t>富</t></r><r><t>文本</t></r>'
                           '<phoneticPr fontId="1" type="noConversion"/></si>').encode() + xml[end:]
    data = cb.rewrite_part(book, "xl/sharedStrings.xml", edit).read_bytes()
    texts = inspect(data).column_texts(CHECK, COLS, info.CHECK_FIRST_ROW)
    assert texts == _calamine_texts(data)
    assert "富文本" in texts.values()

    def phonetic_run(xml: bytes) -> bytes:
        return xml.replace(b"<t>\xe5\xaf\x8c</t></r>", b'<t>\xe5\xaf\x8c</t></r><rPh sb="0" eb="1"><t>fu</t></rPh>', 1)
    data = cb.rewrite_part(book, "xl/sharedStrings.xml", phonetic_run).read_bytes()
    assert inspect(data).column_texts(CHECK, COLS, info.CHECK_FIRST_ROW) is None


def test_prefixed_xml_leaves_it_to_calamine(book: Path) -> None:
    data = cb.rewrite_part(book, _check_part(book), lambda x: x.replace(b"<c ", b"<x:c ").replace(b"</c>", b"</x:c>")
                           ).read_bytes()
    assert inspect(data).column_texts(CHECK, COLS, info.CHECK_FIRST_ROW) is None


def test_not_an_xlsx_has_nothing_to_hand_on() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:  # an .ods: no workbook part
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("content.xml", '<office:document-content><table:table table:name="a"/></office:document-content>')
    found = inspect(out.getvalue())
    assert found.sheet_xml(CHECK) == b""
    assert found.formula_cells(CHECK) == frozenset() == formula_cells(out.getvalue(), CHECK)
    assert found.column_texts(CHECK, COLS) is None


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
