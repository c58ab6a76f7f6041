"""Which cells of an .xlsx hold formulas: python-calamine only gives cached values.

Asked only when a total disagrees with its parts, to tell a stale cached formula (trust the parts)
from a total that someone typed (a rule failure).
"""

from __future__ import annotations

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
MAX_SHEET_XML = 20_000_000  # bytes; the guard refuses larger parts before we get here


def _unescape(name: bytes) -> str:
    text = name.decode("utf-8", "replace")
    return text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')


def _sheet_part(zf: zipfile.ZipFile, sheet: str) -> str | None:
    book = zf.read("xl/workbook.xml")
    ids = {_unescape(n): i for n, i in _SHEET.findall(book)} | {_unescape(n): i for i, n in _SHEET_ALT.findall(book)}
    rid = ids.get(sheet)
    if rid is None:
        return None
    rels = zf.read("xl/_rels/workbook.xml.rels")
    targets = dict(_REL.findall(rels)) | {i: t for t, i in _REL_ALT.findall(rels)}
    target: str = targets.get(rid, b"").decode()
    return target.lstrip("/") if target.startswith("/") else "xl/" + target


def formula_cells(data: bytes, sheet: str) -> frozenset[str]:
    """A1 addresses of the formula cells on one sheet; empty for non-xlsx files."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            part = _sheet_part(zf, sheet)
            if part is None or zf.getinfo(part).file_size > MAX_SHEET_XML:
                return frozenset()
            xml = zf.read(part)
    except (zipfile.BadZipFile, KeyError, OSError):
        return frozenset()
    found = set()
    for attrs, body in _CELL.findall(xml):
        ref = _REF.search(attrs)
        if ref and _FORMULA.search(body):
            found.add(ref.group(1).decode())
    return frozenset(found)
