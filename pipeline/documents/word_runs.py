"""Runs of .docx text with their fonts set directly, so no theme or default font can take over."""

from __future__ import annotations

from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

LATIN_FONT = "Times New Roman"


def set_run_font(run: Run, east_asia: str, size: float | None = None) -> None:
    """Latin and East Asian (w:eastAsia) font, and the size when given."""
    run.font.name = LATIN_FONT
    rpr = run._r.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)
    if size is not None:
        run.font.size = Pt(size)


def add_text(paragraph: Paragraph, text: str, east_asia: str, size: float | None = None,
             bold: bool | None = None) -> Run:
    """Append a run of text with its fonts set."""
    run = paragraph.add_run(text)
    set_run_font(run, east_asia, size)
    if bold is not None:
        run.font.bold = bold
    return run
