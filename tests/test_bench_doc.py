"""docs/benchmark.md's hierarchy section: written in place of its older self, the other sections left as written."""

from __future__ import annotations

from pathlib import Path

from tests.bench_doc import replace_section
from tests.bench_hierarchy import SECTION, HierarchyResult, hierarchy_section
from tests.bench_measure import Measured


def run(wall: float, cpu: float) -> Measured:
    return Measured(wall, cpu, 0, 0, 0.2, 0)


def result(province: float) -> HierarchyResult:
    return HierarchyResult(16, 10, 9600, 9804, run(40.0, 39.0), run(province, province - 0.5), run(12.0, 11.5),
                           run(1.0, 0.9))


def test_the_section_says_whether_the_target_is_met() -> None:
    met, missed = hierarchy_section(result(3.0)), hierarchy_section(result(5.0))
    assert met[0] == SECTION and met[-1] == ""
    assert "| 3.00 / 40.00 秒 = 7.5%" in "\n".join(met) and "| 是 |" in "\n".join(met)
    assert "| 5.00 / 40.00 秒 = 12.5%" in "\n".join(missed) and "| 否 |" in "\n".join(missed)
    assert "| 两级合计（市级 + 省级） | 13.00 | 12.40 | 32.5% |  |" in missed


def test_the_target_is_met_only_when_both_the_wall_and_the_cpu_ratio_are() -> None:
    # a checking run that waited on the disk: 120 s of wall time for 39 s of CPU; the province 5 s of each
    waited = HierarchyResult(16, 10, 9600, 9804, run(120.0, 39.0), run(5.0, 5.0), run(12.0, 11.5), run(1.0, 0.9))
    assert "| 5.00 / 120.00 秒 = 4.2%（CPU 5.00 / 39.00 秒 = 12.8%） | 否 |" in "\n".join(hierarchy_section(waited))


def test_a_section_replaces_its_older_self_and_nothing_else(tmp_path: Path) -> None:
    doc = tmp_path / "benchmark.md"
    doc.write_text("# 性能基准\n\n## 1,000 个单位\n\n旧数字\n", encoding="utf-8")
    replace_section(doc, hierarchy_section(result(5.0)))
    first = doc.read_text(encoding="utf-8")
    assert first.startswith("# 性能基准\n\n## 1,000 个单位\n\n旧数字\n\n" + SECTION + "\n") and first.endswith("|\n")
    doc.write_text(first + "## 其后一节\n\n别的\n", encoding="utf-8")
    replace_section(doc, hierarchy_section(result(3.0)))
    second = doc.read_text(encoding="utf-8")
    assert second.count(SECTION) == 1 and "12.5%" not in second and "7.5%" in second
    assert second.startswith("# 性能基准\n\n## 1,000 个单位\n\n旧数字\n\n") and second.endswith("## 其后一节\n\n别的\n")
