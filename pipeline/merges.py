"""Merged cells over input cells: merging keeps only the first value, so figures would silently vanish."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.cells import a1
from schemas import SPEC
from schemas.spec import ReportSpec

Merge = tuple[tuple[int, int], tuple[int, int]]  # python-calamine's ((first_row, first_col), (last_row, last_col))


def merged_input(merges: Mapping[str, Sequence[Merge] | None], spec: ReportSpec = SPEC) -> tuple[str, str] | None:
    """(sheet, range) of the first merge that covers an input cell and is not one of the template's own."""
    for layout in spec.tables:
        allowed = set(layout.value_merges)
        inputs = [(n.row, n.col) for n in layout.numbers if not n.derived]
        for (r0, c0), (r1, c1) in merges.get(layout.sheet) or ():
            if (r0, c0, r1, c1) in allowed:
                continue
            if any(r0 <= r <= r1 and c0 <= c <= c1 for r, c in inputs):
                return layout.sheet, f"{a1(r0, c0)}:{a1(r1, c1)}"
    return None
