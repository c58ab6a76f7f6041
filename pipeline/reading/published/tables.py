"""Place every figure of 表二/表三/表四 found among a document's tables, or say why it cannot be placed.

The document's table rows are read as one stream, so a table split in two (a page break, 表三's header
pasted as a table of its own) reads as one. A row is recognised by its official label (rows.py), a
column by the header above it (columns.py); figures are never taken by counting numbers in order and
never chosen by the consistency rules, which judge them afterwards. A row that does not line up with
its header, or that carries a reader's doubt, gives unplaced figures, not shifted ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

import pipeline.reading.published.rows as rowkind
from pipeline.reading.published.columns import (
    T3_KEYS,
    T4_KEYS,
    Columns,
    flat_columns,
    grid_columns,
    t2_leaf,
    t3_leaf,
    t4_leaf,
)
from pipeline.reading.published.formats import detect_format
from pipeline.reading.published.labels import (
    MARKERS_OLD,
    T2_BAND_HEADERS,
    T2_CONTENT,
    T2_SINGLE_KEY,
    is_numberish,
    norm,
)
from pipeline.reading.published.model import Cell, Figure, Row, Table, Unplaced, Where
from pipeline.reading.published.values import values_of
from schemas import SPEC
from schemas.tables import T2_BANDS, T3_COLUMNS, T3_ROWS, T4_GROUPS, T4_OUTCOMES, t3_id, t4_id

T3_ROW_LABELS = {key: label for key, _group, label, _short in T3_ROWS}
T2_ROW_BAND = {key: norm(band) for band, _h, rows in T2_BANDS for key, _label in rows}
T2_BAND_OFFICIAL = {norm(band): (T2_CONTENT, *(norm(h) for h in headers)) for band, headers, _r in T2_BANDS}


@dataclass
class _State:
    """What the stream has told so far: the table being read, its header rows and column maps."""

    current: str = ""  # "T2", "T3", "T4" or ""
    band: str = ""
    header: list[Row] = field(default_factory=list)
    header_grid: bool = True
    columns: dict[str, Columns | str] = field(default_factory=dict)  # "T3", "T4", or a T2 band label
    pending: tuple[Row, rowkind.Kind] | None = None  # a row whose label continues on the next row
    t4_done: bool = False
    seen: dict[str, Where] = field(default_factory=dict)  # each table found -> where it was first seen
    figures: dict[str, Figure] = field(default_factory=dict)
    unplaced: dict[str, Unplaced] = field(default_factory=dict)
    looked: Where = field(default_factory=Where)
    labels: list[tuple[str, Where]] = field(default_factory=list)  # rows read by a label printed with gaps
    other_2019: Where | None = None  # where （六）其他处理 was printed as one row with figures


class Placed(NamedTuple):
    """The figures of a document's tables: placed ones, unplaced ones with reasons, and what was noticed."""

    figures: dict[str, Figure]
    unplaced: list[Unplaced]
    format: str
    labels: list[tuple[str, Where]]  # (Chinese note, where) for each row label read with characters left out


def place_figures(tables: Sequence[Table]) -> Placed:
    """Every spec figure either placed (raw text as published, and where) or unplaced with a reason."""
    kinds = [[rowkind.classify(row) for row in table.rows] for table in tables]
    fmt = detect_format(tables, kinds)
    state = _State()
    for table, table_kinds in zip(tables, kinds, strict=True):
        state.looked = table.where
        for row, kind in zip(table.rows, table_kinds, strict=True):
            _feed(state, row, kind, table.grid)
        state.pending = None  # a label fragment nothing completed: its row stays unrecognised
    _mark_missing(state, fmt)
    unplaced = sorted(state.unplaced.values(), key=lambda u: _ORDER[u.number_id])
    return Placed(state.figures, unplaced, fmt, state.labels)


def figures_from_tables(tables: Sequence[Table]) -> tuple[dict[str, Figure], list[Unplaced], str]:
    """place_figures without the notes."""
    placed = place_figures(tables)
    return placed.figures, placed.unplaced, placed.format


_ORDER = {n.id: i for i, n in enumerate(SPEC.numbers)}


