"""Title, body, year and the six sections of a published report, from its paragraphs.

The title is `<机关名称><YYYY>年(度)政府信息公开(工作)年度报告`; the year comes from the title, else from
the opening paragraph's statistical period. Headings are found in order (一 before 二 ...), by their
official wording or an alias seen in real reports (FORMAT.md §2), either as a paragraph of their own or
run together with the text around them (flattened exports); each section's text runs to the next heading.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pipeline.reading.published.labels import norm
from pipeline.reading.published.model import Paragraph, Where
from pipeline.reading.published.textpos import normalised_with_offsets, original_span
from schemas.info import SECTION_HEADINGS

NUMERALS = ("一", "二", "三", "四", "五", "六")
ALIASES = {
    "四": ("四、因政府信息公开工作被申请行政复议、提起行政诉讼情况", "四、政府信息公开行政复议和行政诉讼情况"),
    "五": ("五、政府信息公开工作存在的主要问题及改进情况", "五、存在问题及改进情况", "五、存在的主要问题及整改措施",
           "五、存在的主要问题及整改情况"),
}
# A short paragraph "五、……" is a heading when it names the section's subject, even in words not listed above.
KEYWORDS = {"一": ("总体",), "二": ("主动公开",), "三": ("申请",), "四": ("复议", "诉讼"), "五": ("问题",),
            "六": ("其他", "事项")}
HEADING_MAX = 40
TITLE = re.compile(r"(?P<name>[^\n]*?)\s*(?P<year>(?:19|20)\d{2})\s*年\s*度?\s*政\s*府\s*信\s*息\s*公\s*开\s*"
                   r"(?:工\s*作\s*)?年\s*度\s*报\s*告")
PERIOD = re.compile(r"((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日\s*(?:至|到|—|-|－|~)\s*\1\s*年\s*12\s*月\s*31\s*日")
_LABEL_PREFIX = re.compile(r"^.*[:：]\s*")  # 标题：… in the header lines of portal archives
_NAME_START = re.compile(r"[\s，。；、：:_|（）()《》“”\-—]|公布|发布|印发|关于")


@dataclass(frozen=True)
class Heading:
    numeral: str
    text: str
    where: Where
    at: tuple[int, int]  # (paragraph index, offset) where the heading starts
    end: tuple[int, int]  # (paragraph index, offset) just after it


def find_title(paragraphs: Sequence[Paragraph]) -> tuple[str, str, int | None, Where, int | None]:
    """(title, body name, year, where, paragraph index): a paragraph that is the title, else the first one that names it."""
    for whole in (True, False):
        for i, p in enumerate(paragraphs):
            text = p.text.strip()
            match = TITLE.fullmatch(text) if whole else TITLE.search(text)
            if not match:
                continue
            name = _LABEL_PREFIX.sub("", match.group("name")).strip()
            if not whole:
                name = _NAME_START.split(name)[-1]  # 现向社会公布XX局2023年度… names XX局 after the last break
            if not name and i and len(paragraphs[i - 1].text.strip()) <= HEADING_MAX:
                name = paragraphs[i - 1].text.strip()  # the name printed on a line of its own above
            if name:
                return name + text[match.start("year"):match.end()], name, int(match.group("year")), p.where, i
    return "", "", None, Where(), None


def find_year(paragraphs: Sequence[Paragraph]) -> int | None:
    """The statistical period's year (2024年1月1日至2024年12月31日) in the opening paragraphs."""
    for p in paragraphs[:80]:
        match = PERIOD.search(p.text)
        if match:
            return int(match.group(1))
    return None


def find_headings(paragraphs: Sequence[Paragraph]) -> list[Heading]:
    """The six headings in document order; a missing one is skipped (the checks report it).

    Headings standing as paragraphs of their own are found first, so an opening paragraph that lists
    "一、总体情况；二、……" is not taken for them; only a heading still missing is looked for run
    together with text, between the headings found around it (flattened exports have nothing else).
    """
    names = {n: [norm(h) for h in (official, *ALIASES.get(n, ()))] for n, official in zip(NUMERALS, SECTION_HEADINGS,
                                                                                          strict=True)}
    found: dict[str, Heading] = {}
    pos = (0, 0)
    for numeral in NUMERALS:
        heading = _next_heading(paragraphs, numeral, names[numeral], pos, (len(paragraphs), 0), standalone=True)
        if heading:
            found[numeral] = heading
            pos = heading.end
    for k, numeral in enumerate(NUMERALS):
        if numeral in found:
            continue
        before = [found[n].end for n in NUMERALS[:k] if n in found]
        after = [found[n].at for n in NUMERALS[k + 1:] if n in found]
        heading = _next_heading(paragraphs, numeral, names[numeral], before[-1] if before else (0, 0),
                                after[0] if after else (len(paragraphs), 0), standalone=False)
        if heading:
            found[numeral] = heading
    return [found[n] for n in NUMERALS if n in found]


