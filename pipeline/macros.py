"""Workbooks that carry macros: read like any other (calamine never runs code), with a warning."""

from __future__ import annotations

from pipeline.issues import make_issue
from pipeline.read import RawSubmission
from pipeline.types import Issue
from schemas import SPEC
from schemas.spec import ReportSpec

# Stored names are not compressed, so a byte search finds them: the VBA part of .xlsm, the VBA storage of
# .xls (an OLE name, UTF-16), and the Basic library folder of .ods.
MACRO_MARKERS = (b"vbaProject.bin", "_VBA_PROJECT".encode("utf-16-le"), b"Basic/")


def has_macros(data: bytes) -> bool:
    """True when the file contains a macro project."""
    return any(marker in data for marker in MACRO_MARKERS)


def macro_warnings(subs: list[RawSubmission], spec: ReportSpec = SPEC) -> list[Issue]:
    """One R-WB-MACRO warning per submission that carries macros."""
    return [make_issue(spec, "R-WB-MACRO", sub, "", "") for sub in subs if has_macros(sub.data)]
