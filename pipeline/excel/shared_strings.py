"""xlsxwriter's shared string table (sharedStrings.xml), written with one test per string instead of five.

A province's 汇总.xlsx holds 36,000 shared strings, 9,600 of them the record's lines of 600 characters;
xlsxwriter runs each through three regular-expression passes and two whitespace searches. Almost none
needs any of them: a string with nothing to escape, no control character and no space at either end is
written as it is, and every other string goes through xlsxwriter's own _write_si. The file is the same
bytes (tests/excel/test_shared_strings.py compares the two); this relies on xlsxwriter's Packager and
SharedStrings internals, with the version pinned in pyproject.toml.
"""

from __future__ import annotations

import re

from xlsxwriter.packager import Packager
from xlsxwriter.sharedstrings import SharedStrings
from xlsxwriter.workbook import Workbook

# What makes xlsxwriter change a string or tag it: characters it escapes (_escape_data), control characters
# and the non-characters U+FFFE, U+FFFF, and text that looks like its _xHHHH_ escapes (_escape_control_characters);
# "<" also starts its rich text. Two searches: a class of characters alone is searched at twice the speed of the
# alternative of both, and "_x" is rare enough to look for first (a province's record: 9,600 lines of 600 characters).
_CARE_CHARACTERS = re.compile("[&<>\x00-\x08\x0b-\x1f\ufffe\uffff]")
_ESCAPE_LIKE = re.compile("_x[0-9a-fA-F]{4}_")


def _needs_care(string: str) -> bool:
    return bool(_CARE_CHARACTERS.search(string)) or ("_x" in string and bool(_ESCAPE_LIKE.search(string)))


class _FastSharedStrings(SharedStrings):  # type: ignore[misc]  # xlsxwriter ships no type information
    def _write_sst_strings(self) -> None:
        needs_care, write_si, write = _needs_care, self._write_si, self.fh.write
        for string in self.string_table.string_array:
            # str.isspace and the \s of xlsxwriter's xml:space test are the same predicate (Py_UNICODE_ISSPACE);
            # a string ending in "\n", which \s$ also matches before, ends in a space character itself.
            if needs_care(string) or string[:1].isspace() or string[-1:].isspace():
                write_si(string)
            else:
                write(f"<si><t>{string}</t></si>")


class _Packager(Packager):  # type: ignore[misc]
    def _write_shared_strings_file(self) -> None:
        # xlsxwriter's own method, with the faster writer
        sst = _FastSharedStrings()
        sst.string_table = self.workbook.str_table
        if not self.workbook.str_table.count:
            return
        sst._set_xml_writer(self._filename("xl/sharedStrings.xml"))
        sst._assemble_xml_file()


class FastWorkbook(Workbook):  # type: ignore[misc]
    """A Workbook whose shared strings are written by _FastSharedStrings; everything else is xlsxwriter's."""

    def _get_packager(self) -> Packager:
        return _Packager()
