"""The text of a few columns of one .xlsx sheet, straight from its XML: what python-calamine would read there.

The 校验 sheet is most of what calamine parses in a submission (its formulas are three fifths of the
workbook's XML), yet the reader uses only two of its columns as text: 规则编号 and 说明. The guard has
inflated every XML part already (pipeline/inbox/zipguard.py), so those two columns can be taken from it.

Exact or nothing: the cells are decoded only within a small, plain subset of the format (no namespace
prefixes, every cell addressed, text in shared strings, inline strings or formula strings, the five XML
entities and character references). Anything else in those columns, anywhere in the sheet's cells or in
the shared strings they use (a number, an error, a phonetic run, CDATA, a comment, an _xHHHH_ escape, a
carriage return, ...) returns None, and the caller reads the sheet with calamine as before.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from pipeline.inbox.extent import has_unaddressed

_CELL = re.compile(rb'<c r="([A-Z]{1,3})([0-9]{1,7})"([^>]*?)(?:/>|>(.*?)</c>)', re.S)
_ANY_CELL = re.compile(rb"<c[\s/>]")
_PREFIXED = re.compile(rb"<\w+:(?:c|row|si|t|r|is|v|sst|sheetData)[\s/>]")
_TYPE = re.compile(rb'\st="([^"]*)"')
_ONLY_VALUE = re.compile(rb"<v>([^<]*)</v>")
_FORMULA_THEN_VALUE = re.compile(rb"<f(?:\s[^>]*)?(?:/>|>[^<]*</f>)(?:<v>([^<]*)</v>|<v/>)?", re.S)
_SI = re.compile(rb"<si>(.*?)</si>|<si/>", re.S)
_PHONETIC_PROPERTIES = re.compile(rb"<phoneticPr\b[^>]*/>$")  # Excel's CJK reading hint: no text
_TEXT = re.compile(rb'<t( xml:space="preserve")?>([^<]*)</t>|<t(?: xml:space="preserve")?/>')
_RUN_PROPERTIES = re.compile(rb"<rPr>.*?</rPr>|<rPr/>", re.S)
_RICH = re.compile(rb"(?:<r>(?:%s)?(?:%s)</r>)+" % (_RUN_PROPERTIES.pattern, _TEXT.pattern), re.S)
_ENTITY = re.compile(r"&(?:(amp|lt|gt|quot|apos)|#([0-9]{1,7})|#x([0-9A-Fa-f]{1,6}));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_UNSAFE = (b"_x", b"\r", b"<![CDATA[", b"<!--", b"<?", b"rPh")


class _Unsure(Exception):
    """Outside the plain subset: calamine must read the sheet."""


def column_texts(sheet_xml: bytes, shared_xml: bytes, cols: Collection[int],
                 first_row: int = 0) -> dict[tuple[int, int], str] | None:
    """{(row, col): text} of the non-empty text cells of `cols` from 0-based `first_row` on; None when unsure.

    Cells there that are empty, or that calamine reads as "" (an empty string), are left out, as
    calamine leaves nothing to read in them either: a caller treats a missing cell as "".
    """
    try:
        if _PREFIXED.search(sheet_xml) or _PREFIXED.search(shared_xml) or has_unaddressed(sheet_xml):
            raise _Unsure
        wanted, shared_refs = _wanted_cells(sheet_xml, set(cols), first_row)
        strings = _shared_strings(shared_xml, shared_refs) if shared_refs else {}
        found: dict[tuple[int, int], str] = {}
        for where, value in wanted.items():
            text = strings[value] if isinstance(value, int) else value
            if text:
                found[where] = text
        return found
    except (_Unsure, ValueError):  # ValueError: bytes that are not UTF-8
        return None


def _wanted_cells(sheet_xml: bytes, cols: set[int], first_row: int) -> tuple[dict[tuple[int, int], int | str], set[int]]:
    """(row, col) -> a shared string's index, or the text, of the wanted cells; the shared indexes they use."""
    wanted: dict[tuple[int, int], int | str] = {}
    refs: set[int] = set()
    cells = 0
    for found in _CELL.finditer(sheet_xml):
        cells += 1
        col, row = _col_index(found.group(1)), int(found.group(2)) - 1
        if col not in cols or row < first_row:
            continue
        if (row, col) in wanted:
            raise _Unsure  # the same address twice
        body = found.group(4) or b""
        if any(mark in body for mark in _UNSAFE):
            raise _Unsure
        value = _cell_value(found.group(3), body)
        if value is None:
            continue
        wanted[(row, col)] = value
        if isinstance(value, int):
            refs.add(value)
    if cells != len(_ANY_CELL.findall(sheet_xml)):
        raise _Unsure  # a cell tag this pattern did not take apart
    return wanted, refs


