"""The data columns of a PDF table, from the x positions of their header labels.

Columns come only from the x positions of the header labels; a number is placed in the column whose zone
(between the midpoints of the gaps separating neighbouring header labels) holds it whole. A number that
straddles two zones, lies outside every zone, shares a zone with another, or looks like several numbers
run together makes its row doubtful (see pdf_rows): it is never placed by its order in the line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from pipeline.reading.published.model import Where
from pipeline.reading.published.pdf_lines import Line, Word
from pipeline.reading.published.pdf_words import norm

ZONE_TOLERANCE_EM = 0.15   # a number may poke this far (in char heights) over a zone's edge
HEADER_GAP_EM = 0.1       # header labels of neighbouring columns may almost touch: split them at smaller gaps
OUTER_ZONE_EM = 2.0        # the outer edge of a lone column's zone, beyond its header label

@dataclass
class Column:
    label: str
    x0: float
    x1: float
    where: Where


@dataclass
class Zones:
    """The x ranges of the data columns, from their header labels."""

    columns: list[Column]
    em: float
    floor: float | None = None  # the right edge of a label column's header (信息内容): data begin there
    bounds: list[tuple[float, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        cols, pad = self.columns, OUTER_ZONE_EM * self.em
        cuts = [(a.x1 + b.x0) / 2 for a, b in zip(cols, cols[1:], strict=False)]
        first = max(cuts[0] - cols[0].x1, 0.5 * self.em) if cuts else pad
        last = max(cols[-1].x0 - cuts[-1], pad) if cuts else pad
        start = cols[0].x0 - first
        # a figure printed left in a wide cell (表二's 本年处理决定数量 spans three columns) is still right of
        # the label column, where no figure stands
        left = [start if self.floor is None else min(start, self.floor), *cuts]
        right = [*cuts, cols[-1].x1 + last]
        self.bounds = list(zip(left, right, strict=True))

    @property
    def left(self) -> float:
        return self.bounds[0][0]

    def place(self, w: Word) -> tuple[int | None, str]:
        """The column holding word w whole, or None and the reason it cannot be placed."""
        tol = ZONE_TOLERANCE_EM * w.h
        for j, (a, b) in enumerate(self.bounds):
            if a - tol <= w.x0 and w.x1 <= b + tol:
                return j, ""
        inside = [j for j, (a, b) in enumerate(self.bounds) if w.x0 < b and a < w.x1]
        if len(inside) > 1:
            return None, f"“{w.text}”横跨两栏（可能是两个数连在一起），无法确定属于哪一栏"
        if inside:
            return None, f"“{w.text}”越出了“{self.columns[inside[0]].label}”一栏的范围，无法确定属于哪一栏"
        return None, f"“{w.text}”不在任何一栏之下"


def find_columns(lines: Sequence[Line], labels: Sequence[str], exclude: frozenset[str]) -> list[Column]:
    """Header labels (possibly wrapped over several lines, one above the other), left to right."""
    wanted = {norm(s): s for s in labels}
    words = [(ln, part) for ln in lines for w in ln.words if not w.sup and norm(w.text) not in exclude
             for part in w.split(HEADER_GAP_EM)]
    parent = list(range(len(words)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, (li, wi) in enumerate(words):
        for j in range(i + 1, len(words)):
            lj, wj = words[j]
            if li is lj:
                continue
            overlap = min(wi.x1, wj.x1) - max(wi.x0, wj.x0)
            if overlap >= 0.5 * min(wi.x1 - wi.x0, wj.x1 - wj.x0):
                parent[find(j)] = find(i)
    clusters: dict[int, list[tuple[Line, Word]]] = {}
    for i, lw in enumerate(words):
        clusters.setdefault(find(i), []).append(lw)
    found: list[tuple[list[tuple[Line, Word]], str]] = []
    for members in clusters.values():
        members.sort(key=lambda lw: (-lw[1].y1, lw[1].x0))
        found.append((members, norm("".join(w.text for _, w in members))))
    found.sort(key=lambda c: min(w.x0 for _, w in c[0]))
    columns: list[Column] = []
    i = 0
    while i < len(found):
        members, text = found[i]
        if text not in wanted and i + 1 < len(found):
            nxt, ntext = found[i + 1]
            gap = min(w.x0 for _, w in nxt) - max(w.x1 for _, w in members)
            em = max(w.h for _, w in members)
            if gap < 1.5 * em and text + ntext in wanted:  # 总 计 printed with a space
                members, text = members + nxt, text + ntext
                i += 1
        if text in wanted:
            ln = members[0][0]
            columns.append(Column(wanted[text], min(w.x0 for _, w in members), max(w.x1 for _, w in members),
                                  Where(page=ln.page, line=ln.number)))
        i += 1
    return columns
