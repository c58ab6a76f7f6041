"""The guard inflates of a roll-up only the sheets its reader opens, and nothing less than that for any other file.

Roll-ups are made by the project's own report; their parts are changed with zipfile, as another writer would.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from pipeline.errors import WorkbookProblem
from pipeline.inbox.discover import Found
from pipeline.inbox.guard import inspect
from pipeline.inbox.rollup_parts import unread_parts
from pipeline.inbox.sheet_xml import BOOK_PART, BOOK_RELS_PART, sheet_parts_of
from pipeline.reading.intake import read_strict
from pipeline.types import Rollup
from schemas.hierarchy import RECORD_SHEET, ROLLUP_DETAIL_SHEET, ROLLUP_TOTALS_SHEET
from tests.hierarchy import county_inbox, county_rollup

FAR_CELL = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData>'


@pytest.fixture(scope="module")
def rollup(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return county_rollup(tmp_path_factory.mktemp("rollup"), "青同县", 3, seed=5).read_bytes()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return zf.read(name)


def with_part(data: bytes, name: str, body: bytes) -> bytes:
    """The workbook with one part's bytes replaced (every other part copied as it was)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, body if info.filename == name else src.read(info))
    return out.getvalue()


def sheets_of(data: bytes) -> dict[str, str]:
    return sheet_parts_of(part(data, BOOK_PART), part(data, BOOK_RELS_PART))


def read(data: bytes, tmp_path: Path) -> Rollup | object:
    path = tmp_path / "青同县汇总.xlsx"
    path.write_bytes(data)
    return read_strict(Found(path, path.name, False, mtime=1.0), data)


def test_only_the_sheets_the_reader_opens_are_inflated(rollup: bytes, tmp_path: Path) -> None:
    sheets = sheets_of(rollup)
    inflated = inspect(rollup).parts
    assert sheets[RECORD_SHEET] in inflated and sheets[ROLLUP_TOTALS_SHEET] in inflated
    assert "xl/sharedStrings.xml" in inflated and "xl/styles.xml" in inflated
    skipped = {p for n, p in sheets.items() if n not in (RECORD_SHEET, ROLLUP_TOTALS_SHEET)}
    assert sheets[ROLLUP_DETAIL_SHEET] in skipped and not skipped & set(inflated)
    got = read(rollup, tmp_path)
    assert isinstance(got, Rollup) and len(got.bodies) == 3


def test_a_workbook_of_a_body_is_inflated_whole(tmp_path: Path) -> None:
    data = next(county_inbox(tmp_path / "inbox", "青同县", 1).glob("*.xlsx")).read_bytes()
    assert set(sheets_of(data).values()) <= set(inspect(data).parts)


def test_a_read_sheet_unfolding_too_far_is_still_refused(rollup: bytes) -> None:
    totals = sheets_of(rollup)[ROLLUP_TOTALS_SHEET]
    far = with_part(rollup, totals, part(rollup, totals).replace(b"</sheetData>", FAR_CELL))
    with pytest.raises(WorkbookProblem) as refused:
        inspect(far)
    assert refused.value.rule == "R-WB-UNREADABLE" and ROLLUP_TOTALS_SHEET in str(refused.value.detail)


def test_a_sheet_no_reader_opens_is_not_parsed_so_not_measured(rollup: bytes, tmp_path: Path) -> None:
    detail = sheets_of(rollup)[ROLLUP_DETAIL_SHEET]
    far = with_part(rollup, detail, part(rollup, detail).replace(b"</sheetData>", FAR_CELL))
    got = read(far, tmp_path)  # calamine opens 汇总记录 and 汇总 only: nothing unfolds 明细
    assert isinstance(got, Rollup) and len(got.bodies) == 3


@pytest.mark.parametrize("change", ["duplicate id", "shared target", "parent path", "unparsed sheet"])
def test_when_in_doubt_every_sheet_is_inflated(rollup: bytes, change: str) -> None:
    book, rels = part(rollup, BOOK_PART), part(rollup, BOOK_RELS_PART)
    first = rels[rels.index(b"<Relationship "):rels.index(b"/>", rels.index(b"<Relationship ")) + 2]
    target = sheets_of(rollup)[ROLLUP_TOTALS_SHEET].removeprefix("xl/").encode()
    changed = {
        "duplicate id": (book, rels.replace(b"</Relationships>", first + b"</Relationships>")),
        "shared target": (book, rels.replace(b"worksheets/sheet2.xml", target)),
        "parent path": (book, rels.replace(b'Target="worksheets/sheet2.xml"', b'Target="../xl/worksheets/sheet2.xml"')),
        "unparsed sheet": (book.replace(b"</sheets>", b'<sheet name="x" sheetId="99" rel:id="rId99"/></sheets>'),
                           rels),
    }[change]
    assert unread_parts(book, rels)
    assert unread_parts(*changed) == frozenset()
