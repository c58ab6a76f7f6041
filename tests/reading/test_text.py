"""Text exports: the portal archive's flattened text (cells run together) and the one-cell-a-line export."""

from __future__ import annotations

import pytest

from pipeline.reading.published.flattened import unique_split
from pipeline.reading.published.model import PublishedReading
from pipeline.reading.published.read import read_published
from schemas import SPEC
from schemas.info import SECTION_HEADINGS
from schemas.tables import T2_BANDS, T3_ROWS, t3_id
from tests.reading.builders import distinct_raw, layout_rows
from tests.reading.realdocs import REALDOCS, SEED, expected_figures, needs_realdocs, raw_matches, transcriptions

T3_COLS = ("np", "biz", "res", "ngo", "law", "oth", "total")


def _pingtan_txt() -> PublishedReading:
    return read_published("pingtan2024.txt", (REALDOCS / "pingtan2024.txt").read_bytes())


@needs_realdocs
def test_flattened_pingtan_places_only_what_can_be_placed_exactly() -> None:
    reading = _pingtan_txt()
    expected = expected_figures("pingtan2024.txt")
    # Placeable: a one-figure row (the whole run is its figure), and rows whose run is all zeros, one per
    # heading ('0000000' under seven headings); every other run of digits has more than one split.
    single = {f"t2_{key}" for _b, headers, rows in T2_BANDS if len(headers) == 1 for key, _ in rows}
    zero_rows = {key for key, *_ in T3_ROWS if all(expected[t3_id(key, c)] == 0 for c in T3_COLS)}
    placeable = single | {"t2_reg_made", "t2_reg_repealed", "t2_reg_valid"} | {
        t3_id(k, c) for k in zero_rows for c in T3_COLS}
    assert set(reading.figures) == placeable
    assert all(raw_matches(f.raw, expected[i]) for i, f in reading.figures.items())
    unplaced = {u.number_id: u.reason for u in reading.unplaced}
    assert set(unplaced) == {n.id for n in SPEC.numbers} - placeable
    assert unplaced["t3_new_np"] == "各栏的数字连在一起（“21710000218”），无法确定7栏各自的数，不能拆分猜测"
    assert unplaced["t2_norm_made"].startswith("各栏的数字连在一起（“6233440”）")
    assert "21317000001324019" in unplaced["t4_rv_keep"]
    assert reading.figures["t2_fee"].raw == "18651.06"
    assert any(p.startswith(f"有{len(unplaced)}个数字无法确定") for p in reading.problems)


@needs_realdocs
def test_flattened_pingtan_sections_and_name() -> None:
    reading = _pingtan_txt()
    doc = transcriptions()["pingtan2024.txt"]
    assert (reading.name, reading.year, reading.kind) == (doc["body"], doc["year"], "txt")
    assert [h for h, _ in reading.headings] == [*SECTION_HEADINGS[:3], "四、政府信息公开行政复议、行政诉讼情况",
                                               *SECTION_HEADINGS[4:]]
    assert reading.sections["六"] == "2024年，无收取信息处理费情况。"
    assert reading.sections["二"] == ""  # the table text is cut out of the prose
    assert reading.texts["s1_request"].startswith("规范做好申请登记")
    assert "（二）依申请公开方面" not in reading.texts["s1_active"]


def test_unique_split_only_when_one_split_exists() -> None:
    assert unique_split("0000000", 7) == ["0"] * 7
    assert unique_split("000", 3) == ["0", "0", "0"]
    assert unique_split("21710000218", 7) is None  # 217|1|0|0|0|0|218, 2|17|1|0|0|0|0218? no: 21|7|1|0|0|0|0...
    assert unique_split("6233440", 3) is None
    assert unique_split("00000", 7) is None  # five zeros and two blanks: where the blanks are is unknown
    assert unique_split("4529", 1) == ["4529"]


