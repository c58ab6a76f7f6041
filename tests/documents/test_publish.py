"""The publishable report of each accepted body (年度报告/*.docx, *.html), read back and compared with the spec.

Headings in the official order, every table figure equal to the validated one, merged cells exactly where
the official layout merges, text escaped, no external resources; the seed township's .docx through
LibreOffice to PDF keeps every word and every full stop.
"""

from __future__ import annotations

import random
import re
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
import pandas as pd
import pytest

from pipeline.common.filenames import safe_name
from pipeline.common.numbers import format_number
from pipeline.documents.body_reports import OUTPUT_DIRNAME_REPORTS, report_name
from pipeline.excel.workbook import FIXED_DATE
from pipeline.report import ReportResult, run_report
from pipeline.template.build import build_template
from pipeline.types import Fill, Rect
from schemas import SPEC, info
from schemas.spec import TableLayout
from tests import make_examples
from tests.docreaders import Cells, DocxReport, HtmlReport, read_docx, read_html
from tests.factories import info_for, texts_for, valid_numbers
from tests.libreoffice import SOFFICE, convert

YEAR = 2024
SEED = "青同镇人民政府"
OTHER = "县测试局"
ODD_TEXT = "第一段 <b>不是标签</b> & “引号”\n\n　　第二段=SUM(A1)，手工缩进已去掉。"


def other_body() -> Fill:
    """A department with figures everywhere (a fee with decimals), a text of two paragraphs and an empty one.

    The empty one is 五: left empty it is a warning (R-SEC5-FOLLOWUP), so the body is still accepted and its
    report published; an empty 六 would be an error (R-SEC6-FEE) and send the workbook back.
    """
    numbers = valid_numbers(random.Random(7)) | {"t2_fee": 12.35}
    texts = texts_for(OTHER) | {"s1_platform": ODD_TEXT, "s5": ""}
    return Fill(info=info_for(OTHER, "县直部门", YEAR, seed=77), numbers=numbers, texts=texts)


@dataclass
class Published:
    result: ReportResult
    docx: dict[str, DocxReport]
    html: dict[str, HtmlReport]
    paths: dict[str, Path]
    texts: dict[str, dict[str, str]]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    tmp = tmp_path_factory.mktemp("publish")
    fills = {SEED: make_examples.seed_township(), OTHER: other_body()}
    for name, fill in fills.items():
        build_template(tmp / "inbox" / f"{name}.xlsx", fill)
    result = run_report(tmp / "inbox", YEAR, tmp / "out", progress=False)
    folder = result.outdir / OUTPUT_DIRNAME_REPORTS
    paths = {name: folder / report_name(safe_name(name), YEAR, ".docx") for name in fills}
    return Published(result, {n: read_docx(p) for n, p in paths.items()},
                     {n: read_html(p.with_suffix(".html")) for n, p in paths.items()}, paths,
                     {n: f.texts for n, f in fills.items()})


def expected_headings() -> list[tuple[int, str]]:
    """The six section headings, each followed by its sub-part headings (section 一's five)."""
    out: list[tuple[int, str]] = []
    for heading in SPEC.section_headings:
        out.append((1, heading))
        out += [(2, f.heading) for f in SPEC.text_fields
                if f.section == heading.split("、")[0] and f.heading != heading]
    return out


def expected_cells(layout: TableLayout, values: pd.Series) -> Cells:
    """The layout below its title row: labels and figures, with the spans the layout merges."""
    first = min(b.row for b in layout.blocks if b.role != "title")
    cells: Cells = {(b.row - first, b.col): (b.last_row - b.row + 1, b.last_col - b.col + 1, b.text)
                    for b in layout.blocks if b.role != "title"}
    wide = {(r, c): last for r, c, _, last in layout.value_merges}
    for n in layout.numbers:
        span = wide.get((n.row, n.col), n.col) - n.col + 1
        cells[(n.row - first, n.col)] = (1, span, format_number(float(values[n.id])))
    return cells


def validated(published: Published, name: str) -> pd.Series:
    accepted = published.result.accepted
    return accepted[accepted["name"] == name].iloc[0]