def _col_index(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _cell_value(attrs: bytes, body: bytes) -> int | str | None:
    """A text cell's shared string index or text; None for an empty cell; _Unsure for anything else."""
    kind_found = _TYPE.search(attrs)
    kind = kind_found.group(1) if kind_found else b"n"
    if not body:
        return None  # <c r="F4" s="6"/> or <c ...></c>: nothing calamine would read
    if kind == b"s":
        value = _ONLY_VALUE.fullmatch(body)
        if value is None or not value.group(1).isdigit():
            raise _Unsure
        return int(value.group(1))
    if kind == b"str":
        formula = _FORMULA_THEN_VALUE.fullmatch(body) or _ONLY_VALUE.fullmatch(body)
        if formula is None:
            raise _Unsure
        return _decoded(formula.group(1) or b"")
    if kind == b"inlineStr" and body.startswith(b"<is>") and body.endswith(b"</is>"):
        return _runs(body[4:-5])
    raise _Unsure  # a number, a date, a boolean, an error: not text


def _shared_strings(shared_xml: bytes, refs: set[int]) -> dict[int, str]:
    """The decoded text of the shared strings at indexes refs."""
    wanted: dict[int, str] = {}
    last = max(refs)
    for index, found in enumerate(_SI.finditer(shared_xml)):
        if index in refs:
            body = found.group(1) or b""
            if any(mark in body for mark in _UNSAFE):
                raise _Unsure
            wanted[index] = _runs(body)
        if index >= last:
            break
    if len(wanted) != len(refs):
        raise _Unsure  # an index beyond the table: calamine would not read it as text
    return wanted


def _runs(body: bytes) -> str:
    """The text of a string item: one <t>, or rich-text runs each with one <t>; nothing else."""
    body = _PHONETIC_PROPERTIES.sub(b"", body)
    if _TEXT.fullmatch(body) is None and _RICH.fullmatch(body) is None:
        raise _Unsure
    return "".join(_run_text(preserve, raw) for preserve, raw in _TEXT.findall(body))


def _run_text(preserve: bytes, raw: bytes) -> str:
    text = _decoded(raw)
    if not preserve and text and (text[0].isspace() or text[-1].isspace()):
        raise _Unsure  # calamine trims such text (without xml:space="preserve"): whose whitespace, exactly, is its own
    return text


def _decoded(raw: bytes) -> str:
    text = raw.decode("utf-8")  # a UnicodeDecodeError is a ValueError: caught by the caller's guard below
    if "&" not in text:
        return text
    if text.count("&") != len(_ENTITY.findall(text)):
        raise _Unsure  # an entity beyond the five and character references
    return _ENTITY.sub(_entity, text)


def _entity(found: re.Match[str]) -> str:
    named, decimal, hexadecimal = found.groups()
    if named:
        return _NAMED[named]
    code = int(decimal) if decimal else int(hexadecimal, 16)
    if not (0x20 <= code <= 0xD7FF or code in (0x9, 0xA) or 0xE000 <= code <= 0xFFFD or 0x10000 <= code <= 0x10FFFF):
        raise _Unsure  # not a character XML allows (or a carriage return): leave it to calamine
    return chr(code)
