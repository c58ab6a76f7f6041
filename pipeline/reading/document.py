"""A published annual report (web page, Word file, PDF, text) read into the same Submission as a workbook.

Figures stay exactly as published ('' for a blank cell, '/', '0', '12'), so the checks' normaliser treats
them as it treats typed cells (blank and '/' count as 0 with R-CELL-BLANK); a figure the reader could not
place is unknown (NaN, with its reason in `unplaced`), never guessed. Each figure's page and line (or
table, row and column) is kept in `where`. A report with no readable tables, or in the 2019 format, is
refused as a whole (WorkbookProblem), like a workbook that is not the template; one that mixes the two
formats' labels is read, and the mix is an error of its own (R-FMT-DETECT, in `findings`).
"""

from __future__ import annotations

import hashlib
import math
from typing import Any

from pipeline.errors import WorkbookProblem
from pipeline.reading.normalise import body_of, parse_number
from pipeline.reading.published.model import Document, PublishedProblem, PublishedReading
from pipeline.types import Submission
from schemas import SPEC
from schemas.spec import ReportSpec

UNKNOWN = "未能读取"  # a figure that could not be placed, as a filled copy of the template shows it
OPENING_PARAGRAPHS, OPENING_CHARS = 400, 3000  # a run-together page is one paragraph: its start is the opening
MIXED = "表格混用了2019年和2021年格式的栏目名称"


def read_document(file: str, data: bytes, mtime: float = 0.0, spec: ReportSpec = SPEC) -> Submission:
    """Read one published report's bytes; raise WorkbookProblem when it cannot be used as a whole."""
    # the readers are imported with the first published report (pipeline/reading/published/__init__.py)
    from pipeline.reading.published.read import document_of, reading_of

    try:
        document = document_of(file, data)
        reading = reading_of(document)
    except PublishedProblem as problem:
        raise WorkbookProblem("R-DOC-UNREADABLE", str(problem)) from None
    _refuse_unusable(reading)
    return submission_of(reading, document, data, mtime, spec)


def _refuse_unusable(reading: PublishedReading) -> None:
    if not reading.format:
        detail = reading.problems[0] if reading.problems else "未找到表二、表三、表四"
        raise WorkbookProblem("R-DOC-UNREADABLE", detail)
    if reading.format == "2019":
        raise WorkbookProblem("R-FMT-DETECT", "表格是2019年试行格式（国办公开办函〔2019〕60号），表二的栏目不能换算为2021年格式")


def submission_of(reading: PublishedReading, document: Document, data: bytes, mtime: float,
                  spec: ReportSpec = SPEC) -> Submission:
    """The Submission of a reading: figures as published, unplaced ones NaN, where each was found."""
    numbers: dict[str, Any] = {}
    where: dict[str, str] = {}
    for number in spec.numbers:
        figure = reading.figures.get(number.id)
        if figure is not None:
            numbers[number.id] = figure.raw
            where[number.id] = figure.where.text()
        else:
            numbers[number.id] = math.nan
    unplaced = {u.number_id: f"{u.reason}（{u.where.text()}）" for u in reading.unplaced}
    for u in reading.unplaced:
        where.setdefault(u.number_id, u.where.text())
    headings = tuple((n, text, at.text()) for n, (text, at) in zip(reading.numerals, reading.headings, strict=True))
    where |= _text_places(reading, spec)
    info: dict[str, Any] = {f.id: "" for f in spec.info_fields} | {"name": reading.name, "year": reading.year or ""}
    info["date"] = None
    texts = {f.id: reading.texts.get(f.id, "") for f in spec.text_fields}
    return Submission(reading.file, hashlib.sha256(data).hexdigest(), data, mtime, body_of(info), info, numbers,
                      texts, source=reading.kind, where=where, unplaced=unplaced, headings=headings,
                      findings=_findings(reading), title=reading.title, opening=_opening(document, reading),
                      dates=tuple((d.day.isoformat(), d.what, d.where.text()) for d in reading.dates))


def _findings(reading: PublishedReading) -> tuple[tuple[str, str, str], ...]:
    """(rule, detail, where in the document) of what the reader noticed: a mix of formats, row labels with gaps."""
    out = [("R-DOC-LABEL", note, where.text()) for note, where in reading.labels]
    if reading.format == "mixed":
        said = next((p for p in reading.problems if p.startswith("表格混用")), MIXED)
        out.insert(0, ("R-FMT-DETECT", said.removesuffix("，请核对"), reading.title_where.text() if reading.title else ""))
    return tuple(out)


def _text_places(reading: PublishedReading, spec: ReportSpec) -> dict[str, str]:
    """Each text field's place: its section's heading; the title's place for the name and the year."""
    at = {n: w.text() for n, (_, w) in zip(reading.numerals, reading.headings, strict=True)}
    out = {f.id: f"{at[f.section]}起" for f in spec.text_fields if f.section in at}
    if reading.title:
        out["name"] = out["year"] = reading.title_where.text()
    return out


def _opening(document: Document, reading: PublishedReading) -> str:
    """The title, the paragraphs before the first heading and 总体情况: where the period and the basis are stated."""
    first_text, first = reading.headings[0] if reading.headings else ("", None)
    lines = []
    for p in document.paragraphs[:OPENING_PARAGRAPHS]:
        lines.append(p.text.strip()[:OPENING_CHARS])
        if p.where == first and first_text in p.text:  # lines of a web page hold many paragraphs: same place
            break
    return "\n".join([*(line for line in lines if line), reading.sections.get("一", "")])


def typed(raw: Any) -> Any:
    """A published figure as a filled template shows it: '12' -> 12, '0.5' -> 0.5; blanks, '/', and text stay as published; an unplaced figure says so."""
    if isinstance(raw, float) and math.isnan(raw):
        return UNKNOWN
    if not isinstance(raw, str):
        return raw
    parsed = parse_number(raw)
    if parsed.blank or math.isnan(parsed.value):
        return raw
    return int(parsed.value) if parsed.value.is_integer() else parsed.value
