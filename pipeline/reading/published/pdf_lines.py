"""Characters of a PDF page (pypdfium2) grouped into lines and words by geometry alone.

Coordinates are PDF points with y growing upwards, as pdfium gives them. Each character's loose box
(the font's ascent to descent, the advance width) is used, so every character of one font size has the
same height on a line, and the characters of one word touch.

- Lines: characters whose vertical extents overlap by at least LINE_OVERLAP of the smaller height
  belong to one line; small raised characters (superscripts, footnote marks) are kept on the line they
  sit on and marked, so they neither split a line nor stick to a number.
- Words: characters of a line split where the gap exceeds WORD_GAP_EM of the character height, or
  where a superscript starts or ends. Whitespace characters are dropped; gaps decide.
- Vertical stacks: one character a line at the same x (e.g. a merged label cell printed
  三/、/本/年/度/办/理/结/果, one character per line) become one word on the line of their first
  character, so they neither pollute the labels of the rows beside them nor count as lines of text.
"""

from __future__ import annotations

import ctypes
import unicodedata
from dataclasses import dataclass, field

import pypdfium2.raw as pdfium_c

LINE_OVERLAP = 0.5      # share of the smaller char height two chars must overlap to be on one line
WORD_GAP_EM = 0.25      # a gap wider than this share of the char height splits words
SPACE_GAP_EM = 0.08     # ... and a smaller one, if the content has a space character there
SUPERSCRIPT_SIZE = 0.75  # a char smaller than this share of the line's height ...
SUPERSCRIPT_RAISE = 0.2  # ... whose bottom is raised by this share of it is a superscript/footnote mark
SUPERSCRIPT_MAX = 2      # ... in a run of at most this many characters (not ideographs)
DUPLICATE_EM = 0.15      # the same char drawn again within this distance (fake bold) is dropped
STACK_MIN = 3            # this many single chars stacked at one x make a vertical label
BLOATED = 3.0            # a loose char box this many times the page's median height is not believed
STACK_GAP_EM = 0.8       # largest vertical gap between stacked chars, in char heights

# characters that can be a footnote mark or superscript when printed small and raised
_MARKS = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ*†‡§#()[]"
                   "¹²³⁰⁴⁵⁶⁷⁸⁹①②③④⑤⑥⑦⑧⑨⑩")
_SPACES = frozenset(map(ord, " \t\r\n\f\v\u00a0\u3000\u2002\u2003\u2009\u200b\ufeff"))


@dataclass(slots=True)
class Char:
    ch: str
    x0: float
    y0: float
    x1: float
    y1: float
    sup: bool = False
    spaced: bool = False  # a space character came just before it in the content
    h: float = 0.0        # y1 - y0

    def __post_init__(self) -> None:
        self.h = self.y1 - self.y0


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    h: float           # the height of its characters (the em used for gaps)
    line: int          # the line number it is on (1-based on its page)
    sup: bool = False  # a superscript / footnote mark
    stack: bool = False  # a vertical stack of characters
    chars: list[Char] = field(default_factory=list)

    def split(self, gap_em: float) -> list[Word]:
        """This word cut wherever two of its characters are further apart than gap_em char heights."""
        if self.stack or len(self.chars) < 2:
            return [self]
        out: list[Word] = []
        run: list[Char] = [self.chars[0]]
        for c in self.chars[1:]:
            if c.x0 - run[-1].x1 > gap_em * max(c.h, run[-1].h):
                out.append(_word(run, self.line))
                run = []
            run.append(c)
        out.append(_word(run, self.line))
        return out

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass(slots=True)
class Line:
    page: int
    number: int
    words: list[Word] = field(default_factory=list)
    y0: float = 0.0
    y1: float = 0.0
    h: float = 0.0     # height of its tallest characters

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    def text(self, words: list[Word] | None = None) -> str:
        return join_words(self.words if words is None else words)


