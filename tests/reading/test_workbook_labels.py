"""The template's labels: compared exactly first, then each up to width and spacing (reading/workbook.py)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest

from pipeline.common.cells import a1
from pipeline.errors import WorkbookProblem
from pipeline.reading.workbook import read_path
from pipeline.template.build import build_template
from schemas import SPEC
from tests.factories import filled


def _with_label(tmp_path: Path, layout_index: int, text: str | Callable[[str], str]) -> tuple[Path, str, str]:
    path = build_template(tmp_path / "填报.xlsx", filled())
    layout = SPEC.tables[layout_index]
    block = layout.blocks[-1]
    wb = openpyxl.load_workbook(path)
    wb[layout.sheet][a1(block.row, block.col)] = text(block.text) if callable(text) else text
    wb.save(path)
    return path, layout.sheet, a1(block.row, block.col)


@pytest.mark.parametrize("layout_index", range(len(SPEC.tables)))
def test_a_label_typed_with_other_widths_and_spaces_is_still_the_label(tmp_path: Path, layout_index: int) -> None:
    widen = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789()"})
    path, _, _ = _with_label(tmp_path, layout_index, lambda t: " " + t.translate(widen) + "\n")
    assert read_path(path, path.name).body.name


@pytest.mark.parametrize("layout_index", range(len(SPEC.tables)))
def test_a_changed_label_in_any_table_is_named_by_its_cell(tmp_path: Path, layout_index: int) -> None:
    path, sheet, cell = _with_label(tmp_path, layout_index, "另一个标签")
    with pytest.raises(WorkbookProblem) as raised:
        read_path(path, path.name)
    assert raised.value.rule == "R-WB-NOT-TEMPLATE" and raised.value.sheet == sheet and cell in raised.value.detail
