"""The floor of `make bench` (d): python-calamine reading every sheet of every workbook, and nothing else.

With --guarded, the floor of a reader that must refuse hostile files first (d+guard): each file's bytes pass the
guard (pipeline/inbox/guard.py inspect: sizes, encryption, DTDs, grid extents, every part inflated and its CRC
checked), then calamine reads every sheet from the XML the guard inflated, as the report does. The difference
between the two is what safety costs before any value is read.

Usage: python -m tests.bench_floor INBOX [--guarded]
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

from python_calamine import CalamineWorkbook


def read_all(inbox: Path, guarded: bool = False) -> int:
    """Read every sheet of every .xlsx under inbox; return the number of cells seen."""
    if guarded:
        from pipeline.inbox.guard import inspect  # imported only here: the bare floor imports nothing of ours
    cells = 0
    for path in sorted(inbox.rglob("*.xlsx")):
        if guarded:
            wb = CalamineWorkbook.from_filelike(io.BytesIO(inspect(path.read_bytes()).unpacked(values_only=True)))
        else:
            wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            cells += sum(len(row) for row in wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
    return cells


if __name__ == "__main__":
    print(read_all(Path(sys.argv[1]), "--guarded" in sys.argv[2:]))