def join_words(words: list[Word]) -> str:
    """Words of one line left to right; a space where the gap is a visible space."""
    out: list[str] = []
    prev: Word | None = None
    for w in sorted(words, key=lambda w: w.x0):
        if prev is not None and not (w.sup or prev.sup):
            gap, em = w.x0 - prev.x1, max(w.h, prev.h)
            if gap > WORD_GAP_EM * em or (w.chars and w.chars[0].spaced and gap > SPACE_GAP_EM * em):
                out.append(" ")
        out.append(w.text)
        prev = w
    return "".join(out)


def page_chars(textpage: object, limit: int) -> list[Char] | None:
    """Every visible character of a text page with its loose box; None if there are more than limit."""
    raw = textpage.raw  # type: ignore[attr-defined]
    n = pdfium_c.FPDFText_CountChars(raw)
    if n > limit:
        return None
    rect = pdfium_c.FS_RECTF()
    ref = ctypes.byref(rect)
    get_unicode = pdfium_c.FPDFText_GetUnicode
    get_box = pdfium_c.FPDFText_GetLooseCharBox
    chars: list[Char] = []
    index: list[int] = []
    append = chars.append
    spaced = False
    for i in range(n):
        u = get_unicode(raw, i)
        if u in _SPACES or u < 32:
            spaced = True
            continue
        if not get_box(raw, i, ref):
            continue
        x0, y0, x1, y1 = rect.left, rect.bottom, rect.right, rect.top
        if y1 - y0 <= 0.01:
            continue
        append(Char(chr(u) if u < 0x110000 else "\ufffd", x0, y0, x1, y1, False, spaced))
        index.append(i)
        spaced = False
    if chars:
        _fix_bloated(raw, chars, index)
    return chars


