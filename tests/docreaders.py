"""Read our .docx and .html reports back, independently of the code that wrote them.

A table is read into {(row, col) of a cell's top-left corner: (rowspan, colspan, text)}, from the
files' own merge markup (w:gridSpan / w:vMerge; rowspan / colspan), so a test can compare it with the
spec's layout.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import docx
from docx.oxml.ns import qn

Cells = dict[tuple[int, int], tuple[int, int, str]]


def docx_table_cells(table: object) -> Cells:
    """A python-docx table's cells with their spans, from gridSpan and vMerge."""
    tbl = table._tbl  # type: ignore[attr-defined]
    origin: dict[tuple[int, int], tuple[int, int]] = {}
    texts: dict[tuple[int, int], str] = {}
    for r, tr in enumerate(tbl.findall(qn("w:tr"))):
        col = 0
        for tc in tr.findall(qn("w:tc")):
            pr = tc.find(qn("w:tcPr"))
            span_el = pr.find(qn("w:gridSpan")) if pr is not None else None
            span = int(span_el.get(qn("w:val"))) if span_el is not None else 1
            vmerge = pr.find(qn("w:vMerge")) if pr is not None else None
            continues = vmerge is not None and vmerge.get(qn("w:val")) in (None, "continue")
            start = origin[(r - 1, col)] if continues else (r, col)
            if not continues:
                texts[start] = "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in tc.findall(qn("w:p")))
            for c in range(col, col + span):
                origin[(r, c)] = start
            col += span
    return _spans(origin, texts)


def _spans(origin: dict[tuple[int, int], tuple[int, int]], texts: dict[tuple[int, int], str]) -> Cells:
    cells: Cells = {}
    for start, text in texts.items():
        covered = [rc for rc, o in origin.items() if o == start]
        rows = max(r for r, _ in covered) - start[0] + 1
        cols = max(c for _, c in covered) - start[1] + 1
        assert len(covered) == rows * cols, f"merged region at {start} is not a rectangle"
        cells[start] = (rows, cols, text)
    return cells


@dataclass
class DocxReport:
    title: str
    core_title: str
    headings: list[tuple[int, str]]  # (level, text)
    paragraphs: list[str]  # body paragraphs (Normal style)
    tables: list[Cells]
    order: list[str]  # "h1:<text>", "table:<index>" in document order
    east_asia_fonts: set[str]
    runs_without_east_asia: int


def read_docx(path: Path) -> DocxReport:
    doc = docx.Document(str(path))
    report = DocxReport("", doc.core_properties.title or "", [], [], [], [], set(), 0)
    body = doc.element.body
    tables = iter(doc.tables)
    paragraphs = iter(doc.paragraphs)
    for child in body.iterchildren():
        if child.tag == qn("w:p"):
            _read_paragraph(report, next(paragraphs))
        elif child.tag == qn("w:tbl"):
            report.tables.append(docx_table_cells(next(tables)))
            report.order.append(f"table:{len(report.tables) - 1}")
    for run in body.iter(qn("w:r")):
        fonts = run.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        east = fonts.get(qn("w:eastAsia")) if fonts is not None else None
        if east:
            report.east_asia_fonts.add(east)
        elif "".join(t.text or "" for t in run.iter(qn("w:t"))):
            report.runs_without_east_asia += 1
    return report


def _read_paragraph(report: DocxReport, paragraph: object) -> None:
    style = paragraph.style.name  # type: ignore[attr-defined]
    text = paragraph.text  # type: ignore[attr-defined]
    if style == "Title":
        report.title = text
    elif style.startswith("Heading"):
        level = int(style.split()[-1])
        report.headings.append((level, text))
        report.order.append(f"h{level}:{text}")
    elif text:
        report.paragraphs.append(text)


@dataclass
class HtmlReport(HTMLParser):
    """Headings, paragraphs and tables of one of our pages, plus every tag and attribute seen."""

    headings: list[tuple[int, str]] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    tables: list[Cells] = field(default_factory=list)
    thead_rows: list[int] = field(default_factory=list)
    order: list[str] = field(default_factory=list)
    tags: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)
    title: str = ""
    h1: str = ""
    style: str = ""

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self._stack: list[str] = []
        self._text: list[str] = []
        self._rows: list[list[tuple[int, int, str]]] = []
        self._cell: tuple[int, int] | None = None
        self._in_thead = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.add(tag)
        self.attributes.update(name for name, _ in attrs)
        a = dict(attrs)
        if tag == "br" and self._stack and self._stack[-1] == "h1":
            self._text.append("\n")
            return
        self._stack.append(tag)
        if tag in ("h1", "h2", "h3", "p", "title", "style"):
            self._text = []
        elif tag == "table":
            self._rows, self._thead = [], 0
        elif tag == "thead":
            self._in_thead = True
        elif tag == "tr":
            self._rows.append([])
            self._thead += self._in_thead
        elif tag in ("td", "th"):
            self._cell = (int(a.get("rowspan") or 1), int(a.get("colspan") or 1))
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":
            return
        self._stack.pop()
        text = "".join(self._text)
        if tag in ("h2", "h3"):
            self.headings.append((int(tag[1]) - 1, text))
            self.order.append(f"h{int(tag[1]) - 1}:{text}")
        elif tag == "h1":
            self.h1 = text
        elif tag == "title":
            self.title = text
        elif tag == "style":
            self.style = text
        elif tag == "p":
            self.paragraphs.append(text)
        elif tag == "thead":
            self._in_thead = False
        elif tag in ("td", "th") and self._cell:
            self._rows[-1].append((*self._cell, text))
        elif tag == "table":
            self.tables.append(_html_grid(self._rows))
            self.thead_rows.append(self._thead)
            self.order.append(f"table:{len(self.tables) - 1}")

    def handle_data(self, data: str) -> None:
        self._text.append(data)


def _html_grid(rows: list[list[tuple[int, int, str]]]) -> Cells:
    """Place cells as a browser does: each cell in the next column not taken by a rowspan from above."""
    taken: set[tuple[int, int]] = set()
    cells: Cells = {}
    for r, row in enumerate(rows):
        col = 0
        for rowspan, colspan, text in row:
            while (r, col) in taken:
                col += 1
            cells[(r, col)] = (rowspan, colspan, text)
            taken.update((r + i, col + j) for i in range(rowspan) for j in range(colspan))
            col += colspan
    return cells


def read_html(path: Path) -> HtmlReport:
    report = HtmlReport()
    report.feed(path.read_text(encoding="utf-8"))
    report.close()
    return report
