"""Expand a table's rows of (text, rowspan, colspan) into a grid of Cells (html and docx share this)."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.reading.published.model import Cell, PublishedProblem, Row, Where

MAX_SPAN = 200  # 表四 is 15 columns wide; a larger span is a broken or hostile table, clipped
MAX_GRID_CELLS = 200_000  # the three official tables hold about 500 positions


def expand(rows: Sequence[Sequence[tuple[str, int, int]]], table: int) -> tuple[Row, ...]:
    """Rows with one Cell per grid position; a merged cell's Cell object repeats over its positions.

    A row stops at its first position nothing covers (a hole left by inconsistent spans), so a short
    row stays short and is refused by the placer rather than padded with blanks that were never there.
    """
    taken: dict[tuple[int, int], Cell] = {}
    count = len(rows)
    for r, cells in enumerate(rows):
        col = 0
        for text, rowspan, colspan in cells:
            while (r, col) in taken:
                col += 1
            rowspan, colspan = min(rowspan, count - r, MAX_SPAN), min(colspan, MAX_SPAN)
            cell = Cell(text, Where(table=table, row=r + 1, col=col + 1), rowspan, colspan)
            for dr in range(rowspan):
                for dc in range(colspan):
                    taken[(r + dr, col + dc)] = cell
            if len(taken) > MAX_GRID_CELLS:
                raise PublishedProblem(f"第{table}个表格展开后超过 {MAX_GRID_CELLS} 格（年度报告的表格不到600格），疑似恶意文件，已拒绝")
            col += colspan
    out = []
    for r in range(count):
        line: list[Cell] = []
        while (r, len(line)) in taken:
            line.append(taken[(r, len(line))])
        out.append(Row(tuple(line)))
    return tuple(out)
