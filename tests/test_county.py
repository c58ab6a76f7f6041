"""County level: the 指标 and 图表 sheets of 汇总.xlsx and the summary document 汇总报告.docx/.html.

One run over four bodies with figures chosen so that every indicator has a value, a blank and a flag.
Expected values are computed here from the accepted figures, not with the pipeline's own helpers.
"""

from __future__ import annotations

import math
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from lxml import etree
from python_calamine import CalamineWorkbook

from pipeline.common.numbers import format_number
from pipeline.decide.indicators import INDICATOR_SHEET
from pipeline.documents.county_report import COUNTY_REPORT_STEM, write_county_documents
from pipeline.outputs.charts import CHART_SHEET
from pipeline.outputs.county import write_county_outputs
from pipeline.outputs.indicator_sheet import COUNTY_LABEL, FIRST_ROW
from pipeline.outputs.rollup import write_rollup
from pipeline.report import ReportResult, RunOptions, run_report
from pipeline.settings import ROLLUP_NAME
from pipeline.template.build import build_template
from pipeline.types import Fill
from schemas import SPEC
from schemas.indicators import INDICATORS, RESULT_CATEGORIES
from tests import make_examples
from tests.docreaders import read_docx, read_html
from tests.documents.test_publish import expected_cells
from tests.factories import info_for, texts_for, valid_numbers

YEAR = 2024
THRESHOLDS = {"disclosure": (0.6, 0.4)}  # given on the "command line"
C = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _body(name: str, kind: str, seed: int) -> Fill:
    import random

    return Fill(info=info_for(name, kind, YEAR, seed=seed), numbers=valid_numbers(random.Random(seed)),
                texts=texts_for(name))


def _yellow_body() -> Fill:
    """10 applications from one person: 5 disclosed (50%), 2 withheld (20%), 3 not available (30%); 1 of 10
    lawsuits corrected (10%): yellow for 实质公开率 (given 60/40), 不予公开率 and 纠错率, none for 无法提供率."""
    zero = {n.id: 0 for n in SPEC.numbers if n.table in ("T3", "T4") and not n.derived}
    fill = _body("县教育局", "县直部门", 12)
    figures = {"t3_new_np": 10, "t3_open_np": 5, "t3_d1_np": 2, "t3_u1_np": 3, "t4_ld_keep": 9, "t4_ld_corr": 1}
    return Fill(info=fill.info, numbers=fill.numbers | zero | figures, texts=fill.texts)


BODIES = {
    "青同镇人民政府": make_examples.seed_township(),  # no applications, no cases: every ratio blank
    "东港街道办事处": _body("东港街道办事处", "街道", 11),
    "县教育局": _yellow_body(),
    "县人民政府办公室": _body("县人民政府办公室", "县政府办", 13),
}


@dataclass
class County:
    result: ReportResult
    accepted: pd.DataFrame
    totals: dict[str, float]
    rollup: Path


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> County:
    tmp = tmp_path_factory.mktemp("county")
    for name, fill in BODIES.items():
        build_template(tmp / "inbox" / f"{name}.xlsx", fill)
    result = run_report(tmp / "inbox", YEAR, tmp / "out", progress=False, options=RunOptions(thresholds=THRESHOLDS))
    accepted = result.accepted
    totals = {n.id: float(accepted[n.id].sum()) for n in SPEC.numbers}
    return County(result, accepted, totals, result.outdir / ROLLUP_NAME)


def t3(frame: Any, row: str) -> Any:
    return frame[f"t3_{row}_total"]


def expected_ratios(f: Any) -> dict[str, Any]:
    """The five indicators, written out from their definitions."""
    decided = sum(f[f"t4_{g}_total"] - f[f"t4_{g}_pend"] for g in ("rv", "ld", "lr"))
    return {
        "disclosure": (t3(f, "open") + t3(f, "part"), t3(f, "tot")),
        "withheld": (sum(t3(f, f"d{i}") for i in range(1, 9)), t3(f, "tot")),
        "unavailable": (sum(t3(f, f"u{i}") for i in range(1, 4)), t3(f, "tot")),
        "corrected": (sum(f[f"t4_{g}_corr"] for g in ("rv", "ld", "lr")), decided),
        "carried": (t3(f, "next"), t3(f, "new") + t3(f, "carry")),
    }


