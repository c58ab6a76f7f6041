"""表三 layouts built character by character (tests/reading/synth.py): placement by x position only.

Each test changes one thing against a plain table whose every figure is distinct (row i, column j holds
100·i + j), so a figure read one column or one row off shows as a wrong number.
"""

from __future__ import annotations

import pytest

from pipeline.reading.published.model import Document, Table
from pipeline.reading.published.pdf import read_pdf_document
from schemas.tables import T3_COLUMNS, T3_ROWS
from tests.reading.pdfcells import T3_LABELS, norm, paragraphs, t3_cell, t3_row, tables
from tests.reading.synth import CENTRES, EDGES, PAGE_BREAK, ROW_PITCH, SynthRow, t3_pdf

COLUMNS = [label for _, label in T3_COLUMNS]


def value(i: int, j: int) -> str:
    return str(100 * (i + 1) + j)


def plain_rows() -> list[SynthRow | None]:
    rows: list[SynthRow | None] = []
    for i, (_, group, label, _) in enumerate(T3_ROWS):
        shown = f"{group}{label}" if group and group != "三、本年度办理结果" and label.startswith("1.") else label
        lines = [shown[k:k + 20] for k in range(0, len(shown), 20)]  # 20 characters fit the label column
        rows.append(SynthRow.plain(shown, [value(i, j) for j in range(7)], labels=lines))
    return rows


def read(rows: list[SynthRow | None], **kw: object) -> tuple[Document, Table]:
    doc = read_pdf_document("synthetic.pdf", t3_pdf(rows, **kw))  # type: ignore[arg-type]
    found = tables(doc)
    assert "T3" in found
    return doc, found["T3"]


def assert_all_placed(table: Table, skip: frozenset[int] = frozenset()) -> None:
    for i, label in enumerate(T3_LABELS):
        if i in skip:
            continue
        for j, column in enumerate(COLUMNS):
            cell = t3_cell(table, label, column)
            assert cell is not None, f"no row {label}"
            assert cell.text == value(i, j), f"{label}/{column}: {cell.text!r} != {value(i, j)}"


def test_plain_table_reads_exactly() -> None:
    _, table = read(plain_rows())
    assert_all_placed(table)
    assert not [r.doubt for r in table.rows if r.doubt]


def test_table_broken_across_pages_with_page_number() -> None:
    rows = plain_rows()
    rows.insert(12, PAGE_BREAK)
    doc, table = read(rows, footer_text="某某县人民政府 2024年政府信息公开工作年度报告")
    assert_all_placed(table)
    row = t3_row(table, T3_LABELS[12])
    assert row is not None and {c.where.page for c in row.cells} == {2}
    assert not any("- 1 -" in c.text for r in table.rows for c in r.cells)
    assert not [r.doubt for r in table.rows if r.doubt]


def test_page_number_without_dashes_is_no_row() -> None:
    rows = plain_rows()
    rows.insert(5, PAGE_BREAK)
    doc, table = read(rows, footer_text="3")
    assert_all_placed(table)
    assert all(len(r.cells) in (1, 8) for r in table.rows)
    assert not [r.doubt for r in table.rows if r.doubt]


@pytest.mark.parametrize("at", [0, 0.5, 1, 2], ids=["first-line", "between", "second-line", "last-line"])
def test_label_wrapped_over_lines(at: float) -> None:
    rows = plain_rows()
    i = 3  # （二）部分公开（区分处理的，只计这一情形，不计其他情形）
    parts = ["（二）部分公开（区分处理的，只计这", "一情形，不计其他情形）"]
    if at == 2:
        parts = ["（二）部分公开（区分处理", "的，只计这一情形，不计", "其他情形）"]
    rows[i] = SynthRow.plain("", [value(i, j) for j in range(7)], at=at, labels=parts)
    i = 20  # （六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请
    rows[i] = SynthRow.plain("", [value(i, j) for j in range(7)], at=at if at < 2 else 1,
                             labels=["（六）其他处理1.申请人无正当理由逾期不补正、", "行政机关不再处理其政府信息公开申请"])
    _, table = read(rows)
    assert_all_placed(table)
    row = t3_row(table, T3_LABELS[3])
    assert row is not None and norm(row.cells[0].text) == norm(T3_LABELS[3])
    assert not [r.doubt for r in table.rows if r.doubt]


