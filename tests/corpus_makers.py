"""Builders for the bad-input corpus: each returns a function that writes one file at a path.

Valid bodies come from tests/factories (each its own name and code, so none supersedes another); the
breakage is applied the way it happens in practice: a spreadsheet program (openpyxl), or the bytes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from msoffcrypto.format.ooxml import OOXMLFile

from pipeline.common.cells import a1
from pipeline.inbox.sheet_xml import sheet_parts
from pipeline.template.build import build_template
from pipeline.types import Fill
from schemas import SPEC
from schemas.tables import t3_id
from tests import corpus_bytes as cb
from tests.factories import filled, texts_for

Make = Callable[[Path], object]


def at(number_id: str) -> tuple[str, str]:
    n = SPEC.number(number_id)
    return n.sheet, a1(n.row, n.col)


_serial = iter(range(1000, 10_000))


def fill(numbers: dict[str, Any] | None = None, info: dict[str, Any] | None = None,
         texts: dict[str, str] | None = None) -> Fill:
    """A valid body of its own (own name and code), so no two corpus files supersede each other."""
    k = next(_serial)
    base = filled(f"样本单位{k}", seed=k, numbers=numbers, info=info)
    return dataclasses.replace(base, texts=base.texts | (texts or {}))


def book(numbers: dict[str, Any] | None = None, info: dict[str, Any] | None = None,
         texts: dict[str, str] | None = None) -> Make:
    the_fill = fill(numbers, info, texts)  # made now, so each entry keeps its body whenever it is written
    return lambda path: build_template(path, the_fill)


def edited(edit: Callable[[openpyxl.Workbook], None]) -> Make:
    """A valid book changed in a spreadsheet program."""
    make = book()

    def run(path: Path) -> Path:
        make(path)
        wb = openpyxl.load_workbook(path)
        edit(wb)
        wb.save(path)
        return path
    return run


def then(make: Make, *steps: Callable[[Path], object]) -> Make:
    def run(path: Path) -> Path:
        make(path)
        for step in steps:
            step(path)
        return path
    return run


def part_of(sheet: str) -> Callable[[Path], str]:
    return lambda path: sheet_parts(zipfile.ZipFile(path))[sheet]


def set_cell_xml(number_id: str, inner: str, cell_type: str = "") -> Callable[[Path], Path]:
    """Rewrite one cell of the sheet XML: a formula error or a formula without a cached value."""
    sheet, ref = at(number_id)
    kind = f' t="{cell_type}"' if cell_type else ""

    def edit(xml: bytes) -> bytes:
        pattern = re.compile(rb'<c r="' + ref.encode() + rb'"( s="\d+")?[^>]*?(/>|>.*?</c>)', re.S)
        return pattern.sub(lambda m: f'<c r="{ref}"{(m.group(1) or b"").decode()}{kind}>{inner}</c>'.encode(), xml, 1)
    return lambda path: cb.rewrite_part(path, part_of(sheet)(path), edit)


def sheet_edit(sheet: str, edit: Callable[[bytes], bytes]) -> Callable[[Path], Path]:
    return lambda path: cb.rewrite_part(path, part_of(sheet)(path), edit)


def write_bytes(data: bytes) -> Make:
    return lambda path: path.write_bytes(data)


def cut(keep: Callable[[bytes], bytes]) -> Make:
    make = book()
    return lambda path: (make(path), path.write_bytes(keep(path.read_bytes())))


def zip_of(members: dict[str, bytes]) -> Make:
    def run(path: Path) -> None:
        path.write_bytes(cb.zipped(members, zipfile.ZIP_STORED))
    return run


def encrypted(path: Path) -> None:
    book()(path)
    out = io.BytesIO()
    with path.open("rb") as fh:
        OOXMLFile(fh).encrypt("123456", out)
    path.write_bytes(out.getvalue())


def plain_workbook(rows: list[list[Any]], sheet: str = "Sheet1") -> Make:
    def run(path: Path) -> None:
        wb = xlsxwriter.Workbook(str(path))
        wb.set_properties({"created": dt.datetime(2025, 1, 1)})
        ws = wb.add_worksheet(sheet)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
        wb.close()
    return run


def ods_repeat_bomb(path: Path) -> None:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"><office:body>'
               '<office:spreadsheet><table:table table:name="表三"><table:table-row table:number-rows-repeated="1048576">'
               '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
               "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>")
    zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": content.encode()})(path)


def merge(sheet: str, cells: str) -> Callable[[openpyxl.Workbook], None]:
    return lambda wb: wb[sheet].merge_cells(cells)


def rename_sheet(old: str, new: str) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[old].title = new
    return edit


def delete_sheet(sheet: str) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        del wb[sheet]
    return edit


def set_value(sheet: str, cell: str, value: Any) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[sheet][cell] = value
    return edit


def reorder(wb: openpyxl.Workbook) -> None:
    wb._sheets.reverse()  # openpyxl has no public call for it


def t3_label_cell() -> str:
    return a1(SPEC.number(t3_id("d1", "np")).row, 2)


def t2_norm_label_cell() -> str:
    return a1(SPEC.number("t2_norm_made").row, 0)


def info_cell(field_id: str) -> tuple[str, str]:
    row = next(f.row for f in SPEC.info_fields if f.id == field_id)
    return SPEC.sheets.info, a1(row, SPEC.info_value_col)


def error_in(sheet: str, ref: str, error: str) -> Callable[[Path], Path]:
    def edit(xml: bytes) -> bytes:
        pattern = re.compile(rb'<c r="' + ref.encode() + rb'"( s="\d+")?[^>]*?(/>|>.*?</c>)', re.S)
        return pattern.sub(lambda m: (f'<c r="{ref}"{(m.group(1) or b"").decode()} t="e">'
                                      f"<f>1/0</f><v>{error}</v></c>").encode(), xml, 1)
    return sheet_edit(sheet, edit)


def no_cached_value(number_id: str) -> Callable[[Path], Path]:
    return set_cell_xml(number_id, "<f>2+3</f>")


def long_text(path: Path) -> None:
    """五 of 40,000 characters: padding, then what 五 must say (R-SEC5-FOLLOWUP), so only the length is odd."""
    marker, required = "长文本占位", texts_for("")["s5"]
    book(texts={"s5": marker + required})(path)
    padding = "很" * (40_000 - len(required))
    cb.rewrite_part(path, "xl/sharedStrings.xml", lambda xml: xml.replace(marker.encode(), padding.encode()))


def bad_magic(kind: str) -> bytes:
    return {"pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "png": b"\x89PNG\r\n\x1a\n" + bytes(64),
            "jpeg": b"\xff\xd8\xff\xe0" + bytes(64), "html": "<html><table><tr><td>单位</td></tr></table></html>".encode(),
            "text": "这是一封邮件的正文，不是表格。".encode("gbk"),
            "random": bytes((i * 7919 + 13) % 251 for i in range(4096))}[kind]
