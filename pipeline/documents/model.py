"""A publishable document as plain parts (title, headings, paragraphs, tables), written as .docx and .html.

One outline serves both formats, so the Word file and the web page of a report say the same thing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pipeline.documents.table_grid import Grid, table_grid
from schemas import SPEC, info
from schemas.spec import ReportSpec


@dataclass(frozen=True)
class Title:
    """The document title, printed on several lines (e.g. the body's name, then the report's name)."""

    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "".join(self.lines)


@dataclass(frozen=True)
class Heading:
    """Level 1: 一、总体情况; level 2: （一）主动公开."""

    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class OfficialTable:
    """One of the three official tables, filled."""

    table_id: str
    grid: Grid
    col_widths: tuple[float, ...]


@dataclass(frozen=True)
class ListTable:
    """A plain table: one header row, then rows of text."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    col_widths: tuple[float, ...]


Part = Title | Heading | Paragraph | OfficialTable | ListTable


# Control characters pasted from other programs: not allowed in XML, so python-docx would refuse the whole file.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
_LINE_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\u2028\u2029]")


def clean_text(text: str) -> str:
    """Text safe for .docx and .html: line breaks made '\n', other control characters dropped."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", text))


def paragraphs(text: str) -> list[Paragraph]:
    """A text cell as paragraphs: one per line, blank lines dropped, indentation typed by hand removed."""
    return [Paragraph(line.strip()) for line in clean_text(text).split("\n") if line.strip()]


def numeral(heading: str) -> str:
    """'一' of '一、总体情况'."""
    return heading.split("、", 1)[0]


def official_table(table_id: str, values: Mapping[str, float], spec: ReportSpec = SPEC) -> OfficialTable:
    layout = spec.table(table_id)
    return OfficialTable(table_id, table_grid(layout, values), layout.col_widths)


def section_parts(heading: str, values: Mapping[str, float], texts: Mapping[str, str],
                  spec: ReportSpec = SPEC) -> list[Part]:
    """One of the six sections: its heading, then its text parts (with sub-headings) or its table."""
    parts: list[Part] = [Heading(1, heading)]
    for field in (f for f in spec.text_fields if f.section == numeral(heading)):
        if field.heading != heading:
            parts.append(Heading(2, field.heading))
        parts.extend(paragraphs(texts.get(field.id, "")) or [Paragraph(info.REPORT_EMPTY_SECTION)])
    parts.extend(official_table(t.id, values, spec) for t in spec.tables if numeral(t.title) == numeral(heading))
    return parts


def body_report(name: str, year: int, values: Mapping[str, float], texts: Mapping[str, str],
                spec: ReportSpec = SPEC) -> list[Part]:
    """A body's full annual report in the official order (FORMAT.md §2)."""
    name = " ".join(clean_text(name).split())
    title = info.REPORT_TITLE.format(name=name, year=year)
    parts: list[Part] = [Title((name, title.removeprefix(name))) if title.startswith(name) else Title((title,)),
                         Paragraph(info.REPORT_OPENING.format(year=year))]
    for heading in spec.section_headings:
        parts.extend(section_parts(heading, values, texts, spec))
    return parts


def headings(parts: Sequence[Part]) -> list[str]:
    """The headings of a document, in order (for tests and tables of contents)."""
    return [p.text for p in parts if isinstance(p, Heading)]
