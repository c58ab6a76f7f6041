"""What python-calamine does not tell about an .xlsx cell: is it a formula, an error, a formula never calculated.

calamine gives cached values only. Asked only when needed: when a total disagrees with its parts (a stale
cached formula, trust the parts, or a typed total, a rule failure), and when an input cell reads as empty
(truly empty, or an error value such as #REF!, or a formula without a cached result).
"""

from __future__ import annotations

import functools
import io
import re
import zipfile

_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"', re.S)
_SHEET_ALT = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?r:id="([^"]*)"[^>]*?name="([^"]*)"', re.S)
_REL = re.compile(rb'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"', re.S)
_REL_ALT = re.compile(rb'<Relationship\b[^>]*?Target="([^"]*)"[^>]*?Id="([^"]*)"', re.S)
_CELL = re.compile(rb'<(?:\w+:)?c\b([^>]*?)(?<!/)>(.*?)</(?:\w+:)?c>', re.S)
_REF = re.compile(rb'\br="([A-Z]+[0-9]+)"')
_FORMULA = re.compile(rb"<(?:\w+:)?f\b")
_VALUE = re.compile(rb"<(?:\w+:)?v>([^<]*)</(?:\w+:)?v>")
_ERROR_TYPE = re.compile(rb'\bt="e"')
_PLAIN_FORMULA = re.compile(rb"<f>[^<]*</f>")
NO_CACHED_VALUE = ""  # marks a formula without a cached result in unusable_cells
MAX_SHEET_XML = 20_000_000  # bytes; the guard refuses larger parts before we get here


def _unescape(name: bytes) -> str:
    text = name.decode("utf-8", "replace")
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')


BOOK_PART, BOOK_RELS_PART = "xl/workbook.xml", "xl/_rels/workbook.xml.rels"


def sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip part holding its XML."""
    return sheet_parts_of(zf.read(BOOK_PART), zf.read(BOOK_RELS_PART))


def sheet_parts_of(book: bytes, rels: bytes) -> dict[str, str]:
    """Sheet name -> the zip part holding its XML, from the workbook part and its relationships."""
    # Cached by content: nearly every workbook of a province holds the template's own two parts, byte for byte,
    # and the guard and the reader both ask. Large parts are not kept (the cache would hold on to them).
    if len(book) + len(rels) > _CACHED_BOOK_BYTES:
        return dict(_sheet_parts(book, rels))
    return dict(_cached_sheet_parts(book, rels))


_CACHED_BOOK_BYTES = 16_384  # the template's two parts: about 2 KB


def _sheet_parts(book: bytes, rels: bytes) -> tuple[tuple[str, str], ...]:
    ids = {_unescape(n): i for n, i in _SHEET.findall(book)} | {_unescape(n): i for i, n in _SHEET_ALT.findall(book)}
    targets = dict(_REL.findall(rels)) | {i: t for t, i in _REL_ALT.findall(rels)}
    parts: dict[str, str] = {}
    for name, rid in ids.items():
        target = targets.get(rid, b"").decode("utf-8", "replace")
        if target:
            parts[name] = target.lstrip("/") if target.startswith("/") else "xl/" + target
    return tuple(parts.items())


_cached_sheet_parts = functools.lru_cache(maxsize=64)(_sheet_parts)


def _sheet_part(zf: zipfile.ZipFile, sheet: str) -> str | None:
    return sheet_parts(zf).get(sheet)


def _sheet_xml(data: bytes, sheet: str) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            part = _sheet_part(zf, sheet)
            if part is None or zf.getinfo(part).file_size > MAX_SHEET_XML:
                return b""
            return zf.read(part)
    except (zipfile.BadZipFile, KeyError, OSError):
        return b""


def formula_cells(data: bytes, sheet: str) -> frozenset[str]:
    """A1 addresses of the formula cells on one sheet; empty for non-xlsx files."""
    return formula_cells_in(_sheet_xml(data, sheet))


def formula_cells_in(sheet_xml: bytes) -> frozenset[str]:
    """A1 addresses of the formula cells of one sheet's XML (as inflated, e.g. by the guard)."""
    found = set()
    for attrs, body in _CELL.findall(sheet_xml):
        ref = _REF.search(attrs)
        if ref and _FORMULA.search(body):
            found.add(ref.group(1).decode())
    return frozenset(found)


def unusable_cells(data: bytes, sheet: str) -> dict[str, str]:
    """Cells python-calamine reads as empty although they are not: A1 -> the error value, or NO_CACHED_VALUE.

    An error (#REF!, #DIV/0!, ...) and a formula that no office suite ever calculated both come back as ''.
    """
    return unusable_cells_in(_sheet_xml(data, sheet))


def unusable_cells_in(sheet_xml: bytes) -> dict[str, str]:
    """unusable_cells of one sheet's XML (as inflated, e.g. by the guard)."""
    found: dict[str, str] = {}
    for attrs, body in _CELL.findall(sheet_xml):
        ref = _REF.search(attrs)
        if ref is None:
            continue
        value = _VALUE.search(body)
        if _ERROR_TYPE.search(attrs):
            found[ref.group(1).decode()] = _unescape(value.group(1)) if value else "#N/A"
        elif _FORMULA.search(body) and value is None:
            found[ref.group(1).decode()] = NO_CACHED_VALUE
    return found


def without_formulas(sheet_xml: bytes) -> bytes:
    """A sheet's XML without the formula elements that have no attributes and hold plain text.

    Only these: the formula of a cell (an <f> in the sheet's default namespace; conditional formats and
    validations name theirs <formula>, extensions <xm:f>). Its cached value (<v>) stays, and a formula
    with attributes (shared, array) or markup inside stays whole. What is left out holds no "<": no tag, no
    DTD, so the guard's findings on the rest (pipeline/inbox/zipguard.py) are those on the whole.
    """
    return _PLAIN_FORMULA.sub(b"", sheet_xml) if b"<f>" in sheet_xml else sheet_xml
