"""Workbooks that carry macros: read like any other (calamine never runs code), with a warning."""

from __future__ import annotations

# Stored names are not compressed, so a byte search finds them: the VBA part of .xlsm, the VBA storage of
# .xls (an OLE name, UTF-16), and the Basic library folder of .ods.
MACRO_MARKERS = (b"vbaProject.bin", "_VBA_PROJECT".encode("utf-16-le"), b"Basic/")


def has_macros(data: bytes) -> bool:
    """True when the file contains a macro project."""
    return any(marker in data for marker in MACRO_MARKERS)
