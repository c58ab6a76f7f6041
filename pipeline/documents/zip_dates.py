"""Give every entry of a zip file (a .docx) one fixed date, so the same document is the same bytes.

python-docx stamps each entry with the current time. Rewriting the archive costs a decompression and a
compression of every part (about a third of writing a report); the date is instead set in place, in
the two fixed-size fields of each entry's local header and of its central directory record (the zip
format, APPNOTE 4.3.7 and 4.3.12), which leaves sizes, offsets and checksums as they were.
"""

from __future__ import annotations

import datetime as dt
import struct

END_RECORD = b"PK\x05\x06"
CENTRAL, LOCAL = b"PK\x01\x02", b"PK\x03\x04"
END_SIZE, CENTRAL_SIZE = 22, 46  # fixed parts of the end record and of a central directory record


def dos_stamp(when: dt.datetime) -> bytes:
    """The zip format's (time, date) fields, as little-endian 16-bit numbers (two-second resolution)."""
    time = (when.hour << 11) | (when.minute << 5) | (when.second // 2)
    date = ((when.year - 1980) << 9) | (when.month << 5) | when.day
    return struct.pack("<HH", time, date)


def with_fixed_dates(archive: bytes, when: dt.datetime) -> bytes:
    """archive with every entry dated `when`; raises ValueError for anything but a plain zip file."""
    data = bytearray(archive)
    end = data.rfind(END_RECORD, max(0, len(data) - END_SIZE - 0xFFFF))
    if end < 0:
        raise ValueError("not a zip file")
    entries, _, directory = struct.unpack_from("<HII", data, end + 10)
    stamp, position = dos_stamp(when), directory
    for _ in range(entries):
        if data[position:position + 4] != CENTRAL:
            raise ValueError("damaged central directory")
        names, extra, comment = struct.unpack_from("<HHH", data, position + 28)
        (local,) = struct.unpack_from("<I", data, position + 42)
        if data[local:local + 4] != LOCAL:
            raise ValueError("damaged local header")
        data[position + 12:position + 16] = stamp
        data[local + 10:local + 14] = stamp
        position += CENTRAL_SIZE + names + extra + comment
    return bytes(data)
