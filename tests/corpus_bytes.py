"""Byte-level tools for the bad-input corpus: rewrite one part of a workbook, hand-made zips, cheap bombs.

Everything is built in memory in milliseconds; a bomb is small on disk and is never inflated here.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

FIXED_TIME = (2025, 1, 1, 0, 0, 0)
BILLION_LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + b"".join(b'<!ENTITY lol%d "%s">' % (k, (b"&lol%d;" % (k - 1) if k > 1 else b"&lol;") * 10)
                             for k in range(1, 10))
                  + b"]>")
EXTERNAL_ENTITY = b'<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def zipped(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED,
           when: tuple[int, int, int, int, int, int] = FIXED_TIME) -> bytes:
    """A zip of these members, each stamped `when` (the same bytes every run)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(zipfile.ZipInfo(name, when), data, compression)
    return buf.getvalue()


def rewrite_part(path: Path, part: str, edit: Callable[[bytes], bytes]) -> Path:
    """Replace one part of a zip (an .xlsx) in place, keeping every other part as it was."""
    src = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            dst.writestr(info, edit(data) if info.filename == part else data)
    path.write_bytes(out.getvalue())
    return path


def add_part(path: Path, part: str, data: bytes) -> Path:
    """Add one part to a zip in place."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo(part, FIXED_TIME), data)
    return path


def after_prolog(xml: bytes, insert: bytes) -> bytes:
    """Insert text right after the XML declaration."""
    end = xml.index(b"?>") + 2
    return xml[:end] + insert + xml[end:]


def deflate_repeated(chunk: bytes, times: int) -> tuple[bytes, int]:
    """Raw deflate data of chunk * times and its CRC, made from one compressed copy (no big buffer)."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)  # a full flush makes every copy identical
    crc = 0
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    return block * times + b"\x03\x00", crc  # an empty final block ends the stream


def raw_zip(parts: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip from (name, raw deflate data, crc, declared size): the declared size may lie."""
    out, central = io.BytesIO(), []
    for name, comp, crc, size in parts:
        offset, encoded = out.tell(), name.encode()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0x800, 8, 0, 0x21, crc, len(comp), size,
                              len(encoded), 0) + encoded + comp)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0x800, 8, 0, 0x21, crc, len(comp), size,
                                   len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start, directory = out.tell(), b"".join(central)
    out.write(directory)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), start, 0))
    return out.getvalue()


def deflated_parts(path: Path) -> list[tuple[str, bytes, int, int]]:
    """Every part of a zip as raw_zip takes them."""
    src = zipfile.ZipFile(path)
    parts = []
    for info in src.infolist():
        data = src.read(info)
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        parts.append((info.filename, comp.compress(data) + comp.flush(), zlib.crc32(data), len(data)))
    return parts


def zip_bomb(path: Path, part: str, declared: int | None, chunk_mb: int = 1, times: int = 200) -> Path:
    """Replace a part by chunk_mb MB of cell XML repeated `times` times; declared None means the true size."""
    chunk = b"<c><v>1</v></c>" * (chunk_mb * 70_000)
    comp, crc = deflate_repeated(chunk, times)
    parts = [(n, c, k, s) for n, c, k, s in deflated_parts(path) if n != part]
    parts.append((part, comp, crc, len(chunk) * times if declared is None else declared))
    path.write_bytes(raw_zip(parts))
    return path


def flag_encrypted(path: Path) -> Path:
    """Set the 'encrypted' flag of every entry, as a zip made with a password has."""
    data = bytearray(path.read_bytes())
    for signature, flag_at in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        while at >= 0:
            data[at + flag_at] |= 1
            at = data.find(signature, at + 4)
    path.write_bytes(bytes(data))
    return path


def biff(records: list[tuple[int, bytes]]) -> bytes:
    """A BIFF stream from (record type, body) pairs."""
    return b"".join(struct.pack("<HH", kind, len(body)) + body for kind, body in records)
