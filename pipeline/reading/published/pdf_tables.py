"""The three official tables (表二/表三/表四) found among the lines of a PDF, as model Tables.

Columns come from the header labels' x positions (pdf_columns), rows line by line under them (pdf_rows);
this module says what each table is: its columns, where its rows start and end, its merged labels.

Shape of the Tables (the grid after expanding colspans):
- 表二: per band a Row [band (colspan 4)], a header Row [信息内容, 3 headers] or [信息内容, header
  (colspan 3)], then Rows [label, 3 values] or [label, value (colspan 3)].
- 表三: a header Row [corner note, 7 column labels], then Rows [label, 7 values]. A merged label spanning
  rows (三、本年度办理结果, （三）不予公开, a vertical stack of characters …) is a Row of that one cell, just
  before the row it was printed beside; it is never part of another row's label. Only a merged label
  printed with numbers and no other label beside it is a row's own label (a report that prints
  （六）其他处理 as one row).
- A header printed again on the next page is not repeated as a Row; its columns serve from there on.
- 表四: a Row of the three groups (colspan 5 each), a Row of the 15 outcome labels, the Row of 15 values.
"""

from __future__ import annotations

from collections.abc import Sequence

from pipeline.reading.published.model import Cell, Row, Table, Where
from pipeline.reading.published.pdf_columns import HEADER_GAP_EM, Column
from pipeline.reading.published.pdf_groups import Span, group_runs
from pipeline.reading.published.pdf_lines import Line, Word, join_words
from pipeline.reading.published.pdf_rows import Reader, Spec
from pipeline.reading.published.pdf_words import ENUMERATOR, norm, title_kind
from schemas.tables import (
    T2_BANDS,
    T2_CONTENT_HEADER,
    T3_APPLICANT,
    T3_COLUMNS,
    T3_LEGAL,
    T3_RESULTS,
    T3_ROWS,
    T4_GROUPS,
    T4_LITIGATION,
    T4_OUTCOMES,
    T4_REVIEW,
)


def _t3_starts(t: str) -> bool:
    return bool(ENUMERATOR.match(t))



T3_SPEC = Spec(
    labels=tuple(label for _, label in T3_COLUMNS),
    exclude=frozenset(map(norm, (T3_APPLICANT, T3_LEGAL))),
    starts_row=_t3_starts,
    is_last=lambda t: t.startswith(norm(T3_ROWS[-1][2])[:4]),
    groups=frozenset(norm(g) for g in {T3_RESULTS} | {r[1] for r in T3_ROWS if r[1] and r[1] != T3_RESULTS}),
)

T4_SPEC = Spec(
    labels=tuple(label for _ in T4_GROUPS for _, label in T4_OUTCOMES),
    exclude=frozenset(map(norm, (T4_REVIEW, T4_LITIGATION, *(g for _, g in T4_GROUPS)))),
    starts_row=lambda t: False,
    is_last=lambda t: True,
    single_row=True,
)

_T2_LABELS = tuple(norm(label) for _, _, rows in T2_BANDS for _, label in rows)


def _t2_starts(t: str) -> bool:
    return any(label.startswith(t[:2]) for label in _T2_LABELS) if len(t) >= 2 else False


def _t2_spec(headers: tuple[str, ...], rows: tuple[tuple[str, str], ...]) -> Spec:
    last = norm(rows[-1][1])
    return Spec(labels=headers, exclude=frozenset(), starts_row=_t2_starts,
                is_last=lambda t: t.startswith(last[:4]), lead=(T2_CONTENT_HEADER,))


def grid_row(cells: Sequence[Cell], doubt: str = "") -> Row:
    """A Row as the model has it: a merged cell repeated at every column it covers."""
    return Row(tuple(c for c in cells for _ in range(c.colspan)), doubt)


def _where(ln: Line) -> Where:
    return Where(page=ln.page, line=ln.number)


