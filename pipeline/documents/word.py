"""Write a document outline (pipeline/documents/model.py) as a .docx that looks like a published report.

Fonts follow the usual government layout (GB/T 9704): title in 方正小标宋简体, headings in 黑体 and
楷体_GB2312, text in 仿宋_GB2312, tables in 宋体. Each is also set as the East Asian font of every
run, and the font table names a common substitute (altName) for machines without the GB2312 fonts.
The file is byte-identical for the same input: fixed document dates and fixed zip entry times.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.styles.style import ParagraphStyle
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree

from pipeline.documents.model import Heading, ListTable, OfficialTable, Paragraph, Part, Title, clean_text
from pipeline.documents.word_runs import LATIN_FONT, add_text, set_run_font
from pipeline.documents.word_tables import add_list_table, add_official_table
from pipeline.documents.zip_dates import with_fixed_dates
from pipeline.excel.workbook import FIXED_DATE
from pipeline.run.atomic import write_bytes_atomic

# style -> (East Asian font, size in pt, alignment, first-line indent in characters). Text is left-aligned,
# not justified: LibreOffice (7.4) drops a justified line's final '。' or '，' when it hangs it into the margin.
STYLE_FONTS: dict[str, tuple[str, float, WD_ALIGN_PARAGRAPH, int]] = {
    "Normal": ("仿宋_GB2312", 16, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "Title": ("方正小标宋简体", 22, WD_ALIGN_PARAGRAPH.CENTER, 0),
    "Heading 1": ("黑体", 16, WD_ALIGN_PARAGRAPH.LEFT, 2),
    "Heading 2": ("楷体_GB2312", 16, WD_ALIGN_PARAGRAPH.LEFT, 2),
}
FOOTER_FONT = ("宋体", 14.0)
# Font-table substitutes: what Word uses where the named font is not installed.
FALLBACK_FONTS = {"仿宋_GB2312": "仿宋", "方正小标宋简体": "宋体", "楷体_GB2312": "楷体", "黑体": "SimHei",
                  "宋体": "SimSun"}
LINE_PITCH = Pt(28)  # 22 lines to an A4 page of text, as in printed government documents
PAGE = {"width": 21.0, "height": 29.7, "top": 3.7, "bottom": 3.5, "left": 2.8, "right": 2.6}  # cm
TEXT_WIDTH_CM = PAGE["width"] - PAGE["left"] - PAGE["right"]


def write_docx(dest: Path, parts: Sequence[Part], author: str = "") -> Path:
    """Write the outline to dest atomically and reproducibly; return dest."""
    doc = new_document(next((p.text for p in parts if isinstance(p, Title)), ""), author)
    for part in parts:
        _add_part(doc, part)
    write_bytes_atomic(dest, docx_bytes(doc))
    return dest


def new_document(title: str, author: str) -> DocxDocument:
    """An empty A4 document with our styles, page-number footer and fixed properties."""
    doc = Document()
    _page_setup(doc)
    _defaults(doc)
    for name, (font, size, align, indent) in STYLE_FONTS.items():
        _restyle(doc.styles[name], font, size, align, indent)
    _font_table(doc)
    _footer(doc)
    props = doc.core_properties
    # Properties are single-line XML text: a name pasted with control characters must not sink the file.
    title, author = (" ".join(clean_text(t).split()) for t in (title, author))
    props.title, props.author, props.last_modified_by, props.revision = title, author, "", 1
    props.created = props.modified = FIXED_DATE
    package = doc.part.package
    for rid in [rid for rid, rel in package.rels.items() if rel.reltype == RT.THUMBNAIL]:
        del package.rels[rid]  # the template's thumbnail would show someone else's page
    return doc


def docx_bytes(doc: DocxDocument) -> bytes:
    """The saved document with every zip entry dated FIXED_DATE (python-docx stamps the current time)."""
    raw = io.BytesIO()
    doc.save(raw)
    return with_fixed_dates(raw.getvalue(), FIXED_DATE)


def _add_part(doc: DocxDocument, part: Part) -> None:
    if isinstance(part, Title):
        p = _paragraph(doc, "Title")
        for i, line in enumerate(part.lines):
            run = add_text(p, line, STYLE_FONTS["Title"][0])
            if i < len(part.lines) - 1:
                run.add_break()
    elif isinstance(part, Heading):
        style = f"Heading {part.level}"
        add_text(_paragraph(doc, style), part.text, STYLE_FONTS[style][0])
    elif isinstance(part, Paragraph):
        add_text(doc.add_paragraph(), part.text, STYLE_FONTS["Normal"][0])
    elif isinstance(part, OfficialTable):
        add_official_table(doc, part, Cm(TEXT_WIDTH_CM))
    elif isinstance(part, ListTable):
        add_list_table(doc, part, Cm(TEXT_WIDTH_CM))


def _paragraph(doc: DocxDocument, style: str) -> DocxParagraph:
    # The style id is set directly: add_paragraph(style=name) scans every style of the document each time.
    p = doc.add_paragraph()
    p._p.get_or_add_pPr().style = style.replace(" ", "")
    return p


def _page_setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(PAGE["width"]), Cm(PAGE["height"])
    section.top_margin, section.bottom_margin = Cm(PAGE["top"]), Cm(PAGE["bottom"])
    section.left_margin, section.right_margin = Cm(PAGE["left"]), Cm(PAGE["right"])
    section.footer_distance = Cm(2.5)


def _defaults(doc: DocxDocument) -> None:
    """Document defaults without theme fonts, in Chinese (so Word applies Chinese line breaking)."""
    rpr = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attr in list(fonts.attrib):
        del fonts.attrib[attr]
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), STYLE_FONTS["Normal"][0])
    rpr.find(qn("w:lang")).set(qn("w:eastAsia"), "zh-CN")


def _restyle(style: ParagraphStyle, east_asia: str, size: float, align: WD_ALIGN_PARAGRAPH, indent: int) -> None:
    rpr = style.element.get_or_add_rPr()
    for tag in ("w:rFonts", "w:color", "w:b", "w:bCs", "w:spacing", "w:kern"):
        for child in rpr.findall(qn(tag)):
            rpr.remove(child)
    style.font.name = LATIN_FONT
    rpr.rFonts.set(qn("w:eastAsia"), east_asia)
    style.font.size = Pt(size)
    style.font.bold = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    ppr = style.element.get_or_add_pPr()
    for border in ppr.findall(qn("w:pBdr")):
        ppr.remove(border)
    fmt = style.paragraph_format
    fmt.alignment = align
    fmt.first_line_indent = Pt(size * indent) if indent else Pt(0)
    fmt.space_before = Pt(size / 2) if style.name == "Heading 1" else Pt(0)  # air below a table
    fmt.space_after = Pt(size) if style.name == "Title" else Pt(0)
    fmt.line_spacing = None if style.name == "Title" else LINE_PITCH


def _font_table(doc: DocxDocument) -> None:
    # python-docx keeps the font table as raw bytes: parse, add our fonts, and put the bytes back.
    part = doc.part.part_related_by(RT.FONT_TABLE)
    fonts = parse_xml(part.blob)
    for name, alt in FALLBACK_FONTS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alt), ("w:charset", "86"), ("w:family", "auto"), ("w:pitch", "variable")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        fonts.append(font)
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _footer(doc: DocxDocument) -> None:
    """A centred page number, — 1 —, as in printed government documents."""
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.first_line_indent = Pt(0)
    add_text(p, "— ", *FOOTER_FONT)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    p._p.append(field)
    run = p.add_run("1")  # shown until the office suite computes the field
    set_run_font(run, *FOOTER_FONT)
    field.append(run._r)
    add_text(p, " —", *FOOTER_FONT)