def test_blank_cells_stay_blank() -> None:
    rows = plain_rows()
    blanks = {(0, 1), (2, 0), (2, 3), (7, 6), (15, 2), (15, 3), (15, 4)}
    for i, row in enumerate(rows):
        assert row is not None
        row.numbers = [(t, x) for j, (t, x) in enumerate(row.numbers) if (i, j) not in blanks]
    rows[18] = SynthRow.plain(T3_LABELS[18], [None] * 7)  # a row printed with no number at all
    _, table = read(rows)
    for i, label in enumerate(T3_LABELS):
        for j, column in enumerate(COLUMNS):
            cell = t3_cell(table, label, column)
            assert cell is not None
            want = "" if (i, j) in blanks or i == 18 else value(i, j)
            assert cell.text == want, f"{label}/{column}: {cell.text!r} != {want!r}"
    assert not [r.doubt for r in table.rows if r.doubt]


def test_numbers_run_together_are_doubtful() -> None:
    rows = plain_rows()
    i = 4
    # 自然人 "7" and 商业企业 "8" printed so close that they read as one token "78" across the edge
    row = SynthRow.plain(T3_LABELS[i], [None, None, "0", "0", "0", "0", "15"])
    row.numbers += [("78", EDGES[1])]
    rows[i] = row
    _, table = read(rows)
    doubtful = t3_row(table, T3_LABELS[i])
    assert doubtful is not None and "78" in doubtful.doubt and "两栏" in doubtful.doubt
    assert [c.text for c in doubtful.cells[1:]] == ["", "", "0", "0", "0", "0", "15"]
    assert_all_placed(table, skip=frozenset({i}))
    assert [r for r in table.rows if r.doubt] == [doubtful]


def test_number_halfway_between_two_columns_is_doubtful() -> None:
    rows = plain_rows()
    i = 9
    row = SynthRow.plain(T3_LABELS[i], ["1", "2", "3", None, None, "6", "12"])
    row.numbers.append(("4", EDGES[4]))  # exactly on the edge between 社会公益组织 and 法律服务机构
    rows[i] = row
    _, table = read(rows)
    doubtful = t3_row(table, T3_LABELS[i])
    assert doubtful is not None and doubtful.doubt
    assert [c.text for c in doubtful.cells[1:]] == ["1", "2", "3", "", "", "6", "12"]
    assert_all_placed(table, skip=frozenset({i}))


def test_more_numbers_than_columns_is_doubtful_not_shifted() -> None:
    rows = plain_rows()
    i = 13
    row = SynthRow.plain(T3_LABELS[i], ["5", "6", "7", "8", "9", "10", "45"])
    row.numbers.append(("3", CENTRES[2] + 12))  # a second number under 科研机构
    rows[i] = row
    _, table = read(rows)
    doubtful = t3_row(table, T3_LABELS[i])
    assert doubtful is not None and "科研机构" in doubtful.doubt
    assert [c.text for c in doubtful.cells[1:]] == ["5", "6", "", "8", "9", "10", "45"]


def test_leading_zero_token_is_doubtful() -> None:
    rows = plain_rows()
    i = 6
    rows[i] = SynthRow.plain(T3_LABELS[i], ["00", "1", "2", "3", "4", "5", "15"])
    _, table = read(rows)
    doubtful = t3_row(table, T3_LABELS[i])
    assert doubtful is not None and "00" in doubtful.doubt
    assert doubtful.cells[1].text == "" and doubtful.cells[2].text == "1"


def test_footnote_mark_does_not_join_a_number() -> None:
    rows = plain_rows()
    i = 0
    row = rows[i]
    assert row is not None
    # a small raised "1" right after 自然人's 101 (e.g. a footnote 注1), touching it
    row.marks.append(("1", CENTRES[0] + 7.5))
    _, table = read(rows, after=["注1：本年新收申请含网上申请。"])
    assert_all_placed(table)
    assert not [r.doubt for r in table.rows if r.doubt]


