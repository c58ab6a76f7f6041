"""Refuse dangerous or hopeless files before any parser sees them (zip bombs, encryption, huge files)."""

from __future__ import annotations

import io
import zipfile

from pipeline.read import WorkbookProblem
from pipeline.settings import MAX_FILE_BYTES, MAX_PART_RATIO, MAX_UNPACKED_BYTES

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .xls, and encrypted .xlsx
ZIP_MAGIC = b"PK\x03\x04"


def guard(data: bytes, suffix: str) -> None:
    """Raise WorkbookProblem when the bytes must not be parsed."""
    if len(data) > MAX_FILE_BYTES:
        raise WorkbookProblem("R-WB-UNREADABLE", f"文件过大（{len(data) // 1_000_000} MB），填报模板约30 KB，请确认附件")
    if not data:
        raise WorkbookProblem("R-WB-UNREADABLE", "文件是空的（0字节），请重新发送附件")
    if data.startswith(OLE_MAGIC):
        if b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00e\x00d\x00P\x00a\x00c\x00k\x00a\x00g\x00e" in data:
            raise WorkbookProblem("R-WB-UNREADABLE", "文件设置了打开密码（已加密），请取消密码后重新发送")
        return
    if suffix in (".xlsx", ".xlsm", ".ods"):
        if not data.startswith(ZIP_MAGIC):
            raise WorkbookProblem("R-WB-UNREADABLE", _not_a_workbook(data))
        _guard_zip(data)


def _not_a_workbook(data: bytes) -> str:
    kinds = {b"%PDF": "PDF文件", b"\x89PNG": "PNG图片", b"\xff\xd8\xff": "JPEG图片", b"GIF8": "GIF图片",
             b"{\\rtf": "RTF文档", b"<": "网页或XML文件"}
    kind = next((v for k, v in kinds.items() if data.startswith(k)), "")
    if kind:
        return f"文件扩展名是Excel，但内容是{kind}，请发送Excel填报模板"
    return "文件不是Excel工作簿（内容无法识别），请用Excel或WPS打开确认后重新保存发送"


def _guard_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise WorkbookProblem("R-WB-UNREADABLE", "文件已损坏（压缩包不完整），请重新保存后发送") from None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNPACKED_BYTES:
        raise WorkbookProblem("R-WB-UNREADABLE", f"文件解压后超过 {MAX_UNPACKED_BYTES // 1_000_000} MB，疑似恶意文件，已拒绝")
    for i in infos:
        if i.file_size > 1_000_000 and i.file_size > MAX_PART_RATIO * max(i.compress_size, 1):
            raise WorkbookProblem("R-WB-UNREADABLE", f"文件内部“{i.filename}”压缩比异常（疑似压缩炸弹），已拒绝")
        if i.flag_bits & 0x1:
            raise WorkbookProblem("R-WB-UNREADABLE", "文件内容已加密，请取消密码后重新发送")
