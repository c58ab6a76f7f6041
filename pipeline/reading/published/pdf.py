"""A published report as PDF (with a text layer) → the document model.

pypdfium2 (PDFium) gives every character with its box; pdf_lines groups them into lines and words,
pdf_tables finds 表二/表三/表四 and places each number under its column by x position, and every other
line becomes part of a Paragraph, in reading order (top to bottom, page by page). Page numbers and
running headers/footers are dropped, so a table broken across pages continues without them.

Refused, in bounded time and memory, with a Chinese PublishedProblem: files over MAX_BYTES, files
PDFium cannot open, encrypted files, more than MAX_PAGES pages, a page with more than
MAX_CHARS_PER_PAGE characters (or MAX_CHARS in all), and PDFs without a text layer (scans).
PDFium never runs a PDF's JavaScript here: no form environment is ever initialised.
PDFium is not thread-safe, so one lock serialises all reading.
"""

from __future__ import annotations

import re
import threading
from collections import Counter
from collections.abc import Sequence

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from pipeline.reading.published.model import Block, Document, Paragraph, PublishedProblem, Table, Where
from pipeline.reading.published.pdf_lines import Line, group_lines, page_chars
from pipeline.reading.published.pdf_tables import find_tables

MAX_BYTES = 50 * 1024 * 1024
MAX_PAGES = 200
MAX_CHARS_PER_PAGE = 60_000
MAX_CHARS = 600_000
MIN_TEXT_CHARS = 20          # fewer visible characters in the whole file: a scan without a text layer
MAX_UNREADABLE_SHARE = 0.5   # more unmapped glyphs (U+FFFD, private use) than this: the text layer is unusable
MARGIN_SHARE = 0.1           # page numbers and running headers sit in this share of the page at top and bottom
EDGE_LINES = 3              # running headers/footers are among the first and last lines of a page
PARA_INDENT_EM = 1.0         # a line indented this much starts a paragraph
PARA_SHORT_EM = 2.0          # a line ending this much before the right edge ends its paragraph
PARA_GAP_EM = 1.2            # a vertical gap larger than this (in line heights) between lines ends a paragraph

_LOCK = threading.Lock()
_PAGE_NUMBER = re.compile(r"^[-—–－_·•\s]*(第\s*)?\d{1,4}\s*(页)?\s*([/／]\s*\d{1,4}|共\s*\d{1,4}\s*页)?[-—–－_·•\s]*$")
_PAGE_NUMBER_STRICT = re.compile(r"[-—–－第页/／]")


def read_pdf_document(file: str, data: bytes) -> Document:
    """The document model of a PDF; PublishedProblem if it cannot be read."""
    if len(data) > MAX_BYTES:
        raise PublishedProblem(f"PDF文件太大（{len(data) / 1024 / 1024:.1f} MB），超过 {MAX_BYTES // 1024 // 1024} MB 的上限")
    if b"%PDF-" not in data[:1024]:
        raise PublishedProblem("不是PDF文件（文件开头没有 %PDF- 标记）")
    with _LOCK:
        pages = _read_lines(data)
    lines = [ln for page in pages for ln in page]
    tables = find_tables(lines)
    blocks: list[Block] = []
    i = 0
    for start, end, table in tables:
        blocks.extend(_paragraphs(lines[i:start]))
        blocks.append(table)
        i = end
    blocks.extend(_paragraphs(lines[i:]))
    return Document(file, tuple(blocks), "pdf")


