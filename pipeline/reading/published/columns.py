"""Which column of a published table holds which figure, read from the table's own header rows.

On a grid (spans expanded) each column is named by the header labels standing above it, so a leaf
like 商业企业 is found wherever the body put it. Without a grid (flattened text, where a merged cell
is written once) positions say nothing; the header labels must then read exactly as the official
header does, and the figures after a row's label follow the official column order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.reading.published.labels import (
    T2_HEADER_ALIASES,
    T2_SINGLE_KEY,
    T3_COLUMN_KEYS,
    T4_GROUP_KEYS,
    T4_OUTCOME_KEYS,
    header_reading_order,
    norm,
)
from pipeline.reading.published.model import Row, Where
from schemas.tables import T2_BANDS, T2_TRIPLE_KEYS, T3_COLUMNS, T4_GROUPS, T4_OUTCOMES

CONFLICT = "?"  # a column whose header names two different figures


@dataclass(frozen=True)
class Columns:
    """Where each figure of a row stands: grid columns per key, or the keys' order after the row label."""

    cols: dict[str, tuple[int, ...]]
    order: tuple[str, ...]
    width: int
    grid: bool
    where: Where


# Function of the header labels above one column -> the key of the figure below it, "" or CONFLICT.
LeafOf = Callable[[set[str]], str]


def _one(keys: set[str]) -> str:
    return "" if not keys else next(iter(keys)) if len(keys) == 1 else CONFLICT


def t3_leaf(labels: set[str]) -> str:
    return _one({T3_COLUMN_KEYS[h] for h in labels if h in T3_COLUMN_KEYS})


def t4_leaf(labels: set[str]) -> str:
    group = _one({T4_GROUP_KEYS[h] for h in labels if h in T4_GROUP_KEYS})
    outcome = _one({T4_OUTCOME_KEYS[h] for h in labels if h in T4_OUTCOME_KEYS})
    if CONFLICT in (group, outcome):
        return CONFLICT
    return f"{group}_{outcome}" if group and outcome else ""


def t2_leaf(headers: dict[str, str]) -> LeafOf:
    def leaf(labels: set[str]) -> str:
        return _one({headers[T2_HEADER_ALIASES.get(h, h)] for h in labels if T2_HEADER_ALIASES.get(h, h) in headers})
    return leaf


# Column keys as the user reads them in a message (表二's keys name the header of their band).
KEY_NAMES = {**dict(T3_COLUMNS), **{f"{g}_{o}": f"{glabel}·{olabel}" for g, glabel in T4_GROUPS
                                    for o, olabel in T4_OUTCOMES},
             **{k: h for _b, headers, _r in T2_BANDS if len(headers) > 1 for k, h in zip(T2_TRIPLE_KEYS, headers, strict=True)},
             T2_SINGLE_KEY: "本年处理决定数量或收费金额"}
T3_KEYS = tuple(k for k, _ in T3_COLUMNS)
T4_KEYS = tuple(f"{g}_{o}" for g, _ in T4_GROUPS for o, _ in T4_OUTCOMES)


def grid_columns(rows: Sequence[Row], leaf_of: LeafOf, keys: Sequence[str]) -> Columns | str:
    """Columns named by the labels above them; a Chinese reason when a figure's column is missing or doubled."""
    width = max(len(r.cells) for r in rows)
    cols: dict[str, list[int]] = {}
    for c in range(width):
        key = leaf_of({norm(r.cells[c].text) for r in rows if c < len(r.cells)})
        if key == CONFLICT:
            return f"表头第{c + 1}列同时写了两个栏目名称，无法确定该列的含义"
        if key:
            cols.setdefault(key, []).append(c)
    missing = [k for k in keys if k not in cols]
    if missing:
        return "表头中找不到栏目：" + "、".join(KEY_NAMES.get(k, k) for k in missing)
    if any(set(a) & set(b) for k1, a in cols.items() for k2, b in cols.items() if k1 < k2):
        return "表头栏目重叠，无法确定各列的含义"
    return Columns({k: tuple(v) for k, v in cols.items()}, tuple(keys), width, True, rows[0].cells[0].where)


def flat_columns(rows: Sequence[Row], table_id: str, keys: Sequence[str], official: Sequence[str] = ()) -> Columns | str:
    """Columns of a table without a grid: its header labels must read as the official header does."""
    expected = tuple(official) or header_reading_order(table_id)
    wanted = set(expected)
    found = tuple(t for r in rows for t in (norm(c.text) for c in r.cells) if t in wanted or
                  T2_HEADER_ALIASES.get(t, "") in wanted)
    found = tuple(T2_HEADER_ALIASES.get(t, t) for t in found)
    if found != expected:
        return "表头的栏目名称与官方格式的顺序不一致，无法确定各数所在的栏（" + "、".join(found) + "）"
    return Columns({}, tuple(keys), 0, False, rows[0].cells[0].where if rows[0].cells else Where())
