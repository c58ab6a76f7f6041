"""Recognise a workbook laid out in the 2019 trial format, or a mix of 2019 and 2021 labels."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from python_calamine import CalamineWorkbook

from pipeline.common.labels import normalise_label
from schemas.format2019 import FORMAT_2019_NAME, MARKERS_2019, MARKERS_2021, OLD_ROW_LABEL

SCAN_ROWS, SCAN_COLS = 80, 20  # the tables sit in the top-left corner; do not scan huge sheets


def classify_labels(texts: Iterable[str]) -> str:
    """'' when no 2019 label is present, else a Chinese description of what was found."""
    found = {normalise_label(t) for t in texts if t}
    old = [m for m in MARKERS_2019 if normalise_label(m) in found]
    new = [m for m in MARKERS_2021 if normalise_label(m) in found]
    if normalise_label(OLD_ROW_LABEL) in found:
        old.append(OLD_ROW_LABEL)
    if not old:
        return ""
    if new:
        return (f"表格混用了两种格式：有2019年试行格式的“{old[0]}”，也有2021年格式的“{new[0]}”")
    return f"表格是{FORMAT_2019_NAME}（例如“{old[0]}”）"


def grid_texts(grid: list[list[Any]]) -> Iterable[str]:
    """Text cells in the top-left corner of a sheet."""
    for row in grid[:SCAN_ROWS]:
        for value in row[:SCAN_COLS]:
            if isinstance(value, str):
                yield value


def old_format_marker(wb: CalamineWorkbook) -> str:
    """Scan every sheet of a workbook for 2019 labels."""
    texts: list[str] = []
    for name in wb.sheet_names[:30]:
        try:
            texts.extend(grid_texts(wb.get_sheet_by_name(name).to_python(nrows=SCAN_ROWS)))
        except Exception:  # an unreadable extra sheet does not decide the format
            continue
    return classify_labels(texts)