def _feed(state: _State, row: Row, kind: rowkind.Kind, grid: bool) -> None:
    if state.pending is not None:
        if _join_pending(state, row):
            return
        state.pending = None
    if kind.kind in ("t2band", "t2head", "t3head", "t4head", "total_head"):
        _header_row(state, row, kind, grid)
    elif kind.kind == "prefix":
        state.pending = (row, kind)
    elif kind.kind in ("t2row", "t3row"):
        _data_row(state, (row,), kind)
    elif state.current == "T4" and not state.t4_done and (kind.kind == "values" or state.header):
        # 表四's figures are the row right under its header (whatever stands in a label column before them).
        _close_header(state)
        _t4_row(state, row)


def _header_row(state: _State, row: Row, kind: rowkind.Kind, grid: bool) -> None:
    table = {"t2band": "T2", "t2head": "T2", "t3head": "T3", "t4head": "T4"}.get(
        kind.kind, state.current if state.current == "T4" else "T3")
    state.seen.setdefault(table, _where(row, state))
    if kind.kind == "t2band":
        state.current, state.band, state.header = "T2", kind.key, []
        return
    if state.current != table or not state.header:
        state.header = []
    state.current = table
    state.header.append(row)
    state.header_grid = grid
    if table == "T4":
        state.t4_done = False


def _close_header(state: _State) -> None:
    """Turn the header rows gathered so far into the column map of the current table."""
    if not state.header:
        return
    rows, state.header, grid = state.header, [], state.header_grid
    old = sorted({t for r in rows for t in (norm(c.text) for c in r.cells) if t in MARKERS_OLD})
    if old:  # a 2019 header: its columns mean something else, so nothing under it maps onto a 2021 figure
        state.columns[state.band if state.current == "T2" else state.current] = (
            "该表头是2019年试行格式的栏目（" + "、".join(old) + "），与2021年格式不对应，不能换算")
        return
    if state.current == "T2":
        headers = T2_BAND_HEADERS.get(state.band, {})
        keys = tuple(dict.fromkeys(headers.values()))
        state.columns[state.band] = (grid_columns(rows, t2_leaf(headers), keys) if grid else
                                     flat_columns(rows, "T2", keys, T2_BAND_OFFICIAL.get(state.band, ())))
    elif state.current == "T3":
        state.columns["T3"] = grid_columns(rows, t3_leaf, T3_KEYS) if grid else flat_columns(rows, "T3", T3_KEYS)
    elif state.current == "T4":
        state.columns["T4"] = grid_columns(rows, t4_leaf, T4_KEYS) if grid else flat_columns(rows, "T4", T4_KEYS)


def _join_pending(state: _State, row: Row) -> bool:
    """A label broken over two rows: join it with this row's label text if together they make one."""
    assert state.pending is not None
    first, first_kind = state.pending
    words = [norm(c.text) for _, c in rowkind.distinct(row)]
    tail = next((t for t in reversed(words) if t and not is_numberish(t)), "")
    whole = rowkind.label_of(first_kind.key + tail) if tail else None
    if whole is None:
        return False
    state.pending = None
    _data_row(state, (first, row), rowkind.Kind(whole.kind, whole.key, first_kind.label_end))
    return True


def _data_row(state: _State, rows: tuple[Row, ...], kind: rowkind.Kind) -> None:
    table = "T3" if kind.kind == "t3row" else "T2"
    if table == "T2" and state.current != "T2":
        return  # 规章, 行政许可 … outside 表二 (a portal's own tables): not a row of the report
    band = T2_ROW_BAND.get(kind.key, state.band) if table == "T2" else table
    if state.current == table and state.header:
        # The header just read heads this row; a 表二 band is known from the row's own label, so a band
        # line left out (信息内容 | 本年制发件数 … straight away) loses nothing.
        state.band = band if table == "T2" else state.band
        _close_header(state)
    state.seen.setdefault(table, _where(rows[0], state))
    columns = state.columns.get(band if table == "T2" else "T3")
    ids = _ids(table, kind.key)
    if not ids:
        # a 2019 row (其他对外管理服务事项, （六）其他处理 itself): its figures have no 2021 id
        if kind.key == "o_2019" and any(is_numberish(c.text) and c.text.strip() for r in rows for c in r.cells):
            state.other_2019 = state.other_2019 or _where(rows[0], state, kind.label_end)
        return
    if kind.printed:
        state.labels.append((f"表三的行名印作“{kind.printed}”，格式规定为“{T3_ROW_LABELS[kind.key]}”，按该行读取",
                             _where(rows[0], state, kind.label_end)))
    if columns is None:
        _unplace(state, ids, "找到该行，但未找到其上方的表头，无法确定各数所在的栏", rows[0], kind.label_end)
        return
    if isinstance(columns, str):
        _unplace(state, ids, columns, rows[0], kind.label_end)
        return
    _place(state, ids, rows, columns, kind.label_end)


