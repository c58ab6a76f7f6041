"""One accepted body's official tables (表二, 表三, 表四) as a formatted workbook."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from pipeline.excel.styles import make_formats
from pipeline.excel.tables import write_table_sheet
from pipeline.excel.workbook import new_workbook
from pipeline.run.atomic import atomic_path
from schemas import SPEC
from schemas.spec import ReportSpec


def official_tables_name(body: str, year: int) -> str:
    """File name of a body's official tables."""
    return f"{body}{year}年政府信息公开工作年度报告表格.xlsx"


def render_official_tables(dest: Path, body: str, year: int, values: Mapping[str, float],
                           spec: ReportSpec = SPEC) -> Path:
    """Write a body's three official tables, one sheet each, to dest (atomically).

    Args:
        dest: the .xlsx to write.
        body: 单位名称 as printed in the heading.
        year: 报告年度.
        values: every number id of the spec -> its validated figure.
    Returns:
        dest.
    """
    heading = f"{body}{year}年政府信息公开工作年度报告"
    with atomic_path(dest) as tmp:
        wb = new_workbook(tmp, heading, in_memory=True)
        formats = make_formats(wb)
        for layout in spec.tables:
            write_table_sheet(wb.add_worksheet(layout.sheet), layout, values, formats, heading)
        wb.close()
    return dest
