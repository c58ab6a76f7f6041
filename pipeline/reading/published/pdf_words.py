"""The words of a PDF table: labels compared as FORMAT.md compares them, numbers and blanks, and the lines
no table runs past (a table's title, a section heading, a note under it)."""

from __future__ import annotations

import re
import unicodedata

from pipeline.reading.published.pdf_lines import Line
from schemas.info import SECTION_HEADINGS
from schemas.tables import TITLE_T2, TITLE_T3, TITLE_T4

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "＂": '"', "‘": "'", "’": "'", "＇": "'", "「": '"', "」": '"'})
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Labels compared after NFKC, whitespace removal and quote unification (FORMAT.md)."""
    return _WS.sub("", unicodedata.normalize("NFKC", text)).translate(_QUOTES)


HEADING_ALIASES = (
    "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "四、政府信息公开行政复议和行政诉讼情况",
    "五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况",
)
T4_TITLES = frozenset(map(norm, (TITLE_T4, *HEADING_ALIASES[:2])))
TITLES = {norm(TITLE_T2): "T2", norm(TITLE_T3): "T3", **{t: "T4" for t in T4_TITLES}}
_NUMERAL = re.compile(r"^([一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d+[.、]|第[一二三四五六七八九十]+部分[、:]?)")
_BARE_TITLES = {_NUMERAL.sub("", t): kind for t, kind in TITLES.items()}


def title_kind(text: str) -> str | None:
    """T2/T3/T4 if the line is a table's heading, also numbered otherwise (（三）收到和处理…, 3.收到和处理…)."""
    t = norm(text)
    return TITLES.get(t) or _BARE_TITLES.get(_NUMERAL.sub("", t))


HEADINGS = frozenset(norm(h) for h in (*SECTION_HEADINGS, *HEADING_ALIASES))
ENUMERATOR = re.compile(r"^(\d+[.、]|\([一二三四五六七八九十]+\)|[一二三四五六七八九十]+、)")
NUMBER = re.compile(r"^[-+−]?\d[\d,]*(\.\d+)?%?$")
BLANKS = frozenset(norm(s) for s in ("/", "／", "\\", "-", "—", "——", "–", "－", "无", "空"))
NOTE_START = "(本列数据"
NOTE = re.compile(r"^(注|说明|备注)[:：]?")


def cjk_count(text: str) -> int:
    return sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")


def is_cell_token(text: str) -> bool:
    t = norm(text)
    return bool(NUMBER.match(t)) or t in BLANKS


def ends_table(line: Line, text: str) -> bool:
    """A line no table runs past: a table title, a section heading, a note under the table."""
    t = norm(text)
    return t in TITLES or t in HEADINGS or bool(NOTE.match(t)) or title_kind(t) is not None