def _read_lines(data: bytes) -> list[list[Line]]:
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if pdfium_c.FPDF_GetLastError() == pdfium_c.FPDF_ERR_PASSWORD:
            raise PublishedProblem("PDF文件已加密（需要密码才能打开），无法读取") from None
        raise PublishedProblem(f"PDF文件已损坏，无法打开（{e}）") from None
    try:
        if pdfium_c.FPDF_GetSecurityHandlerRevision(doc.raw) != -1:
            raise PublishedProblem("PDF文件已加密，无法可靠读取；请提供未加密的文件")
        n = len(doc)
        if n > MAX_PAGES:
            raise PublishedProblem(f"PDF文件有 {n} 页，超过 {MAX_PAGES} 页的上限，不像一份年度报告")
        if n == 0:
            raise PublishedProblem("PDF文件没有任何页面")
        pages: list[list[Line]] = []
        total = unreadable = 0
        heights: list[float] = []
        for p in range(n):
            page = doc[p]
            try:
                heights.append(page.get_height())
                textpage = page.get_textpage()
                try:
                    chars = page_chars(textpage, MAX_CHARS_PER_PAGE)
                finally:
                    textpage.close()
            finally:
                page.close()
            if chars is None:
                raise PublishedProblem(f"第{p + 1}页的文字超过 {MAX_CHARS_PER_PAGE} 个字符，不像一份年度报告")
            total += len(chars)
            if total > MAX_CHARS:
                raise PublishedProblem(f"PDF文件的文字超过 {MAX_CHARS} 个字符，不像一份年度报告")
            unreadable += sum(1 for c in chars if c.ch == "\ufffd" or "\ue000" <= c.ch <= "\uf8ff")
            pages.append(group_lines(chars, p + 1))
    finally:
        doc.close()
    if total < MIN_TEXT_CHARS:
        raise PublishedProblem("PDF文件是扫描件，没有文字层（只有图像），无法读取其中的文字和数字；请提供带文字的PDF或Word文件")
    if unreadable > MAX_UNREADABLE_SHARE * total:
        raise PublishedProblem("PDF文件的文字层无法识别（字体没有字符对照表，文字显示为乱码），无法读取")
    _drop_furniture(pages, heights)
    return pages


def _drop_furniture(pages: list[list[Line]], heights: Sequence[float]) -> None:
    """Remove page numbers and running headers/footers (the same text at the top/bottom of several pages)."""
    edge_texts: Counter[str] = Counter()
    for lines in pages:
        for ln in {id(x): x for x in (lines[:EDGE_LINES] + lines[-EDGE_LINES:])}.values():
            edge_texts[re.sub(r"\d+", "#", ln.text().replace(" ", ""))] += 1
    for lines, height in zip(pages, heights, strict=True):
        margin = MARGIN_SHARE * height
        while lines and _furniture(lines[-1], lines[-2] if len(lines) > 1 else None, lines[-1].cy < margin,
                                   edge_texts, len(pages)):
            lines.pop()
        while lines and _furniture(lines[0], lines[1] if len(lines) > 1 else None, lines[0].cy > height - margin,
                                   edge_texts, len(pages)):
            lines.pop(0)


def _furniture(ln: Line, neighbour: Line | None, in_margin: bool, edge_texts: Counter[str], n_pages: int) -> bool:
    text = ln.text().strip()
    if not in_margin:
        return False
    if _PAGE_NUMBER.match(text):
        if _PAGE_NUMBER_STRICT.search(text):
            return True
        # a bare number: only apart from the text next to it, and a plausible page number
        apart = neighbour is None or abs(neighbour.cy - ln.cy) > 1.8 * max(ln.h, neighbour.h)
        return apart and len(ln.words) == 1 and int(text) <= n_pages + 20
    return n_pages > 1 and edge_texts[re.sub(r"\d+", "#", text.replace(" ", ""))] >= max(2, n_pages // 2)


def _paragraphs(lines: Sequence[Line]) -> list[Paragraph]:
    """Lines into visual paragraphs: an indented line, a short line or a larger gap separates them."""
    out: list[Paragraph] = []
    if not lines:
        return out
    left = _mode(round(ln.x0) for ln in lines)
    right = max(ln.x1 for ln in lines)
    text: list[str] = []
    first: Line | None = None
    prev: Line | None = None
    for ln in lines:
        em = ln.h
        new = (
            prev is None or first is None
            or ln.x0 > left + PARA_INDENT_EM * em
            or prev.x1 < right - PARA_SHORT_EM * em
            or (ln.page == prev.page and prev.y0 - ln.y1 > PARA_GAP_EM * max(em, prev.h))
            or abs(ln.h - prev.h) > 0.15 * max(ln.h, prev.h)
        )
        if new and first is not None:
            out.append(Paragraph(_join(text), Where(page=first.page, line=first.number)))
            text = []
        if new:
            first = ln
        text.append(ln.text())
        prev = ln
    if first is not None:
        out.append(Paragraph(_join(text), Where(page=first.page, line=first.number)))
    return out


def _join(parts: list[str]) -> str:
    out = parts[0]
    for p in parts[1:]:
        if out and p and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return out


def _mode(values: object) -> float:
    counts = Counter(values)  # type: ignore[call-overload]
    return float(min(counts, key=lambda v: (-counts[v], v))) if counts else 0.0


def tables_of(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]
