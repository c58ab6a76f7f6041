"""The shared model and the placer on Tables as any reader (a PDF reader too) hands them over."""

from __future__ import annotations

import io

import docx

from pipeline.reading.published.grid import expand
from pipeline.reading.published.model import Cell, Row, Table, Where
from pipeline.reading.published.read import read_published
from pipeline.reading.published.tables import figures_from_tables
from schemas import SPEC
from tests.reading.builders import distinct_raw, docx_table, layout_rows, official_tables_html, report_html

T3_COLS = ("np", "biz", "res", "ngo", "law", "oth", "total")


def test_where_text_in_chinese() -> None:
    assert Where(page=2, line=14).text() == "第2页第14行"
    assert Where(table=3, row=5, col=4).text() == "第3个表格第5行第4列"
    assert Where(line=12).text() == "第12行"
    assert Where(paragraph=7).text() == "第7段"


def _t3_table(raw: dict[str, str], doubt_on: str = "") -> Table:
    """表三 as a PDF reader would hand it over: an expanded grid, page 2, one row carrying a doubt."""
    rows = expand([[(c.text, c.rowspan, c.colspan) for c in row] for row in layout_rows("T3", raw)], 1)
    marked = tuple(replace_doubt(r, "第2页第14行：数字与表头的栏不对齐") if any(c.text == doubt_on for c in r.cells) else r
                   for r in rows)
    return Table(marked, Where(page=2))


def replace_doubt(row: Row, doubt: str) -> Row:
    return Row(row.cells, doubt)


def test_a_row_with_a_doubt_gives_unplaced_figures_with_that_reason() -> None:
    raw = distinct_raw()
    figures, unplaced, fmt = figures_from_tables([_t3_table(raw, doubt_on="2.重复申请")])
    assert fmt == "2021"
    doubted = {u.number_id: u.reason for u in unplaced if u.number_id.startswith("t3_")}
    assert doubted == {f"t3_n2_{c}": "第2页第14行：数字与表头的栏不对齐" for c in T3_COLS}
    assert {i: f.raw for i, f in figures.items()} == {
        i: v for i, v in raw.items() if i.startswith("t3_") and not i.startswith("t3_n2_")}
    assert all(u.number_id.startswith(("t2_", "t4_", "t3_n2_")) for u in unplaced)


def test_every_spec_figure_is_either_placed_or_unplaced() -> None:
    figures, unplaced, _ = figures_from_tables([_t3_table(distinct_raw())])
    ids = {n.id for n in SPEC.numbers}
    assert set(figures) | {u.number_id for u in unplaced} == ids
    assert not set(figures) & {u.number_id for u in unplaced}
    assert all("未找到表二" in u.reason for u in unplaced if u.number_id.startswith("t2_"))


def test_cell_without_a_grid_is_read_after_its_label_only() -> None:
    where = Where(line=1)
    header = [Row((Cell(t, where),)) for t in ("申请人情况", "自然人", "法人或其他组织", "总计", "商业企业", "科研机构",
                                                 "社会公益组织", "法律服务机构", "其他")]
    data = Row(tuple(Cell(t, where) for t in ("（三）不予公开", "1.属于国家秘密", "1", "", "0", "/", "0", "0", "1")))
    short = Row(tuple(Cell(t, where) for t in ("2.其他法律行政法规禁止公开", "1", "0", "0", "0", "0", "1")))
    figures, unplaced, _ = figures_from_tables([Table((*header, data, short), where, grid=False)])
    assert [figures[f"t3_d1_{c}"].raw for c in T3_COLS] == ["1", "", "0", "/", "0", "0", "1"]
    assert {u.number_id for u in unplaced if u.number_id.startswith("t3_d2")} == {f"t3_d2_{c}" for c in T3_COLS}


def test_header_in_another_order_than_the_official_one_without_a_grid_is_refused() -> None:
    where = Where(line=1)
    header = [Row((Cell(t, where),)) for t in ("申请人情况", "总计", "自然人", "法人或其他组织", "商业企业", "科研机构",
                                                 "社会公益组织", "法律服务机构", "其他")]
    data = Row(tuple(Cell(t, where) for t in ("1.属于国家秘密", "1", "0", "0", "0", "0", "0", "1")))
    figures, unplaced, _ = figures_from_tables([Table((*header, data), where, grid=False)])
    assert not any(i.startswith("t3_d1") for i in figures)
    assert "顺序不一致" in next(u.reason for u in unplaced if u.number_id == "t3_d1_np")


def test_report_inside_a_layout_table_is_read() -> None:
    raw = distinct_raw()
    page = report_html(official_tables_html(raw)).replace(
        '<div class="article">', '<table class="layout"><tr><td>导航</td><td><div class="article">').replace(
        '<div class="footer">', '</td></tr></table><div class="footer">')
    reading = read_published("layout.html", page.encode())
    assert reading.unplaced == []
    assert {i: f.raw for i, f in reading.figures.items()} == raw
    assert len(reading.headings) == 6


def test_word_report_inside_a_layout_table_is_read() -> None:
    raw = distinct_raw()
    document = docx.Document()
    outer = document.add_table(rows=1, cols=1).cell(0, 0)
    outer.paragraphs[0].text = "某局2024年政府信息公开工作年度报告"
    for table_id, heading in (("T2", "二、主动公开政府信息情况"), ("T3", "三、收到和处理政府信息公开申请情况"),
                              ("T4", "四、政府信息公开行政复议、行政诉讼情况")):
        outer.add_paragraph(heading)
        docx_table(outer, layout_rows(table_id, raw))
    data = io.BytesIO()
    document.save(data)
    reading = read_published("layout.docx", data.getvalue())
    assert reading.unplaced == []
    assert reading.name == "某局" and reading.year == 2024

