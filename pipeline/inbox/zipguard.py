"""Look inside an .xlsx/.xlsm/.ods zip before python-calamine does: sizes, encryption, DTDs, grid extents.

calamine stops at each part's declared size (a part that inflates beyond it is an error), so the declared
sizes bound the work; this module refuses what would still be dangerous within those bounds.
"""

from __future__ import annotations

import io
import posixpath
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator

from pipeline.common.cells import a1
from pipeline.errors import WorkbookProblem
from pipeline.inbox.extent import Extent, ods_extents, quick_bound, xlsx_extent
from pipeline.inbox.rollup_parts import unread_parts
from pipeline.inbox.sheet_xml import BOOK_PART, BOOK_RELS_PART, sheet_parts_of, without_formulas
from pipeline.settings import MAX_GRID_CELLS, MAX_PART_RATIO, MAX_UNPACKED_BYTES
from pipeline.types import Rect

CORRUPT = "文件已损坏（压缩包不完整或内容校验失败），请用Excel或WPS打开确认后重新保存发送"
ZIP_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError, KeyError,
              zlib.error)
_XML_SUFFIXES = (".xml", ".rels", ".vml")
_NEVER_READ = ("docProps/", "xl/theme/", "customXml/")  # python-calamine reads none of them
_DTD = re.compile(rb"<!(?:DOCTYPE|ENTITY)")
_SST_COUNT = re.compile(rb'\b(?:count|uniqueCount)="([0-9]+)"')
_LOCAL_HEADER, _LOCAL_HEADER_SIZE = b"PK\x03\x04", 30  # a zip entry's local header ends with two lengths
_BOOK_PARTS = (BOOK_PART, BOOK_RELS_PART)
MACRO_PARTS = ("vbaProject.bin", "vbaProjectSignature.bin")
OTHER_ZIPS = {"word/": "Word文档", "ppt/": "PowerPoint演示文稿", "xl/workbook.bin": "Excel二进制格式（.xlsb）文件"}


def refuse(detail: str, sheet: str = "", cells: tuple[Rect, ...] = ()) -> WorkbookProblem:
    """The problem of a file that is not parsed at all."""
    return WorkbookProblem("R-WB-UNREADABLE", detail, sheet, cells)


def guard_zip(data: bytes) -> None:
    """Raise WorkbookProblem when the zip must not reach calamine."""
    inspect_zip(data)


def inspect_zip(data: bytes) -> tuple[dict[str, bytes], frozenset[str], tuple[zipfile.ZipInfo, ...], dict[str, bytes]]:
    """guard_zip's checks; returns the XML parts it inflated (and checked: size, CRC, no DTD) by part name,
    the names of all parts, the zip's entries, and the sheets holding formulas as checked: without them
    (sheet_xml.without_formulas, which changes none of the findings and spares searching the formula text)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            _check_sizes(infos)
            names = {i.filename for i in infos}
            _check_kind(names)
            xlsx = BOOK_PART in names
            wanted = [i for i in infos if not (xlsx and _never_read(i.filename))]
            xml, checked = _inflated(_xml_parts(zf, [i for i in wanted if xlsx and i.filename in _BOOK_PARTS], data))
            # A roll-up's sheets its reader never opens are not inflated (pipeline/inbox/rollup_parts.py).
            skip = unread_parts(xml.get(BOOK_PART, b""), xml.get(BOOK_RELS_PART, b"")) if xlsx else frozenset()
            rest = _inflated(_xml_parts(zf, [i for i in wanted if i.filename not in xml and i.filename not in skip],
                                        data))
            xml, checked = xml | rest[0], checked | rest[1]
            values: dict[str, bytes] = {}
            if xlsx:
                sheets = sheet_parts_of(xml[BOOK_PART], xml[BOOK_RELS_PART])
                if not all(p.startswith("xl/") and ".." not in p for p in sheets.values()):
                    # a sheet kept elsewhere: every part is inflated and searched, as it used to be
                    more = _inflated(_xml_parts(zf, [i for i in infos if _never_read(i.filename)], data))
                    xml, checked = xml | more[0], checked | more[1]
                _check_xlsx_extent(xml | checked, sheets)
                values = {part: body for part, body in checked.items() if part in set(sheets.values())}
    except WorkbookProblem:
        raise
    except ZIP_ERRORS:
        raise refuse(CORRUPT) from None
    if "content.xml" in xml:
        check_extents(ods_extents(xml["content.xml"]))
    return xml, frozenset(names), tuple(infos), values


def _inflated(parts: Iterator[tuple[str, bytes, bytes]]) -> tuple[dict[str, bytes], dict[str, bytes]]:
    """(part -> XML, part -> the XML as checked where that differs)."""
    xml, checked = {}, {}
    for name, body, seen in parts:
        xml[name] = body
        if seen is not body:
            checked[name] = seen
    return xml, checked


def _check_sizes(infos: list[zipfile.ZipInfo]) -> None:
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise refuse(f"文件解压后超过 {MAX_UNPACKED_BYTES // 1_000_000} MB（填报模板解压后不到1 MB），疑似压缩炸弹，已拒绝")
    for i in infos:
        if i.file_size > 1_000_000 and i.file_size > MAX_PART_RATIO * max(i.compress_size, 1):
            raise refuse(f"文件内部“{i.filename}”压缩比异常（疑似压缩炸弹），已拒绝")
        if i.flag_bits & 0x1:
            raise refuse("文件内容已加密，请取消密码后重新发送")


def _check_kind(names: set[str]) -> None:
    if BOOK_PART in names or "content.xml" in names:
        return
    kind = next((v for k, v in OTHER_ZIPS.items() if any(n.startswith(k) for n in names)), "")
    if kind:
        raise refuse(f"文件扩展名是Excel，但内容是{kind}，请发送Excel填报模板（.xlsx）")
    raise refuse("文件是一个压缩包（ZIP），不是Excel工作簿；请解压后发送其中的Excel填报模板")


def _never_read(name: str) -> bool:
    """A part of an .xlsx that no reader of ours opens (document properties, the theme, custom XML): the size
    and encryption checks of every part suffice; it is neither inflated nor searched (a tenth of the XML)."""
    return name.startswith(_NEVER_READ)


def _xml_parts(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo], data: bytes) -> Iterator[tuple[str, bytes, bytes]]:
    """(name, XML, the XML without its formulas) of each XML part, inflated and searched for a DTD."""
    # Reading checks each part's CRC, so a damaged part is found here rather than as a parser error.
    for info in infos:
        if info.filename.lower().endswith(_XML_SUFFIXES):
            xml = _inflate(data, info) if info.compress_type == zipfile.ZIP_DEFLATED else _read_bounded(zf, info)
            seen = without_formulas(xml)
            if _declares_dtd(seen):
                raise refuse(f"文件内部“{info.filename}”含有DTD或实体声明（Excel从不写入，疑似恶意文件），已拒绝")
            yield info.filename, xml, seen
        elif info.filename.endswith("sharedStrings.bin"):
            raise refuse("文件是Excel二进制格式（.xlsb），请“另存为”Excel工作簿（.xlsx）后重新发送")


def _declares_dtd(xml: bytes) -> bool:
    """Whether the part holds "<!DOCTYPE" or "<!ENTITY".

    Most parts hold no "!" at all, and looking for one byte is a tenth of the cost of looking for a
    string; only the others (sheets with formulas that name other sheets, '表三'!D5) are searched, in one pass.
    """
    return b"!" in xml and _DTD.search(xml) is not None


def data_start(data: bytes, info: zipfile.ZipInfo) -> int:
    """Where a part's (compressed) bytes begin: after its local header, whose two lengths may differ from the
    central directory's; WorkbookProblem when there is no local header there."""
    at = info.header_offset
    if data[at:at + 4] != _LOCAL_HEADER or len(data) < at + _LOCAL_HEADER_SIZE:
        raise refuse(CORRUPT)
    name_length, extra_length = struct.unpack_from("<HH", data, at + _LOCAL_HEADER_SIZE - 4)
    return int(at + _LOCAL_HEADER_SIZE + name_length + extra_length)


