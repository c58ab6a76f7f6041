"""Which edition of the format the tables follow (FORMAT.md R-FMT-DETECT): "2021", "2019", "mixed" or ""."""

from __future__ import annotations

from collections.abc import Sequence

import pipeline.reading.published.rows as rowkind
from pipeline.reading.published.labels import MARKERS_NEW, MARKERS_OLD, is_numberish, norm
from pipeline.reading.published.model import Table


def detect_format(tables: Sequence[Table], kinds: Sequence[Sequence[rowkind.Kind]]) -> str:
    """By the labels only 2019 or only 2021 tables carry; both kinds in one report is "mixed".

    kinds: rows.classify of every row, computed once by the caller.
    """
    old = new = official = False
    for table, table_kinds in zip(tables, kinds, strict=True):
        for row, kind in zip(table.rows, table_kinds, strict=True):
            texts = {norm(c.text) for c in row.cells}
            old = old or bool(texts & MARKERS_OLD)
            new = new or bool(texts & MARKERS_NEW)
            official = official or kind.kind != "other" and kind.kind != "values"
            old = old or kind.key == "o_2019" and any(is_numberish(t) and t for t in texts)
    if not official:
        return ""
    if old and new:
        return "mixed"
    return "2019" if old else "2021"
