"""Fixed dates are set in place: the archive stays valid, only the dates change."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest

from pipeline.documents.zip_dates import with_fixed_dates

WHEN = dt.datetime(2025, 1, 1)


def _archive(stamp: tuple[int, int, int, int, int, int]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.comment = b"archive comment"
        for name, body in (("[Content_Types].xml", b"<x/>" * 50), ("word/文档.xml", "正文".encode() * 999), ("empty", b"")):
            info = zipfile.ZipInfo(name, stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.extra = b"\xca\xfe\x02\x00hi"  # an extra field: records are found by their lengths
            z.writestr(info, body)
    return out.getvalue()


def test_dates_change_and_nothing_else() -> None:
    early, late = _archive((2024, 3, 5, 13, 45, 58)), _archive((2026, 11, 27, 4, 0, 0))
    assert early != late
    fixed = with_fixed_dates(early, WHEN)
    assert fixed == with_fixed_dates(late, WHEN) and len(fixed) == len(early)
    with zipfile.ZipFile(io.BytesIO(fixed)) as z, zipfile.ZipFile(io.BytesIO(early)) as original:
        assert z.testzip() is None
        assert [i.date_time for i in z.infolist()] == [(2025, 1, 1, 0, 0, 0)] * 3
        assert {n: z.read(n) for n in z.namelist()} == {n: original.read(n) for n in original.namelist()}
        assert z.comment == b"archive comment"


def test_not_a_zip_is_refused() -> None:
    with pytest.raises(ValueError):
        with_fixed_dates(b"just text", WHEN)
    broken = bytearray(_archive((2024, 1, 1, 0, 0, 0)))
    broken[broken.find(b"PK\x01\x02")] = 0
    with pytest.raises(ValueError):
        with_fixed_dates(bytes(broken), WHEN)
