"""Read a saved web page (a portal page, Word-pasted HTML) into a Document.

lxml's HTML parser (libxml2, in C) is used rather than the stdlib html.parser: it is several times
faster on 100 KB portal pages, repairs the broken markup portals and Word produce the way browsers
do, and caps nesting depth itself, so a hostile page cannot make the parse recurse without bound.
Plain lxml.etree elements are used, not lxml.html's: its per-element Python class lookup cost a
quarter of the time of reading a page.
Our walk over the tree is iterative for the same reason. Tables are expanded into grids (a merged
cell stands at every position it covers, with its top-left `where`); a table that holds other tables
is page layout, so its content is read as paragraphs and tables in their own right.
"""

from __future__ import annotations

import re

import lxml.etree

from pipeline.reading.published.encoding import declared_charset, decode_text
from pipeline.reading.published.grid import expand
from pipeline.reading.published.labels import norm
from pipeline.reading.published.model import Block, Document, Paragraph, PublishedProblem, Table, Where

MAX_HTML_BYTES = 20_000_000  # a report page is 100-300 KB; a portal page with every script inlined 2 MB
MAX_DEPTH = 200  # libxml2 silently cuts nesting at 256, which would drop text; real pages stay under 40
SKIPPED = frozenset({"script", "style", "noscript", "template", "iframe", "object", "svg", "select", "textarea"})
BLOCKS = frozenset({
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "section", "article",
    "header", "footer", "nav", "aside", "main", "blockquote", "pre", "center", "form", "title", "tr", "td", "th",
    "caption", "br", "hr", "body", "figure", "figcaption", "address", "fieldset", "table", "tbody", "thead", "tfoot",
})
HEADING_SCAN, _HEADING_MAX = 200, 40
# Elements a heading can be: a div only when it holds no other block (else its text is a whole page's).
# The filter runs in libxml2, so only a handful of elements reach Python.
_HEADING_CANDIDATES = lxml.etree.XPath(
    "(//p | //h1 | //h2 | //h3 | //h4 | //h5 | //h6 | //li | //strong | //b | //font | //span"
    " | //div[not(.//div) and not(.//p) and not(.//table)])"
    "[string-length(.) < 200][contains(translate(., ' \t\r\n\u00a0\u3000', ''), '总体')"
    " or contains(translate(., ' \t\r\n\u00a0\u3000', ''), '其他')]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


def read_html_document(file: str, data: bytes) -> Document:
    """The page's paragraphs and tables in reading order."""
    if len(data) > MAX_HTML_BYTES:
        raise PublishedProblem(f"网页文件超过 {MAX_HTML_BYTES // 1_000_000} MB（年度报告网页通常不到1 MB），疑似异常文件，已拒绝")
    text = _XML_DECLARATION.sub("", decode_text(data, declared_charset(data)))
    parser = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)
    try:
        root = lxml.etree.fromstring(text or "<html></html>", parser)
    except (lxml.etree.ParserError, lxml.etree.XMLSyntaxError, ValueError) as exc:
        raise PublishedProblem("网页无法解析（内容为空或已损坏）") from exc
    if root is None:
        raise PublishedProblem("网页内容为空")
    walker = _Walker(_content_root(root))
    walker.walk(root)
    return Document(file, tuple(walker.blocks), "html", images=walker.images)


class _Walker:
    """Collect blocks in reading order: text between block boundaries becomes a paragraph."""

    def __init__(self, content: lxml.etree._Element | None) -> None:
        self.content = content  # reading stops where the report's own content ends (portal footers follow)
        self.blocks: list[Block] = []
        self.images = 0
        self.tables = 0
        self._text: list[str] = []
        self._line: int | None = None

    def walk(self, root: lxml.etree._Element) -> None:
        # An explicit stack of (element, depth, entering): text and tails come out in document order.
        stack: list[tuple[lxml.etree._Element, int, bool]] = [(root, 0, True)]
        while stack:
            el, depth, entering = stack.pop()
            if depth > MAX_DEPTH:
                raise PublishedProblem(f"网页元素嵌套超过 {MAX_DEPTH} 层（正常网页不到50层），疑似恶意文件，已拒绝")
            tag = el.tag if isinstance(el.tag, str) else ""
            if not entering:
                if tag in BLOCKS:
                    self._flush()
                if el is self.content:
                    return
                self._add(el.tail, el)
                continue
            stack.append((el, depth, False))
            if tag in SKIPPED or not tag:
                continue
            if tag == "img":
                self.images += 1
            if tag == "table" and not _holds_table(el):
                self._flush()
                self.tables += 1
                self.blocks.append(_table(el, self.tables))
                continue
            if tag in BLOCKS:
                self._flush()
            self._add(el.text, el)
            stack.extend((child, depth + 1, True) for child in reversed(el))

    def _add(self, text: str | None, el: lxml.etree._Element) -> None:
        if text:
            if self._line is None:
                self._line = el.sourceline
            self._text.append(text)

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append(Paragraph(text, Where(line=self._line)))
        self._text, self._line = [], None


def _content_root(root: lxml.etree._Element) -> lxml.etree._Element | None:
    """The smallest element holding the first 一、… heading and the last 六、… heading, or None."""
    first = last = None
    for el in _HEADING_CANDIDATES(root):
        text = norm("".join(el.itertext())[:HEADING_SCAN])
        if len(text) > _HEADING_MAX:
            continue
        if first is None and text.startswith("一、") and "总体" in text:
            first = el
        if first is not None and text.startswith("六、") and "其他" in text:
            last = el
    if first is None or last is None:
        return None
    # lxml makes element proxies on demand, so ids are not stable: keep the proxies alive and compare by identity.
    ancestors = [first, *first.iterancestors()]
    return next((a for a in (last, *last.iterancestors()) if any(a is b for b in ancestors)), None)


def _holds_table(table: lxml.etree._Element) -> bool:
    return any(True for _ in table.iterdescendants("table"))


def _table(table: lxml.etree._Element, index: int) -> Table:
    rows = []
    for tr in table.iter("tr"):
        if next(tr.iterancestors("table"), None) is not table:
            continue
        cells = [(_cell_text(td), _span(td.get("rowspan")), _span(td.get("colspan")))
                 for td in tr if td.tag in ("td", "th")]
        rows.append(cells)
    return Table(expand(rows, index), Where(table=index, line=table.sourceline))


def _span(value: str | None) -> int:
    if value is None:
        return 1
    if value.isdigit() and len(value) < 6:
        return max(1, int(value))
    digits = "".join(ch for ch in (value or "")[:6] if ch.isdigit())
    return max(1, int(digits)) if digits else 1


def _cell_text(td: lxml.etree._Element) -> str:
    """The cell's words with runs of whitespace (&nbsp;, line breaks, Word's <o:p> padding) made one space."""
    parts: list[str] = []
    for el in td.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in BLOCKS and el is not td:
            parts.append(" ")
        if el.text and tag not in SKIPPED and tag:
            parts.append(el.text)
        if el.tail and el is not td:
            parts.append(el.tail)
    return " ".join("".join(parts).split())
