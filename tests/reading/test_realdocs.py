"""Real published reports: every transcribed figure of figures.json comes back exactly, with body, year and headings."""

from __future__ import annotations

import pytest

from pipeline.reading.published.read import read_published
from schemas import SPEC
from schemas.info import SECTION_HEADINGS
from tests.reading.realdocs import REALDOCS, expected_figures, needs_realdocs, raw_matches, transcriptions

HTML_DOCS = ("pingtan2023.html", "pingtan2024.html", "shuyang_fgj2023.html")

pytestmark = needs_realdocs


def _read(file: str):  # type: ignore[no-untyped-def]
    return read_published(file, (REALDOCS / file).read_bytes())


def test_transcriptions_cover_every_spec_figure() -> None:
    for file in (*HTML_DOCS, "pingtan2024.txt"):
        assert set(expected_figures(file)) == {n.id for n in SPEC.numbers}


@pytest.mark.parametrize("file", HTML_DOCS)
def test_html_report_reproduces_every_transcribed_figure(file: str) -> None:
    reading = _read(file)
    expected = expected_figures(file)
    assert reading.unplaced == []
    wrong = {i: (reading.figures[i].raw, v) for i, v in expected.items() if not raw_matches(reading.figures[i].raw, v)}
    assert wrong == {}


@pytest.mark.parametrize("file", HTML_DOCS)
def test_html_report_body_year_and_headings(file: str) -> None:
    reading = _read(file)
    doc = transcriptions()[file]
    assert (reading.name, reading.year, reading.kind) == (doc["body"], doc["year"], "html")
    assert reading.title.startswith(doc["body"] + str(doc["year"]))
    numerals = [h.split("、")[0] for h, _ in reading.headings]
    assert numerals == ["一", "二", "三", "四", "五", "六"]
    assert all(where.line for _, where in reading.headings)


def test_pingtan_headings_are_the_official_ones() -> None:
    assert [h for h, _ in _read("pingtan2023.html").headings] == list(SECTION_HEADINGS)


def test_shuyang_alias_heading_and_mixed_format() -> None:
    reading = _read("shuyang_fgj2023.html")
    assert reading.headings[4][0] == "五、存在的主要问题及整改措施"
    assert reading.format == "mixed"  # 表二 labels the row 规范性文件 (the 2019 wording) in a 2021 table
    assert reading.figures["t2_norm_valid"].raw == "18"
    assert any("规范性文件" in p for p in reading.problems)


def test_shuyang_blank_cells_stay_blank_and_zero_stays_zero() -> None:
    figures = _read("shuyang_fgj2023.html").figures
    assert figures["t3_new_biz"].raw == ""
    assert figures["t3_carry_np"].raw == "0"
    assert figures["t3_new_total"].raw == "26"


def test_pingtan_sections_and_sub_parts() -> None:
    reading = _read("pingtan2023.html")
    assert reading.format == "2021"
    assert reading.sections["六"] == "2023年，无收取信息处理费情况。"  # the portal's footer is not part of it
    assert reading.texts["s6"] == reading.sections["六"]
    assert reading.texts["s1_request"].startswith("持续强化服务理念")
    assert reading.texts["s1_oversight"].startswith("常态化开展日监测")
    assert "（五）监督保障方面" not in reading.texts["s1_oversight"]
    assert reading.sections["二"] == ""  # the section is only its table


def test_where_names_the_table_cell() -> None:
    figure = _read("pingtan2023.html").figures["t3_new_total"]
    assert figure.where.text() == "第2个表格第4行第10列"
