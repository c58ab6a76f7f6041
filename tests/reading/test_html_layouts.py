"""One HTML variant per layout rule: each figure is placed by its row label and column header, or named unplaced."""

from __future__ import annotations

from dataclasses import replace

from pipeline.reading.published.model import PublishedReading
from pipeline.reading.published.read import read_published
from schemas import SPEC
from schemas.info import SECTION_HEADINGS
from tests.reading.builders import (
    CellSpec,
    Rows,
    distinct_raw,
    layout_rows,
    map_cells,
    official_tables_html,
    report_html,
    table_html,
)

ALL_IDS = {n.id for n in SPEC.numbers}


def _read_page(tables: dict[str, str], **kw: object) -> PublishedReading:
    return read_published("report.html", report_html(tables, **kw).encode("utf-8"))  # type: ignore[arg-type]


def _assert_all(reading: PublishedReading, raw: dict[str, str]) -> None:
    assert reading.unplaced == []
    assert {i: f.raw for i, f in reading.figures.items()} == raw


def test_plain_official_tables_read_completely() -> None:
    raw = distinct_raw()
    reading = _read_page(official_tables_html(raw))
    _assert_all(reading, raw)
    assert (reading.name, reading.year, reading.format) == ("某县某局", 2024, "2021")


def test_gbk_page_with_and_without_meta_charset() -> None:
    raw = distinct_raw()
    page = report_html(official_tables_html(raw), name="某某镇人民政府", charset="gbk")
    for data in (page.encode("gbk"), page.replace("charset=gbk", "").encode("gb18030")):
        reading = read_published("gbk.html", data)
        _assert_all(reading, raw)
        assert reading.name == "某某镇人民政府"
        assert reading.headings[0][0] == "一、总体情况"


def test_labels_split_across_spans_and_lines() -> None:
    raw = distinct_raw()
    split = {"商业企业": "<span>商业</span>\n<span>企业</span>", "1.属于国家秘密": "<span>1</span><span>.属于国家</span>秘密",
             "3.危及“三安全一稳定”": '3.危及<span>"三安全一稳定"</span>', "未经复议直接起诉": "未经复议<br>直接起诉",
             "行政规范性文件": "行政规范性<o:p></o:p>文件&nbsp;", "本年收费金额（单位：万元）": "本年收费金额(单位:万元)"}
    tables = {t: table_html(map_cells(layout_rows(t, raw), split), raw_text=True) for t in ("T2", "T3", "T4")}
    _assert_all(_read_page(tables), raw)


def test_blank_slash_dash_and_zero_stay_apart_and_nothing_shifts() -> None:
    raw = distinct_raw()
    raw.update({"t3_new_biz": "", "t3_new_res": "/", "t3_new_ngo": "-", "t3_new_law": "0", "t4_rv_keep": "",
                "t2_reg_made": "/"})
    _assert_all(_read_page(official_tables_html(raw)), raw)


def test_columns_follow_the_header_not_the_order() -> None:
    raw = distinct_raw()
    rows = layout_rows("T3", raw)
    # The body printed 科研机构 before 商业企业: swap both header cells and the two figures of every row.
    for row in rows:
        texts = [c.text for c in row]
        if "商业企业" in texts:
            i = texts.index("商业企业")
            row[i], row[i + 1] = row[i + 1], row[i]
        ids = [c.number_id for c in row]
        if any(i.endswith("_biz") for i in ids):
            i = next(k for k, n in enumerate(ids) if n.endswith("_biz"))
            row[i], row[i + 1] = row[i + 1], row[i]
    tables = official_tables_html(raw) | {"T3": table_html(rows)}
    _assert_all(_read_page(tables), raw)


def _wrap_o2_over_two_rows(rows: Rows, values_on_first: bool, values_on_second: bool, raw: dict[str, str]) -> Rows:
    """The label of （六）2. broken over two table rows, as a PDF-converted page prints it."""
    out: Rows = []
    for row in rows:
        if any(c.number_id == "t3_o2_np" for c in row):
            label = next(c for c in row if c.text.startswith("2.申请人逾期"))
            cut = label.text.index("、") + 1
            first = [replace(label, text=label.text[:cut])] + [
                c if values_on_first else replace(c, text="") for c in row if c.number_id]
            second = [CellSpec(label.text[cut:])] + [
                CellSpec(c.text if values_on_second else "") for c in row if c.number_id]
            out += [first, second]
            continue
        out.append([replace(c, rowspan=c.rowspan + 1) if c.text in ("三、本年度办理结果", "（六）其他处理") else c
                    for c in row])
    return out


def test_label_wrapped_over_two_rows_is_joined() -> None:
    raw = distinct_raw()
    tables = official_tables_html(raw)
    rows = _wrap_o2_over_two_rows(layout_rows("T3", raw), True, False, raw)
    _assert_all(_read_page(tables | {"T3": table_html(rows)}), raw)


