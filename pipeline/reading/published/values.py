"""The cells of one labelled row that stand under each figure's header, or why they cannot be told."""

from __future__ import annotations

from pipeline.reading.published.columns import Columns
from pipeline.reading.published.model import Cell, Row

Found = dict[str, Cell | str]  # column key -> the cell under it, or why there is none


def values_of(rows: tuple[Row, ...], columns: Columns, label_end: int) -> Found | str:
    """The cells under each key; a Chinese reason (for the whole row) when the row does not line up."""
    doubt = next((r.doubt for r in rows if r.doubt), "")
    if doubt:
        return doubt
    carrying = [r for r in rows if any(c.text.strip() for c in _value_cells(r, columns, label_end))]
    if len(carrying) > 1:
        return "该行的标签分在两行，两行都写了数，无法确定哪些数属于该行"
    row = carrying[0] if carrying else rows[0]
    return _grid_values(row, columns) if columns.grid else _flat_values(row, columns, label_end)


def _value_cells(row: Row, columns: Columns, label_end: int) -> list[Cell]:
    if columns.grid:
        return [row.cells[c] for cols in columns.cols.values() for c in cols if c < len(row.cells)]
    return list(row.cells[label_end + 1:])


def _grid_values(row: Row, columns: Columns) -> Found | str:
    if len(row.cells) != columns.width:
        return (f"该行有{len(row.cells)}格，表头有{columns.width}格（可能缺少或多出格子），"
                "各数无法对齐到栏目，不能按顺序推断")
    owner = {c: key for key, cols in columns.cols.items() for c in cols}
    found: Found = {}
    for key, cols in columns.cols.items():
        cells = list({id(row.cells[c]): row.cells[c] for c in cols}.values())
        if any(owner.get(c, key) != key for c in range(len(row.cells)) for cell in cells if row.cells[c] is cell):
            found[key] = "该格合并跨越了几个栏目，无法确定它属于哪一栏"
            continue
        filled = [c for c in cells if c.text.strip()]
        if len(filled) > 1:
            found[key] = "该栏目下有几个格子都写了数，无法确定哪一个是该栏的数"
            continue
        found[key] = filled[0] if filled else cells[0]
    return found


def _flat_values(row: Row, columns: Columns, label_end: int) -> Found | str:
    cells = row.cells[label_end + 1:]
    if len(cells) != len(columns.order):
        return (f"该行标签后有{len(cells)}个数，表头有{len(columns.order)}栏，"
                "无法确定缺少或多出的是哪一栏，不能按顺序推断")
    return dict(zip(columns.order, cells, strict=True))
