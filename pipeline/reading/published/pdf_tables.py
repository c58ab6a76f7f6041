"""The three official tables (表二/表三/表四) found among the lines of a PDF, as model Tables.

Columns come only from the x positions of the header labels; a number is placed in the column whose zone
(between the midpoints of the gaps separating neighbouring header labels) holds it whole. A number that
straddles two zones, lies outside every zone, shares a zone with another, or looks like several numbers
run together makes its row doubtful: the row's `doubt` says why and that cell stays ''. Numbers are never
placed by their order in the line.

Rows: a table row's label may wrap over several lines; its numbers sit on one of those lines or between
them. A label line without numbers that starts a row label (an enumerator such as 1. / （一） / 一、, or the
start of an official label) waits for the next line with numbers; one that does not start a label
continues the row above. Merged labels printed beside several rows (三、本年度办理结果, （三）不予公开 …)
become a Row of that one cell, where they were printed. A table broken across pages continues on the
next page with the columns of its header; page numbers and running headers were removed before.

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

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pipeline.reading.published.model import Cell, Row, Table, Where
from pipeline.reading.published.pdf_groups import Span, group_runs
from pipeline.reading.published.pdf_lines import Line, Word, join_words
from schemas.info import SECTION_HEADINGS
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
    TITLE_T2,
    TITLE_T3,
    TITLE_T4,
)

MAX_HEADER_LINES = 16      # a table header spans at most this many lines
MAX_ROW_GAP_EM = 5.0       # a larger vertical gap between two lines of a table body ends it
PROSE_CHARS = 4            # a word of this many CJK characters under the data columns is prose: the table ended
ZONE_TOLERANCE_EM = 0.15   # a number may poke this far (in char heights) over a zone's edge
HEADER_GAP_EM = 0.1       # header labels of neighbouring columns may almost touch: split them at smaller gaps
OUTER_ZONE_EM = 2.0        # the outer edge of a lone column's zone, beyond its header label

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "＂": '"', "‘": "'", "’": "'", "＇": "'", "「": '"', "」": '"'})
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Labels compared after NFKC, whitespace removal and quote unification (FORMAT.md)."""
    return _WS.sub("", unicodedata.normalize("NFKC", text)).translate(_QUOTES)


HEADING_ALIASES = (
    "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "四、政府信息公开行政复议和行政诉讼情况",
    "五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况",
)
T4_TITLES = frozenset(map(norm, (TITLE_T4, *HEADING_ALIASES[:2])))
TITLES = {norm(TITLE_T2): "T2", norm(TITLE_T3): "T3", **{t: "T4" for t in T4_TITLES}}
_NUMERAL = re.compile(r"^([一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、]|第[一二三四五六七八九十]+部分[、:]?)")
_BARE_TITLES = {_NUMERAL.sub("", t): kind for t, kind in TITLES.items()}


def title_kind(text: str) -> str | None:
    """T2/T3/T4 if the line is a table's heading, also numbered otherwise (（三）收到和处理…, 3.收到和处理…)."""
    t = norm(text)
    return TITLES.get(t) or _BARE_TITLES.get(_NUMERAL.sub("", t))
HEADINGS = frozenset(norm(h) for h in (*SECTION_HEADINGS, *HEADING_ALIASES))
_ENUMERATOR = re.compile(r"^(\d+[.、]|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)")
_BAND = re.compile(r"^第二十条第\(([一二三四五六七八九十]+)\)项$")
_NUMBER = re.compile(r"^[-+−]?\d[\d,]*(\.\d+)?%?$")
_BLANKS = frozenset(norm(s) for s in ("/", "／", "\\", "-", "—", "——", "–", "－", "无", "空"))
_NOTE_START = "(本列数据"
_NOTE = re.compile(r"^(注|说明|备注)[:：]?")


def _cjk_count(text: str) -> int:
    return sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")


def is_cell_token(text: str) -> bool:
    t = norm(text)
    return bool(_NUMBER.match(t)) or t in _BLANKS


# ---------------------------------------------------------------- columns


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


# ---------------------------------------------------------------- rows


@dataclass
class _Pending:
    labels: list[tuple[Line, str]] = field(default_factory=list)
    data: Line | None = None
    data_words: list[Word] = field(default_factory=list)
    flushed: bool = False