def _sheet(path: Path, name: str) -> list[list[Any]]:
    return CalamineWorkbook.from_path(str(path)).get_sheet_by_name(name).to_python(skip_empty_area=False)


def test_every_body_is_accepted(county: County) -> None:
    assert sorted(county.accepted["name"]) == sorted(BODIES)


def test_indicator_sheet_values_blanks_ranks_and_flags(county: County) -> None:
    grid = _sheet(county.rollup, INDICATOR_SHEET)
    rows = grid[FIRST_ROW:FIRST_ROW + len(county.accepted)]
    assert [r[0] for r in rows] == list(county.accepted["name"])
    for k, ind in enumerate(INDICATORS):
        col = 2 + 3 * k
        assert grid[FIRST_ROW - 2][col] == ind.name
        yellow, red = THRESHOLDS.get(ind.id, (ind.yellow, ind.red))
        got = [(r[col], r[col + 1], r[col + 2]) for r in rows]
        values = []
        for (num, den), (value, rank, flag) in zip(
                (expected_ratios(b)[ind.id] for _, b in county.accepted.iterrows()), got, strict=True):
            if den == 0:
                assert (value, rank, flag) == ("", "", ""), f"{ind.name}: blank, not 0%, without a denominator"
                continue
            assert value == pytest.approx(num / den)
            worse = (lambda v, t: v < t) if ind.higher_is_better else (lambda v, t: v > t)  # noqa: E731
            assert flag == ("红" if worse(num / den, red) else "黄" if worse(num / den, yellow) else "")
            values.append((num / den, rank))
        best_first = sorted(values, key=lambda v: -v[0] if ind.higher_is_better else v[0])
        assert [r for _, r in best_first] == sorted(r for _, r in values) and best_first[0][1] == 1
    county_row = grid[FIRST_ROW + len(county.accepted)]
    assert county_row[0] == COUNTY_LABEL
    num, den = expected_ratios(county.totals)["disclosure"]
    assert county_row[2] == pytest.approx(num / den)


def test_flags_of_the_designed_body(county: County) -> None:
    grid = _sheet(county.rollup, INDICATOR_SHEET)
    row = next(r for r in grid if r[0] == "县教育局")
    assert [row[4 + 3 * k] for k in range(len(INDICATORS))] == ["黄", "黄", "", "黄", ""]
    assert [row[2 + 3 * k] for k in range(len(INDICATORS))] == pytest.approx([0.5, 0.2, 0.3, 0.1, 0.0])


def test_seed_township_has_only_blank_ratios(county: County) -> None:
    grid = _sheet(county.rollup, INDICATOR_SHEET)
    row = next(r for r in grid if r[0] == "青同镇人民政府")
    assert set(row[2:2 + 3 * len(INDICATORS)]) == {""}


def _charts(path: Path) -> list[tuple[str, list[str], list[float], str, str]]:
    """(chart type, cached categories, cached values, category ref, value ref) of each chart."""
    out = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if n.startswith("xl/charts/chart")):
            root = etree.fromstring(z.read(name))
            kind = etree.QName(root.find(f".//{{{C}}}plotArea")[1]).localname
            cats = [v.text for v in root.iterfind(f".//{{{C}}}cat//{{{C}}}v")]
            vals = [float(v.text) for v in root.iterfind(f".//{{{C}}}val//{{{C}}}v")]
            cat_ref, val_ref = (root.find(f".//{{{C}}}{p}//{{{C}}}f").text for p in ("cat", "val"))
            out.append((kind, cats, vals, cat_ref, val_ref))
    return out


