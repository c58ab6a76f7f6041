"""Look inside a .docx zip before parsing it: sizes, compression ratio, encryption, DTDs and entities."""

from __future__ import annotations

import io
import zipfile
import zlib

from pipeline.reading.published.model import PublishedProblem

MAIN_PART = "word/document.xml"
MAX_DOCX_BYTES = 50_000_000  # the file itself; a report with photos is a few MB
MAX_UNPACKED = 200_000_000  # all parts together
MAX_MAIN_PART = 30_000_000  # document.xml of a long report is under 1 MB
MAX_RATIO = 100  # text parts compress 5-20 times; far more is a zip bomb
CORRUPT = "Word文件已损坏（压缩包不完整或内容校验失败），无法读取"
_ERRORS = (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError, KeyError, zlib.error)


def document_xml(data: bytes) -> bytes:
    """The main part's XML, once the zip passed the checks; PublishedProblem otherwise."""
    if len(data) > MAX_DOCX_BYTES:
        raise PublishedProblem(f"Word文件超过 {MAX_DOCX_BYTES // 1_000_000} MB，已拒绝")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = {i.filename: i for i in zf.infolist()}
            _check(infos)
            # Bounded: zipfile never inflates past the declared size (checked above) and checks the CRC.
            xml = zf.read(infos[MAIN_PART])
    except PublishedProblem:
        raise
    except _ERRORS:
        raise PublishedProblem(CORRUPT) from None
    if b"<!DOCTYPE" in xml or b"<!ENTITY" in xml:
        raise PublishedProblem("Word文件的正文含有DTD或实体声明（Word从不写入，疑似恶意文件），已拒绝")
    return xml


def _check(infos: dict[str, zipfile.ZipInfo]) -> None:
    if MAIN_PART not in infos:
        raise PublishedProblem("压缩包中没有Word正文（word/document.xml），不是 .docx 文件")
    if sum(i.file_size for i in infos.values()) > MAX_UNPACKED:
        raise PublishedProblem(f"Word文件解压后超过 {MAX_UNPACKED // 1_000_000} MB，疑似压缩炸弹，已拒绝")
    for info in infos.values():
        if info.flag_bits & 0x1:
            raise PublishedProblem("Word文件已加密，请取消密码后再读")
        if info.file_size > 1_000_000 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise PublishedProblem(f"Word文件内部“{info.filename}”压缩比异常（疑似压缩炸弹），已拒绝")
    if infos[MAIN_PART].file_size > MAX_MAIN_PART:
        raise PublishedProblem(f"Word正文超过 {MAX_MAIN_PART // 1_000_000} MB，已拒绝")