def _next_heading(paragraphs: Sequence[Paragraph], numeral: str, wanted: list[str], pos: tuple[int, int],
                  stop: tuple[int, int], standalone: bool) -> Heading | None:
    for i in range(pos[0], min(stop[0] + 1, len(paragraphs))):
        p = paragraphs[i]
        start = pos[1] if i == pos[0] else 0
        text = p.text[start:stop[1]] if i == stop[0] else p.text[start:]
        folded = norm(text)
        if standalone:
            if start == 0 and _is_heading_paragraph(folded, numeral, wanted):
                return Heading(numeral, p.text.strip(), p.where, (i, 0), (i, len(p.text)))
            continue
        if not any(w in folded for w in wanted):
            continue
        normalised, offsets = normalised_with_offsets(text)
        at, w = min((normalised.find(w), w) for w in wanted if w in normalised)
        first, last = original_span(offsets, at, at + len(w), len(text))
        return Heading(numeral, text[first:last], p.where, (i, start + first), (i, start + last))
    return None


def _is_heading_paragraph(folded: str, numeral: str, wanted: list[str]) -> bool:
    # A heading printed without its numeral (其他需要报告的事项) counts when it stands alone in its wording.
    if folded in wanted or folded in (w.removeprefix(numeral + "、") for w in wanted):
        return True
    return (folded.startswith(numeral + "、") and len(folded) <= HEADING_MAX and "。" not in folded
            and any(k in folded for k in KEYWORDS[numeral]))


def section_texts(paragraphs: Sequence[Paragraph], headings: Sequence[Heading]) -> dict[str, str]:
    """Each found section's text: from just after its heading to the next heading, paragraphs joined by lines."""
    out: dict[str, str] = {}
    for k, heading in enumerate(headings):
        stop = headings[k + 1].at if k + 1 < len(headings) else (len(paragraphs), 0)
        out[heading.numeral] = text_between(paragraphs, heading.end, stop)
    return out


def text_between(paragraphs: Sequence[Paragraph], start: tuple[int, int], stop: tuple[int, int]) -> str:
    lines = []
    for i in range(start[0], min(stop[0], len(paragraphs) - 1) + 1):
        text = paragraphs[i].text
        lo = start[1] if i == start[0] else 0
        hi = stop[1] if i == stop[0] else len(text)
        piece = text[lo:hi].strip()
        if piece:
            lines.append(piece)
    return "\n".join(lines)


SUB_MARKERS = ("（一）", "（二）", "（三）", "（四）", "（五）")
SUB_FIELDS = ("s1_active", "s1_request", "s1_manage", "s1_platform", "s1_oversight")
_SUB_HEAD_MAX = 30  # a run-together sub-heading (（一）主动公开方面。…) ends at a 。 this close to its marker


def text_fields(sections: dict[str, str]) -> dict[str, str]:
    """The template's text fields: 一 split by its (一)–(五) sub-headings when all five are there (else all of
    一 in s1_active and the other four empty), 五, 六."""
    overview = sections.get("一", "")
    parts = split_overview(overview)
    texts = dict(zip(SUB_FIELDS, parts or [overview, "", "", "", ""], strict=True))
    texts.update({"s5": sections.get("五", ""), "s6": sections.get("六", "")})
    return texts


def split_overview(text: str) -> list[str] | None:
    """The five sub-parts' texts (without their sub-headings), or None when the five are not all found in order.

    Markers are looked for at the start of a line; in a single run-together line, anywhere (in order).
    Text before （一） stays with the first part, so nothing of the section is lost.
    """
    lines = text.split("\n")
    starts = _marker_starts(text, at_line_start=True) if len(lines) > 1 else None
    starts = starts or (_marker_starts(text, at_line_start=False) if len(lines) == 1 else None)
    if not starts:
        return None
    intro = text[:starts[0]].strip()
    parts = []
    for k, at in enumerate(starts):
        end = starts[k + 1] if k + 1 < len(starts) else len(text)
        parts.append(_drop_sub_heading(text[at:end]))
    if intro:
        parts[0] = intro + "\n" + parts[0] if parts[0] else intro
    return parts


def _marker_starts(text: str, at_line_start: bool) -> list[int] | None:
    variants = [(m, m.replace("（", "(").replace("）", ")")) for m in SUB_MARKERS]
    starts, pos = [], 0
    for full, half in variants:
        hits = [i for i in (_find(text, full, pos, at_line_start), _find(text, half, pos, at_line_start)) if i >= 0]
        if not hits:
            return None
        starts.append(min(hits))
        pos = min(hits) + len(full)
    return starts


def _find(text: str, marker: str, pos: int, at_line_start: bool) -> int:
    while (at := text.find(marker, pos)) >= 0:
        if not at_line_start or at == 0 or text[at - 1] == "\n":
            return at
        pos = at + 1
    return -1


def _drop_sub_heading(part: str) -> str:
    """The part's text without its sub-heading line (or, run together, without 『（一）主动公开方面。』)."""
    first, _, rest = part.partition("\n")
    if len(first) <= HEADING_MAX and "。" not in first[:-1]:
        return rest.strip()
    stop = first.find("。", 0, _SUB_HEAD_MAX)
    return (first[stop + 1:] + ("\n" + rest if rest else "")).strip() if stop >= 0 else part.strip()
