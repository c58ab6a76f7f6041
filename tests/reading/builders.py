"""Published reports built for the tests: the official tables from the spec's own layout, with raw cell texts.

Each table is a list of rows of CellSpec (text, spans, the figure it holds), so a test can break one
rule of layout (drop a cell, split a label, cut the table in two) before rendering it as HTML or Word.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from html import escape
from typing import Any

import docx

from schemas import SPEC
from schemas.info import SECTION_HEADINGS


@dataclass(frozen=True)
class CellSpec:
    text: str
    rowspan: int = 1
    colspan: int = 1
    number_id: str = ""


Rows = list[list[CellSpec]]


def distinct_raw() -> dict[str, str]:
    """A different figure for every id, so a figure read from the wrong cell cannot pass unnoticed."""
    return {n.id: str(100 + i) for i, n in enumerate(SPEC.numbers)}


def layout_rows(table_id: str, raw: Mapping[str, str]) -> Rows:
    """The official table (title row left out) as rows of cells in reading order."""
    layout = SPEC.table(table_id)
    first = min(b.row for b in layout.blocks if b.role != "title")
    widen = {(r, c): last for r, c, _, last in layout.value_merges}
    placed = [(b.row, b.col, CellSpec(b.text, b.last_row - b.row + 1, b.last_col - b.col + 1))
              for b in layout.blocks if b.role != "title"]
    placed += [(n.row, n.col, CellSpec(raw[n.id], 1, widen.get((n.row, n.col), n.col) - n.col + 1, n.id))
               for n in layout.numbers]
    rows: Rows = [[] for _ in range(max(r for r, _, _ in placed) - first + 1)]
    for r, _c, cell in sorted(placed, key=lambda p: (p[0], p[1])):
        rows[r - first].append(cell)
    return rows


def map_cells(rows: Rows, change: Mapping[str, str]) -> Rows:
    """The rows with some cells' texts (found by their text) replaced."""
    return [[replace(c, text=change.get(c.text, c.text)) for c in row] for row in rows]


def table_html(rows: Rows, raw_text: bool = False) -> str:
    def cell(c: CellSpec) -> str:
        span = (f' rowspan="{c.rowspan}"' if c.rowspan > 1 else "") + (f' colspan="{c.colspan}"' if c.colspan > 1 else "")
        return f"<td{span}>{c.text if raw_text else escape(c.text)}</td>"
    return "<table border=\"1\">" + "".join("<tr>" + "".join(cell(c) for c in row) + "</tr>\n" for row in rows) + "</table>"


def report_html(tables: Mapping[str, str], name: str = "某县某局", year: int = 2024, charset: str = "utf-8",
                title: str = "") -> str:
    """A report page: title, opening, the six headings, prose and the given table HTML under 二/三/四."""
    title = title or f"{name}{year}年政府信息公开工作年度报告"
    under = {"二": tables.get("T2", ""), "三": tables.get("T3", ""), "四": tables.get("T4", "")}
    body = [f"<h1>{escape(title)}</h1>",
            f"<p>本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。</p>"]
    for heading in SECTION_HEADINGS:
        numeral = heading.split("、")[0]
        body.append(f"<p><strong>{escape(heading)}</strong></p>")
        body.append(under.get(numeral) or f"<p>{numeral}部分的文字。</p>")
    return (f'<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
            f"<title>{escape(title)}</title></head><body><div class=\"nav\">首页 政务公开</div>"
            f"<div class=\"article\">{''.join(body)}</div><div class=\"footer\">版权所有 网站地图</div></body></html>")


def official_tables_html(raw: Mapping[str, str]) -> dict[str, str]:
    return {t: table_html(layout_rows(t, raw)) for t in ("T2", "T3", "T4")}


def report_docx(raw: Mapping[str, str], name: str = "某县某局", year: int = 2024) -> bytes:
    """A Word report like one typed by a body: merged cells made with Word's own merge (python-docx)."""
    document = docx.Document()
    document.add_paragraph(f"{name}{year}年政府信息公开工作年度报告")
    document.add_paragraph(f"本报告所列数据的统计期限为{year}年1月1日至{year}年12月31日。")
    tables = {"二": "T2", "三": "T3", "四": "T4"}
    for heading in SECTION_HEADINGS:
        numeral = heading.split("、")[0]
        document.add_paragraph(heading)
        if numeral in tables:
            docx_table(document, layout_rows(tables[numeral], raw))
        else:
            document.add_paragraph(f"{numeral}部分的文字。")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def docx_table(container: Any, rows: Rows) -> None:
    """Add the rows as a Word table to a document or a table cell, merging cells as Word does."""
    placed = list(positions(rows))
    width = max(c + cell.colspan for _, c, cell in placed)
    table = container.add_table(rows=len(rows), cols=width)
    for r, c, cell in placed:
        target = table.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(table.cell(r + cell.rowspan - 1, c + cell.colspan - 1))
        target.text = cell.text


def positions(rows: Rows) -> Iterable[tuple[int, int, CellSpec]]:
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            yield r, col, cell
            taken.update((r + dr, col + dc) for dr in range(cell.rowspan) for dc in range(cell.colspan))
            col += cell.colspan
