"""Read a .txt export of a report into a Document.

Two layouts are met. In the "one cell a line" export (seed/*.txt) each table cell is a line starting
with a tab, a blank line ends a table row, and a merged cell is written once; such tables are read
without a grid (Table.grid False). In the portal archive's flattened text a whole table is one run of
labels and digits; flattened.py cuts it at the official labels and leaves run-together digits that
cannot be told apart as doubts, never splitting them by guessing.
"""

from __future__ import annotations

from pipeline.reading.published.encoding import decode_text
from pipeline.reading.published.flattened import split_flattened
from pipeline.reading.published.model import Block, Cell, Document, Paragraph, PublishedProblem, Row, Table, Where

MAX_TEXT_BYTES = 20_000_000
_CONTINUATION_MAX = 20  # a cell's wrapped remainder (企业 after 商业) is a short line without a tab
_TAB_LINES_MIN = 10  # this many tab-led lines make the file a cell-a-line export


def read_text_document(file: str, data: bytes) -> Document:
    """The text's paragraphs and tables, with 1-based line numbers as `where`."""
    if len(data) > MAX_TEXT_BYTES:
        raise PublishedProblem(f"文本文件超过 {MAX_TEXT_BYTES // 1_000_000} MB，已拒绝")
    if b"\x00" in data[:65536]:
        raise PublishedProblem("文件不是网页、Word文档、PDF或文本文件（含有二进制内容），无法读取")
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if sum(line.startswith("\t") for line in lines) >= _TAB_LINES_MIN:
        blocks = _cell_lines(lines)
    else:
        blocks = [b for n, line in enumerate(lines, 1) if line.strip()
                  for b in split_flattened(line.strip(), Where(line=n))]
    return Document(file, tuple(blocks), "txt")


def _cell_lines(lines: list[str]) -> list[Block]:
    """Tab-led lines are cells, a blank line ends a row, any other line is a paragraph (and ends a table)."""
    blocks: list[Block] = []
    rows: list[Row] = []
    cells: list[Cell] = []
    start = 0

    def end_row() -> None:
        nonlocal cells
        if cells:
            rows.append(Row(tuple(cells)))
        cells = []

    def end_table() -> None:
        nonlocal rows
        end_row()
        if rows:
            blocks.append(Table(tuple(rows), Where(line=start), grid=False))
        rows = []

    for n, line in enumerate(lines, 1):
        if line.startswith("\t"):
            if not rows and not cells:
                start = n
            cells.append(Cell(line[1:].strip(), Where(line=n)))
        elif not line.strip():
            end_row()
        elif cells and len(line.strip()) <= _CONTINUATION_MAX and not line[:1].isspace():
            last = cells[-1]
            cells[-1] = Cell(f"{last.text}\n{line.strip()}", last.where)
        else:
            end_table()
            blocks.append(Paragraph(line.strip(), Where(line=n)))
    end_table()
    return blocks
