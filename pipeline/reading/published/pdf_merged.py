"""Merged labels of 表三 (三、本年度办理结果, （三）不予公开 …) wrapped inside their cell, joined into one word."""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.reading.published.pdf_lines import Line, Word
from pipeline.reading.published.pdf_words import norm
from schemas.tables import T3_RESULTS, T3_ROWS

GROUP_TEXT = {norm(g): g for g in {T3_RESULTS} | {r[1] for r in T3_ROWS if r[1]}}


def merge_group_fragments(lines: Sequence[Line], start: int, end: int, left: float, groups: frozenset[str]) -> None:
    """Words left of x=left on successive lines, one below the other, that together spell a merged label."""
    prefixes = {g[:k] for g in groups for k in range(1, len(g) + 1)}
    for i in range(start, end):
        for w in list(lines[i].words):
            t = norm(w.text)
            if w.cx >= left or w.stack or t in groups or t not in prefixes:
                continue
            chain: list[tuple[Line, Word]] = [(lines[i], w)]
            k = i + 1
            while k < end and t not in groups:
                ln, last = lines[k], chain[-1][1]
                if ln.page != lines[i].page or last.y0 - ln.y1 > 1.5 * last.h:
                    break
                k += 1
                below = [x for x in ln.words if x.cx < left and not x.stack and
                         min(x.x1, last.x1) - max(x.x0, last.x0) >= 0.5 * min(x.x1 - x.x0, last.x1 - last.x0)]
                if not below:
                    continue
                if t + norm(below[0].text) not in prefixes:
                    break
                chain.append((ln, below[0]))
                t += norm(below[0].text)
            if t in groups and len(chain) > 1:
                w.text = groups_text(t)
                w.x0, w.x1 = min(x.x0 for _, x in chain), max(x.x1 for _, x in chain)
                for ln, x in chain[1:]:
                    ln.words.remove(x)


def groups_text(t: str) -> str:
    return GROUP_TEXT.get(t, t)
