"""Tables of a .docx report: the official tables with their merged cells, and plain lists.

Each table is written as one piece of WordprocessingML and parsed once: adding cells one by one through
python-docx cost about 100 ms per report, most of it in looking up where each child element goes.
Merges are the standard markup: w:gridSpan across, w:vMerge restart/continue down.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from docx.document import Document as DocxDocument
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Length

from pipeline.documents.model import ListTable, OfficialTable
from pipeline.documents.table_grid import GridCell
from pipeline.documents.word_runs import LATIN_FONT

TABLE_FONT = "宋体"
WIDE_TABLE_COLUMNS = 5  # tables with more columns than this use the smaller size
FONT_SIZES = (10.5, 9.0)  # 五号 for narrow tables, 小五 for 表三 and 表四
NOTE_SMALLER = 1.5  # pt: the corner note of 表三 is long
CELL_MARGIN_TWIPS = 57  # 1 mm left and right: narrow columns of 表四 keep two characters a line
ROW_HEIGHT_TWIPS = 312  # 0.55 cm at least
KEEP_TOGETHER_ROWS = 16  # 表二, 表四 move to the next page whole; 表三 may split, repeating its header rows
BOLD_ROLES = ("header", "band")
EMU_PER_TWIP = 635


@dataclass(frozen=True)
class _Cell:
    text: str
    colspan: int
    vmerge: str  # "", "restart" or "continue"
    align: str  # "left" or "center"
    size: float
    bold: bool


def add_official_table(doc: DocxDocument, part: OfficialTable, text_width: Length) -> None:
    """An official table, full text width, columns in the layout's proportions, merged as the layout says."""
    grid = part.grid
    size = FONT_SIZES[grid.cols > WIDE_TABLE_COLUMNS]
    starts = {(c.row, c.col): c for c in grid.cells}
    below = {(r, c.col): c for c in grid.cells for r in range(c.row + 1, c.row + c.rowspan)}
    rows: list[list[_Cell]] = []
    for r in range(grid.rows):
        row, col = [], 0
        while col < grid.cols:
            start = starts.get((r, col))
            cell = start or below[(r, col)]
            vmerge = "" if cell.rowspan == 1 else "restart" if start else "continue"
            row.append(_official_cell(cell, vmerge, size) if start else _Cell("", cell.colspan, vmerge, "center", size,
                                                                                False))
            col += cell.colspan
        rows.append(row)
    repeat = 0 if grid.headers_recur else grid.header_rows
    _append(doc, _widths(part.col_widths, text_width), rows, repeat, grid.rows <= KEEP_TOGETHER_ROWS)


def add_list_table(doc: DocxDocument, part: ListTable, text_width: Length) -> None:
    """A header row and rows of text; the first column left-aligned, the others centred."""
    size = FONT_SIZES[0]
    rows = [[_Cell(h, 1, "", "center", size, True) for h in part.headers]]
    rows += [[_Cell(text, 1, "", "left" if i == 0 else "center", size, False) for i, text in enumerate(row)]
             for row in part.rows]
    _append(doc, _widths(part.col_widths, text_width), rows, 1, len(rows) <= KEEP_TOGETHER_ROWS)


def _official_cell(cell: GridCell, vmerge: str, size: float) -> _Cell:
    # A row label reads from the left; group labels spanning rows, headers and figures are centred.
    align = "left" if cell.role == "label" and cell.rowspan == 1 else "center"
    return _Cell(cell.text, cell.colspan, vmerge, align, size - NOTE_SMALLER if cell.role == "note" else size,
                 cell.role in BOLD_ROLES)


def _widths(proportions: Sequence[float], text_width: Length) -> list[int]:
    """Column widths in twips, in the given proportions, summing to the text width."""
    total, width = sum(proportions), int(text_width) // EMU_PER_TWIP
    return [int(width * p / total) for p in proportions]


def _append(doc: DocxDocument, widths: list[int], rows: list[list[_Cell]], repeat_rows: int,
            keep_together: bool) -> None:
    """Add the table at the end of the document body (before its section properties)."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths)
    trs = "".join(_row(row, widths, i < repeat_rows, keep_together and i < len(rows) - 1)
                  for i, row in enumerate(rows))
    xml = (f"<w:tbl {nsdecls('w')}><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"{sum(widths)}\" "
           f'w:type="dxa"/><w:jc w:val="center"/><w:tblLayout w:type="fixed"/><w:tblCellMar>'
           f'<w:left w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/><w:right w:w="{CELL_MARGIN_TWIPS}" w:type="dxa"/>'
           f"</w:tblCellMar></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{trs}</w:tbl>")
    body = doc.element.body
    body.insert(len(body) - 1, parse_xml(xml))  # the last child is the section's w:sectPr


def _row(cells: list[_Cell], widths: list[int], header: bool, keep_with_next: bool) -> str:
    """One w:tr: never split over two pages, at least ROW_HEIGHT tall; a header row repeats on each page."""
    props = f'<w:cantSplit/><w:trHeight w:val="{ROW_HEIGHT_TWIPS}" w:hRule="atLeast"/>' + (
        "<w:tblHeader/>" if header else "")
    out, col = [], 0
    for cell in cells:
        out.append(_tc(cell, sum(widths[col:col + cell.colspan]), keep_with_next))
        col += cell.colspan
    return f"<w:tr><w:trPr>{props}</w:trPr>{''.join(out)}</w:tr>"


def _tc(cell: _Cell, width: int, keep_with_next: bool) -> str:
    span = f'<w:gridSpan w:val="{cell.colspan}"/>' if cell.colspan > 1 else ""
    merge = f'<w:vMerge w:val="{cell.vmerge}"/>' if cell.vmerge else ""
    keep = "<w:keepNext/>" if keep_with_next else ""  # chains the rows: a short table never splits
    half_points = round(cell.size * 2)
    run = ""
    if cell.text:
        run = (f'<w:r><w:rPr><w:rFonts w:ascii="{LATIN_FONT}" w:hAnsi="{LATIN_FONT}" w:eastAsia="{TABLE_FONT}"/>'
               + ("<w:b/>" if cell.bold else "") + f'<w:sz w:val="{half_points}"/><w:szCs w:val="{half_points}"/>'
               f'</w:rPr><w:t xml:space="preserve">{escape(cell.text)}</w:t></w:r>')
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{span}{merge}<w:vAlign w:val="center"/></w:tcPr>'
            f'<w:p><w:pPr>{keep}<w:spacing w:line="240" w:lineRule="auto"/><w:ind w:firstLine="0"/>'
            f'<w:jc w:val="{cell.align}"/></w:pPr>{run}</w:p></w:tc>')