def _ids(table: str, key: str) -> dict[str, str]:
    """Column key -> spec id for one labelled row."""
    if table == "T3":
        return {} if key == "o_2019" else {c: t3_id(key, c) for c, _ in T3_COLUMNS}
    if key == "old_2019":
        return {}
    single = next(len(h) == 1 for _b, h, rows in T2_BANDS if any(k == key for k, _ in rows))
    if single:
        return {T2_SINGLE_KEY: f"t2_{key}"}
    return {sub: f"t2_{key}_{sub}" for sub in ("made", "repealed", "valid")}


def _t4_row(state: _State, row: Row) -> None:
    state.t4_done = True
    columns = state.columns.get("T4")
    ids = {f"{g}_{o}": t4_id(g, o) for g, _ in T4_GROUPS for o, _ in T4_OUTCOMES}
    if columns is None or isinstance(columns, str):
        _unplace(state, ids, row.doubt or columns or "未找到表四的表头", row)
        return
    _place(state, ids, (row,), columns, -1)  # a row's doubt (groups not told apart) is its reason there


def _place(state: _State, ids: dict[str, str], rows: tuple[Row, ...], columns: Columns, label_end: int) -> None:
    found = values_of(rows, columns, label_end)
    if isinstance(found, str):
        _unplace(state, ids, found, rows[0], label_end)
        return
    for key, number_id in ids.items():
        got = found.get(key)
        if isinstance(got, Cell):
            _put(state, number_id, Figure(got.text, got.where))
        else:
            _unplace(state, {key: number_id}, got or "该栏没有对应的格子", rows[0], label_end)


def _put(state: _State, number_id: str, figure: Figure) -> None:
    before = state.figures.get(number_id)
    if before is not None and before.raw != figure.raw:
        del state.figures[number_id]
        state.unplaced[number_id] = Unplaced(
            number_id, f"文档中有两处不同的数（{before.where.text()}“{before.raw}”，{figure.where.text()}“{figure.raw}”）",
            figure.where)
    elif before is None and number_id not in state.unplaced:
        state.figures[number_id] = figure


def _where(row: Row, state: _State, at: int = 0) -> Where:
    """Where a row is: its label cell (at), not a merged group cell left of it that began rows above."""
    return row.cells[max(at, 0)].where if len(row.cells) > max(at, 0) else state.looked


def _unplace(state: _State, ids: dict[str, str], reason: str, row: Row, at: int = 0) -> None:
    where = _where(row, state, at)
    for number_id in ids.values():
        state.figures.pop(number_id, None)
        state.unplaced.setdefault(number_id, Unplaced(number_id, reason, where))


def _mark_missing(state: _State, fmt: str) -> None:
    names = {"T2": "表二", "T3": "表三", "T4": "表四"}
    for number in SPEC.numbers:
        if number.id in state.figures or number.id in state.unplaced:
            continue
        if fmt == "2019" and number.table == "T2":
            reason = "表二是2019年试行格式，其栏目与2021年格式不对应，不能换算"
        elif fmt == "2019" and number.id.startswith(("t3_o1_", "t3_o2_", "t3_o3_")):
            reason = "表三是2019年试行格式：（六）其他处理只有一行，没有2021年格式的三个子项"
        elif state.other_2019 is not None and number.id.startswith(("t3_o1_", "t3_o2_", "t3_o3_")):
            reason = ("表三的“（六）其他处理”印成了写有数字的一行（2019年试行格式的写法），没有2021年格式的三个子项，"
                      "其数不能分到子项")
            state.unplaced[number.id] = Unplaced(number.id, reason, state.other_2019)
            continue
        elif number.table not in state.seen:
            reason = f"文档中未找到{names[number.table]}（可能以图片形式发布，或不在正文中）"
        else:
            reason = f"{names[number.table]}中未找到该行：{number.label}"
        state.unplaced[number.id] = Unplaced(number.id, reason, state.seen.get(number.table, state.looked))
