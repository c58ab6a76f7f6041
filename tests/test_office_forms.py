"""Issue 16: every .xlsx we write is in the forms Excel itself writes, which WPS and every other suite open:
shared strings (no inline strings), a cached value for every formula, and a <dimension> equal to the cells;
and every cached value is the one an office suite computes (viewers that do not recalculate show it)."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pipeline.excel.workbook import new_workbook
from pipeline.template.build import TEMPLATE_FILENAME
from tests import make_examples
from tests.formula_cache import formula_values, stale_chart_caches, stale_formulas
from tests.libreoffice import convert_many
from tests.xlsx_audit import problems

ROOT = Path(__file__).resolve().parent.parent
ROSTER = ROOT / "examples" / "单位名单.csv"


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Every .xlsx of `make report` (output/2024), the personal templates and the committed blank template."""
    out = tmp_path_factory.mktemp("forms")
    report = subprocess.run([sys.executable, "-m", "pipeline", "report", "--inbox", str(make_examples.INBOX),
                             "--year", "2024", "--out", str(out), "--roster", str(ROSTER)], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert report.returncode == 1, report.stderr
    templates = subprocess.run([sys.executable, "-m", "pipeline", "templates", "--roster", str(ROSTER), "--year",
                                "2024", "--out", str(out / "填报模板")], cwd=ROOT, capture_output=True, text=True,
                               timeout=300)
    assert templates.returncode == 0, templates.stderr
    return [*sorted(out.rglob("*.xlsx")), ROOT / "input_templates" / TEMPLATE_FILENAME]


def test_the_run_writes_every_kind_of_workbook(written: list[Path]) -> None:
    names = {p.name for p in written}
    assert {"汇总.xlsx", "问题清单.xlsx", TEMPLATE_FILENAME} <= names
    assert any(n.endswith("表格.xlsx") for n in names) and any(n.endswith("退回修改.xlsx") for n in names)
    assert len([p for p in written if p.parent.name == "填报模板"]) >= 7


def test_every_workbook_is_in_excels_own_forms(written: list[Path]) -> None:
    assert {p.name: problems(p) for p in written if problems(p)} == {}


def test_every_formula_is_checked(written: list[Path]) -> None:
    # The check above must see formulas at all: the template and the roll-up have many.
    with zipfile.ZipFile(ROOT / "input_templates" / TEMPLATE_FILENAME) as zf:
        formulas = sum(len(re.findall(rb"<f>", zf.read(n))) for n in zf.namelist() if n.startswith("xl/worksheets/"))
    assert formulas > 100


def test_every_cached_value_is_what_libreoffice_recalculates(written: list[Path], tmp_path: Path) -> None:
    with_formulas = [p for p in written if formula_values(p)]
    names = {p.name for p in with_formulas}
    # The blank template, every personal template and every marked copy of the sample run.
    assert TEMPLATE_FILENAME in names and {p.name for p in written if p.parent.name == "填报模板"} <= names
    assert {p.name for p in written if p.name.endswith("退回修改.xlsx")} <= names
    # One LibreOffice start per core for all of them (each start costs about 2 s).
    recalculated = convert_many(with_formulas, "xlsx", tmp_path / "recalculated", jobs=min(2, os.cpu_count() or 1))
    stale = [line for original, again in zip(with_formulas, recalculated, strict=True)
             for line in stale_formulas(original, again)]
    assert stale == []


def test_every_chart_caches_the_cells_it_shows(written: list[Path]) -> None:
    charted = [p for p in written if any(n.startswith("xl/charts/") for n in zipfile.ZipFile(p).namelist())]
    assert "汇总.xlsx" in {p.name for p in charted}
    assert [line for p in charted for line in stale_chart_caches(p)] == []


def test_the_cache_checks_find_a_wrong_cached_value(tmp_path: Path) -> None:
    good = _xlsx(tmp_path, False)
    assert formula_values(good) == {("表", "B2"): 2.0, ("表", "B3"): ""}
    wrong = tmp_path / "wrong.xlsx"
    wrong.write_bytes(good.read_bytes())
    _rewrite(wrong, "xl/worksheets/sheet1.xml", (b"<v>2</v>", b"<v>3</v>"))
    assert stale_formulas(wrong, good) == ["wrong.xlsx 表!B2: cached 3.0, recalculated 2.0"]


def test_the_chart_check_finds_a_wrong_cached_point(tmp_path: Path) -> None:
    dest = tmp_path / "chart.xlsx"
    wb = new_workbook(dest, "试")
    ws = wb.add_worksheet("图表")
    ws.write_column(0, 0, [3, 4])
    chart = wb.add_chart({"type": "column"})
    chart.add_series({"values": "=图表!$A$1:$A$2"})
    ws.insert_chart(0, 2, chart)
    wb.close()
    assert stale_chart_caches(dest) == []
    _rewrite(dest, "xl/charts/chart1.xml", (b"<c:v>4</c:v>", b"<c:v>5</c:v>"))
    assert stale_chart_caches(dest) == ["chart.xlsx xl/charts/chart1.xml 图表!$A$1:$A$2[1]: cached '5', cell 4.0"]


def _xlsx(tmp_path: Path, constant_memory: bool) -> Path:
    dest = tmp_path / f"{constant_memory}.xlsx"
    wb = new_workbook(dest, "试", constant_memory=constant_memory)
    ws = wb.add_worksheet("表")
    ws.write_string(0, 0, "文字")
    ws.write_formula(1, 1, "=1+1", None, 2)
    ws.write_formula(2, 1, '=""', None, "")
    wb.close()
    return dest


def _rewrite(path: Path, part: str, change: tuple[bytes, bytes]) -> None:
    with zipfile.ZipFile(path) as zf:
        parts = {n: zf.read(n) for n in zf.namelist()}
    assert change[0] in parts[part]
    parts[part] = parts[part].replace(*change)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    path.write_bytes(buf.getvalue())


def test_the_audit_finds_each_departure(tmp_path: Path) -> None:
    assert problems(_xlsx(tmp_path, False)) == []
    assert any("inline strings" in p for p in problems(_xlsx(tmp_path, True)))
    no_value = _xlsx(tmp_path, False)
    _rewrite(no_value, "xl/worksheets/sheet1.xml", (b"<v>2</v>", b""))
    assert problems(no_value) == ["xl/worksheets/sheet1.xml: formula without a cached value in B2"]
    untyped = _xlsx(tmp_path, False)
    _rewrite(untyped, "xl/worksheets/sheet1.xml", (b' t="str"><f>""', b'><f>""'))
    assert problems(untyped) == ["xl/worksheets/sheet1.xml: formula with an untyped empty cached value in B3"]
    wrong = _xlsx(tmp_path, False)
    _rewrite(wrong, "xl/worksheets/sheet1.xml", (b'<dimension ref="A1:B3"/>', b'<dimension ref="A1"/>'))
    assert problems(wrong) == ['xl/worksheets/sheet1.xml: <dimension ref="A1"> but the cells use A1:B3']
