"""Hash every file under a folder, or read a workbook's values: how tests prove inputs untouched and outputs identical."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook


def tree_hashes(folder: Path) -> dict[str, str]:
    """Relative path (with '/') -> sha256 of every file under folder."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def workbook_sheets(path: Path, skip: tuple[str, ...] = ()) -> dict[str, list[list[Any]]]:
    """Every sheet's cell values (but those named in skip): how a workbook's content is compared when its
    bytes may differ on purpose."""
    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names if name not in skip}
