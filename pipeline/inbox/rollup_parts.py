"""Which sheet parts of a roll-up (a 汇总.xlsx of the level below) no reader opens, so the guard need not inflate them.

A roll-up is read from its record sheet and its 汇总 sheet alone (pipeline/reading/rollup.py); its other sheets
(明细 is 200 columns wide) are never parsed. The guard still checks every part's declared size, ratio and
encryption; it skips inflating (and measuring) only parts it can be sure no reader takes for a sheet it reads:
only when the workbook's sheets and relationships are unambiguous (each sheet one part of its own, in plain
xl/worksheets/ form), so that no parser resolving them another way can land on a skipped part.
"""

from __future__ import annotations

import re

from pipeline.inbox.sheet_xml import sheet_parts_of
from schemas.hierarchy import RECORD_SHEET, ROLLUP_TOTALS_SHEET

ROLLUP_READS = frozenset({RECORD_SHEET, ROLLUP_TOTALS_SHEET})  # the sheets pipeline/reading/rollup.py opens
_SHEET_ELEMENT = re.compile(rb"<(?:\w+:)?sheet\b")
_REL_ID = re.compile(rb'\bId="([^"]*)"')
_REL_ELEMENT = re.compile(rb"<Relationship\b")  # not <Relationships
_PLAIN_PART = re.compile(r"xl/worksheets/[A-Za-z0-9_]+\.xml")


def has_sheet(book: bytes, name: str) -> bool:
    """Whether the workbook part names a sheet `name` (as written by this tool: unescaped)."""
    return f'name="{name}"'.encode() in book


def is_rollup_book(book: bytes) -> bool:
    """A roll-up, by its workbook part: it has the record sheet. The one test of the guard and the reader."""
    return has_sheet(book, RECORD_SHEET)


def unread_parts(book: bytes, rels: bytes) -> frozenset[str]:
    """The parts of a roll-up's sheets that its reader never opens; none for any other workbook, or when in doubt."""
    if not is_rollup_book(book):
        return frozenset()
    parts = sheet_parts_of(book, rels)
    ids = _REL_ID.findall(rels)
    unambiguous = (len(parts) == len(_SHEET_ELEMENT.findall(book)) and len(set(parts.values())) == len(parts)
                   and len(set(ids)) == len(ids) == len(_REL_ELEMENT.findall(rels))
                   and all(_PLAIN_PART.fullmatch(p) for p in parts.values()))
    if not unambiguous:
        return frozenset()
    return frozenset(part for name, part in parts.items() if name not in ROLLUP_READS)
