"""Read one published report (web page, Word file, PDF or text) into a PublishedReading.

The kind is told from the content, not the file name: a .doc saved as .html and a page saved as .txt
are common. Hostile input is refused with a PublishedProblem in bounded time and memory.
"""

from __future__ import annotations

import importlib

from pipeline.reading.published.docx import read_docx_document
from pipeline.reading.published.html import read_html_document
from pipeline.reading.published.model import Document, PublishedProblem, PublishedReading
from pipeline.reading.published.sections import (
    NUMERALS,
    find_headings,
    find_title,
    find_year,
    section_texts,
    text_fields,
)
from pipeline.reading.published.tables import place_figures
from pipeline.reading.published.text import read_text_document

_HTML_SIGNS = (b"<html", b"<!doctype", b"<body", b"<table", b"<div", b"<p", b"<head", b"<meta", b"<?xml")


def read_published(file: str, data: bytes) -> PublishedReading:
    """Every figure placed or named as unplaced, the six sections, the body and the year."""
    return reading_of(document_of(file, data))


def document_of(file: str, data: bytes) -> Document:
    """The file's blocks, by what its bytes are."""
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if data.startswith(b"%PDF"):
        return _pdf(file, data)
    if data.startswith(b"PK\x03\x04"):
        return read_docx_document(file, data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise PublishedProblem("文件是旧版Word（.doc）或已加密的Office文件，无法读取；请另存为 .docx 或网页后再读")
    if head.startswith(_HTML_SIGNS) or b"<table" in data[:200_000].lower():
        return read_html_document(file, data)
    return read_text_document(file, data)


def _pdf(file: str, data: bytes) -> Document:
    try:
        module = importlib.import_module("pipeline.reading.published.pdf")
    except ModuleNotFoundError:
        raise PublishedProblem("暂不能读取PDF文件（PDF读取模块尚未安装）") from None
    document: Document = module.read_pdf_document(file, data)
    return document


def reading_of(document: Document) -> PublishedReading:
    """Figures from the tables, sections from the paragraphs."""
    figures, unplaced, fmt, labels = place_figures(document.tables)
    paragraphs = document.paragraphs
    title, name, year, title_where = find_title(paragraphs)
    headings = find_headings(paragraphs)
    sections = section_texts(paragraphs, headings)
    reading = PublishedReading(
        file=document.file, kind=document.kind, name=name, year=year or find_year(paragraphs), title=title,
        title_where=title_where, format=fmt, figures=figures, unplaced=unplaced,
        headings=[(h.text, h.where) for h in headings], sections=sections, texts=text_fields(sections),
        problems=list(document.problems), numerals=[h.numeral for h in headings], labels=labels,
    )
    reading.problems.extend(_problems(reading, document))
    reading.problems.extend(_heading_problems([h.numeral for h in headings], [h.text for h in headings]))
    return reading


def _problems(reading: PublishedReading, document: Document) -> list[str]:
    out = []
    if not reading.title and not reading.headings and not reading.format:
        out.append("未找到年度报告的标题、章节和表格：这可能是栏目列表页或其他网页，而不是年度报告正文")
    elif not reading.format:
        images = f"，正文中有{document.images}张图片，表格可能以图片形式发布" if document.images else ""
        out.append(f"未找到表二、表三、表四{images}；各项数字无法读取")
    if reading.format and reading.unplaced:
        out.append(f"有{len(reading.unplaced)}个数字无法确定其所在的行和栏，未读取（原因见各数字的说明），请对照原文核实")
    if reading.format == "2019":
        out.append("表格是2019年试行格式（国办公开办函〔2019〕60号），不是2021年格式；表二的数字不能换算为2021年格式")
    elif reading.format == "mixed":
        out.append("表格混用了2019年和2021年格式的栏目名称（如“规范性文件”），请核对")
    return out


def _heading_problems(numerals: list[str], texts: list[str]) -> list[str]:
    out = []
    if numerals and len(numerals) < len(NUMERALS):
        out.append("未找到第" + "、".join(n for n in NUMERALS if n not in numerals) + "部分的标题")
    out.extend(f"第{n}部分的标题“{t}”缺少序号“{n}、”" for n, t in zip(numerals, texts, strict=True)
               if not t.startswith(n))
    return out
