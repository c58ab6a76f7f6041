"""Synthetic PDFs of 表三 with every character placed by hand, for layouts an office suite will not make.

Text uses the standard Adobe-GB1 font STSong-Light (not embedded; PDFium substitutes a system font and
takes the advance widths from the PDF: ideographs 1 em, Latin and digits ½ em), so positions are exact:
numbers can be made to run together across a column edge, sit halfway between two columns, carry a
footnote mark, or a page can end inside the table with a page number below it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from schemas.tables import T3_COLUMNS, TITLE_T3, TITLE_T4
from tests.reading import tinypdf

FONT = (b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts "
        b"[<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) "
        b"/Ordering (GB1) /Supplement 4 >> /DW 1000 /W [1 95 500] >>] >>")


def width(text: str, size: float) -> float:
    return sum(size / 2 if ch.isascii() else size for ch in text)


@dataclass
class Page:
    ops: list[str] = field(default_factory=list)

    def text(self, x: float, y: float, text: str, size: float = 10, rise: float = 0) -> None:
        code = text.encode("utf-16-be").hex()
        self.ops.append(f"BT /F1 {size} Tf {rise} Ts 1 0 0 1 {x:.2f} {y:.2f} Tm <{code}> Tj ET")

    def centred(self, cx: float, y: float, text: str, size: float = 10) -> None:
        self.text(cx - width(text, size) / 2, y, text, size)


def pdf(pages: list[Page]) -> bytes:
    objects: list[bytes | tuple[str, bytes]] = [FONT]
    entries = []
    for i, page in enumerate(pages):
        objects.append(tinypdf.stream("\n".join(page.ops).encode()))
        entries.append((f"/Resources << /Font << /F1 3 0 R >> >> /Contents {4 + i} 0 R", []))
    return tinypdf.write(entries, objects)


# 表三 geometry: labels left of LABEL_RIGHT, seven data columns COL_WIDTH wide from FIRST_COL.
FIRST_COL = 250.0
COL_WIDTH = 40.0
CENTRES = [FIRST_COL + COL_WIDTH * (j + 0.5) for j in range(len(T3_COLUMNS))]
EDGES = [FIRST_COL + COL_WIDTH * j for j in range(len(T3_COLUMNS) + 1)]
ROW_PITCH = 22.0
HEADER_LINES = {  # a header label broken into lines of two characters, as narrow cells print them
    "自然人": ["自然", "人"], "商业企业": ["商业", "企业"], "科研机构": ["科研", "机构"],
    "社会公益组织": ["社会", "公益", "组织"], "法律服务机构": ["法律", "服务", "机构"], "其他": ["其他"], "总计": ["总计"],
}


@dataclass
class SynthRow:
    """One row of 表三: label lines, and the numbers printed beside line numbers_at (or between lines)."""

    labels: list[str]
    numbers: list[tuple[str, float]] = field(default_factory=list)  # (text, x centre)
    numbers_at: float = 0  # index into labels; 0.5 = between the first and second label line
    marks: list[tuple[str, float]] = field(default_factory=list)  # small raised marks (text, x left)

    @staticmethod
    def plain(label: str, values: list[str | None], at: float = 0, labels: list[str] | None = None) -> SynthRow:
        numbers = [(v, CENTRES[j]) for j, v in enumerate(values) if v is not None]
        return SynthRow(labels or [label], numbers, at)


PAGE_BREAK = None


def t3_pdf(rows: list[SynthRow | None], page_numbers: bool = True, after: list[str] | None = None,
           footer_text: str | None = None, extra_ops: list[str] | None = None, label_x: float = 40) -> bytes:
    """Title, header and rows of 表三 (None in rows: the page ends there), then the 表四 heading."""
    pages = [Page(list(extra_ops or []))]
    page = pages[0]
    y = 800.0
    page.text(60, y, TITLE_T3, 14)
    y -= 30
    page.centred(FIRST_COL + 3.5 * COL_WIDTH, y, "申请人情况", 9)
    y -= 16
    page.centred(FIRST_COL + 3.5 * COL_WIDTH, y, "法人或其他组织", 9)
    y -= 14
    page.text(40, y, "（本列数据的勾稽关系为：第一项加", 8)
    page.text(40, y - 11, "第二项之和，等于第三项加第四项之和）", 8)
    for (_, label), cx in zip(T3_COLUMNS, CENTRES, strict=True):
        for k, part in enumerate(HEADER_LINES[label]):
            page.centred(cx, y - 11 * k, part, 8)
    y -= 3 * 11 + 16
    for row in rows:
        if row is PAGE_BREAK:
            if footer_text:
                page.centred(297, 40, footer_text, 9)
            if page_numbers:
                page.centred(297, 25, f"- {len(pages)} -", 10)
            page = Page()
            pages.append(page)
            y = 800.0
            continue
        for k, label in enumerate(row.labels):
            page.text(label_x, y - 12 * k, label, 9)
        ny = y - 12 * row.numbers_at
        for text, cx in row.numbers:
            page.centred(cx, ny, text, 10)
        for text, x in row.marks:
            page.text(x, ny + 4, text, 5)
        y -= max(ROW_PITCH, 12 * len(row.labels) + 10)
    y -= 20
    for line in after or []:
        page.text(40, y, line, 10)
        y -= 16
    page.text(60, y - 10, TITLE_T4, 14)
    if footer_text:
        page.centred(297, 40, footer_text, 9)
    if page_numbers:
        page.centred(297, 25, f"- {len(pages)} -", 10)
    return pdf(pages)
