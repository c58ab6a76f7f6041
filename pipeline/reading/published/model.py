"""The intermediate model every reader of published reports produces, and the result of reading one.

A Document is the report as plain blocks (paragraphs and tables) in reading order; readers of
different formats (html, docx, pdf, txt) all produce it, so locating figures and sections is written
once. Table rows are expanded grids: one Cell per grid column, a merged cell repeated at every
position it covers (with its `where` at its top-left), unless Table.grid is False (see there).
"""

from __future__ import annotations

from dataclasses import dataclass, field


class PublishedProblem(Exception):
    """A published report that cannot be read at all (hostile, damaged or not a report); the message is Chinese."""


@dataclass(frozen=True)
class Where:
    """Where something was found in a document, 1-based."""

    page: int | None = None  # PDF page
    line: int | None = None  # line on the page (PDF) or in the file (txt)
    table: int | None = None  # nth table of the document (html/docx)
    row: int | None = None  # row in that table
    col: int | None = None  # column in that table (after expanding spans)
    paragraph: int | None = None  # nth paragraph of the document (docx)

    def text(self) -> str:
        """Chinese, e.g. 第2页第14行, 第3个表格第5行第4列, 第12行."""
        parts = ((self.page, "第{}页"), (self.table, "第{}个表格"), (self.row, "第{}行"), (self.line, "第{}行"),
                 (self.col, "第{}列"), (self.paragraph, "第{}段"))
        return "".join(form.format(n) for n, form in parts if n is not None) or "文档中"


@dataclass(frozen=True)
class Cell:
    text: str
    where: Where
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    doubt: str = ""  # why this row's values cannot be placed (Chinese), e.g. numbers that do not line up


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    where: Where
    # False when a merged cell may be written once instead of at every position it covers (flattened
    # text): cell positions then say nothing about columns, and only the cells after a row's label,
    # in the header's order, can be placed.
    grid: bool = True


@dataclass(frozen=True)
class Paragraph:
    text: str
    where: Where


Block = Paragraph | Table


@dataclass(frozen=True)
class Document:
    file: str
    blocks: tuple[Block, ...]
    kind: str  # "html" | "docx" | "pdf" | "txt"
    problems: tuple[str, ...] = ()  # what the reader itself noticed (Chinese)
    images: int = 0  # pictures in the text: where no table is found, the tables were probably pasted as images

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))


@dataclass(frozen=True)
class Figure:
    raw: str  # the text exactly as published ('' for an empty cell, '/', '-', '0', ...)
    where: Where


@dataclass(frozen=True)
class Unplaced:
    number_id: str
    reason: str  # Chinese
    where: Where  # where we looked


@dataclass
class PublishedReading:
    file: str
    kind: str
    name: str
    year: int | None
    title: str
    title_where: Where
    format: str  # "2021", "2019", "mixed", or "" when no table was found
    figures: dict[str, Figure]  # spec number id -> figure (every id either here or in unplaced)
    unplaced: list[Unplaced]
    headings: list[tuple[str, Where]]  # the section headings as found, in document order
    sections: dict[str, str]  # "一".."六" -> the section's text (tables excluded)
    texts: dict[str, str]  # spec text field id (s1_active.., s5, s6) -> text
    problems: list[str] = field(default_factory=list)  # whole-document problems in Chinese
    numerals: list[str] = field(default_factory=list)  # the section (一..六) of each heading found, in order
    labels: list[tuple[str, Where]] = field(default_factory=list)  # rows read by a label with characters left out