def _fix_bloated(raw: object, chars: list[Char], index: list[int]) -> None:
    """Some fonts claim absurd bounds (a 9 pt glyph in a 200 pt loose box): use the glyph's own box then.

    The glyph box is widened to an em square standing on the baseline, so such characters still line up
    with their neighbours.
    """
    heights = sorted(c.h for c in chars)
    limit = BLOATED * heights[len(heights) // 2]
    left, bottom, right, top = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    for c, i in zip(chars, index, strict=True):
        if c.h <= limit and c.x1 - c.x0 <= limit:
            continue
        if not pdfium_c.FPDFText_GetCharBox(raw, i, left, right, bottom, top):
            continue
        pdfium_c.FPDFText_GetCharOrigin(raw, i, ox, oy)
        em = max(right.value - left.value, top.value - bottom.value, 0.5 * heights[len(heights) // 2])
        base = oy.value if bottom.value - em <= oy.value <= top.value else bottom.value
        c.x0, c.x1 = left.value, right.value
        c.y0, c.y1 = base - 0.12 * em, base + 0.88 * em
        c.h = em


def group_lines(chars: list[Char], page: int) -> list[Line]:
    """Characters (in content order) into lines (top to bottom), each line's characters into words."""
    stacks, chars = _take_stacks(chars)
    chars.sort(key=lambda c: (-(c.y0 + c.y1), c.x0))
    groups: list[list[Char]] = []
    band0 = band1 = 0.0  # vertical band of the current line's tallest char
    for c in chars:
        if groups and _overlaps(band0, band1, c.y0, c.y1):
            groups[-1].append(c)
            if c.h > band1 - band0:
                band0, band1 = c.y0, c.y1
            continue
        groups.append([c])
        band0, band1 = c.y0, c.y1
    lines = [_line(g) for g in groups]
    for stack in stacks:  # onto the line its first character sits on, or a line of its own
        top = max(stack, key=lambda c: c.y1)
        host = next((ln for ln in lines if _overlaps(ln.y0, ln.y1, top.y0, top.y1)), None)
        word = Word("".join(c.ch for c in stack), min(c.x0 for c in stack), min(c.y0 for c in stack),
                    max(c.x1 for c in stack), max(c.y1 for c in stack), max(c.h for c in stack), 0, stack=True)
        if host is None:
            host = Line(0, 0, [], top.y0, top.y1, top.h)
            lines.append(host)
            lines.sort(key=lambda ln: -(ln.y0 + ln.y1))
        host.words.append(word)
        host.words.sort(key=lambda w: w.x0)
    for number, ln in enumerate(lines, start=1):
        ln.page, ln.number = page, number
        for w in ln.words:
            w.line = number
    return lines


def _overlaps(a0: float, a1: float, b0: float, b1: float) -> bool:
    return min(a1, b1) - max(a0, b0) >= LINE_OVERLAP * min(a1 - a0, b1 - b0)


def _line(chars: list[Char]) -> Line:
    tallest = max(chars, key=lambda c: c.h)
    h, base = tallest.h, tallest.y0
    chars.sort(key=lambda c: c.x0)
    for c in chars:
        c.sup = c.h < SUPERSCRIPT_SIZE * h and c.y0 > base + SUPERSCRIPT_RAISE * h and c.ch in _MARKS
    _short_sup_runs(chars)
    line = Line(0, 0, [], min(c.y0 for c in chars), max(c.y1 for c in chars), h)
    run: list[Char] = []
    for c in chars:
        if run:
            p = run[-1]
            if c.ch == p.ch and abs(c.x0 - p.x0) < DUPLICATE_EM * h and abs(c.y0 - p.y0) < DUPLICATE_EM * h:
                continue  # the same glyph printed twice to look bold
            gap = c.x0 - p.x1
            if c.sup != p.sup or gap > WORD_GAP_EM * max(c.h, p.h) or (c.spaced and gap > SPACE_GAP_EM * max(c.h, p.h)):
                line.words.append(_word(run))
                run = []
        run.append(c)
    line.words.append(_word(run))
    return line


def _short_sup_runs(chars: list[Char]) -> None:
    """Only short raised runs (¹, 2), *, 注1) are marks; a longer run of smaller text is text."""
    i = 0
    while i < len(chars):
        if not chars[i].sup:
            i += 1
            continue
        j = i
        while j < len(chars) and chars[j].sup:
            j += 1
        if j - i > SUPERSCRIPT_MAX:
            for c in chars[i:j]:
                c.sup = False
        i = j


def _word(chars: list[Char], line: int = 0) -> Word:
    return Word("".join(c.ch for c in chars), chars[0].x0, min(c.y0 for c in chars), chars[-1].x1,
                max(c.y1 for c in chars), max(c.h for c in chars), line, chars[0].sup, chars=chars)


def _ideograph(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


def _stackable(ch: str) -> bool:
    if ch.isdigit() or ch.isascii():
        return False
    return unicodedata.category(ch)[0] in "LP"


def _take_stacks(chars: list[Char]) -> tuple[list[list[Char]], list[Char]]:
    """Runs (in content order) of CJK characters each below the previous one at the same x."""
    stacks: list[list[Char]] = []
    rest: list[Char] = []
    run: list[Char] = []
    em = 0.0
    up = False  # text turned a quarter left reads bottom to top
    for c in chars:
        if run:
            p = run[-1]
            below = p.y0 - STACK_GAP_EM * em <= c.y1 <= p.y0 + 0.3 * em
            above = p.y1 - 0.3 * em <= c.y0 <= p.y1 + STACK_GAP_EM * em
            if ((above if up else below) or (len(run) == 1 and above)) \
                    and min(p.x1, c.x1) - max(p.x0, c.x0) >= 0.5 * min(p.x1 - p.x0, c.x1 - c.x0) \
                    and _stackable(c.ch):
                up = up or (len(run) == 1 and above and not below)
                run.append(c)
                em = max(em, c.h)
                continue
            _end_stack(run, up, stacks, rest)
            run = []
        if _stackable(c.ch):
            run, em, up = [c], c.h, False
        else:
            rest.append(c)
    _end_stack(run, up, stacks, rest)
    return stacks, rest


def _end_stack(run: list[Char], _up: bool, stacks: list[list[Char]], rest: list[Char]) -> None:
    if len(run) >= STACK_MIN:
        stacks.append(run)  # in reading order: top to bottom, or bottom to top if turned
    else:
        rest.extend(run)