def test_wrapped_label_with_figures_on_both_rows_is_unplaced() -> None:
    raw = distinct_raw()
    rows = _wrap_o2_over_two_rows(layout_rows("T3", raw), True, True, raw)
    reading = _read_page(official_tables_html(raw) | {"T3": table_html(rows)})
    assert {u.number_id for u in reading.unplaced} == {f"t3_o2_{c}" for c in ("np", "biz", "res", "ngo", "law", "oth",
                                                                            "total")}
    assert "两行" in reading.unplaced[0].reason
    assert reading.figures["t3_o3_np"].raw == raw["t3_o3_np"]


def test_table_three_split_in_two_and_header_in_a_table_of_its_own() -> None:
    raw = distinct_raw()
    rows = layout_rows("T3", raw)
    header, head_rows, rest = rows[:3], rows[3:5], rows[5:]
    t3 = table_html(header) + "<p>表三（续）</p>" + table_html(head_rows) + "<p>-3-</p>" + table_html(rest)
    _assert_all(_read_page(official_tables_html(raw) | {"T3": t3}), raw)


def test_row_with_a_missing_cell_is_unplaced_not_shifted() -> None:
    raw = distinct_raw()
    rows = [[c for c in row if c.number_id != "t3_open_law"] for row in layout_rows("T3", raw)]
    reading = _read_page(official_tables_html(raw) | {"T3": table_html(rows)})
    open_ids = {f"t3_open_{c}" for c in ("np", "biz", "res", "ngo", "law", "oth", "total")}
    assert {u.number_id for u in reading.unplaced} == open_ids
    assert all("格" in u.reason and u.where.table == 2 for u in reading.unplaced)
    assert {i: f.raw for i, f in reading.figures.items()} == {i: v for i, v in raw.items() if i not in open_ids}


def test_footnotes_and_notes_under_tables_shift_nothing() -> None:
    raw = distinct_raw()
    note = [[CellSpec("注：本表数据来源于各单位报送，其中12件为网上申请。", colspan=10)]]
    t3 = table_html(layout_rows("T3", raw) + note) + "<p>注：1.申请人数为件数；2.无。</p>"
    t2 = table_html(layout_rows("T2", raw) + [[CellSpec("备注"), CellSpec("5", colspan=3)]])
    _assert_all(_read_page(official_tables_html(raw) | {"T2": t2, "T3": t3}), raw)


def test_mixed_format_row_label_is_read_and_marked() -> None:
    raw = distinct_raw()
    rows = map_cells(layout_rows("T2", raw), {"行政规范性文件": "规范性文件", "现行有效件数": "现行有效件数（历史累计）"})
    reading = _read_page(official_tables_html(raw) | {"T2": table_html(rows)})
    _assert_all(reading, raw)
    assert reading.format == "mixed"
    assert any("2019年和2021年" in p for p in reading.problems)


def test_2019_format_is_recognised_and_its_table_two_not_mapped() -> None:
    raw = distinct_raw()
    t2 = table_html([
        [CellSpec("第二十条第（一）项", colspan=4)],
        [CellSpec(t) for t in ("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量")],
        [CellSpec(t) for t in ("规章", "0", "0", "0")], [CellSpec(t) for t in ("规范性文件", "3", "3", "20")],
        [CellSpec("第二十条第（五）项", colspan=4)],
        [CellSpec(t) for t in ("信息内容", "上一年项目数量", "本年增/减", "处理决定数量")],
        [CellSpec(t) for t in ("行政许可", "5", "0", "120")],
    ])
    rows = []
    for row in layout_rows("T3", raw):
        if any(c.number_id.startswith(("t3_o2", "t3_o3")) for c in row):
            continue
        if any(c.number_id.startswith("t3_o1") for c in row):  # 2019: （六）其他处理 is one row with figures
            row = [CellSpec("（六）其他处理", colspan=2)] + [c for c in row if c.number_id]
        rows.append([replace(c, rowspan=20) if c.text == "三、本年度办理结果" else c for c in row])
    reading = _read_page(official_tables_html(raw) | {"T2": t2, "T3": table_html(rows)})
    assert reading.format == "2019"
    assert any("2019年试行格式" in p for p in reading.problems)
    unplaced = {u.number_id: u.reason for u in reading.unplaced}
    assert set(unplaced) == {n.id for n in SPEC.numbers if n.table == "T2" or n.id.startswith(("t3_o1", "t3_o2", "t3_o3"))}
    assert all("2019" in r for r in unplaced.values())
    assert reading.figures["t3_open_np"].raw == raw["t3_open_np"]
    assert reading.figures["t4_lr_total"].raw == raw["t4_lr_total"]


