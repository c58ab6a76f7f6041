"""The rows of one PDF table (or one band of 表二), read line by line under its header's columns.

Rows: a table row's label may wrap over several lines; its numbers sit on one of those lines or between
them. A label line without numbers that starts a row label (an enumerator such as 1. / （一） / 一、, or the
start of an official label) waits for the next line with numbers; one that does not start a label
continues the row above. Merged labels printed beside several rows (三、本年度办理结果, （三）不予公开 …)
become a Row of that one cell, where they were printed. A table broken across pages continues on the
next page with the columns of its header; page numbers and running headers were removed before.
A number that cannot be placed in one column makes its row doubtful: the row's `doubt` says why and
that cell stays ''.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from pipeline.reading.published.model import Cell, Row, Where
from pipeline.reading.published.pdf_columns import Column, Zones, find_columns
from pipeline.reading.published.pdf_lines import Line, Word, join_words
from pipeline.reading.published.pdf_merged import merge_group_fragments
from pipeline.reading.published.pdf_words import NOTE_START, NUMBER, cjk_count, ends_table, is_cell_token, norm

MAX_HEADER_LINES = 16      # a table header spans at most this many lines
MAX_ROW_GAP_EM = 5.0       # a larger vertical gap between two lines of a table body ends it
PROSE_CHARS = 4            # a word of this many CJK characters under the data columns is prose: the table ended


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
            if head and (any(NUMBER.match(norm(w.text)) for w in ln.words) or spec.starts_row(norm(t))):
                break
            if ends_table(ln, t) or (head and ln.page != head[-1].page and not self._headerish(ln)):
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
        return any(norm(w.text) in wanted for w in ln.words) or norm(ln.text()).startswith(NOTE_START)

    def _merge_groups(self) -> None:
        """Join merged labels wrapped inside their cell (（三）不 / 予公开) into one word (in place)."""
        if self.zones is None or not self.spec.groups:
            return
        end = self.i
        while end < len(self.lines) and end - self.i < 400 and not ends_table(self.lines[end], self.lines[end].text()):
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
            if ends_table(ln, text) or stop(ln):
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
            if any(not is_cell_token(w.text) and cjk_count(w.text) >= PROSE_CHARS for w in data_words):
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
