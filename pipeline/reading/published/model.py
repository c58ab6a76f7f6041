"""The document model every reader of published reports produces (PDF, HTML, DOCX, TXT)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Where:
    """Where something was found in a document, 1-based."""

    page: int | None = None    # PDF page
    line: int | None = None    # line on the page (PDF) or in the file (txt)
    table: int | None = None   # nth table of the document (html/docx)
    row: int | None = None     # row in that table
    col: int | None = None     # column in that table (after expanding spans)

    def text(self) -> str:
        """Chinese: "第2页第14行", "第3个表格第5行第4列", "第12行"."""
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.table is not None:
            parts.append(f"第{self.table}个表格")
        if self.row is not None:
            parts.append(f"第{self.row}行")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.col is not None:
            parts.append(f"第{self.col}列")
        return "".join(parts)


@dataclass(frozen=True)
class Cell:
    text: str
    where: Where
    rowspan: int = 1
    colspan: int = 1


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    doubt: str = ""   # Chinese reason why this row's values cannot be placed with certainty


@dataclass(frozen=True)
class Table:
    rows: tuple[Row, ...]
    where: Where


@dataclass(frozen=True)
class Paragraph:
    text: str
    where: Where


Block = Paragraph | Table


@dataclass(frozen=True)
class Document:
    file: str
    blocks: tuple[Block, ...]
    kind: str


class PublishedProblem(Exception):
    """A document that cannot be read; the message is Chinese and names the problem."""