def test_charts_are_native_and_show_the_figures(county: County) -> None:
    charts = _charts(county.rollup)
    assert [c[0] for c in charts] == ["barChart", "pieChart", "barChart"]
    assert all(c[3].startswith(f"{CHART_SHEET}!") and c[4].startswith(f"{CHART_SHEET}!") for c in charts)
    frame, new = county.accepted, "t3_new_total"
    kinds = [k for k in SPEC.body_kinds if k in set(frame["kind"])]
    assert charts[0][1:3] == (kinds, [float(frame.loc[frame["kind"] == k, new].sum()) for k in kinds])
    mix = [sum(county.totals[f"t3_{r}_total"] for r in rows) for _, rows in RESULT_CATEGORIES]
    assert charts[1][1:3] == ([name for name, _ in RESULT_CATEGORIES], mix)
    top = frame[frame[new] > 0].sort_values([new, "name"], ascending=[False, True])
    assert charts[2][1:3] == (list(top["name"]), [float(v) for v in top[new]])
    grid = _sheet(county.rollup, CHART_SHEET)  # the cells the charts read hold the same figures
    col, first, last = _range(charts[1][4])
    assert [grid[r][col] for r in range(first, last + 1)] == mix


def _range(ref: str) -> tuple[int, int, int]:
    """'图表!$B$23:$B$28' -> (1, 22, 27)."""
    a, b = ref.split("!")[1].replace("$", "").split(":")
    return ord(a[0]) - ord("A"), int(a[1:]) - 1, int(b[1:]) - 1


def test_county_document_sentences(county: County) -> None:
    doc = read_docx(county.result.outdir / f"{COUNTY_REPORT_STEM}.docx")
    text = "".join(doc.paragraphs)
    t = county.totals
    assert f"全县共有{len(BODIES)}个单位的年度报告通过校验并纳入汇总" in text
    assert f"全县共收到政府信息公开申请{format_number(t['t3_new_total'])}件，" in text
    assert f"另有上年结转{format_number(t['t3_carry_total'])}件" in text
    assert f"本年度办结{format_number(t['t3_tot_total'])}件" in text
    assert f"结转下年度继续办理{format_number(t['t3_next_total'])}件" in text
    assert f"作出行政许可决定{format_number(t['t2_lic'])}件" in text
    assert f"收取行政事业性收费{format_number(t['t2_fee'])}万元" in text
    reviews = format_number(t["t4_rv_total"])
    suits = format_number(t["t4_ld_total"] + t["t4_lr_total"])
    assert f"被申请行政复议{reviews}件" in text and f"被提起行政诉讼{suits}件" in text
    for name, rows in RESULT_CATEGORIES:
        assert f"{name}{format_number(sum(t[f't3_{r}_total'] for r in rows))}件" in text


def test_county_document_tables_are_the_sums(county: County) -> None:
    path = county.result.outdir / f"{COUNTY_REPORT_STEM}.docx"
    doc, page = read_docx(path), read_html(path.with_suffix(".html"))
    sums = pd.Series(county.totals)
    expected = [expected_cells(t, sums) for t in SPEC.tables]
    assert doc.tables[1:] == expected  # the first table lists the indicators
    assert page.tables[1:] == expected
    assert [h for lvl, h in doc.headings if lvl == 1] == list(SPEC.section_headings[:4])
    assert page.headings == doc.headings
    indicators = doc.tables[0]
    num, den = expected_ratios(county.totals)["disclosure"]
    assert indicators[(1, 1)][2] == f"{num / den * 100:.1f}%"
    assert not math.isnan(num / den)


def test_county_outputs_at_once_are_the_files_written_one_by_one(county: County, tmp_path: Path) -> None:
    statuses = county.result.statuses
    one_by_one, at_once = tmp_path / "a", tmp_path / "b"
    one_by_one.mkdir()
    at_once.mkdir()
    write_rollup(one_by_one / ROLLUP_NAME, YEAR, county.accepted, statuses, (), SPEC, THRESHOLDS)
    write_county_documents(one_by_one, YEAR, county.accepted, statuses, SPEC, THRESHOLDS)
    written = write_county_outputs(at_once, at_once / ROLLUP_NAME, YEAR, county.accepted, statuses, (), SPEC,
                                   THRESHOLDS)
    assert sorted(p.name for p in written) == sorted(p.name for p in one_by_one.iterdir())
    for path in written:
        assert path.read_bytes() == (one_by_one / path.name).read_bytes(), path.name