def _inflate(data: bytes, info: zipfile.ZipInfo) -> bytes:
    """A deflated part's bytes, inflated straight from the file's bytes and never beyond its declared size.

    The same checks as _read_bounded (size and CRC) at a third of the cost: zipfile reads a part through
    several layers of buffering, and a province's inbox has ~200,000 parts.
    """
    start = data_start(data, info)
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    out = inflater.decompress(memoryview(data)[start:start + info.compress_size], info.file_size + 1)
    if len(out) != info.file_size or zlib.crc32(out) != info.CRC:
        raise refuse(CORRUPT)
    return out


def _read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """A part's bytes, inflated a megabyte at a time: zf.read() would inflate a lying part whole before
    noticing that it is longer than declared."""
    chunks, total = [], 0
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            total += len(chunk)
            if total > info.file_size:
                raise refuse(CORRUPT)
            chunks.append(chunk)
    return b"".join(chunks)


def _check_xlsx_extent(xml: dict[str, bytes], sheet_parts: dict[str, str]) -> None:
    strings = xml.get("xl/sharedStrings.xml", b"")
    declared = [int(n) for n in _SST_COUNT.findall(strings[:1000])]
    if any(n > len(strings) for n in declared):  # each string takes more than one byte of XML
        raise refuse("文件内部的共享字符串表声明了不可能的数量（疑似恶意或损坏文件），已拒绝")
    # A target such as "../docProps/x.xml" names the part docProps/x.xml for a reader that resolves it:
    # its extent is checked too (checking a part no reader takes for a sheet costs nothing but time).
    parts = {(posixpath.normpath(part) if ".." in part else part): name for name, part in sheet_parts.items()}
    sheets = [(parts[p], body) for p, body in xml.items() if p in parts]
    # The exact extent only of the sheets the quick bound does not cover (a roll-up's 明细 is 200 columns wide):
    # the others' bounds are upper bounds, so a sum within the limit is within it; else all are measured exactly.
    bounds = [(name, quick_bound(body) or xlsx_extent(body, MAX_GRID_CELLS)) for name, body in sheets]
    if sum(b.cells for _, b in bounds) > MAX_GRID_CELLS:
        check_extents((name, xlsx_extent(body, MAX_GRID_CELLS)) for name, body in sheets)


def check_extents(extents: Iterator[tuple[str, Extent]]) -> None:
    """Refuse a workbook whose sheets together would unfold into more than MAX_GRID_CELLS cells."""
    seen = list(extents)
    if sum(e.cells for _, e in seen) <= MAX_GRID_CELLS:
        return
    sheet, extent = max(seen, key=lambda item: item[1].cells)
    row, col = min(extent.rows, 1_048_576) - 1, min(extent.cols, 16_384) - 1
    last = a1(row, col)
    raise refuse(f"工作表“{sheet}”的内容至少延伸到 {last}（{extent.rows} 行 × {extent.cols} 列），远超填报模板的范围，"
                 "疑似恶意或损坏文件，已拒绝；请把数据复制到新的填报模板中再发送", sheet, (Rect.cell(row, col),))