@dataclass
class Spec:
    """What distinguishes one table (or one band of 表二) for the generic row reader."""

    labels: tuple[str, ...]                   # data column labels, left to right
    exclude: frozenset[str]                   # header words that span columns
    starts_row: Callable[[str], bool]         # does this label text start a row's label?
    is_last: Callable[[str], bool]            # is this the table's (band's) last row?
    groups: frozenset[str] = frozenset()      # merged labels printed beside several rows
    lead: tuple[str, ...] = ()                # header labels of label columns (信息内容)
    single_row: bool = False                  # 表四: one row of numbers, no labels


def _stop(line: Line, text: str) -> bool:
    """A line no table runs past: a table title, a section heading, a note under the table."""
    t = norm(text)
    return t in TITLES or t in HEADINGS or bool(_NOTE.match(t)) or title_kind(t) is not None


class Reader:
    """Reads one table (or band) starting at lines[start]."""

    def __init__(self, lines: Sequence[Line], start: int, spec: Spec, zones: Zones | None = None) -> None:
        self.lines, self.i, self.spec = lines, start, spec
        self.zones = zones
        self.header: list[Column] = []
        self.lead: list[Column] = []
        self.rows: list[Row] = []
        self.done = False

    # -- header
    def read_header(self) -> None:
        spec = self.spec
        head: list[Line] = []
        while self.i < len(self.lines) and len(head) < MAX_HEADER_LINES:
            ln = self.lines[self.i]
            t = ln.text()
            if head and (any(_NUMBER.match(norm(w.text)) for w in ln.words) or spec.starts_row(norm(t))):
                break
            if _stop(ln, t) or (head and ln.page != head[-1].page and not self._headerish(ln)):
                break
            head.append(ln)
            self.i += 1
        cols = find_columns(head, spec.labels + spec.lead, spec.exclude)
        lead = [c for c in cols if c.label in spec.lead]
        data = [c for c in cols if c.label not in spec.lead]
        self.lead = lead
        if [c.label for c in data] == list(spec.labels):
            self.header = data
            em = max((w.h for ln in head for w in ln.words), default=10.0)
            self.zones = Zones(data, em, lead[0].x1 if lead else None)
        else:
            self.header = data
            self.zones = None

    def _headerish(self, ln: Line) -> bool:
        wanted = {norm(s) for s in self.spec.labels} | self.spec.exclude
        return any(norm(w.text) in wanted for w in ln.words) or norm(ln.text()).startswith(_NOTE_START)

    def _merge_groups(self) -> None:
        """Join merged labels wrapped inside their cell (（三）不 / 予公开) into one word (in place)."""
        if self.zones is None or not self.spec.groups:
            return
        end = self.i
        while end < len(self.lines) and end - self.i < 400 and not _stop(self.lines[end], self.lines[end].text()):
            end += 1
        merge_group_fragments(self.lines, self.i, end, self.zones.left, self.spec.groups)

    # -- body
    def read_body(self, stop: Callable[[Line], bool] = lambda ln: False) -> None:
        spec, zones = self.spec, self.zones
        pending = _Pending()
        current: _Pending | None = None  # the last row with numbers, open for continuation lines
        prev: Line | None = None
        ending = False
        self._merge_groups()
        while self.i < len(self.lines):
            ln = self.lines[self.i]
            text = ln.text()
            if _stop(ln, text) or stop(ln):
                break
            if prev is not None and ln.page != prev.page and not ending and self._headerish(ln):
                # the header printed again on the next page: its columns serve from here on
                saved = (self.header, self.zones, self.lead)
                self.read_header()
                if self.zones is None:
                    self.header, self.zones, self.lead = saved
                zones = self.zones
                prev = self.lines[self.i - 1]
                self._merge_groups()
                continue
            if prev is not None and ln.page == prev.page and prev.y0 - ln.y1 > MAX_ROW_GAP_EM * max(ln.h, prev.h):
                break
            left = zones.left if zones else None
            label_words = [w for w in ln.words if not w.sup and (left is None or w.cx < left) and not
                           (left is None and is_cell_token(w.text))]
            data_words = [w for w in ln.words if not w.sup and w not in label_words]
            if any(not is_cell_token(w.text) and _cjk_count(w.text) >= PROSE_CHARS for w in data_words):
                break
            label = join_words(label_words)
            nlabel = norm(label)
            if ending and (data_words or not nlabel or spec.starts_row(nlabel) or ln.page != prev.page  # type: ignore[union-attr]
                           or prev.y0 - ln.y1 > 1.0 * max(ln.h, prev.h)):  # type: ignore[union-attr]
                break
            self.i += 1
            prev = ln
            # merged labels beside several rows: a Row of their own, before the row they are printed beside
            group_words = [w for w in label_words if w.stack or norm(w.text) in spec.groups]
            if group_words and data_words and len(group_words) == len(label_words) and not group_words[0].stack:
                group_words = []  # the merged label is this row's own label (（六）其他处理 with numbers)
            if group_words:
                self._close(current)
                current = None
                for w in group_words:
                    self.rows.append(Row((Cell(w.text, Where(page=ln.page, line=w.line)),)))
            rest = [w for w in label_words if w not in group_words]
            label = join_words(rest)
            nlabel = norm(label)
            if not data_words:
                if not nlabel:
                    continue
                if (current is not None and not pending.labels and nlabel.startswith("1.") and
                        [norm(t) for _, t in current.labels] in ([g] for g in spec.groups)):
                    # the merged label printed in the cell of its first row, the numbers beside it:
                    # （四）无法提供 / 1.本机关不掌握相关政府信息
                    group_line, group = current.labels[0]
                    self.rows.append(Row((Cell(group, Where(page=group_line.page, line=group_line.number)),)))
                    current.labels = [(ln, label)]
                elif spec.starts_row(nlabel):
                    if pending.labels:  # a row printed without any number
                        self._close(current)
                        current = None
                        self._flush(pending)
                    pending = _Pending([(ln, label)])
                elif pending.labels:
                    pending.labels.append((ln, label))
                elif current is not None:
                    current.labels.append((ln, label))
                    if spec.is_last(norm("".join(t for _, t in current.labels))):
                        ending = True
                else:
                    pending = _Pending([(ln, label)])
                continue
            # a line with numbers
            if nlabel and spec.starts_row(nlabel) and pending.labels:
                self._close(current)
                current = None
                self._flush(pending)
                pending = _Pending()
            self._close(current)
            current = None
            if nlabel:
                pending.labels.append((ln, label))
            pending.data, pending.data_words = ln, data_words
            current, pending = pending, _Pending()
            if spec.single_row or spec.is_last(norm("".join(t for _, t in current.labels))):
                ending = True
                if spec.single_row:
                    break
        self._close(current)
        current = None
        if pending.labels:
            self._flush(pending)

    def _close(self, row: _Pending | None) -> None:
        if row is not None:
            self._flush(row)
        return None

    def _flush(self, row: _Pending) -> None:
        if row.flushed:
            return
        row.flushed = True
        self.rows.append(self.make_row(row))

    def make_row(self, row: _Pending) -> Row:
        doubts: list[str] = []
        n = len(self.spec.labels)
        anchor = row.data or row.labels[0][0]
        blank = Where(page=anchor.page, line=anchor.number)
        values: list[Cell | None] = [None] * n
        if row.data is not None and self.zones is None:
            doubts.append("表头各栏的位置无法确定，不能按位置读出这一行的数字")
        elif row.data is not None and self.zones is not None:
            for w in row.data_words:
                j, why = self.zones.place(w)
                t = norm(w.text)
                if j is not None and re.match(r"^0\d", t):
                    j, why = None, f"“{w.text}”以0开头，可能是几个数连在一起"
                if j is None:
                    doubts.append(why)
                    continue
                cell = values[j]
                if cell is not None:
                    doubts.append(f"“{self.spec.labels[j]}”一栏下有两个数：{cell.text}、{w.text}")
                    values[j] = Cell("", blank)
                    continue
                values[j] = Cell(w.text, Where(page=row.data.page, line=w.line))
        cells: list[Cell] = []
        if not self.spec.single_row:
            if row.labels:
                first = row.labels[0][0]
                cells.append(Cell(" ".join(t for _, t in row.labels), Where(page=first.page, line=first.number)))
            else:
                cells.append(Cell("", blank))
                if row.data is not None:
                    doubts.append("这一行的数字旁没有栏目名称")
        cells.extend(c if c is not None else Cell("", blank) for c in values)
        return Row(tuple(cells), "；".join(doubts))


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
    return _GROUP_TEXT.get(t, t)


# ---------------------------------------------------------------- the three tables


def _t3_starts(t: str) -> bool:
    return bool(_ENUMERATOR.match(t))


_GROUP_TEXT = {norm(g): g for g in {T3_RESULTS} | {r[1] for r in T3_ROWS if r[1]}}
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
