"""Find every workbook in an inbox, recursively, whatever the names; never touch the files."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.filenames import readable_name
from pipeline.settings import FOREIGN_SUFFIXES, LOCK_PREFIXES, WORKBOOK_SUFFIXES


@dataclass(frozen=True)
class Found:
    """A file of the inbox: where it is and how to name it to people."""

    path: Path
    display: str  # path relative to the inbox, with '/' separators
    foreign: bool  # an office file that is not a workbook we read (.et, .xlsb, .docx, ...)


def discover(inbox: Path) -> list[Found]:
    """Every workbook-like file under inbox, sorted by its relative path."""
    found: list[Found] = []
    for root, dirs, files in os.walk(inbox, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.startswith(LOCK_PREFIXES):
                continue
            suffix = Path(name).suffix.lower()
            if suffix in WORKBOOK_SUFFIXES or suffix in FOREIGN_SUFFIXES:
                path = Path(root) / name
                if path.is_symlink() or not path.is_file():
                    continue
                display = readable_name(path.relative_to(inbox).as_posix())
                found.append(Found(path, display, suffix in FOREIGN_SUFFIXES))
    return sorted(found, key=lambda f: f.display)
