"""Three levels with the project's own command: counties run `report`, their 汇总.xlsx go into their city's inbox,
the cities' into the province's. The province's figures are the sum of the counties' visible 汇总 sheets."""

from __future__ import annotations

import math
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from pipeline.excel.tables import stacked_cells
from pipeline.outputs.charts import BLOCK_ROWS, CHART_SHEET
from pipeline.settings import ROLLUP_NAME
from schemas import SPEC
from schemas.hierarchy import REGION_INDICATOR_SHEET, REGION_STATUS_SHEET, REGIONS_SHEET, ROLLUP_TOTALS_SHEET
from tests.hierarchy import county_inbox, record_of
from tests.xlsx_audit import problems

ROOT = Path(__file__).resolve().parent.parent
TREE = {"甲市": ("甲一县", "甲二县"), "乙市": ("乙一县", "乙二县")}
BODIES = 3


def report(inbox: Path, out: Path, region: str) -> Path:
    done = subprocess.run([sys.executable, "-m", "pipeline", "report", "--inbox", str(inbox), "--year", "2024",
                           "--out", str(out), "--only-rollup", "--jobs", "1", "--region", region],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return out / "2024" / ROLLUP_NAME


def shown_totals(path: Path) -> dict[str, float]:
    grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(ROLLUP_TOTALS_SHEET).to_python(skip_empty_area=False)
    return {k: float(grid[r][c]) for k, (r, c) in stacked_cells(SPEC.tables).items()}


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    work = tmp_path_factory.mktemp("tree")
    counties = []
    for c, (city, names) in enumerate(TREE.items()):
        for k, county in enumerate(names):
            inbox = county_inbox(work / "county" / county, county, BODIES, seed=10 * c + k)
            counties.append(report(inbox, work / "out" / county, county))
            shutil.copyfile(counties[-1], (work / "cityinbox" / city / county).mkdir(parents=True) or
                            work / "cityinbox" / city / county / ROLLUP_NAME)
        rolled = report(work / "cityinbox" / city, work / "out" / city, city)
        (work / "provinceinbox" / city).mkdir(parents=True)
        shutil.copyfile(rolled, work / "provinceinbox" / city / ROLLUP_NAME)
    return report(work / "provinceinbox", work / "out" / "某省", "某省"), counties


def test_the_province_is_the_sum_of_its_counties(province: tuple[Path, list[Path]]) -> None:
    top, counties = province
    got = shown_totals(top)
    for k in got:
        assert math.isclose(got[k], math.fsum(shown_totals(p)[k] for p in counties), abs_tol=1e-6), k
    head, bodies = record_of(top)
    assert (head.region, head.level, len(bodies)) == ("某省", 2, 4 * BODIES)
    assert {b.path[:3] for b in bodies} == {("某省", city, county) for city, names in TREE.items() for county in names}


def test_the_provinces_sheets_name_its_cities(province: tuple[Path, list[Path]]) -> None:
    book = CalamineWorkbook.from_path(str(province[0]))
    regions = book.get_sheet_by_name(REGIONS_SHEET).to_python()
    assert [(r[0], r[1]) for r in regions[1:]] == [("乙市", 2 * BODIES), ("甲市", 2 * BODIES)]
    status = book.get_sheet_by_name(REGION_STATUS_SHEET).to_python()
    assert [(r[0], r[2], r[4], r[5], r[6]) for r in status[1:]] == [
        ("乙市", "已报送", "市级", 2 * BODIES, 2 * BODIES), ("甲市", "已报送", "市级", 2 * BODIES, 2 * BODIES)]
    detail = book.get_sheet_by_name("明细").to_python()
    assert detail[0][4] == "区划" and {r[4].split("/")[0] for r in detail[1:-1]} == set(TREE)
    ranked = book.get_sheet_by_name(REGION_INDICATOR_SHEET).to_python()
    assert [r[0] for r in ranked[3:5]] == ["乙市", "甲市"] and ranked[5][0] == "全省"


def test_every_levels_roll_up_is_in_excels_own_forms(province: tuple[Path, list[Path]]) -> None:
    top, counties = province
    cities = sorted(top.parents[2].glob(f"*市/2024/{ROLLUP_NAME}"))
    assert len(cities) == len(TREE)
    assert {p.parent.parent.name: problems(p) for p in [top, *cities, *counties] if problems(p)} == {}


def test_the_provinces_report_speaks_of_the_province_and_its_cities(province: tuple[Path, list[Path]]) -> None:
    html = (province[0].parent / "汇总报告.html").read_text(encoding="utf-8")
    assert "全省政府信息公开工作年度报告汇总" in html and "全县" not in html
    assert "本汇总包括2个下级区划：乙市、甲市" in html


def test_every_levels_chart_titles_name_its_scope(province: tuple[Path, list[Path]]) -> None:
    top, counties = province
    city = next(top.parents[2].glob(f"*市/2024/{ROLLUP_NAME}"))
    for path, scope in ((top, "全省"), (city, "全市"), (counties[0], "全县")):
        title = f"{scope}政府信息公开申请办理结果构成"
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(CHART_SHEET).to_python(skip_empty_area=False)
        assert sheet[BLOCK_ROWS][0] == title
        with zipfile.ZipFile(path) as zf:
            charts = [zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/charts/chart")]
        assert sum(title in c for c in charts) == 1, path
        assert all(other not in c for c in charts for other in {"全县", "全市", "全省"} - {scope}), path