def test_footnote_under_the_table_is_a_paragraph() -> None:
    doc, table = read(plain_rows(), after=["注：本表数据截至2024年12月31日。"])
    assert_all_placed(table)
    texts = [norm(p.text) for p in paragraphs(doc)]
    assert norm("注：本表数据截至2024年12月31日。") in texts
    assert not any("注" in c.text for r in table.rows for c in r.cells)


def test_where_is_page_and_line() -> None:
    rows = plain_rows()
    rows.insert(10, PAGE_BREAK)
    _, table = read(rows)
    first = t3_row(table, T3_LABELS[0])
    assert first is not None
    assert first.cells[3].where.text().startswith("第1页第")
    later = t3_row(table, T3_LABELS[10])
    assert later is not None and later.cells[0].where.page == 2 and later.cells[0].where.line == 1


def test_vertical_label_one_character_a_line() -> None:
    """本年度办理结果 printed down the label column, its characters level with the rows' labels."""
    from tests.reading import synth

    # the label column shifted right, and 本年度办理结果 down its left edge from the third row on,
    # one character every 11 pt while the rows are 22 pt apart: characters sit level with row labels
    page = synth.Page()
    y = 800.0 - 30 - 16 - 14 - 3 * 11 - 16  # where t3_pdf puts the first row
    for k, ch in enumerate("本年度办理结果"):
        page.text(40, y - ROW_PITCH * 2 - 11 * k, ch, 9)
    data = synth.t3_pdf([r for r in plain_rows() if r is not None], extra_ops=page.ops, label_x=60)
    doc = read_pdf_document("vertical.pdf", data)
    table = tables(doc)["T3"]
    assert_all_placed(table)
    labels = [r.cells[0].text for r in table.rows]
    assert "本年度办理结果" in labels
    for label in T3_LABELS[2:9]:  # the rows the vertical label runs beside
        row = t3_row(table, label)
        assert row is not None and norm(row.cells[0].text).endswith(norm(label)), row.cells[0].text if row else label
        assert norm(row.cells[0].text) == norm(label.replace("1.属于", "（三）不予公开1.属于"))


def test_vertical_label_reading_upwards() -> None:
    """A label turned a quarter left: its characters follow each other upwards."""
    from tests.reading import synth

    page = synth.Page()
    y = 800.0 - 30 - 16 - 14 - 3 * 11 - 16
    for k, ch in enumerate("本年度办理结果"):
        page.text(40, y - ROW_PITCH * 8 + 11 * k, ch, 9)
    data = synth.t3_pdf([r for r in plain_rows() if r is not None], extra_ops=page.ops, label_x=60)
    table = tables(read_pdf_document("upwards.pdf", data))["T3"]
    assert_all_placed(table)
    assert "本年度办理结果" in [r.cells[0].text for r in table.rows]


def test_heading_numbered_differently() -> None:
    rows = [r for r in plain_rows() if r is not None]
    data = t3_pdf(rows).replace("三、收到和处理政府信息公开申请情况".encode("utf-16-be").hex().encode(),
                                "（三）收到和处理政府信息公开申请情况".encode("utf-16-be").hex().encode())
    assert data != t3_pdf(rows)
    assert_all_placed(tables(read_pdf_document("x.pdf", data))["T3"])


def test_header_not_recognised_makes_every_row_doubtful() -> None:
    from tests.reading import synth

    rows = [r for r in plain_rows() if r is not None]
    saved = dict(synth.HEADER_LINES)
    synth.HEADER_LINES["其他"] = ["其它组织"]  # not the official label
    try:
        data = t3_pdf(rows)
    finally:
        synth.HEADER_LINES.clear()
        synth.HEADER_LINES.update(saved)
    doc = read_pdf_document("x.pdf", data)
    table = next(b for b in doc.blocks if isinstance(b, Table))
    data_rows = [r for r in table.rows[1:] if len(r.cells) == 8]
    assert len(data_rows) == 25
    assert all("表头" in r.doubt and all(c.text == "" for c in r.cells[1:]) for r in data_rows)
