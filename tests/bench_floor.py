"""The floor of `make bench` (d): python-calamine reading every sheet of every workbook, and nothing else.

Usage: python -m tests.bench_floor INBOX
"""

from __future__ import annotations

import sys
from pathlib import Path

from python_calamine import CalamineWorkbook


def read_all(inbox: Path) -> int:
    """Read every sheet of every .xlsx under inbox; return the number of cells seen."""
    cells = 0
    for path in sorted(inbox.rglob("*.xlsx")):
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            cells += sum(len(row) for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
    return cells


if __name__ == "__main__":
    print(read_all(Path(sys.argv[1])))
