"""The dates a published report carries, for R-DEADLINE: the date it is signed with, the page's publication time.

Only dates that plainly say when the report was made or put out are taken, each exactly as printed:
- the signing date (落款日期): a paragraph at the end of 六 that is a date alone, or the body's name and a date
  (as the last words of a page whose paragraphs ran together);
- a labelled date (发布时间：2025-03-10, 公开日期 2024-01-17, 成文日期) or a date standing alone between the title
  and the first heading.
A portal's own dates (采集时间, today's date in its banner, 更新时间) are not the report's and are never taken; a
report with none of the above has no known date, and nothing is judged.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence

from pipeline.reading.published.model import Dated, Paragraph

_VALUES = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0, "O": 0, "○": 0}
_DIGITS = "".join(_VALUES)
_CN = f"[{_DIGITS}十]"
_NUMERIC = r"((?:19|20)\d\d)\s*(?:年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日|[-/.](\d{1,2})[-/.](\d{1,2}))"
_CHINESE = rf"([{_DIGITS}]{{4}})\s*年\s*({_CN}{{1,2}})\s*月\s*({_CN}{{1,3}})\s*日"
DATE = re.compile(rf"{_NUMERIC}|{_CHINESE}")
# A label of the date a report was put out or made; the character before it is no letter, so 采集时间 and
# 更新时间 (a portal's, not the report's) do not count.
LABELLED = re.compile(rf"(?<![\u4e00-\u9fff])(?:发布|公开|公布|印发|成文)?(?:时间|日期)\s*[:：]?\s*(?={DATE.pattern})")
_BRACKETS = "()（）[]［］〔〕 "
SIGNED, UNDER_TITLE = "的落款日期", "标题下的日期"  # how a message names each, after 报告
CLOSING_PARAGRAPHS = 3  # the signature is among the last few paragraphs of 六


def find_dates(paragraphs: Sequence[Paragraph], name: str, title_at: int | None, first_heading: int | None,
               last_heading: int | None) -> list[Dated]:
    """Every date of the opening (after the title, before the first heading) and of the signature at the end."""
    out: list[Dated] = []
    if title_at is not None:
        stop = first_heading if first_heading is not None else min(len(paragraphs), title_at + 10)
        for p in paragraphs[title_at:stop]:
            out.extend(_opening_dates(p))
    if last_heading is not None:
        tail = [p for p in paragraphs[last_heading:] if p.text.strip()][-CLOSING_PARAGRAPHS:]
        out.extend(d for p in tail for d in _signed(p, name))
    return out


def _opening_dates(p: Paragraph) -> list[Dated]:
    text = unicodedata.normalize("NFKC", p.text).strip()
    alone = _alone(text.strip(_BRACKETS))
    if alone:
        return [Dated(alone, UNDER_TITLE, p.where)]
    out = []
    for label in LABELLED.finditer(text):
        match = DATE.match(text, label.end())
        day = _day(match) if match else None
        if day:
            out.append(Dated(day, f"所标“{label.group(0).rstrip(':： ')}”", p.where))
    return out


def _signed(p: Paragraph, name: str) -> list[Dated]:
    text = unicodedata.normalize("NFKC", p.text).strip()
    day = _alone(text) or (_alone(text.removeprefix(name).strip()) if name and text.startswith(name) else None)
    if day is None and name:
        match = re.search(re.escape(name) + r"\s*(" + DATE.pattern + r")$", text)
        day = _alone(match.group(1)) if match else None
    return [Dated(day, SIGNED, p.where)] if day else []


def _alone(text: str) -> dt.date | None:
    """The day a text is, when the text is a date and nothing else."""
    match = DATE.fullmatch(text)
    return _day(match) if match else None


def _day(match: re.Match[str]) -> dt.date | None:
    g = match.groups()
    if g[0]:
        parts = (g[0], g[1] or g[3], g[2] or g[4])
        numbers = [int(x) for x in parts]
    else:
        numbers = [_chinese_number(g[5]), _chinese_number(g[6]), _chinese_number(g[7])]
    try:
        return dt.date(*numbers)
    except ValueError:  # 2月30日 and the like: not a day, so no date at all
        return None


def _chinese_number(text: str) -> int:
    """二〇二五, 一 .. 十二, 一 .. 三十一 as years, months and days are written; 0 (no day) for anything else."""
    if "十" not in text:
        return int("".join(str(_VALUES[c]) for c in text))
    tens, _, units = text.partition("十")
    if len(tens) > 1 or len(units) > 1 or "十" in units:
        return 0
    return (_VALUES[tens] if tens else 1) * 10 + (_VALUES[units] if units else 0)
