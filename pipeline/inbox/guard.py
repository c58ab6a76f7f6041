"""Refuse dangerous or hopeless files before any parser sees them (zip bombs, encryption, huge grids).

python-calamine runs in this process: a file that makes it abort or swallow gigabytes would stop the whole
batch, so every file passes here first. Only cheap looks at the bytes; no cell is interpreted.
"""

from __future__ import annotations

import io
import struct

import olefile

from pipeline.inbox.extent import BIFF_FILEPASS, BIFF_SST, biff_records, xls_extents
from pipeline.inbox.inspected import Inspected
from pipeline.inbox.zipguard import check_extents, inspect_zip, refuse
from pipeline.settings import MAX_FILE_BYTES

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"
OLE_CORRUPT = "文件已损坏（内部结构无法识别），请用Excel或WPS打开确认后重新保存发送"
ENCRYPTED = "文件设置了打开密码（已加密），请取消密码后重新发送"


def guard(data: bytes) -> None:
    """Raise WorkbookProblem when the bytes must not be parsed."""
    inspect(data)


def inspect(data: bytes) -> Inspected:
    """guard's checks; returns what the guard inflated on the way (an .xlsx's XML parts), for the reader."""
    if len(data) > MAX_FILE_BYTES:
        raise refuse(f"文件过大（{len(data) // 1_000_000} MB），填报模板约30 KB，请确认附件")
    if not data:
        raise refuse("文件是空的（0字节），请重新发送附件")
    if data.startswith(OLE_MAGIC):
        _guard_ole(data)
        return Inspected({}, frozenset(), (), data)
    if data.startswith(ZIP_MAGIC):  # an .xlsx renamed .xls still opens: judge by content, not by name
        parts, names, entries, values = inspect_zip(data)
        return Inspected(parts, names, entries, data, values)
    raise refuse(_not_a_workbook(data))


def _not_a_workbook(data: bytes) -> str:
    kinds = {b"%PDF": "PDF文件", b"\x89PNG": "PNG图片", b"\xff\xd8\xff": "JPEG图片", b"GIF8": "GIF图片",
             b"{\\rtf": "RTF文档", b"<": "网页或XML文件（常见于从网站导出的“Excel”）"}
    kind = next((v for k, v in kinds.items() if data.lstrip().startswith(k)), "")
    if kind:
        return f"文件扩展名是Excel，但内容是{kind}，请发送Excel填报模板"
    return "文件不是Excel工作簿（内容无法识别），请用Excel或WPS打开确认后重新保存发送"


def _guard_ole(data: bytes) -> None:
    """An OLE container: an encrypted .xlsx, an .xls, or something else (a Word .doc)."""
    if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
        raise refuse(ENCRYPTED)
    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            stream = next((s for s in ("Workbook", "Book") if ole.exists(s)), "")
            if not stream:
                kind = "Word文档" if ole.exists("WordDocument") else "其他Office文件"
                raise refuse(f"文件扩展名是Excel，但内容是{kind}，请发送Excel填报模板（.xlsx）")
            book = ole.openstream(stream).read()
    except (OSError, ValueError, struct.error, IndexError, KeyError, RecursionError):
        raise refuse(OLE_CORRUPT) from None
    _guard_biff(book)


def _guard_biff(book: bytes) -> None:
    for kind, body in biff_records(book):
        if kind == BIFF_FILEPASS:
            raise refuse(ENCRYPTED)
        if kind == BIFF_SST and len(body) >= 8 and struct.unpack_from("<I", body, 4)[0] > len(book):
            raise refuse("文件内部的共享字符串表声明了不可能的数量（疑似恶意或损坏文件），已拒绝")
    check_extents(xls_extents(book))
