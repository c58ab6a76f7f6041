"""Hypothesis fuzzing: random cell values, random sheet shapes and damaged bytes never make reading or
checking raise; each file ends as a submission with problems, or as one refusal with a Chinese message.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import struct
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.checks.runner import check_batch
from pipeline.errors import WorkbookProblem
from pipeline.inbox.discover import Found
from pipeline.inbox.extent import _UNADDRESSED, QUICK_BOUND, has_unaddressed, quick_bound, xls_extents, xlsx_extent
from pipeline.inbox.guard import _guard_biff
from pipeline.inbox.zipguard import _inflate
from pipeline.reading import intake
from pipeline.reading.intake import read_found, read_strict
from pipeline.template.build import build_template
from pipeline.types import Fill, Issue, Submission, cells_a1
from schemas import SPEC
from tests.corpus_bytes import biff
from tests.factories import filled

YEAR = 2024
INPUTS = [n.id for n in SPEC.numbers if not n.derived]
INFO = [f.id for f in SPEC.info_fields]
# A few examples in `make test` (each builds and checks workbooks, ~0.3 s); FUZZ_EXAMPLES=500 for a long hunt.
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "10"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

text = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
cell_value = st.one_of(
    st.none(), st.booleans(), text, st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False), st.dates(dt.date(1900, 3, 1), dt.date(2100, 1, 1)),
    st.sampled_from(["12件", "约10", "－５", "1e12", "=1+1", "@SUM(A1)", "#REF!", "无", "", " ", "\x01", "1,234"]),
)


def _check(*paths: Path) -> list[Submission | Issue]:
    """Read the files and check the readable ones together, as a run does."""
    results = [read_strict(Found(p, p.name, False), p.read_bytes()) for p in paths]
    for path, result in zip(paths, results, strict=True):
        assert result.file == path.name and (not isinstance(result, Issue) or result.message)
    subs = [r for r in results if isinstance(r, Submission)]
    assert all(i.message and i.file for i in check_batch(subs, YEAR).issues)
    return results


FILL = st.fixed_dictionaries({
    "numbers": st.dictionaries(st.sampled_from(INPUTS), cell_value, max_size=12),
    "info": st.dictionaries(st.sampled_from(INFO), cell_value, max_size=4),
    "texts": st.dictionaries(st.sampled_from([t.id for t in SPEC.text_fields]), text, max_size=3),
})


@FUZZ
@given(fills=st.lists(FILL, min_size=4, max_size=4))
def test_random_cell_values_never_crash(tmp_path: Path, fills: list[dict[str, Any]]) -> None:
    base = filled(seed=3)
    paths = [build_template(tmp_path / f"随机值{k}.xlsx",
                            Fill(info=base.info | f["info"], numbers=base.numbers | f["numbers"],
                                 texts=base.texts | f["texts"]))
             for k, f in enumerate(fills)]
    for result in _check(*paths):
        # A template with odd values is still a template; only a date calamine cannot represent (a number far
        # outside the calendar in a date cell) makes it refuse a sheet, and then the message names that sheet.
        assert isinstance(result, Submission) or result.sheet == SPEC.sheets.info, result


SHEET_OPS = st.lists(st.tuples(st.sampled_from(["insert_rows", "delete_rows", "insert_cols", "delete_cols", "delete",
                                                "rename", "add", "move"]),
                               st.sampled_from(SPEC.sheets.ordered()), st.integers(1, 40)), min_size=1, max_size=4)


def _reshape(wb: openpyxl.Workbook, op: str, sheet: str, k: int) -> None:
    if sheet not in wb.sheetnames:
        return
    ws = wb[sheet]
    if op in ("insert_rows", "delete_rows", "insert_cols", "delete_cols"):
        getattr(ws, op)(k)
    elif op == "delete" and len(wb.sheetnames) > 1:
        del wb[sheet]
    elif op == "rename":
        ws.title = f"{sheet}{k}"
    elif op == "add":
        wb.create_sheet(f"附表{k}").cell(k, k, "多余的数据")
    elif op == "move":
        wb.move_sheet(ws, offset=-k % len(wb.sheetnames))


@pytest.fixture(scope="module")
def template_bytes(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return build_template(tmp_path_factory.mktemp("fuzz") / "t.xlsx", filled(seed=4)).read_bytes()


@FUZZ
@given(shapes=st.lists(SHEET_OPS, min_size=2, max_size=2))
def test_random_sheet_shapes_never_crash(tmp_path: Path, template_bytes: bytes,
                                         shapes: list[list[tuple[str, str, int]]]) -> None:
    paths = []
    for k, ops in enumerate(shapes):
        wb = openpyxl.load_workbook(io.BytesIO(template_bytes))
        for op in ops:
            _reshape(wb, *op)
        paths.append(tmp_path / f"改过形状{k}.xlsx")
        wb.save(paths[-1])
    _check(*paths)


@settings(max_examples=30 * EXAMPLES, deadline=None)
@given(cut=st.floats(0, 1), flips=st.lists(st.tuples(st.floats(0, 1), st.integers(1, 255)), max_size=6))
def test_damaged_bytes_never_crash(template_bytes: bytes, cut: float, flips: list[tuple[float, int]]) -> None:
    data = bytearray(template_bytes[: max(1, int(len(template_bytes) * (0.5 + cut / 2)))])
    for where, mask in flips:
        data[int(where * (len(data) - 1))] ^= mask
    result = read_strict(Found(Path("损坏.xlsx"), "损坏.xlsx", False, mtime=0.0), bytes(data))
    assert isinstance(result, Submission | Issue)


def test_fuzz_tests_see_a_reader_crash(monkeypatch: pytest.MonkeyPatch, template_bytes: bytes) -> None:
    # The fuzz tests read through read_strict: a reader that raises makes them fail, while a run's
    # read_found still turns the same crash into that one file's problem.
    def broken(*args: object, **kwargs: object) -> Submission:
        raise IndexError("a reader bug")

    monkeypatch.setattr(intake, "read_submission", broken)
    found = Found(Path("好.xlsx"), "好.xlsx", False, mtime=0.0)
    with pytest.raises(IndexError):
        read_strict(found, template_bytes)
    refused = read_found(found, template_bytes)
    assert isinstance(refused, Issue) and refused.rule == "R-WB-UNREADABLE" and "IndexError" in refused.message


def test_parts_inflated_from_the_bytes_equal_what_zipfile_reads(template_bytes: bytes) -> None:
    zf = zipfile.ZipFile(io.BytesIO(template_bytes))
    deflated = [i for i in zf.infolist() if i.compress_type == zipfile.ZIP_DEFLATED]
    assert deflated and all(_inflate(template_bytes, i) == zf.read(i) for i in deflated)


def _damaged(data: bytes, part: str, change: str) -> tuple[bytes, zipfile.ZipInfo]:
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo(part)
    if change == "crc":
        info.CRC ^= 1
    elif change == "shorter":
        info.file_size -= 1  # the part inflates beyond its declared size
    elif change == "longer":
        info.file_size += 1  # the part ends before its declared size
    else:
        info.header_offset += 1  # no local header where the directory says
    return data, info


@pytest.mark.parametrize("change", ["crc", "shorter", "longer", "offset"])
def test_a_part_that_is_not_as_declared_is_refused_as_corrupt(template_bytes: bytes, change: str) -> None:
    data, info = _damaged(template_bytes, "xl/worksheets/sheet3.xml", change)
    with pytest.raises(WorkbookProblem, match="文件已损坏"):
        _inflate(data, info)


def test_quick_bound_agrees_with_the_careful_extent(template_bytes: bytes) -> None:
    zf = zipfile.ZipFile(io.BytesIO(template_bytes))
    sheets = [zf.read(n) for n in zf.namelist() if n.startswith("xl/worksheets/")]
    assert sheets and all(quick_bound(x) == QUICK_BOUND for x in sheets)
    assert all(xlsx_extent(x).rows <= QUICK_BOUND.rows and xlsx_extent(x).cols <= QUICK_BOUND.cols for x in sheets)
    far = b'<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row><row><c r="AA9"/></row>'
    assert quick_bound(far) is None and (xlsx_extent(far).rows, xlsx_extent(far).cols) == (9, 27)


TAG_PIECES = ["<c", "<row", "<x:c", "<x:row", "<cols", "<col", "<v>", "</c>", "</row>", "<r>", "<is>", "<t>",
              " ", "\n", "\t", "/", ">", ' r="B2"', ' s="1"', 'r="A1"', ' spans="1:2"', ":c", "text", "<"]


@given(st.lists(st.sampled_from(TAG_PIECES), max_size=14))
def test_the_quick_unaddressed_search_is_the_exact_one(pieces: list[str]) -> None:
    xml = "".join(pieces).encode()
    assert has_unaddressed(xml) == (_UNADDRESSED.search(xml) is not None)


@pytest.mark.parametrize("xml", [b"<c/>", b"<c>", b"<row\tspans=\"1:2\">", b"<x:c>", b'<x:row r="1"><x:c/>',
                                 b'<c r="A1"/><c\ns="2"/>'])
def test_a_cell_or_row_without_address_is_found(xml: bytes) -> None:
    assert has_unaddressed(xml) and quick_bound(xml) is None


@pytest.mark.parametrize("xml", [b'<c r="A1"/>', b'<c\nr="A1"/>', b'<cols><col min="1"/></cols>',
                                 b'<row r="2"><c r="B2" s="1"><v>3</v></c></row>'])
def test_addressed_cells_and_other_tags_are_not_unaddressed(xml: bytes) -> None:
    assert not has_unaddressed(xml)


def _sheet_record(name: str) -> tuple[int, bytes]:
    return 0x0085, struct.pack("<IBB", 0, 0, 0) + bytes([len(name), 1]) + name.encode("utf-16-le")


def test_xls_extent_is_found_from_the_biff_records() -> None:
    rng = random.Random(1)
    cells = [(0x0203, struct.pack("<HHH", rng.randrange(60), rng.randrange(20), 0) + bytes(8)) for _ in range(30)]
    book = biff([(0x0809, bytes(16)), _sheet_record("表三"), (0x000A, b""), (0x0809, bytes(16)), *cells,
                 (0x0203, struct.pack("<HHH", 65535, 255, 0) + bytes(8)), (0x000A, b"")])
    assert [(name, e.rows, e.cols) for name, e in xls_extents(book)] == [("表三", 65536, 256)]
    with pytest.raises(WorkbookProblem) as refused:
        _guard_biff(book)
    assert (refused.value.sheet, cells_a1(refused.value.cells)) == ("表三", "IV65536")


def test_an_xls_with_a_password_is_refused_as_encrypted() -> None:
    with pytest.raises(WorkbookProblem) as refused:
        _guard_biff(biff([(0x0809, bytes(16)), (0x002F, bytes(54)), (0x000A, b"")]))
    assert "密码" in refused.value.detail