def read_t2(lines: Sequence[Line], start: int) -> tuple[Table, int] | None:
    rows: list[Row] = []
    i = start
    bands = {norm(b): (b, h, r) for b, h, r in T2_BANDS}
    first: Line | None = None
    while i < len(lines):
        ln = lines[i]
        t = norm(ln.text())
        if t not in bands:
            if first is None and i - start < 3:
                i += 1
                continue
            break
        first = first or ln
        band, headers, brows = bands[t]
        rows.append(grid_row((Cell(ln.text(), _where(ln), colspan=4),)))
        reader = Reader(lines, i + 1, _t2_spec(headers, brows))
        reader.read_header()
        lead = reader.lead[0] if reader.lead else None
        span = 3 if len(headers) == 1 else 1
        head = [Cell(lead.label if lead else "", lead.where if lead else _where(ln))]
        head += [Cell(c.label, c.where, colspan=span) for c in reader.header]
        rows.append(grid_row(head))
        reader.read_body(stop=lambda x: norm(x.text()) in bands)
        for r in reader.rows:
            if span == 3 and len(r.cells) == 2:
                r = grid_row((r.cells[0], Cell(r.cells[1].text, r.cells[1].where, colspan=3)), r.doubt)
            rows.append(r)
        i = reader.i
    if first is None:
        return None
    return Table(tuple(rows), _where(first)), i


def read_t3(lines: Sequence[Line], start: int) -> tuple[Table, int] | None:
    if start >= len(lines):
        return None
    reader = Reader(lines, start, T3_SPEC)
    reader.read_header()
    if not reader.header:
        return None
    head_lines = lines[start:reader.i]
    zone_left = reader.zones.left if reader.zones else min(c.x0 for c in reader.header)
    note = "".join(join_words([w for w in ln.words if w.cx < zone_left]) for ln in head_lines)
    first = head_lines[0]
    header = Row((Cell(note, _where(first)), *(Cell(c.label, c.where) for c in reader.header)))
    reader.read_body()
    return Table((header, *reader.rows), _where(first)), reader.i


def read_t4(lines: Sequence[Line], start: int) -> tuple[Table, int] | None:
    if start >= len(lines):
        return None
    reader = Reader(lines, start, T4_SPEC)
    reader.read_header()
    if not reader.header:
        return None
    first = lines[start]
    groups = _t4_groups(lines[start:reader.i], reader.header, _where(first))
    header = Row(tuple(Cell(c.label, c.where) for c in reader.header))
    reader.read_body()
    rows = reader.rows
    if groups is None:
        groups = Row(tuple(Cell("", _where(first)) for _ in reader.header))
        rows = [Row(r.cells, r.doubt or T4_GROUPS_UNKNOWN) for r in rows]
    return Table((groups, header, *rows), _where(first)), reader.i


T4_GROUPS_UNKNOWN = ("表四表头的“" + "”“".join(label for _, label in T4_GROUPS) +
                     "”缺少，或没有居中印在各自的几栏之上，无法确定各栏属于哪一组")


def _t4_groups(head: Sequence[Line], columns: Sequence[Column], first: Where) -> Row | None:
    """The group row of 表四 from where 行政复议 / 未经复议直接起诉 / 复议后起诉 are printed over the columns.

    None when a group is not found or the labels are not centred over runs of columns: the figures
    are then unplaced with that reason, never given to groups by the official order.
    """
    wanted = {norm(label): label for _, label in T4_GROUPS}
    found: dict[str, tuple[Word, Line]] = {}
    for ln in head:
        for w in ln.words:
            for part in w.split(HEADER_GAP_EM):
                found.setdefault(norm(part.text), (part, ln))
    printed = sorted((found[g] for g in wanted if g in found), key=lambda wl: wl[0].x0)
    runs = group_runs([Span(c.x0, c.x1) for c in columns], [Span(w.x0, w.x1) for w, _ in printed])
    if runs is None or len(printed) != len(wanted):
        return None
    cells: list[Cell] = []
    for (w, ln), run in zip(printed, runs, strict=True):
        cell = Cell(wanted[norm(w.text)], Where(page=ln.page, line=ln.number), colspan=len(run))
        cells.extend(cell for _ in run)
    return Row(tuple(cells))


READERS = {"T2": read_t2, "T3": read_t3, "T4": read_t4}


def find_tables(lines: Sequence[Line]) -> list[tuple[int, int, Table]]:
    """(first line index, end index, table) of each official table, after its title line."""
    out: list[tuple[int, int, Table]] = []
    i = 0
    while i < len(lines):
        kind = title_kind(lines[i].text())
        if kind is not None:
            found = READERS[kind](lines, i + 1)
            if found is not None and found[1] > i + 1:
                out.append((i + 1, found[1], found[0]))
                i = found[1]
                continue
        i += 1
    return out
