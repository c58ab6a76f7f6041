"""Limits and names that are policy, not format."""

from __future__ import annotations

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
# Files people attach by mistake: listed as unreadable with advice, instead of silently skipped.
FOREIGN_SUFFIXES = (".et", ".xlsb", ".csv", ".doc", ".wps", ".numbers", ".ett", ".xltx")
# Annual reports as published (web page, Word, PDF, text): read by pipeline/reading/document.py.
PUBLISHED_SUFFIXES = (".html", ".htm", ".docx", ".pdf", ".txt")
LOCK_PREFIXES = ("~$", ".~lock.")
MAX_FILE_BYTES = 30_000_000  # a filled template is about 30 KB
MAX_UNPACKED_BYTES = 100_000_000  # total of all parts inside an .xlsx/.ods zip (images included)
MAX_PART_RATIO = 200  # uncompressed / compressed for one part; xlsx text parts compress 5-20x
OUTPUT_DIRNAME_BODIES = "单位表格"
ISSUES_NAME = "问题清单"
ROLLUP_NAME = "汇总.xlsx"
MAX_GRID_CELLS = 500_000  # all sheets of one workbook laid out as grids; the template has about 2,000