def test_both_bodies_are_accepted(published: Published) -> None:
    assert sorted(published.result.accepted["name"]) == sorted([SEED, OTHER])
    # the one problem: OTHER's empty 五, a warning at its cell of 文字内容
    (issue,) = published.result.issues
    s5 = next(f for f in SPEC.text_fields if f.id == "s5")
    assert (issue.body, issue.rule, issue.is_error, issue.sheet) == (OTHER, "R-SEC5-FOLLOWUP", False, SPEC.sheets.text)
    assert issue.cells == (Rect.cell(s5.row, SPEC.text_value_col),)
    assert issue.message == f"“{s5.heading}”未填写，请补充"


@pytest.mark.parametrize("name", [SEED, OTHER])
def test_docx_title_opening_and_headings(published: Published, name: str) -> None:
    report = published.docx[name]
    title = info.REPORT_TITLE.format(name=name, year=YEAR)
    assert report.title.replace("\n", "") == title == report.core_title
    assert report.paragraphs[0] == info.REPORT_OPENING.format(year=YEAR)
    assert f"统计期限为{YEAR}年1月1日至{YEAR}年12月31日" in report.paragraphs[0]
    assert report.headings == expected_headings()


@pytest.mark.parametrize("name", [SEED, OTHER])
def test_docx_tables_are_the_official_layout_with_the_validated_figures(published: Published, name: str) -> None:
    report, values = published.docx[name], validated(published, name)
    assert [report.tables[i] for i in range(len(SPEC.tables))] == [expected_cells(t, values) for t in SPEC.tables]
    # each table right after its section heading
    for i, layout in enumerate(SPEC.tables):
        at = report.order.index(f"table:{i}")
        assert report.order[at - 1] == f"h1:{layout.title}"


def test_docx_merges_where_the_layout_merges(published: Published) -> None:
    cells = published.docx[SEED].tables[1]  # 表三
    merged = {k: v[:2] for k, v in cells.items() if v[:2] != (1, 1)}
    layout = SPEC.table("T3")
    assert merged == {(b.row - 1, b.col): (b.last_row - b.row + 1, b.last_col - b.col + 1)
                      for b in layout.blocks if b.role != "title" and (b.row, b.col) != (b.last_row, b.last_col)}
    assert merged[(0, 0)] == (3, 3)  # the corner note: three label columns by three header rows


def test_docx_texts_are_the_workbook_texts(published: Published) -> None:
    body = published.docx[SEED].paragraphs
    for field in SPEC.text_fields:
        for line in make_examples.SEED_TEXTS[field.id].split("\n"):
            assert line.strip() in body
    other = published.docx[OTHER].paragraphs
    assert "第一段 <b>不是标签</b> & “引号”" in other and "第二段=SUM(A1)，手工缩进已去掉。" in other
    assert info.REPORT_EMPTY_SECTION in other  # 五 was left empty: said so, not silently blank


def test_docx_fonts_are_chinese_on_every_run(published: Published) -> None:
    report = published.docx[OTHER]
    assert report.runs_without_east_asia == 0
    assert {"仿宋_GB2312", "黑体", "楷体_GB2312", "方正小标宋简体", "宋体"} <= report.east_asia_fonts
    fonts = zipfile.ZipFile(published.paths[OTHER]).read("word/fontTable.xml").decode()
    assert '<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>' in fonts


def test_docx_is_reproducible(published: Published) -> None:
    path = published.paths[OTHER]
    assert {i.date_time for i in zipfile.ZipFile(path).infolist()} == {(FIXED_DATE.year, 1, 1, 0, 0, 0)}
    props = docx.Document(str(path)).core_properties
    assert {d.replace(tzinfo=None) for d in (props.created, props.modified)} == {FIXED_DATE}
    # A second full run is compared byte for byte in test_report.test_outputs_are_deterministic.


@pytest.mark.parametrize("name", [SEED, OTHER])
def test_html_matches_the_docx(published: Published, name: str) -> None:
    page, report = published.html[name], published.docx[name]
    assert page.h1 == report.title
    assert page.title == report.core_title
    assert page.headings == expected_headings()
    assert page.paragraphs == report.paragraphs
    values = validated(published, name)
    assert page.tables == [expected_cells(t, values) for t in SPEC.tables]
    assert [o for o in page.order if o.startswith("table")] == [f"table:{i}" for i in range(len(SPEC.tables))]


