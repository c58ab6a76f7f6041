"""What one row of a published table is: a header, a band, a labelled data row, or something else.

A row is recognised by the official label in its cells (the label nearest the figures wins: in 表三 the
level-3 labels such as 1.属于国家秘密 are unique, while the merged group cells left of them repeat).
A label broken over two cells of the row is joined; one broken over two rows is left to the caller
(a prefix of a label is reported as such).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.reading.published.labels import (
    T2_BAND_HEADERS,
    T2_BANDS_2019,
    T2_CONTENT,
    T2_HEADER_ALIASES,
    T2_HEADERS_2019,
    T2_ROW_ALIASES,
    T2_ROW_KEYS,
    T2_ROWS_2019,
    T3_GROUPS,
    T3_HEADER_WORDS,
    T3_OTHER_2019,
    T3_ROW_ALIASES,
    T3_ROW_KEYS,
    T4_HEADER_WORDS,
    is_numberish,
    norm,
)
from pipeline.reading.published.model import Cell, Row

T2_HEADER_LABELS = ({h for headers in T2_BAND_HEADERS.values() for h in headers} | set(T2_HEADER_ALIASES)
                    | T2_HEADERS_2019)
T3_LABELS = {**T3_ROW_KEYS, **T3_ROW_ALIASES, T3_OTHER_2019: "o_2019"}
T2_LABELS = {**T2_ROW_KEYS, **T2_ROW_ALIASES, **{r: "old_2019" for r in T2_ROWS_2019}}
TOTAL = norm("总计")
GROUP_LABELS = T3_GROUPS  # 三、本年度办理结果, （三）不予公开 …
_SUB_ITEM = re.compile(r"^\d+\.")  # 表三's numbered sub-items, after norm()
NEAR_SHARE, NEAR_MIN = 0.7, 3  # a label with characters left out keeps this share of them, and this many
_PREFIX_MIN = 4  # shorter fragments (一、, 1.) begin too many labels to say which one was broken


@dataclass(frozen=True)
class Kind:
    """kind: t2band, t2head, t3head, t4head, total_head, t2row, t3row, prefix, values, other; key: band/row key."""

    kind: str
    key: str = ""
    label_end: int = -1  # index of the row's last label cell (values stand after it)
    printed: str = ""  # the label as printed, when it is an official label with characters left out


def distinct(row: Row) -> list[tuple[int, Cell]]:
    """The row's cells with a merged cell once (at its first position)."""
    seen: set[int] = set()
    out = []
    for i, cell in enumerate(row.cells):
        if id(cell) not in seen:
            seen.add(id(cell))
            out.append((i, cell))
    return out


def classify(row: Row) -> Kind:
    cells = distinct(row)
    texts = [norm(c.text) for _, c in cells]
    band = next((t for t in texts if t in T2_BAND_HEADERS or t in T2_BANDS_2019), "")
    if band:
        return Kind("t2band", band)
    if T2_CONTENT in texts or T2_HEADER_LABELS.intersection(texts):
        return Kind("t2head")
    labelled = _labelled(cells, texts)
    if labelled:
        return labelled
    words = set(texts)
    if words & T4_HEADER_WORDS - {TOTAL}:
        return Kind("t4head")
    if words & T3_HEADER_WORDS - {TOTAL}:
        return Kind("t3head")
    if TOTAL in words:
        return Kind("total_head")  # 总计 heads a column of 表三 and of 表四: it belongs to the table being read
    if any(t for t in texts) and all(is_numberish(t) for t in texts):
        return Kind("values")
    return Kind("other")


def _labelled(cells: list[tuple[int, Cell]], texts: list[str]) -> Kind | None:
    """A data row by the label nearest its figures; labels split over cells are joined right to left.

    Words right of the label (a remark column, text written in a figure cell) do not hide it, but the
    search stops at a group cell (（六）其他处理 left of 1.申请人…), which names no row of its own.
    """
    words = [(i, t) for (i, _), t in zip(cells, texts, strict=True) if t and not is_numberish(t)]
    if not words:
        return None
    found = _label_ending_at(words, len(words) - 1)
    if found:
        return found
    if len(words[-1][1]) >= _PREFIX_MIN and is_label_prefix(words[-1][1]):
        return Kind("prefix", words[-1][1], words[-1][0])
    for end in range(len(words) - 2, -1, -1):
        if words[end][1] in GROUP_LABELS:
            break
        found = _label_ending_at(words, end)
        if found:
            return found
    near = near_label(words[-1][1])
    return Kind(near.kind, near.key, words[-1][0], words[-1][1]) if near else None


def _label_ending_at(words: list[tuple[int, str]], end: int) -> Kind | None:
    joined = ""
    for _, text in reversed(words[:end + 1]):
        joined = text + joined
        kind = label_of(joined)
        if kind:
            return Kind(kind.kind, kind.key, words[end][0])
    return None


def is_label_prefix(text: str) -> bool:
    return any(label.startswith(text) and label != text for label in (*T3_LABELS, *T2_LABELS))


def near_label(text: str) -> Kind | None:
    """A 表三 sub-item label printed with characters left out (2.其他法律行政止公开), or None.

    Taken only when its number (2.) is the official label's, the characters after it are in the
    official label's order, they make at least NEAR_SHARE of it, and exactly one label qualifies; the
    caller reports the label as printed, so the reading is never silent.
    """
    m = _SUB_ITEM.match(text)
    body = text[m.end():] if m else ""
    if m is None or len(body) < NEAR_MIN:
        return None
    hits = [key for label, key in T3_ROW_KEYS.items() if label.startswith(m.group())
            and len(body) >= NEAR_SHARE * (len(label) - m.end()) and _in_order(body, label[m.end():])]
    return Kind("t3row", hits[0]) if len(hits) == 1 else None


def _in_order(part: str, whole: str) -> bool:
    rest = iter(whole)
    return all(ch in rest for ch in part)


def label_of(text: str) -> Kind | None:
    """The data-row kind of a whole label text (for labels broken over two rows)."""
    if text in T3_LABELS:
        return Kind("t3row", T3_LABELS[text])
    if text in T2_LABELS:
        return Kind("t2row", T2_LABELS[text])
    return None
