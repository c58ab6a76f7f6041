"""Merged cells over input cells: merging keeps only the first value, so figures would silently vanish."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from pipeline.types import Rect
from schemas import SPEC
from schemas.spec import ReportSpec, TableLayout

Merge = tuple[tuple[int, int], tuple[int, int]]  # python-calamine's ((first_row, first_col), (last_row, last_col))


def merged_input(merges: Mapping[str, Sequence[Merge] | None], spec: ReportSpec = SPEC) -> tuple[str, Rect] | None:
    """(sheet, cells) of the first merge that covers an input cell and is not one of the template's own."""
    for layout in spec.tables:
        found = _first_over_input(layout, tuple(merges.get(layout.sheet) or ()))
        if found:
            return layout.sheet, found
    return None


@functools.lru_cache(maxsize=64)
def _first_over_input(layout: TableLayout, merges: tuple[Merge, ...]) -> Rect | None:
    # Cached: nearly every workbook of a province has exactly the template's merges.
    allowed = set(layout.value_merges)
    inputs = [(n.row, n.col) for n in layout.numbers if not n.derived]
    for (r0, c0), (r1, c1) in merges:
        if (r0, c0, r1, c1) not in allowed and any(r0 <= r <= r1 and c0 <= c <= c1 for r, c in inputs):
            return Rect(r0, c0, r1, c1)
    return None