def test_html_header_rows_are_thead(published: Published) -> None:
    # 表三, 表四: three header rows; 表二 heads each band anew, so it has none at the top
    assert published.html[SEED].thead_rows == [0, 3, 3]


def test_html_is_self_contained_and_escaped(published: Published) -> None:
    page = published.html[OTHER]
    raw = published.paths[OTHER].with_suffix(".html").read_text(encoding="utf-8")
    assert page.tags.isdisjoint({"script", "link", "img", "iframe", "object", "embed", "b"})
    assert page.attributes.isdisjoint({"src", "href", "onload", "onclick"})
    assert "url(" not in raw and "@import" not in raw
    assert 'name="viewport"' in raw and "overflow-x: auto" in page.style
    assert "&lt;b&gt;不是标签&lt;/b&gt; &amp; “引号”" in raw
    assert "serif" in page.style


def cell_of(number_id: str) -> tuple[int, int]:
    """Where a number sits in a document table (the layout's title row is not part of it)."""
    n = SPEC.number(number_id)
    return n.row - 1, n.col


def test_seed_report_reads_like_the_original(published: Published) -> None:
    """The seed township's text, paragraph for paragraph and in the published order, and its figures."""
    report = published.docx[SEED]
    lines = [line.strip() for f in SPEC.text_fields for line in make_examples.SEED_TEXTS[f.id].split("\n")]
    at = [report.paragraphs.index(line) for line in lines]
    assert at == sorted(at)
    t2 = report.tables[0]
    assert (t2[cell_of("t2_lic")][2], t2[cell_of("t2_pen")][2], t2[cell_of("t2_fee")][2]) == ("570", "2", "0")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (.ci/run installs it)")
def test_seed_docx_renders_in_libreoffice(published: Published, tmp_path: Path) -> None:
    pdf = convert(published.paths[SEED], "pdf", tmp_path)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split())
    positions = [flat.find(h) for h in [SEED, *SPEC.section_headings]]
    assert -1 not in positions and positions == sorted(positions)
    assert "570" in flat and "未收到政府信息公开申请，未引发行政复议、行政诉讼案件。" in flat
    # Every paragraph is printed whole, each full stop and comma included (LibreOffice dropped the last mark of
    # a justified line); page footers (— 2 —) are taken out of the text first.
    flat = re.sub(r"—\d+—", "", flat)
    for text in make_examples.SEED_TEXTS.values():
        for line in text.split("\n"):
            assert "".join(line.split()) in flat
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert 3 <= int(next(line.split()[-1] for line in pages.splitlines() if line.startswith("Pages"))) <= 5


def test_other_documents_are_not_mixed_up(published: Published) -> None:
    """Each body's report carries its own name and figures only."""
    assert published.docx[OTHER].title.startswith(OTHER)
    assert published.docx[OTHER].tables[0][cell_of("t2_fee")][2] == "12.35"
    assert published.html[OTHER].tables[0][cell_of("t2_fee")][2] == "12.35"


def test_pasted_control_characters_do_not_stop_the_report(tmp_path: Path) -> None:
    """Text pasted from Word may hold a vertical tab or other control characters, which XML forbids."""
    from pipeline.documents.model import body_report
    from pipeline.documents.web import write_html
    from pipeline.documents.word import write_docx

    texts = {"s1_active": "第一段\x0b第二段\x01。", "s5": "甲\r\n乙\x0c丙"}
    parts = body_report("某\x07单位", YEAR, {n.id: 0.0 for n in SPEC.numbers}, texts)
    report = read_docx(write_docx(tmp_path / "r.docx", parts))
    assert report.title.replace("\n", "") == info.REPORT_TITLE.format(name="某单位", year=YEAR)
    assert {"第一段", "第二段。", "甲", "乙", "丙"} <= set(report.paragraphs)
    assert read_html(write_html(tmp_path / "r.html", parts)).paragraphs == report.paragraphs
