"""Find every workbook in an inbox, recursively, whatever the names; never touch the files."""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.common.filenames import readable_name
from pipeline.inbox.inbox_zip import is_zip, workbooks_of_zip
from pipeline.inbox.mail import (
    EML_SUFFIXES,
    attachments_of_eml,
    attachments_of_maildir,
    attachments_of_mbox,
    is_maildir,
    is_mbox,
)
from pipeline.settings import FOREIGN_SUFFIXES, LOCK_PREFIXES, PUBLISHED_SUFFIXES, WORKBOOK_SUFFIXES
from pipeline.types import Found

__all__ = ["Found", "discover"]


def discover(inbox: Path) -> list[Found]:
    """Every workbook-like file under inbox (a folder, or a .zip), sorted by its relative path."""
    if inbox.is_file() and is_zip(inbox):
        return workbooks_of_zip(inbox, readable_name(inbox.name))
    found: list[Found] = []
    for root, dirs, files in os.walk(inbox, followlinks=False):
        here = Path(root)
        if is_maildir(here):
            found.extend(attachments_of_maildir(here, here.relative_to(inbox).as_posix() or here.name))
            dirs[:] = []
            continue
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        folder = here.relative_to(inbox).as_posix()  # once a folder: a province's inbox holds 10,000 files
        for name in sorted(files):
            path = here / name
            if name.startswith(LOCK_PREFIXES) or path.is_symlink() or not path.is_file():
                continue
            found.extend(_found(path, readable_name(name if folder == "." else f"{folder}/{name}")))
    return sorted(found, key=lambda f: f.display)


def _found(path: Path, display: str) -> list[Found]:
    suffix = path.suffix.lower()
    if suffix in WORKBOOK_SUFFIXES + FOREIGN_SUFFIXES + PUBLISHED_SUFFIXES:
        return [Found(path, display, suffix in FOREIGN_SUFFIXES)]
    try:
        if is_zip(path):
            return workbooks_of_zip(path, display)
        if suffix in EML_SUFFIXES:
            return attachments_of_eml(path, display)
        if is_mbox(path):
            return attachments_of_mbox(path, display)
    except (OSError, ValueError, UnicodeError):  # a broken mail file holds no workbook we can take
        return []
    return []

