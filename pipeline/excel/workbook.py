"""The one way we open an xlsxwriter workbook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

from xlsxwriter.format import Format
from xlsxwriter.utility import _utf16_len, _utf16_truncate
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from pipeline.excel.shared_strings import FastWorkbook

FIXED_DATE = dt.datetime(2025, 1, 1)  # document properties must not change between builds


def new_workbook(path: Path, title: str, in_memory: bool = False, constant_memory: bool = False) -> Workbook:
    """A workbook that never turns input text into formulas, numbers or links, and builds byte-identically.

    in_memory assembles the parts in memory instead of in about ten temporary files: several times
    cheaper for the small per-body outputs written by the thousand (a file create costs ~0.5 ms here);
    large workbooks such as the roll-up stay on disk to bound memory. constant_memory writes each row
    to disk as the next begins (text inline, not shared): for a long list written row by row.
    """
    wb = FastWorkbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False,
                              "strings_to_urls": False, "in_memory": in_memory,
                              "constant_memory": constant_memory})
    wb.set_properties({"title": title, "created": FIXED_DATE})
    wb.worksheet_class = TextSafeWorksheet
    return wb


def looks_rich(string: str) -> bool:
    """Whether xlsxwriter would take a string for rich-text XML of its own and write it unescaped."""
    return string.startswith("<r>") and string.endswith("</r>")


def plain_text(string: str) -> str:
    """What to hand xlsxwriter so that a cell shows exactly `string`.

    xlsxwriter writes a string that starts with "<r>" and ends with "</r>" into the file as it is, taking
    it for rich text it built itself. Typed by a body ("<r>5</r>" in a number cell, quoted in 问题清单),
    that broke the file: Excel repairs it and the text is lost. Such a string becomes rich text of one
    run holding the escaped string, which shows exactly the string; any other string is returned as it is.
    """
    if not looks_rich(string):
        return string
    escaped = string.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<r><t xml:space="preserve">{escaped}</t></r>'


def storable_text(string: str, limit: int) -> str:
    """What a worksheet should store for a cell that shows `string`: cut to `limit` UTF-16 units, as
    xlsxwriter cuts any longer text, and given by plain_text (cut by one more character when escaping
    would take it over the limit: it then no longer looks like rich text)."""
    if len(string) > limit // 2 and _utf16_len(string) > limit:
        string = _utf16_truncate(string, limit)
    if not looks_rich(string):
        return string
    wrapped = plain_text(string)
    return wrapped if _utf16_len(wrapped) <= limit else string[:-1]


class TextSafeWorksheet(Worksheet):  # type: ignore[misc]  # xlsxwriter ships no type information
    """A worksheet on which every string shows as written (see plain_text) and an empty formula result is text;
    the worksheet of new_workbook."""

    def _write_string(self, row: int, col: int, string: str, cell_format: Format | None = None) -> Literal[0, -1, -2]:
        return super()._write_string(row, col, storable_text(string, self.xls_strmax), cell_format)  # type: ignore[no-any-return]

    def _xml_formula_element(self, formula: str, result: object, attributes: list[tuple[str, object]]) -> None:
        # Excel types an empty text result as text (t="str"); xlsxwriter leaves "" untyped (its way to ask
        # some readers to recalculate), which readers take for a formula never calculated. Every formula we
        # write is given its true cached value, so "" is always empty text.
        if result == "" and all(key != "t" for key, _ in attributes):
            attributes = [*attributes, ("t", "str")]
        super()._xml_formula_element(formula, result, attributes)