def _flatten(raw: dict[str, str], sep: str) -> str:
    """The report as one line, each table's cells in reading order joined by sep (the archive uses '')."""
    tables = {"二": "T2", "三": "T3", "四": "T4"}
    parts = ["某县某局2024年政府信息公开工作年度报告", "本报告所列数据的统计期限为2024年1月1日至2024年12月31日。"]
    for heading in SECTION_HEADINGS:
        numeral = heading.split("、")[0]
        parts.append(heading)
        if numeral in tables:
            parts.append(sep.join(c.text for row in layout_rows(tables[numeral], raw) for c in row))
        else:
            parts.append(f"{numeral}部分的文字。")
    return "\n".join(parts[:2]) + "\n" + "".join(parts[2:])


def test_flattened_with_spaces_between_cells_reads_every_figure() -> None:
    raw = distinct_raw()
    reading = read_published("flat.txt", _flatten(raw, " ").encode("gb18030"))
    assert reading.unplaced == []
    assert {i: f.raw for i, f in reading.figures.items()} == raw
    assert reading.sections["一"] == "一部分的文字。"


def test_flattened_run_together_distinct_figures_are_all_unplaced_but_one_figure_rows() -> None:
    raw = distinct_raw()
    reading = read_published("flat.txt", _flatten(raw, "").encode("utf-8-sig"))
    singles = {"t2_lic", "t2_pen", "t2_coe", "t2_fee"}
    assert set(reading.figures) == singles
    assert all(reading.figures[i].raw == raw[i] for i in singles)


def test_flattened_row_with_a_missing_figure_is_unplaced() -> None:
    raw = distinct_raw()
    text = _flatten(raw, " ").replace(f" {raw['t3_d1_law']} ", " ", 1)
    reading = read_published("flat.txt", text.encode())
    assert {u.number_id for u in reading.unplaced} == {t3_id("d1", c) for c in T3_COLS}
    assert "6个以空格分开的数" in reading.unplaced[0].reason


@needs_realdocs
def test_cell_a_line_export_reads_every_figure() -> None:
    reading = read_published(SEED.name, SEED.read_bytes())
    assert reading.unplaced == [] and reading.format == "2021"
    assert (reading.name, reading.year) == ("青同镇人民政府", 2024)
    assert reading.figures["t2_lic"].raw == "570"
    assert reading.figures["t2_lic"].where.text().startswith("第") and reading.figures["t2_lic"].where.line
    assert reading.figures["t2_pen"].raw == "2"
    assert len(reading.headings) == 6


@needs_realdocs
@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_cell_a_line_export_with_a_missing_value_line_and_crlf(encoding: str) -> None:
    text = SEED.read_text(encoding="utf-8")
    lines = text.split("\n")
    at = next(i for i, line in enumerate(lines) if "1.属于国家秘密" in line)
    del lines[at + 3]  # one of the seven figures of the row is gone
    reading = read_published("seed.txt", "\r\n".join(lines).encode(encoding))
    assert {u.number_id for u in reading.unplaced} == {t3_id("d1", c) for c in T3_COLS}
    assert "该行标签后有6个数，表头有7栏" in reading.unplaced[0].reason


@needs_realdocs
def test_2019_format_report_is_recognised_not_read_as_2021_tables() -> None:
    reading = read_published("pingtan2020.txt", (REALDOCS / "pingtan2020.txt").read_bytes())
    assert reading.format == "2019"
    assert any("2019年试行格式" in p for p in reading.problems)
    unplaced = {u.number_id: u.reason for u in reading.unplaced}
    t2 = {n.id for n in SPEC.numbers if n.table == "T2"}
    other_rows = {t3_id(k, c) for k in ("o1", "o2", "o3") for c in T3_COLS}
    assert t2 | other_rows <= set(unplaced)
    assert all("2019年试行格式" in unplaced[i] for i in t2 | other_rows)
    assert not (t2 | other_rows) & set(reading.figures)
    # The rows the two formats share are read where their figures can be told apart: all zeros here.
    assert {reading.figures[t3_id("carry", c)].raw for c in T3_COLS} == {"0"}
    assert {f.raw for i, f in reading.figures.items() if i.startswith("t4_")} == {"0"}
    assert reading.sections["二"] == ""  # the 2019 table's text is cut out of the prose too
