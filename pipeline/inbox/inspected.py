"""What the guard saw inside a workbook it let through: its XML parts, already inflated and checked.

The guard (pipeline/inbox/guard.py) inflates the XML parts of an .xlsx a reader opens, before python-calamine does.
The few things calamine does not tell (which cells hold formulas, which hold errors or formulas never
calculated, pipeline/inbox/sheet_xml.py) can be found in those same bytes, so nothing is read from disk
twice; and calamine itself can read those bytes instead of inflating the file's parts again (unpacked).
Each answer is computed only when asked, from the bytes the guard checked: the same bytes, and so the
same answers, as reading the part from the file again.

An Inspected holds every XML part (about 140 KB for a template): keep it only while reading one file.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from pipeline.inbox.sheet_xml import (
    BOOK_PART,
    BOOK_RELS_PART,
    MAX_SHEET_XML,
    formula_cells_in,
    sheet_parts_of,
    unusable_cells_in,
)
from pipeline.inbox.zipguard import data_start


@dataclass(frozen=True)
class Inspected:
    """The XML parts of one file as the guard inflated them (none for an .xls), and the names of all its parts."""

    parts: Mapping[str, bytes]
    names: frozenset[str]
    entries: tuple[zipfile.ZipInfo, ...]  # the zip's entries, as the guard read them (none for an .xls)
    data: bytes  # the file's bytes
    values: Mapping[str, bytes] = field(default_factory=dict)  # sheets the guard checked without their formulas
    _sheets: dict[str, str] = field(default_factory=dict, compare=False, repr=False)  # sheet -> part, once asked

    def sheet_xml(self, sheet: str) -> bytes | None:
        """The XML of the sheet named `sheet` as pipeline/inbox/sheet_xml.py finds it in the file (by the
        workbook part and its relationships; b"" when there is none, or for a part larger than MAX_SHEET_XML);
        None for a part the guard did not inflate (its name does not end in .xml): read the file then."""
        if BOOK_PART not in self.names or BOOK_RELS_PART not in self.names:
            return b""  # not an .xlsx (formulas.py's zip lookup fails the same way)
        if BOOK_PART not in self.parts or BOOK_RELS_PART not in self.parts:
            return None
        if not self._sheets:
            self._sheets.update(sheet_parts_of(self.parts[BOOK_PART], self.parts[BOOK_RELS_PART]))
        part = self._sheets.get(sheet)
        if part is None or part not in self.names:
            return b""
        xml = self.parts.get(part)
        if xml is None:
            return None
        return b"" if len(xml) > MAX_SHEET_XML else xml

    def formula_cells(self, sheet: str) -> frozenset[str] | None:
        """formulas.formula_cells of the file's bytes without reading them again; None: read the file."""
        xml = self.sheet_xml(sheet)
        return None if xml is None else formula_cells_in(xml)

    def unusable_cells(self, sheet: str) -> dict[str, str] | None:
        """formulas.unusable_cells of the file's bytes without reading them again; None: read the file."""
        xml = self.sheet_xml(sheet)
        return None if xml is None else unusable_cells_in(xml)

    def unpacked(self, values_only: bool = False) -> bytes:
        """The file as a zip whose XML parts are stored as the guard inflated them (other parts as they were).

        python-calamine then reads the very same XML without inflating it a second time; an .xlsx's
        other parts (images, a macro project, printer settings) keep their compressed bytes. The file's
        own bytes when it is not a zip or names a part twice (which copy a reader takes is its own).

        values_only: the sheets' cell formulas in their plain form (<f>...</f>, see sheet_xml.without_formulas)
        are left out, as in the XML the guard checked (values). A reader of cached values (python-calamine gives nothing else) sees the same cells; it only no
        longer wades through the formula text, three quarters of the template's XML (the 校验 sheet).
        """
        if not self.entries or len({e.filename for e in self.entries}) != len(self.entries):
            return self.data
        return unpacked_zip(self.data, self.entries, {**self.parts, **self.values} if values_only else self.parts)


_LOCAL = struct.Struct("<4sHHHHHIIIHH")
_CENTRAL = struct.Struct("<4sHHHHHHIIIHHHHHII")
_END = struct.Struct("<4sHHHHIIH")
_UTF8_NAME = 0x800  # general purpose flag: the name is UTF-8 (else cp437)


def unpacked_zip(data: bytes, entries: tuple[zipfile.ZipInfo, ...], parts: Mapping[str, bytes]) -> bytes:
    """A zip of the entries, in their order: those in parts stored (uncompressed) with parts' bytes, whose CRC
    the guard checked against the entry's (or, for a part changed since, its own); the others with their compressed
    bytes copied from data."""
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for e in entries:
        flags = e.flag_bits & _UTF8_NAME  # no data descriptor: the sizes are known here
        name = e.filename.encode("utf-8" if flags else "cp437")
        inflated = parts.get(e.filename)
        crc, size = e.CRC, e.file_size
        if inflated is not None and e.compress_type == zipfile.ZIP_DEFLATED:
            method, body = zipfile.ZIP_STORED, inflated
            if len(inflated) != size:  # shortened by values_only: a reader checks the CRC of what it reads
                crc, size = zlib.crc32(inflated), len(inflated)
        else:
            start = data_start(data, e)
            method, body = e.compress_type, data[start:start + e.compress_size]
        dos_time = e.date_time[3] << 11 | e.date_time[4] << 5 | e.date_time[5] // 2
        dos_date = (e.date_time[0] - 1980) << 9 | e.date_time[1] << 5 | e.date_time[2]
        version = max(e.extract_version, 20) if method == zipfile.ZIP_DEFLATED else 10
        chunks += [_LOCAL.pack(b"PK\x03\x04", version, flags, method, dos_time, dos_date, crc, len(body),
                               size, len(name), 0), name, body]
        central += [_CENTRAL.pack(b"PK\x01\x02", 20, version, flags, method, dos_time, dos_date, crc, len(body),
                                  size, len(name), 0, 0, 0, 0, e.external_attr, offset), name]
        offset += _LOCAL.size + len(name) + len(body)
    directory = b"".join(central)
    return b"".join([*chunks, directory, _END.pack(b"PK\x05\x06", 0, 0, len(entries), len(entries), len(directory),
                                                     offset, 0)])
