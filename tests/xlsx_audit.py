"""What every .xlsx we write must be, in the forms Excel itself writes (WPS and others open only those):
text in the shared string table (no inline strings), a cached value for every formula (an empty text result
typed as text), and each sheet's <dimension> equal to the range its cells use."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from pipeline.common.cells import a1

_CELL = re.compile(rb"<c\b([^>]*?)(?:/>|>(.*?)</c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]+)([0-9]+)"')
_DIMENSION = re.compile(rb'<dimension ref="([^"]+)"')
_SHEET_PART = re.compile(r"xl/(?:worksheets|chartsheets)/[^/]+\.xml")


def _col(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def problems(path: Path) -> list[str]:
    """Every way the file departs from what Excel writes, in words (empty: none)."""
    found: list[str] = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not name.endswith(".xml"):
                continue
            xml = zf.read(name)
            if b"inlineStr" in xml:
                found.append(f"{name}: inline strings (t=\"inlineStr\")")
            if _SHEET_PART.fullmatch(name) and name.startswith("xl/worksheets/"):
                found.extend(f"{name}: {p}" for p in _sheet_problems(xml))
    return found


def _sheet_problems(xml: bytes) -> list[str]:
    found: list[str] = []
    rows: list[int] = []
    cols: list[int] = []
    for attrs, body in _CELL.findall(xml):
        ref = _REF.search(attrs)
        if ref is None:
            found.append("a cell without a reference")
            continue
        col, row = _col(ref.group(1)), int(ref.group(2)) - 1
        rows.append(row)
        cols.append(col)
        if body and b"<f" in body and not re.search(rb"<v>[^<]*</v>", body):
            found.append(f"formula without a cached value in {ref.group(1).decode()}{row + 1}")
        elif body and b"<f" in body and b"<v></v>" in body and b't="str"' not in attrs:
            # Excel types an empty text result; untyped, readers take it for a formula never calculated.
            found.append(f"formula with an untyped empty cached value in {ref.group(1).decode()}{row + 1}")
    match = _DIMENSION.search(xml)
    used = f"{a1(min(rows), min(cols))}:{a1(max(rows), max(cols))}" if rows else "A1"
    if used.split(":")[0] == used.split(":")[-1]:
        used = used.split(":")[0]
    if match is None:
        found.append(f"no <dimension> (cells use {used})")
    elif match.group(1).decode() != used:
        found.append(f"<dimension ref=\"{match.group(1).decode()}\"> but the cells use {used}")
    return found
