"""PDFs the reader must refuse, quickly and with a Chinese message naming the problem.

The files are written by tests/reading/tinypdf.py (encryption included: RC4 per the PDF standard
security handler, revision 2, implemented in the test helper; no extra package).
"""

from __future__ import annotations

import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from pipeline.reading.published import pdf as pdf_module
from pipeline.reading.published.model import PublishedProblem
from pipeline.reading.published.pdf import MAX_PAGES, read_pdf_document
from tests.reading import tinypdf

HZQ = Path("/work/shared/realdocs/hzq2024_working.pdf")


def refused(data: bytes) -> str:
    start = time.perf_counter()
    with pytest.raises(PublishedProblem) as info:
        read_pdf_document("x.pdf", data)
    assert time.perf_counter() - start < 2.0
    return str(info.value)


def test_a_text_pdf_is_read() -> None:  # the writer itself makes readable files
    doc = read_pdf_document("x.pdf", tinypdf.text_pdf(["first line of text", "second line 12 345"]))
    assert doc.kind == "pdf"
    assert [b.text for b in doc.blocks] == ["first line of text second line 12 345"]  # type: ignore[union-attr]


def test_scan_without_text_layer() -> None:
    assert "是扫描件，没有文字层" in refused(tinypdf.image_pdf(pages=3))


def test_encrypted_without_password() -> None:
    data = tinypdf.text_pdf(["secret text"] * 5, encrypt_user="")
    assert pdfium.PdfDocument(data)[0].get_textpage().get_text_range().startswith("secret text")  # it is readable…
    assert "加密" in refused(data)  # … but refused


def test_encrypted_with_password() -> None:
    data = tinypdf.text_pdf(["secret text"] * 5, encrypt_user="pw")
    assert pdfium.PdfDocument(data, password="pw")[0].get_textpage().get_text_range().startswith("secret text")
    assert "加密" in refused(data)


def test_thousands_of_pages() -> None:
    message = refused(tinypdf.text_pdf(["a page"], pages=5000))
    assert "5000 页" in message and str(MAX_PAGES) in message


def test_huge_text_on_a_page() -> None:
    assert "字符" in refused(tinypdf.text_pdf(["x" * 250] * 300))


def test_too_large_file(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "MAX_BYTES", 1000)
    assert "太大" in refused(tinypdf.text_pdf(["some text"] * 50) + b"%" * 2000)


def test_not_a_pdf() -> None:
    assert "不是PDF" in refused(b"<html><body>not a pdf</body></html>")


def test_garbage_after_the_header() -> None:
    assert "损坏" in refused(b"%PDF-1.7\n" + bytes(range(256)) * 64)


@pytest.mark.skipif(not HZQ.exists(), reason="the real documents are not on this machine")
def test_truncated_file() -> None:
    data = HZQ.read_bytes()
    assert "损坏" in refused(data[: len(data) // 4])


@pytest.mark.skipif(not HZQ.exists(), reason="the real documents are not on this machine")
def test_broken_cross_reference_table_is_repaired() -> None:
    data = HZQ.read_bytes()
    at = data.rindex(b"startxref")
    broken = data[:at] + b"startxref\n999999\n%%EOF\n"
    doc = read_pdf_document("x.pdf", broken)  # PDFium rebuilds the table by scanning the objects
    assert any(getattr(b, "text", "") == "六、其他需要报告的事项" for b in doc.blocks)


def test_javascript_is_never_run() -> None:
    # an OpenAction script that would never end: no form environment is initialised, so PDFium ignores it
    data = tinypdf.text_pdf(["text with a script, and some more text"], javascript="while \\(true\\) {}")
    assert b"/OpenAction 5 0 R" in data and b"/S /JavaScript" in data
    start = time.perf_counter()
    doc = read_pdf_document("x.pdf", data)
    assert time.perf_counter() - start < 2.0
    assert [b.text for b in doc.blocks] == ["text with a script, and some more text"]  # type: ignore[union-attr]
