"""Which data columns a merged header label of a PDF table spans (表四's 行政复议 / 未经复议直接起诉 / 复议后起诉).

A merged header cell is printed centred over the columns it spans, so its label's horizontal centre
lies over the centre of that run of columns. The groups are cut into contiguous runs, in their left
to right order, at the cut whose run centres lie nearest the labels' centres; that cut is taken only
when every label sits over the centre of its run to within CENTRE_SHARE of a column's pitch. Another cut
moves some run's centre by about half a pitch, so the chosen one is then the only one that fits. Labels
that are not centred (or a group label missing) leave the groups unknown: the caller says so, and the
figures under them stay unplaced rather than given to a group by their order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations

CENTRE_SHARE = 0.3  # how far (in column pitches) a group label's centre may sit from its run's centre


@dataclass(frozen=True)
class Span:
    """A printed label (or a column) by its horizontal extent."""

    x0: float
    x1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


def group_runs(columns: Sequence[Span], groups: Sequence[Span]) -> list[range] | None:
    """For each group (left to right), the range of column indexes it spans; None if no cut fits."""
    n, k = len(columns), len(groups)
    if k == 0 or n < k:
        return None
    pitch = (columns[-1].cx - columns[0].cx) / (n - 1) if n > 1 else columns[0].x1 - columns[0].x0
    best: tuple[float, list[range]] | None = None
    for cuts in combinations(range(1, n), k - 1):
        runs = [range(a, b) for a, b in zip((0, *cuts), (*cuts, n), strict=True)]
        off = max(abs((columns[r[0]].x0 + columns[r[-1]].x1) / 2 - g.cx) for r, g in zip(runs, groups, strict=True))
        if best is None or off < best[0]:
            best = (off, runs)
    if best is None or best[0] > CENTRE_SHARE * pitch:
        return None
    return best[1]
