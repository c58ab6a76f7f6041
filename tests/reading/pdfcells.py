"""Find a figure in a read Document by (table, row label, column header), independent of the mapper.

Rows are found by their label's similarity to the official label (a text layer may drop characters:
hzq2024 prints 2.其他法律行政止公开); columns by the header labels the reader put in the table's header
rows. Nothing here knows where the reader placed a number except through those labels.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

from pipeline.reading.published.model import Cell, Document, Paragraph, Row, Table
from schemas.tables import T3_RESULTS, T3_ROWS

_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"'})


def norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).translate(_QUOTES)


def grid(row: Row) -> list[Cell]:
    """The row's cells, one per grid column (the model repeats a merged cell at every column it covers)."""
    return list(row.cells)


def tables(doc: Document) -> dict[str, Table]:
    """表二/表三/表四 of a document, recognised by their header labels."""
    out: dict[str, Table] = {}
    for block in doc.blocks:
        if not isinstance(block, Table) or not block.rows:
            continue
        texts = {norm(c.text) for r in block.rows[:3] for c in r.cells}
        if norm("第二十条第（一）项") in texts:
            out["T2"] = block
        elif "自然人" in texts:
            out["T3"] = block
        elif "未经复议直接起诉" in texts:
            out["T4"] = block
    return out


def t2_cell(table: Table, row_label: str, column: str) -> Cell:
    header: list[Cell] | None = None
    for row in table.rows:
        cells = grid(row)
        if norm(cells[0].text) == "信息内容":
            header = cells
        elif norm(cells[0].text) == norm(row_label) and header is not None:
            cols = [j for j, h in enumerate(header) if norm(h.text).startswith(norm(column))]
            assert cols, f"no column {column} in the header above {row_label}"
            return cells[cols[0]]
    raise AssertionError(f"表二 has no row {row_label}")


T3_LABELS = [label for _, _, label, _ in T3_ROWS]
_GROUPS = sorted({norm(g) for _, g, _, _ in T3_ROWS if g} | {norm(T3_RESULTS)}, key=len, reverse=True)


def _own_label(text: str) -> str:
    """A row label without the merged labels printed on its line (（四）无法提供 1.本机关…)."""
    t = norm(text)
    changed = True
    while changed:
        changed = False
        for g in _GROUPS:
            if t.startswith(g) and len(t) > len(g):
                t, changed = t[len(g):], True
    return t


def t3_row(table: Table, label: str) -> Row | None:
    """The data row of table 三 whose label best matches the official label (None if nothing is close)."""
    target = norm(label)
    scored = []
    for row in table.rows[1:]:
        if len(row.cells) != 8:
            continue
        own = _own_label(row.cells[0].text)
        scored.append((difflib.SequenceMatcher(None, target, own).ratio(), own, row))
    scored.sort(key=lambda s: -s[0])
    if not scored or scored[0][0] < 0.75:
        return None
    if len(scored) > 1 and scored[1][0] >= scored[0][0]:
        raise AssertionError(f"two rows match {label}: {scored[0][1]}, {scored[1][1]}")
    return scored[0][2]


def t3_cell(table: Table, row_label: str, column: str) -> Cell | None:
    header = grid(table.rows[0])
    cols = [j for j, h in enumerate(header) if norm(h.text) == norm(column)]
    assert len(cols) == 1, f"column {column} not in the header of 表三"
    row = t3_row(table, row_label)
    return None if row is None else grid(row)[cols[0]]


def t4_cell(table: Table, group: str, outcome: str) -> Cell:
    groups, header = grid(table.rows[0]), grid(table.rows[1])
    cols = [j for j in range(len(header)) if groups[j].text == group and header[j].text == outcome]
    assert len(cols) == 1, f"no single column {group}/{outcome} in 表四"
    data = [r for r in table.rows[2:] if any(c.text for c in r.cells)]
    assert len(data) == 1, "表四 has not exactly one row of numbers"
    return grid(data[0])[cols[0]]


def paragraphs(doc: Document) -> list[Paragraph]:
    return [b for b in doc.blocks if isinstance(b, Paragraph)]