def test_page_without_tables_says_so_and_names_every_figure() -> None:
    page = report_html({"T2": '<p><img src="t2.png"></p>', "T3": '<p><img src="t3.png"></p>'})
    reading = read_published("images.html", page.encode())
    assert reading.format == "" and reading.figures == {}
    assert {u.number_id for u in reading.unplaced} == ALL_IDS
    assert any("未找到表二、表三、表四" in p and "图片" in p for p in reading.problems)
    assert len(reading.headings) == 6


def test_portal_list_page_is_named_as_such() -> None:
    links = "".join(f'<li><a href="/{i}.html">某局{2000 + i}年工作动态</a></li>' for i in range(30))
    reading = read_published("list.html", f"<html><body><ul>{links}</ul></body></html>".encode())
    assert any("栏目列表页" in p for p in reading.problems)
    assert len(reading.unplaced) == len(ALL_IDS)


def test_two_different_figures_for_one_cell_are_not_chosen_between() -> None:
    raw = distinct_raw()
    other = dict(raw, t4_rv_keep="999")
    tables = official_tables_html(raw)
    tables["T4"] += table_html(layout_rows("T4", other))
    reading = _read_page(tables)
    assert [u.number_id for u in reading.unplaced] == ["t4_rv_keep"]
    assert "两处" in reading.unplaced[0].reason


def test_portal_tables_with_similar_words_do_not_touch_the_figures() -> None:
    raw = distinct_raw()
    sidebar = table_html([[CellSpec("行政许可"), CellSpec("12")], [CellSpec("规章"), CellSpec("3"), CellSpec("4")]])
    page = report_html(official_tables_html(raw)).replace('<div class="nav">', f'<div class="nav">{sidebar}')
    page = page.replace('<div class="footer">', f'<div class="footer">{sidebar}')
    _assert_all(read_published("portal.html", page.encode()), raw)


def test_none_written_as_wu_is_a_figure_cell_not_a_label() -> None:
    raw = distinct_raw()
    raw.update({"t3_d1_np": "无", "t3_d1_biz": "无", "t3_d1_total": "无"})
    _assert_all(_read_page(official_tables_html(raw)), raw)


def test_html_entity_declarations_are_not_expanded() -> None:
    page = ('<!DOCTYPE html [<!ENTITY a "aaaaaaaaaaaaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><html><body><p>&c;&c;&c;&c;</p></body></html>')
    reading = read_published("laughs.html", page.encode())
    assert len(reading.problems) == 1 and reading.figures == {}


def test_opening_paragraph_listing_the_headings_is_not_taken_for_them() -> None:
    raw = distinct_raw()
    listing = "本报告分为：" + "；".join(h for h in SECTION_HEADINGS) + "。"
    page = report_html(official_tables_html(raw)).replace("<p>本报告所列数据", f"<p>{listing}</p><p>本报告所列数据")
    reading = read_published("listing.html", page.encode())
    assert [h for h, _ in reading.headings] == list(SECTION_HEADINGS)
    assert reading.sections["一"] == "一部分的文字。"
    assert reading.sections["六"] == "六部分的文字。"


def test_one_heading_run_together_with_its_text_is_still_found() -> None:
    page = report_html(official_tables_html(distinct_raw())).replace(
        "<p><strong>六、其他需要报告的事项</strong></p><p>六部分的文字。</p>", "<p>六、其他需要报告的事项本年度未收取信息处理费。</p>")
    reading = read_published("run.html", page.encode())
    assert [h for h, _ in reading.headings] == list(SECTION_HEADINGS)
    assert reading.sections["六"] == "本年度未收取信息处理费。"


def test_table_two_without_its_band_lines_is_read_by_row_labels() -> None:
    raw = distinct_raw()
    rows = [row for row in layout_rows("T2", raw) if not row[0].text.startswith("第二十条")]
    _assert_all(_read_page(official_tables_html(raw) | {"T2": table_html(rows)}), raw)


def test_table_four_with_a_label_column_and_blank_figures() -> None:
    raw = distinct_raw()
    raw.update({f"t4_rv_{o}": "" for o in ("keep", "corr", "other", "pend", "total")})
    rows = layout_rows("T4", raw)
    rows = [[CellSpec("类别", rowspan=3)] + rows[0], *rows[1:3], [CellSpec("件数")] + rows[3]]
    _assert_all(_read_page(official_tables_html(raw) | {"T4": table_html(rows)}), raw)


def test_a_remark_column_right_of_the_figures_hides_no_label() -> None:
    raw = distinct_raw()
    rows = layout_rows("T3", raw)
    rows[0].append(CellSpec("备注", rowspan=3))
    for row in rows[3:]:
        row.append(CellSpec("含网上申请" if any(c.number_id == "t3_new_np" for c in row) else ""))
    _assert_all(_read_page(official_tables_html(raw) | {"T3": table_html(rows)}), raw)
