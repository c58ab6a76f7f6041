"""Cut a flattened line (the portal archive's text export) into paragraphs and tables.

In such a line a table is its labels and figures run together: 规章000行政规范性文件6233440.... The
official labels cut it: a table starts where two of its labels follow each other (so the heading
四、政府信息公开行政复议、… does not start 表四), and ends at the first text that is neither one of its
labels nor figures. Between two labels stand the figures of one row. Where they are separated by
spaces they are read as they stand; run together they are split only when one split is possible
(each figure a plain number without leading zeros: 0000000 under seven headings can only be seven
zeros); otherwise the row carries a doubt and its figures stay unknown. The number of figures a row
must hold comes from the header labels found in the same table, not from the digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pipeline.reading.published.labels import (
    T2_BAND_HEADERS,
    T2_BANDS_2019,
    T2_CONTENT,
    T3_COLUMN_KEYS,
    T3_GROUPS,
    T3_HEADER_WORDS,
    T4_HEADER_WORDS,
    T4_OUTCOME_KEYS,
    norm,
)
from pipeline.reading.published.model import Block, Cell, Paragraph, Row, Table, Where
from pipeline.reading.published.rows import T2_HEADER_LABELS as T2_HEADERS
from pipeline.reading.published.rows import T2_LABELS, T3_LABELS
from pipeline.reading.published.textpos import normalised_with_offsets, original_span
from schemas.tables import T3_NOTE

VOCABULARY = {
    "T2": set(T2_BAND_HEADERS) | T2_BANDS_2019 | {T2_CONTENT} | T2_HEADERS | set(T2_LABELS),
    "T3": T3_HEADER_WORDS | T3_GROUPS | set(T3_LABELS) | {norm("三、本年度办理结果")},
    "T4": T4_HEADER_WORDS,
}
# Labels a table's text starts with (its first band, its corner note, its first header): shorter labels
# such as 规章 also occur in prose, so they never start a table.
START_WORDS = {
    "T2": set(T2_BAND_HEADERS) | T2_BANDS_2019,
    "T3": {norm(T3_NOTE), norm("申请人情况")},
    "T4": {norm("行政复议")},
}
_FIGURE_CHARS = set("0123456789.,/-—－／%元件个项万")
_PLAIN = re.compile(r"0|[1-9][0-9]*")
MAX_SPLITS = 2  # counting stops as soon as a second split is found


@dataclass(frozen=True)
class _Token:
    label: str  # the normalised label, or "" for a run of figures
    text: str  # the original text
    start: int  # normalised offsets [start, end)
    end: int


def split_flattened(line: str, where: Where) -> list[Block]:
    """Paragraphs for the prose of the line, a Table for each official table found in it."""
    folded, offsets = normalised_with_offsets(line)
    blocks: list[Block] = []
    done = 0  # original offset up to which the line has been given out
    pos = 0
    while (found := _next_table(folded, pos)) is not None:
        table, start = found
        tokens = _tokens(line, folded, offsets, table, start)
        first = original_span(offsets, start, start + 1, len(line))[0]
        last = original_span(offsets, tokens[-1].start, tokens[-1].end, len(line))[1]
        _prose(blocks, line[done:first], where)
        blocks.append(Table(_rows(table, tokens, where), where, grid=False))
        done, pos = last, tokens[-1].end
    _prose(blocks, line[done:], where)
    return blocks


def _prose(blocks: list[Block], text: str, where: Where) -> None:
    if text.strip():
        blocks.append(Paragraph(text.strip(), where))


def _label_at(folded: str, pos: int, table: str) -> str:
    """The longest label of the table that the normalised text has at pos, or ''."""
    return max((w for w in VOCABULARY[table] if folded.startswith(w, pos)), key=len, default="")


def _next_table(folded: str, pos: int) -> tuple[str, int] | None:
    """The first (table, position) from pos where two labels of one table follow each other."""
    best: tuple[int, str] | None = None
    for table, words in START_WORDS.items():
        for word in words:
            at = folded.find(word, pos)
            while at >= 0 and (best is None or at < best[0]):
                if _label_at(folded, at + len(word), table) and _label_at(folded, at, table) == word:
                    best = (at, table)
                    break
                at = folded.find(word, at + 1)
    return (best[1], best[0]) if best else None


def _tokens(line: str, folded: str, offsets: list[int], table: str, pos: int) -> list[_Token]:
    """Labels and runs of figures from pos until text that is neither."""
    tokens: list[_Token] = []
    while pos < len(folded):
        label = _label_at(folded, pos, table)
        if label:
            lo, hi = original_span(offsets, pos, pos + len(label), len(line))
            tokens.append(_Token(label, line[lo:hi], pos, pos + len(label)))
            pos += len(label)
            continue
        end = pos
        while end < len(folded) and folded[end] in _FIGURE_CHARS and not _label_at(folded, end, table):
            end += 1
        if end == pos:
            break
        lo, hi = original_span(offsets, pos, end, len(line))
        tokens.append(_Token("", line[lo:hi], pos, end))
        pos = end
    return tokens


def _rows(table: str, tokens: list[_Token], where: Where) -> tuple[Row, ...]:
    """One row per label followed by figures (with the labels before it); header labels make one row each."""
    rows: list[Row] = []
    cells: list[Cell] = []
    width = 0
    for token in tokens:
        if token.label:
            if token.label in (T2_CONTENT, *T2_BAND_HEADERS):
                width = 0
            width += _leaf_count(table, token.label)
            if _is_header(table, token.label):
                rows.append(Row((Cell(token.text, where),)))
            else:
                cells.append(Cell(token.text, where))
            continue
        rows.append(_value_row(cells, token.text, width, where))
        cells = []
    if cells:
        rows.append(Row(tuple(cells)))
    return tuple(rows)


def _is_header(table: str, label: str) -> bool:
    return label in (T3_HEADER_WORDS if table == "T3" else T4_HEADER_WORDS if table == "T4" else
                     T2_HEADERS | {T2_CONTENT} | set(T2_BAND_HEADERS) | T2_BANDS_2019)


def _leaf_count(table: str, label: str) -> int:
    """1 when the label heads a column of figures (so a row must hold one figure more)."""
    if table == "T3":
        return int(label in T3_COLUMN_KEYS)
    if table == "T4":
        return int(label in T4_OUTCOME_KEYS)
    return int(label in T2_HEADERS)


def _value_row(labels: list[Cell], run: str, width: int, where: Where) -> Row:
    parts = run.split()
    if len(parts) == width or width == 0:
        return Row((*labels, *(Cell(p, where) for p in parts)))
    if len(parts) == 1:
        split = unique_split(parts[0], width)
        if split is not None:
            return Row((*labels, *(Cell(p, where) for p in split)))
        return Row((*labels, Cell(run, where)),
                   f"各栏的数字连在一起（“{run}”），无法确定{width}栏各自的数，不能拆分猜测")
    return Row((*labels, Cell(run, where)),
               f"该行有{len(parts)}个以空格分开的数，表头有{width}栏，无法确定各数所在的栏")


def unique_split(run: str, n: int) -> list[str] | None:
    """The only way to cut run into n plain numbers or blanks, or None when there is none or more than one."""
    found: list[list[str]] = []
    _splits(run, n, [], found)
    return found[0] if len(found) == 1 else None


def _splits(rest: str, n: int, head: list[str], found: list[list[str]]) -> None:
    if len(found) >= MAX_SPLITS:
        return
    if n == 0:
        if not rest:
            found.append(list(head))
        return
    # A blank cell adds nothing to the run, so it is a possible piece anywhere.
    for piece in ["", *(rest[:k] for k in range(1, len(rest) + 1) if _PLAIN.fullmatch(rest[:k]))]:
        if len(found) >= MAX_SPLITS:
            return
        _splits(rest[len(piece):], n - 1, [*head, piece], found)
