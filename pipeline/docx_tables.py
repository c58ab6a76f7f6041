"""Tables of a .docx report: the official tables with their merged cells, and plain lists."""

from __future__ import annotations

from collections.abc import Sequence

from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Length, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from pipeline.docmodel import ListTable, OfficialTable
from pipeline.docx_runs import add_text
from pipeline.tablegrid import GridCell

TABLE_FONT = "宋体"
WIDE_TABLE_COLUMNS = 5  # tables with more columns than this use the smaller size
FONT_SIZES = (10.5, 9.0)  # 五号 for narrow tables, 小五 for 表三 and 表四
CELL_MARGIN_TWIPS = 57  # 1 mm left and right: narrow columns of 表四 keep two characters a line
BOLD_ROLES = ("header", "band")
KEEP_TOGETHER_ROWS = 30  # a table this short moves to the next page whole (all three fit one A4 page)
ROW_HEIGHT = Cm(0.55)


def add_official_table(doc: DocxDocument, part: OfficialTable, text_width: Length) -> Table:
    """An official table, full text width, columns in the layout's proportions, merged as the layout says.

    The merge markup (w:gridSpan across, w:vMerge down) is written cell by cell: python-docx's merge()
    rescans the whole table on every call, which made one report take a second.
    """
    grid = part.grid
    size = FONT_SIZES[grid.cols > WIDE_TABLE_COLUMNS]
    widths = _widths(part.col_widths, text_width)
    table = _new_table(doc, 0, widths)
    starts = {(c.row, c.col): c for c in grid.cells}
    below = {(r, c.col): c for c in grid.cells for r in range(c.row + 1, c.row + c.rowspan)}
    for r in range(grid.rows):
        tr = table._tbl.add_tr()
        col = 0
        while col < grid.cols:
            start = starts.get((r, col))
            cell = start or below[(r, col)]
            tc = tr.add_tc()
            tc.width = Emu(sum(widths[cell.col:cell.col + cell.colspan]))
            if cell.colspan > 1:
                tc.grid_span = cell.colspan
            if cell.rowspan > 1:
                tc.vMerge = "restart" if start else "continue"
            target = _Cell(tc, table)
            if start:
                _fill(target, cell.text, _alignment(cell), size if cell.role != "note" else size - 1.5,
                      cell.role in BOLD_ROLES)
            else:
                target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            col += cell.colspan
    _row_properties(table, 0 if grid.headers_recur else grid.header_rows, grid.rows <= KEEP_TOGETHER_ROWS)
    return table


def add_list_table(doc: DocxDocument, part: ListTable, text_width: Length) -> Table:
    """A header row and rows of text; the first column left-aligned, the others centred."""
    table = _new_table(doc, 1 + len(part.rows), _widths(part.col_widths, text_width))
    for col, text in enumerate(part.headers):
        _fill(table.cell(0, col), text, WD_ALIGN_PARAGRAPH.CENTER, FONT_SIZES[0], True)
    for r, row in enumerate(part.rows, start=1):
        for col, text in enumerate(row):
            align = WD_ALIGN_PARAGRAPH.LEFT if col == 0 else WD_ALIGN_PARAGRAPH.CENTER
            _fill(table.cell(r, col), text, align, FONT_SIZES[0], False)
    _row_properties(table, 1, len(part.rows) < KEEP_TOGETHER_ROWS)
    return table


def _widths(proportions: Sequence[float], text_width: Length) -> list[Emu]:
    total = sum(proportions)
    return [Emu(int(text_width * p / total)) for p in proportions]


def _new_table(doc: DocxDocument, rows: int, widths: list[Emu]) -> Table:
    table: Table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    tbl_pr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")  # widths as given, whatever the office suite guesses from the text
    tbl_pr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    tbl_pr.append(margins)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    return table


def _alignment(cell: GridCell) -> WD_ALIGN_PARAGRAPH:
    # A row label reads from the left; group labels spanning rows, headers and figures are centred.
    if cell.role == "label" and cell.rowspan == 1:
        return WD_ALIGN_PARAGRAPH.LEFT
    return WD_ALIGN_PARAGRAPH.CENTER


def _fill(cell: _Cell, text: str, align: WD_ALIGN_PARAGRAPH, size: float, bold: bool) -> None:
    paragraph = cell.paragraphs[0]
    fmt = paragraph.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Pt(0)
    fmt.line_spacing = 1.0
    add_text(paragraph, text, TABLE_FONT, size, bold)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _row_properties(table: Table, repeat_rows: int, keep_together: bool) -> None:
    """Rows at least ROW_HEIGHT tall that never split over two pages; the first repeat_rows repeat on each page.

    keep_together chains every row to the next (keep with next), so a short table moves to the next page whole.
    """
    last = len(table.rows) - 1
    for i, row in enumerate(table.rows):
        row.height, row.height_rule = ROW_HEIGHT, WD_ROW_HEIGHT_RULE.AT_LEAST
        tr_pr = row._tr.get_or_add_trPr()
        tr_pr.append(OxmlElement("w:cantSplit"))
        if i < repeat_rows:
            tr_pr.append(OxmlElement("w:tblHeader"))
        if keep_together and i < last:
            for p in row._tr.iter(qn("w:p")):  # not row.cells: that rescans the whole table for every row
                Paragraph(p, table).paragraph_format.keep_with_next = True
