"""Read a Word report (.docx) into a Document: paragraphs and tables in body order, merged cells expanded.

word/document.xml is parsed with lxml directly (python-docx would build a proxy object per paragraph
and cell, several times slower, and gives no body-order walk over both). The zip is looked at first
(docxguard.py): sizes, compression ratio, encryption, DTD and entity declarations are refused.
"""

from __future__ import annotations

from collections.abc import Iterator

import lxml.etree

from pipeline.reading.published.docxguard import document_xml
from pipeline.reading.published.grid import expand
from pipeline.reading.published.model import Block, Document, Paragraph, PublishedProblem, Table, Where

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
P, TBL, TR, TC, T, TAB, BR, CR = (W + n for n in ("p", "tbl", "tr", "tc", "t", "tab", "br", "cr"))
WRAPPERS = {W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins"}
PICTURES = (W + "drawing", W + "pict")
TCPR, GRID_SPAN, V_MERGE, VAL = W + "tcPr", W + "gridSpan", W + "vMerge", W + "val"


def read_docx_document(file: str, data: bytes) -> Document:
    """The Word file's paragraphs and tables in body order."""
    xml = document_xml(data)
    parser = lxml.etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
    try:
        root = lxml.etree.fromstring(xml, parser)
    except lxml.etree.XMLSyntaxError as exc:
        raise PublishedProblem("Word文件的正文部分已损坏或嵌套过深，无法读取") from exc
    body = root.find(W + "body")
    if body is None:
        raise PublishedProblem("Word文件中没有正文")
    reader = _Reader()
    reader.read(body)
    images = sum(1 for _ in root.iter(*PICTURES))
    return Document(file, tuple(reader.blocks), "docx", images=images)


class _Reader:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.paragraphs = 0
        self.tables = 0

    def read(self, container: lxml.etree._Element) -> None:
        for el in _children(container):
            if el.tag == P:
                self._paragraph(el)
            elif el.tag == TBL:
                if el.find(".//" + TBL) is not None:  # a table holding tables is layout: read what it holds
                    for tc in el.iter(TC):
                        if next(tc.iterancestors(TBL)) is el:
                            self.read(tc)
                else:
                    self.tables += 1
                    self.blocks.append(_table(el, self.tables))

    def _paragraph(self, p: lxml.etree._Element) -> None:
        self.paragraphs += 1
        # A line break inside a paragraph (a title printed on two lines) reads as two paragraphs.
        for line in paragraph_text(p).split("\n"):
            text = " ".join(line.split())
            if text:
                self.blocks.append(Paragraph(text, Where(paragraph=self.paragraphs)))


def _children(container: lxml.etree._Element) -> Iterator[lxml.etree._Element]:
    for el in container:
        if el.tag in WRAPPERS:
            yield from _children(el)
        else:
            yield el


def paragraph_text(el: lxml.etree._Element) -> str:
    """The text of a paragraph (or of a cell: its paragraphs apart by a space); line breaks as newlines."""
    parts = []
    for child in el.iter(T, TAB, BR, CR, P):
        if child.tag == T:
            parts.append(child.text or "")
        else:
            parts.append("\n" if child.tag in (BR, CR) else " ")
    return "".join(parts)


def _table(tbl: lxml.etree._Element, index: int) -> Table:
    """Rows of (text, rowspan, colspan): w:gridSpan across; w:vMerge continue cells join the one above."""
    rows: list[list[tuple[str, int, int, str]]] = []
    for tr in tbl:
        if tr.tag != TR:
            continue
        row = []
        for tc in tr:
            if tc.tag != TC:
                continue
            props = tc.find(TCPR)
            span = props.find(GRID_SPAN) if props is not None else None
            merge = props.find(V_MERGE) if props is not None else None
            state = "" if merge is None else "restart" if merge.get(VAL) == "restart" else "continue"
            text = " ".join(paragraph_text(tc).split())  # the cell's paragraphs, one space apart
            row.append((text, 1, _int(span.get(VAL) if span is not None else None), state))
        rows.append(row)
    return Table(expand(_vertical_spans(rows), index), Where(table=index))


def _vertical_spans(rows: list[list[tuple[str, int, int, str]]]) -> list[list[tuple[str, int, int]]]:
    """Each restart cell's rowspan is the run of continue cells below it at the same grid column."""
    starts = [_grid_starts(row) for row in rows]
    out: list[list[tuple[str, int, int]]] = []
    for r, row in enumerate(rows):
        line = []
        for (text, _, colspan, state), col in zip(row, starts[r], strict=True):
            if state == "continue" and r > 0:
                continue
            span = 1
            if state == "restart":
                while r + span < len(rows) and _state_at(rows[r + span], starts[r + span], col) == "continue":
                    span += 1
            line.append((text, span, colspan))
        out.append(line)
    return out


def _grid_starts(row: list[tuple[str, int, int, str]]) -> list[int]:
    starts, col = [], 0
    for _, _, colspan, _ in row:
        starts.append(col)
        col += colspan
    return starts


def _state_at(row: list[tuple[str, int, int, str]], starts: list[int], col: int) -> str:
    return next((cell[3] for cell, at in zip(row, starts, strict=True) if at == col), "")


def _int(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 5 else 1
