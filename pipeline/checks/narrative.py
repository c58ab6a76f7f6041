"""The 文字内容 against the tables (R-NARR-T3, R-NARR-T4): sentences that contradict 表三 or 表四.

Patterns, not understanding: a sentence is read only where its meaning is plain ("未收到政府信息公开申请",
"共收到申请8件", "未引发行政复议、行政诉讼"), sentences about another year are skipped, and a doubtful
match is a warning that quotes the sentence, never an error.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator, Mapping
from functools import cache, lru_cache

from pipeline.checks.batch import Batch
from pipeline.checks.issues import make_issue
from pipeline.common.cells import cells_text
from pipeline.common.numbers import format_number
from pipeline.types import Issue, Rect, Submission
from schemas import SPEC
from schemas.indicators import t3_total, t4_all
from schemas.spec import ReportSpec, TextField

SENTENCE_MARKS = "。；;！!？?"  # a sentence ends after one of these, or before a line end
SENTENCE_BREAKS = SENTENCE_MARKS + "\n"
SENTENCE = re.compile(f"[^{SENTENCE_BREAKS}]+[{SENTENCE_MARKS}]?")
CLAUSE_END = "。；;，,！!？?\n"
CLAUSE = re.compile(f"[^{CLAUSE_END}]*")
_NUM = r"(\d+|[零〇一二两三四五六七八九十百千]+)"
_UNIT = r"\s*(?:件|份|个|条|宗|项|次)"
# 未收到政府信息公开申请 / 没有收到依申请公开事项 / 无政府信息公开申请
# (the gap holds no 申, so "未收到申请人补正材料的申请" is about the applicant, not about applications)
NONE_RECEIVED = re.compile(r"(?:未|没有)(?:收到|接到)[^。；;，,申]{0,12}申请(?!人)|无(?:政府信息公开申请|依申请公开)")
# 共收到政府信息公开申请8件 / 收到依申请公开事项12件 / 共收到8份申请; comparisons (增加3件) are not counts
COUNT_RECEIVED = re.compile(
    rf"(?<![未有])(?:收到|接到|新收)(?:[^。；;，,\d增减较比申]{{0,15}}申请(?!人)[^。；;，,\d增减较比]{{0,8}}?{_NUM}{_UNIT}"
    rf"|[^。；;，,\d增减较比]{{0,8}}?{_NUM}{_UNIT}[^。；;，,]{{0,12}}?申请)")
# 办结政府信息公开申请8件 / 共办结12件 / 已全部办结（没有数字：不比较）; 办结率 and 按时办结 are not counts
COUNT_DONE = re.compile(rf"(?<![未率])办结(?![率])[^。；;，,\d增减较比率]{{0,12}}?{_NUM}{_UNIT}")
# 未发生行政复议、行政诉讼 / 未引发行政复议、行政诉讼案件 / 没有因政府信息公开被申请行政复议
NO_CASES = re.compile(r"(?:未|没有|无)(?:发生|引发|出现|产生|涉及)?[^。；;，,]{0,16}?(?:行政复议|行政诉讼)")
YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*年")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def chinese_int(token: str) -> int:
    """'12' -> 12, '十二' -> 12, '一百零五' -> 105, '两' -> 2."""
    if token.isdigit():
        return int(token)
    total, digit = 0, 0
    for ch in token:
        if ch in _UNITS:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
        else:
            digit = _DIGITS[ch]
    return total + digit


def sentences(text: str) -> list[str]:
    """A text split after 。；！？ and line ends, each sentence with its closing mark."""
    return [s.strip() for s in SENTENCE.findall(text) if s.strip()]


def sentences_with(words: re.Pattern[str], text: str) -> Iterator[str]:
    """The sentences of a text (as `sentences` gives them) in which words are found, in order.

    The same as `s for s in sentences(text) if words.search(s)`, without splitting the whole text: a long text
    names applications or cases in a few of its sentences. Exact for words that never match a sentence break
    or a space (the rules' words: plain words, tested): a sentence holds a match exactly when the text has one
    inside the sentence's part. A sentence is a run of characters up to a break (and its mark), so the one
    holding a match starts after the last break before the match, and no earlier than the previous one's end.
    """
    breaks = [c for c in SENTENCE_BREAKS if c in text]  # mostly just 。
    pos = 0
    while (match := words.search(text, pos)) is not None:
        start = max([pos] + [text.rfind(c, pos, match.start()) + 1 for c in breaks])
        run = SENTENCE.match(text, start)
        assert run is not None  # text[start] is in the match's own run: no break between them
        yield run.group().strip()
        pos = run.end()


def about_other_year(sentence: str, year: int) -> bool:
    """True when a sentence names years, none of them the report year (e.g. last year's figures)."""
    years = {int(y) for y in YEAR.findall(sentence)}
    return bool(years) and year not in years


def _clause(sentence: str, start: int) -> str:
    """From start up to the next clause end (。，； …) or the sentence's end."""
    clause = CLAUSE.match(sentence, start)
    assert clause is not None  # it matches the empty string too
    return clause.group()


_NEW, _CARRY, _DONE = t3_total("new", "carry", "tot")
_REVIEWS, *_SUITS = t4_all("total")


# A text's sentences are judged against the same few figures (a province's: 50,000 conflicts), so each figure's
# text is made once; format_number is a function of the figure alone.
_shown = lru_cache(maxsize=1024)(format_number)


def _t3_conflict(sentence: str, v: Mapping[str, float]) -> str:
    new, carry = v[_NEW], v[_CARRY]
    if NONE_RECEIVED.search(sentence) and new > 0:
        return _t3_stated(new)
    for match in COUNT_RECEIVED.finditer(sentence):
        said = chinese_int(next(g for g in match.groups() if g))
        if said not in (new, new + carry):  # "收到" may or may not count last year's carried-over ones
            return _t3_stated(new) + (f"（另有上年结转 {_shown(carry)} 件）" if carry else "")
    for match in COUNT_DONE.finditer(sentence):
        if chinese_int(match.group(1)) != v[_DONE]:
            return f"表三（七）总计为 {_shown(v[_DONE])} 件"
    return ""


def _t3_stated(new: float) -> str:
    return f"表三本年新收政府信息公开申请为 {_shown(new)} 件"


def _t4_conflict(sentence: str, v: Mapping[str, float]) -> str:
    reviews = v[_REVIEWS]
    suits = sum(v[i] for i in _SUITS)
    for match in NO_CASES.finditer(sentence):
        clause = _clause(sentence, match.start())
        found = []
        if "复议" in clause and reviews > 0:
            found.append(f"行政复议 {_shown(reviews)} 件")
        if "诉讼" in clause and suits > 0:
            found.append(f"行政诉讼 {_shown(suits)} 件")
        if found:
            return "表四有" + "、".join(found)
    return ""


Conflict = Callable[[str, Mapping[str, float]], str]
# rule -> (how a sentence contradicts the figures, the figures it reads, words without which it cannot)
CHECKS: dict[str, tuple[Conflict, tuple[str, ...], re.Pattern[str]]] = {
    "R-NARR-T3": (_t3_conflict, t3_total("new", "carry", "tot"),
                  re.compile(r"收到|接到|新收|办结|无(?:政府信息公开申请|依申请公开)")),
    "R-NARR-T4": (_t4_conflict, t4_all("total"), re.compile(r"复议|诉讼")),
}
NEEDED = tuple(dict.fromkeys(i for _, ids, _ in CHECKS.values() for i in ids))
# Most texts never mention applications or cases: they are not split into sentences at all.
WORTH_READING = re.compile("|".join(words.pattern for _, _, words in CHECKS.values()))


def contradictions(rule: str, text: str, values: Mapping[str, float], year: int) -> tuple[list[str], str]:
    """The sentences of one text that contradict the figures, and what the table says (first conflict)."""
    conflict, _, words = CHECKS[rule]
    quoted: list[str] = []
    details: list[str] = []
    for sentence in sentences_with(words, text):  # only they can contradict: cheaper on long texts
        probe = sentence.translate(_WIDE_DIGITS)  # same length: the sentence is quoted as written
        detail = "" if about_other_year(probe, year) else conflict(probe, values)
        if detail:
            quoted.append(sentence)
            details.append(detail)
    return quoted, details[0] if details else ""


def check_narrative(batch: Batch, year: int, spec: ReportSpec = SPEC) -> list[Issue]:
    """Every narrative rule over every submission; one warning per rule and text cell, quoting each sentence."""
    issues: list[Issue] = []
    figures = batch.frame[list(NEEDED)].to_numpy()
    for i, sub in enumerate(batch.subs):
        # A text without any rule's words has no sentence either rule reads: it is not looked at again.
        texts = [(f, t) for f in spec.text_fields if WORTH_READING.search(t := sub.texts.get(f.id, ""))]
        if not texts or math.isnan(figures[i].sum()):
            continue  # nothing to compare, or a figure unreadable (already an error of its own)
        values = dict(zip(NEEDED, (float(x) for x in figures[i]), strict=True))
        for field, text in texts:
            issues.extend(_field_issues(field, text, values, year, sub, spec))
    return issues


def _field_issues(field: TextField, text: str, values: Mapping[str, float], year: int, sub: Submission,
                  spec: ReportSpec) -> Iterator[Issue]:
    for rule, (_, ids, _) in CHECKS.items():
        quoted, detail = contradictions(rule, text, values, year)
        if quoted:
            where = _cells_of(ids, spec)
            sentence = "”“".join(quoted)
            yield make_issue(spec, rule, sub, spec.sheets.text, (Rect.cell(field.row, spec.text_value_col),),
                             actual=sentence,
                             label=field.heading, sentence=sentence, detail=f"{detail}（{where}）")


@cache
def _cells_of(ids: tuple[str, ...], spec: ReportSpec) -> str:
    """Where the figures a rule reads are, e.g. '表三 D5、D6' (the same for every warning of a rule)."""
    return f"{spec.number(ids[0]).sheet} {cells_text(spec.number(i) for i in ids)}"
