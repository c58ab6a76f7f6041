"""The one way we open an xlsxwriter workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlsxwriter.workbook import Workbook

FIXED_DATE = dt.datetime(2025, 1, 1)  # document properties must not change between builds


def new_workbook(path: Path, title: str) -> Workbook:
    """A workbook that never turns input text into formulas, numbers or links, and builds byte-identically."""
    wb = Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                              "strings_to_urls": False})
    wb.set_properties({"title": title, "created": FIXED_DATE})
    return wb
