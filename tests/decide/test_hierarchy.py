"""Every body counted once on the way up, 本级 and 全域 never added, newer roll-ups replacing older ones.

Counties are run with the project's own report over real workbooks; their 汇总.xlsx go into a city's inbox.
Expected totals are summed here from the counties' own records, not with the pipeline's helpers.
"""

from __future__ import annotations

import math
import os
import shutil
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from pipeline.decide.hierarchy import REGION, Region
from pipeline.report import summary_text
from pipeline.settings import ROLLUP_NAME
from pipeline.types import Status
from schemas import SPEC
from schemas.hierarchy import REGION_STATUS_SHEET, REGIONS_SHEET
from tests.hierarchy import county_inbox, county_rollup, place, record_of, run_level

IDS = [n.id for n in SPEC.numbers]


@pytest.fixture(scope="module")
def counties(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("counties")
    return {name: county_rollup(work, name, 3, seed=seed, code=code)
            for name, seed, code in (("东山县", 1, "330101"), ("西山县", 2, "330102"))}


def totals(path: Path) -> dict[str, float]:
    head, _ = record_of(path)
    return dict(zip(head.ids, head.totals, strict=True))


def city_totals(result_dir: Path) -> dict[str, float]:
    return totals(result_dir / ROLLUP_NAME)


def close(a: dict[str, float], b: dict[str, float]) -> bool:
    return all(math.isclose(a[k], b[k], abs_tol=1e-6) for k in IDS)


def test_a_city_counts_each_county_once(counties: dict[str, Path], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    for name, path in counties.items():
        place(path, inbox, f"{name}/{ROLLUP_NAME}")
    result = run_level(inbox, tmp_path / "out", "某市", "330100")
    assert result.exit_code == 0 and result.tree is not None and result.tree.level == 1
    expected = {k: sum(totals(p)[k] for p in counties.values()) for k in IDS}
    assert close(city_totals(result.outdir), expected)
    assert set(result.accepted[REGION]) == {"东山县", "西山县"} and len(result.accepted) == 6
    book = CalamineWorkbook.from_path(str(result.outdir / ROLLUP_NAME))
    regions = book.get_sheet_by_name(REGIONS_SHEET).to_python()
    assert [(r[0], r[1]) for r in regions[1:]] == [("东山县", 3), ("西山县", 3)]


def test_one_regions_roll_up_saved_twice_counts_once(counties: dict[str, Path], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    place(counties["东山县"], inbox, f"东山县/{ROLLUP_NAME}")
    place(counties["东山县"], inbox, f"西山县/{ROLLUP_NAME}")  # the wrong county's file: same bodies, other region
    _, bodies = record_of(counties["东山县"])
    # Two files of one region are one region sent twice: the newer replaces the older, nothing is doubled.
    result = run_level(inbox, tmp_path / "out", "某市")
    assert sorted(s.status.name for s in result.statuses) == ["PASSED", "SUPERSEDED"]
    assert close(city_totals(result.outdir), totals(counties["东山县"]))
    assert not [i for i in result.issues if i.rule == "R-ROLLUP-TWICE"]
    assert len(bodies) == 3


def test_a_roll_up_re_saved_in_libreoffice_counts_and_the_coordinator_is_told(counties: dict[str, Path],
                                                                           tmp_path: Path) -> None:
    from tests.libreoffice import convert

    src = tmp_path / "src" / "东山县汇总.xlsx"
    src.parent.mkdir()
    src.write_bytes(counties["东山县"].read_bytes())
    inbox = tmp_path / "inbox"
    place(convert(src, "xlsx", tmp_path / "lo"), inbox, "东山县汇总.xlsx")
    place(counties["西山县"], inbox, f"西山县/{ROLLUP_NAME}")
    result = run_level(inbox, tmp_path / "out", "某市")
    # A notice, not an error: the file counts as written (its record's digest holds), the other one is not named.
    assert result.exit_code == 0 and not result.issues
    told = [t for t in result.notices if "LibreOffice" in t]
    assert len(told) == 1 and "东山县汇总.xlsx" in told[0] and "东山县" in told[0] and "照常计入" in told[0]
    assert not any("西山县" in t for t in result.notices)
    expected = {k: sum(totals(p)[k] for p in counties.values()) for k in IDS}
    assert close(city_totals(result.outdir), expected)


def test_a_body_inside_two_regions_roll_ups_is_an_error_naming_both(counties: dict[str, Path], tmp_path: Path) -> None:
    work = tmp_path / "w"
    # 南山县 counted 东山县's first body as its own as well (same workbook in its inbox).
    south_inbox = county_inbox(work / "inbox" / "南山县", "南山县", 2, seed=9)
    east_inbox = counties["东山县"].parents[2].parent / "inbox" / "东山县"
    first = sorted(east_inbox.glob("*.xlsx"))[0]
    shutil.copyfile(first, south_inbox / first.name)
    south = run_level(south_inbox, work / "out", "南山县", "330103").outdir / ROLLUP_NAME
    inbox = tmp_path / "inbox"
    place(counties["东山县"], inbox, f"东山县/{ROLLUP_NAME}")
    place(south, inbox, f"南山县/{ROLLUP_NAME}")
    result = run_level(inbox, tmp_path / "out", "某市")
    twice = [i for i in result.issues if i.rule == "R-ROLLUP-TWICE"]
    assert len(twice) == 1 and result.exit_code == 1
    assert "东山县/汇总.xlsx" in twice[0].message and "南山县/汇总.xlsx" in twice[0].message
    _, south_bodies = record_of(south)
    dup = next(b for b in south_bodies if b.name == first.stem)
    expected = {k: totals(counties["东山县"])[k] + totals(south)[k] - dup.figures[IDS.index(k)] for k in IDS}
    assert close(city_totals(result.outdir), expected)
    assert len(result.accepted) == 3 + 3 - 1


def test_a_body_sent_directly_and_inside_a_roll_up_counts_once_as_sent_directly(counties: dict[str, Path],
                                                                              tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    place(counties["东山县"], inbox, f"东山县/{ROLLUP_NAME}")
    east_inbox = counties["东山县"].parents[2].parent / "inbox" / "东山县"
    direct = sorted(east_inbox.glob("*.xlsx"))[0]
    shutil.copyfile(direct, inbox / direct.name)
    result = run_level(inbox, tmp_path / "out", "某市")
    twice = [i for i in result.issues if i.rule == "R-ROLLUP-TWICE"]
    assert len(twice) == 1 and direct.name in twice[0].message and "东山县/汇总.xlsx" in twice[0].message
    assert close(city_totals(result.outdir), totals(counties["东山县"]))
    assert len(result.accepted) == 3
    assert (result.accepted[REGION] == "").sum() == 1  # the direct copy counts, under the city itself


def test_a_newer_roll_up_of_a_region_replaces_the_older(counties: dict[str, Path], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    older = place(counties["东山县"], inbox, f"旧/{ROLLUP_NAME}")
    newer_src = county_rollup(tmp_path / "again", "东山县", 4, seed=5, code="330101")
    newer = place(newer_src, inbox, f"新/{ROLLUP_NAME}")
    os.utime(older, (1_700_000_000, 1_700_000_000))
    os.utime(newer, (1_800_000_000, 1_800_000_000))
    result = run_level(inbox, tmp_path / "out", "某市")
    status = {s.file: s for s in result.statuses}
    assert status[f"旧/{ROLLUP_NAME}"].status == Status.SUPERSEDED
    assert status[f"旧/{ROLLUP_NAME}"].superseded_by == f"新/{ROLLUP_NAME}"
    assert close(city_totals(result.outdir), totals(newer_src)) and len(result.accepted) == 4


def test_a_roll_up_of_another_year_is_refused_and_the_batch_goes_on(counties: dict[str, Path], tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    place(counties["东山县"], inbox, f"东山县/{ROLLUP_NAME}")
    old_inbox = county_inbox(tmp_path / "old", "西山县", 2, seed=2, year=2023)
    old = run_level(old_inbox, tmp_path / "oldout", "西山县", year=2023).outdir / ROLLUP_NAME
    place(old, inbox, f"西山县/{ROLLUP_NAME}")
    result = run_level(inbox, tmp_path / "out", "某市")
    issue = next(i for i in result.issues if i.rule == "R-ROLLUP-YEAR")
    assert issue.file == f"西山县/{ROLLUP_NAME}" and "2023" in issue.message
    assert close(city_totals(result.outdir), totals(counties["东山县"]))


def test_a_regions_own_report_is_its_declared_total_compared_not_added(counties: dict[str, Path],
                                                                       tmp_path: Path) -> None:
    # 东山县's own 全县 figures sent as a workbook of 东山县 (本级 and 全域 are different things).
    from pipeline.template.build import build_template
    from pipeline.types import Fill
    from tests.factories import info_for, texts_for

    inbox = tmp_path / "inbox"
    place(counties["东山县"], inbox, f"东山县/{ROLLUP_NAME}")
    county = totals(counties["东山县"])
    declared = {n.id: county[n.id] for n in SPEC.numbers if not n.derived} | {"t2_lic": county["t2_lic"] + 5}
    build_template(inbox / "东山县全县年报.xlsx", Fill(info=info_for("东山县", "其他", seed=77), numbers=declared,
                                                   texts=texts_for("东山县")))
    result = run_level(inbox, tmp_path / "out", "某市")
    differ = [i for i in result.issues if i.rule == "R-HIER-DECLARED"]
    assert [(i.file, i.sheet) for i in differ] == [("东山县全县年报.xlsx", SPEC.number("t2_lic").sheet)]
    assert close(city_totals(result.outdir), county)
    # Compared, not counted: one status for it wherever the coordinator looks, never 通过.
    own = [s for s in result.statuses if s.file == "东山县全县年报.xlsx"]
    assert [(s.status, s.warnings) for s in own] == [(Status.COMPARED, 1)] and Status.COMPARED == "只比对，不计入"
    listed = CalamineWorkbook.from_path(str(result.outdir / ROLLUP_NAME)).get_sheet_by_name("报送情况").to_python()
    assert [r[4] for r in listed[1:] if r[5] == "东山县全县年报.xlsx"] == [Status.COMPARED.value]
    assert f"全域报告 1 个，状态为“{Status.COMPARED}”" in summary_text(result)
    assert "通过 1 个" in summary_text(result)  # the county's roll-up alone
    problems = (result.outdir / "问题清单.csv").read_text(encoding="utf-8-sig")
    assert f"全域报告的状态为“{Status.COMPARED}”" in problems and "东山县全县年报.xlsx" in problems


def test_a_county_sending_its_bodies_workbooks_stands_under_that_county(tmp_path: Path) -> None:
    inbox = county_inbox(tmp_path / "inbox", "北山县", 2, seed=4)
    roster = tmp_path / "名单.csv"
    names = sorted(p.stem for p in inbox.glob("*.xlsx"))
    roster.write_text("单位名称,单位类型,上级\n" + "".join(f"{n},乡镇,北山县\n" for n in names)
                      + "北山县,县（市、区）,\n中山县,县（市、区）,\n", encoding="utf-8")
    result = run_level(inbox, tmp_path / "out", "某市", roster=roster)
    assert result.tree is not None and result.tree.level == 1
    assert list(result.accepted[REGION]) == ["北山县", "北山县"]
    _, bodies = record_of(result.outdir / ROLLUP_NAME)
    assert {b.path for b in bodies} == {("某市", "北山县")}
    assert not any(b.name in ("北山县", "中山县") for b in bodies)
    book = CalamineWorkbook.from_path(str(result.outdir / ROLLUP_NAME))
    rows = {r[0]: r for r in book.get_sheet_by_name(REGION_STATUS_SHEET).to_python()[1:]}
    assert (rows["北山县"][2], rows["北山县"][6]) == ("直接报送", 2)
    assert (rows["中山县"][2], rows["中山县"][5]) == ("未报送", 0)


def test_a_regions_own_report_gets_no_files_of_a_body_that_passed_and_is_not_kept_as_one(counties: dict[str, Path],
                                                                                        tmp_path: Path) -> None:
    # Compared, not counted: not among 单位表格 and 年度报告 (each body that passed), no 退回件 (nothing to correct
    # in its body's sense), and not in next year's history as a body (its figures would be counted twice there).
    import sqlite3
    from contextlib import closing

    from pipeline.decide.history import ACCEPTED_TABLE
    from pipeline.decide.ledger import LEDGER_NAME
    from pipeline.report import RunOptions, run_report
    from pipeline.template.build import build_template
    from pipeline.types import Fill
    from tests.factories import info_for, texts_for

    inbox = tmp_path / "inbox"
    place(counties["东山县"], inbox, f"东山县/{ROLLUP_NAME}")
    county = totals(counties["东山县"])
    build_template(inbox / "东山县全县年报.xlsx", Fill(info=info_for("东山县", "其他", seed=77),
                                                   numbers={n.id: county[n.id] for n in SPEC.numbers if not n.derived},
                                                   texts=texts_for("东山县")))
    direct = county_inbox(tmp_path / "direct", "某市本级", 1, seed=8)
    shutil.copytree(direct, inbox / "本级")
    options = RunOptions(jobs=1, use_cache=False, region=Region("某市"))
    result = run_report(inbox, 2024, tmp_path / "out", progress=False, options=options)
    assert [s.status for s in result.statuses if s.file == "东山县全县年报.xlsx"] == [Status.COMPARED]
    written = [p.name for p in result.outdir.rglob("*") if p.is_file() and p.parent != result.outdir]
    assert any("某市本级第1单位" in name for name in written)  # the body received directly has its files
    assert not [name for name in written if name.startswith("东山县")], written
    with closing(sqlite3.connect(result.outdir / LEDGER_NAME)) as db:
        stored = {r[0] for r in db.execute(f"SELECT name FROM {ACCEPTED_TABLE}")}
    _, bodies = record_of(counties["东山县"])
    assert stored == {"某市本级第1单位"} | {b.name for b in bodies}
