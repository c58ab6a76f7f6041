"""The one way we open an xlsxwriter workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlsxwriter.workbook import Workbook

FIXED_DATE = dt.datetime(2025, 1, 1)  # document properties must not change between builds


def new_workbook(path: Path, title: str, in_memory: bool = False, constant_memory: bool = False) -> Workbook:
    """A workbook that never turns input text into formulas, numbers or links, and builds byte-identically.

    in_memory assembles the parts in memory instead of in about ten temporary files: several times
    cheaper for the small per-body outputs written by the thousand (a file create costs ~0.5 ms here);
    large workbooks such as the roll-up stay on disk to bound memory. constant_memory writes each row
    to disk as the next begins (text inline, not shared): for a long list written row by row.
    """
    wb = Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                              "strings_to_urls": False, "in_memory": in_memory,
                              "constant_memory": constant_memory})
    wb.set_properties({"title": title, "created": FIXED_DATE})
    return wb
