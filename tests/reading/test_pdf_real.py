"""A real published PDF (hzq2024_working.pdf): every hand-transcribed figure at its (row, column).

The file has the hard parts of real reports: 表二 and 表三 broken across pages with a page number in
between, labels wrapped over two lines with the numbers between them, the vertical 三、本年度办理结果
printed one character per line (in a font whose character bounds are absurd), merged labels (（三）不予公开)
on lines of their own, a mistyped label (2.其他法律行政止公开), and a 表四 header whose 总 计 has a space.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.reading.published.model import Document, PublishedReading, Table, Where
from pipeline.reading.published.pdf import read_pdf_document
from pipeline.reading.published.read import read_published
from schemas.info import SECTION_HEADINGS
from schemas.tables import T3_COLUMNS, T3_ROWS, T4_GROUPS, T4_OUTCOMES
from tests.reading.pdfcells import T3_LABELS, norm, paragraphs, t2_cell, t3_cell, t3_row, t4_cell, tables
from tests.reading.realdocs import expected_figures, raw_matches

REALDOCS = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs"
FILE = "hzq2024_working.pdf"

pytestmark = pytest.mark.skipif(not (REALDOCS / FILE).exists(), reason="the real documents are not on this machine")


@pytest.fixture(scope="module")
def figures() -> dict:
    data = json.loads((REALDOCS / "figures.json").read_text(encoding="utf-8"))
    assert data["table3_rows"] == [f"{g} {label}" if g and g != "三、本年度办理结果" else label
                                   for _, g, label, _ in T3_ROWS]
    assert data["table3_columns"] == [label for _, label in T3_COLUMNS]
    return next(d for d in data["documents"] if d["file"] == FILE)


@pytest.fixture(scope="module")
def doc() -> Document:
    return read_pdf_document(FILE, (REALDOCS / FILE).read_bytes())


@pytest.fixture(scope="module")
def found(doc: Document) -> dict[str, Table]:
    t = tables(doc)
    assert sorted(t) == ["T2", "T3", "T4"]
    return t


def _text(value: int | float | None) -> str:
    return "" if value is None else f"{value:g}"


def test_table2_every_figure(found: dict[str, Table], figures: dict) -> None:
    for key, value in figures["table2"].items():
        label, column = key.split("_")[:2]
        cell = t2_cell(found["T2"], label, column)
        assert cell.text == _text(value), f"表二 {key}: read {cell.text!r}"


def test_table3_every_figure(found: dict[str, Table], figures: dict) -> None:
    checked = 0
    for label, values in zip(T3_LABELS, figures["table3"], strict=True):
        for (_, column), value in zip(T3_COLUMNS, values, strict=True):
            cell = t3_cell(found["T3"], label, column)
            if value is None:  # blank or not printed: no figure may be read there
                assert cell is None or cell.text in ("", "/"), f"表三 {label}/{column}: read {cell.text!r}"
                continue
            assert cell is not None, f"表三 has no row {label}"
            assert cell.text == _text(value), f"表三 {label}/{column}: read {cell.text!r}, published {value}"
            checked += 1
    assert checked == 22 * 7


def test_table4_every_figure(found: dict[str, Table], figures: dict) -> None:
    for (_, group) in T4_GROUPS:
        for _, outcome in T4_OUTCOMES:
            value = figures["table4"][f"{group}_{outcome}"]
            assert t4_cell(found["T4"], group, outcome).text == _text(value), f"表四 {group}/{outcome}"


def test_no_row_is_doubtful(found: dict[str, Table]) -> None:
    assert [r.doubt for t in found.values() for r in t.rows if r.doubt] == []


def test_cells_point_at_their_lines(doc: Document, found: dict[str, Table]) -> None:
    # 表三 starts on page 3 and continues on page 4 after the page number -3-
    row = t3_row(found["T3"], "1.本机关不掌握相关政府信息")
    assert row is not None and {c.where.page for c in row.cells} == {3}
    row = t3_row(found["T3"], "2.没有现成信息需要另行制作")
    assert row is not None and {c.where.page for c in row.cells} == {4}
    assert row.cells[1].where.line == row.cells[0].where.line
    assert all(c.where.line is not None and c.where.line > 0 for t in found.values() for r in t.rows for c in r.cells)
    # the page number between the two parts is no row, and no paragraph either
    assert not any(norm(c.text) == "-3-" for r in found["T3"].rows for c in r.cells)
    assert not any(norm(p.text) == "-3-" for p in paragraphs(doc))


def test_wrapped_label_is_one_row(found: dict[str, Table]) -> None:
    row = t3_row(found["T3"], "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert row is not None
    assert norm(row.cells[0].text) == norm("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    assert [c.text for c in row.cells[1:]] == ["9", "0", "0", "0", "0", "0", "9"]


def test_vertical_label_stays_out_of_the_rows(found: dict[str, Table]) -> None:
    labels = [norm(r.cells[0].text) for r in found["T3"].rows]
    assert sum("本年度办理结果" in t for t in labels) == 1
    for label in ("1.属于国家秘密", "3.危及“三安全一稳定”", "4.保护第三方合法权益", "6.属于四类过程性信息"):
        assert norm(label) in labels  # no stray 本/年/度 … glued to them


def test_six_section_headings_in_order(doc: Document) -> None:
    texts = [norm(p.text) for p in paragraphs(doc)]
    positions = [texts.index(norm(h)) for h in SECTION_HEADINGS]
    assert positions == sorted(positions)


def test_title_comes_first(doc: Document) -> None:
    first = paragraphs(doc)[:2]
    assert norm("".join(p.text for p in first)) == "淮安市洪泽区人民政府2024年政府信息公开工作年度报告"
    assert first[0].where.text() == "第1页第1行"


def test_tables_follow_their_headings(doc: Document) -> None:
    kinds = []
    for block in doc.blocks:
        if isinstance(block, Table):
            kinds.append("table")
        elif norm(block.text) in {norm(h) for h in SECTION_HEADINGS}:
            kinds.append(block.text[:2])
    assert kinds == ["一、", "二、", "table", "三、", "table", "四、", "table", "五、", "六、"]


# ---------------------------------------------------------------- through the mapper, as `check` reads it


@pytest.fixture(scope="module")
def reading() -> PublishedReading:
    return read_published(FILE, (REALDOCS / FILE).read_bytes())


OTHER_SUB_ITEMS = ("t3_o1_", "t3_o2_", "t3_o3_")


def test_mapper_places_every_transcribed_figure(reading: PublishedReading) -> None:
    expected = expected_figures(FILE)
    given = {k: v for k, v in expected.items() if v is not None}
    assert len(given) == 10 + 22 * 7 + 15
    wrong = {k: (reading.figures[k].raw if k in reading.figures else None, v) for k, v in given.items()
             if k not in reading.figures or not raw_matches(reading.figures[k].raw, v)}
    assert wrong == {}


def test_only_the_other_sub_items_stay_unknown_and_say_why(reading: PublishedReading) -> None:
    # The PDF prints （六）其他处理 as one row with its own figures (the 2019 layout) and none of its three
    # 2021 sub-items, which figures.json leaves null: they cannot be read, and the reason says so.
    expected = expected_figures(FILE)
    unknown = {u.number_id for u in reading.unplaced}
    assert unknown == {k for k in expected if k.startswith(OTHER_SUB_ITEMS)}
    assert all(expected[k] is None for k in unknown)
    for u in reading.unplaced:
        assert "（六）其他处理" in u.reason and "2019" in u.reason and "子项" in u.reason
        assert u.where == Where(page=4, line=10)


def test_a_label_printed_with_characters_left_out_is_read_and_said(reading: PublishedReading) -> None:
    assert [w for _, w in reading.labels] == [Where(page=3, line=24)]
    note = reading.labels[0][0]
    assert "2.其他法律行政止公开" in note and "2.其他法律行政法规禁止公开" in note
    assert reading.figures["t3_d2_np"].where == Where(page=3, line=24)


def test_table4_groups_come_from_where_they_are_printed(found: dict[str, Table]) -> None:
    groups = found["T4"].rows[0].cells
    assert [c.text for c in groups] == [g for _, g in T4_GROUPS for _ in T4_OUTCOMES]
    assert [c.where.line for c in groups[::5]] == [14, 15, 15]  # 行政复议 a line above the two litigation groups
