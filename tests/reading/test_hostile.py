"""Hostile or broken input is refused with a Chinese PublishedProblem, in bounded time, never a crash or a hang."""

from __future__ import annotations

import os
import time

import pytest

from pipeline.reading.published.model import PublishedProblem
from pipeline.reading.published.read import read_published
from tests.corpus_bytes import zipped
from tests.reading.builders import distinct_raw, report_docx

SECONDS = 3.0  # every refusal below takes milliseconds; a hang or a quadratic walk would not


def _refused(data: bytes, name: str, words: str) -> None:
    start = time.perf_counter()
    with pytest.raises(PublishedProblem) as info:
        read_published(name, data)
    assert time.perf_counter() - start < SECONDS
    assert words in str(info.value)


def test_ten_thousand_nested_divs_are_refused() -> None:
    _refused(b"<html><body>" + b"<div>" * 10_000 + b"x" + b"</div>" * 10_000 + b"</body></html>", "deep.html", "嵌套")


def test_ten_thousand_nested_tables_are_read_in_bounded_time() -> None:
    start = time.perf_counter()
    try:
        reading = read_published("tables.html", b"<html><body>" + b"<table><tr><td>" * 10_000 + b"1" + b"</body></html>")
    except PublishedProblem as exc:
        assert "嵌套" in str(exc)
    else:
        assert reading.figures == {} and reading.problems
    assert time.perf_counter() - start < SECONDS


def test_oversized_html_is_refused_before_parsing() -> None:
    _refused(b"<html><body>" + b"<p>x</p>" * 2_700_000 + b"</body></html>", "big.html", "超过 20 MB")


def test_huge_spans_are_refused() -> None:
    rows = b"<tr>" + b'<td colspan="1000" rowspan="1000">1</td>' * 50 + b"</tr>"
    _refused(b"<html><body><table>" + rows * 2000 + b"</table></body></html>", "spans.html", "疑似恶意")


def test_docx_zip_bomb_is_refused() -> None:
    bomb = zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document>" + b" " * 30_000_000})
    assert len(bomb) < 100_000
    _refused(bomb, "bomb.docx", "压缩")


def test_docx_with_entity_declarations_is_refused() -> None:
    laughs = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
              b"<w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>")
    _refused(zipped({"word/document.xml": laughs}), "dtd.docx", "DTD")


def test_docx_damaged_encrypted_or_without_body_is_refused() -> None:
    good = report_docx(distinct_raw())
    _refused(good[: len(good) // 2], "cut.docx", "损坏")
    _refused(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000, "locked.docx", "加密")
    _refused(zipped({"xl/workbook.xml": b"<workbook/>"}), "book.docx", "不是 .docx")


def test_binary_garbage_is_refused() -> None:
    _refused(os.urandom(200_000).replace(b"PK", b"pk").replace(b"%PDF", b"%pdf") + b"\x00", "garbage.bin", "二进制")


def test_docx_nested_ten_thousand_deep_is_refused() -> None:
    deep = (b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
            + b"<w:sdt><w:sdtContent>" * 10_000 + b"<w:p/>" + b"</w:sdtContent></w:sdt>" * 10_000 + b"</w:body></w:document>")
    _refused(zipped({"word/document.xml": deep}), "deep.docx", "嵌套过深")
