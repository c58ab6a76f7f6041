"""The report as a whole (FORMAT.md §4, report level): its headings, period, basis, and what sections 一, 五, 六 cover.

Headings, the statistical period and the cited basis exist only in a published report (a workbook has no
title or headings); what 一, 五 and 六 must cover is read from the 文字内容 of any submission. Like the
narrative checks these are patterns: a section is judged only by words it plainly must contain, and the
message says which are missing. A published report's figures that could not be placed, and its mix of
the two formats' labels, are reported here too, each at its page and line.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from dataclasses import replace

from pipeline.checks.batch import Batch
from pipeline.checks.issues import make_issue
from pipeline.checks.unplaced import unplaced_issues
from pipeline.common.labels import ideographs, may_normalise_to, normalise_label
from pipeline.types import Issue, Rect, Submission
from schemas import SPEC
from schemas.report_rules import DEADLINE_DEPARTMENT, DEADLINE_GOVERNMENT, GOVERNMENT_NAME_ENDS
from schemas.spec import ReportSpec, TextField

# The five aspects of 总体情况 (FORMAT.md §2, 1.), each with the words that name it.
ASPECTS = (("主动公开", "主动公开"), ("依申请公开", "申请"), ("政府信息管理", "信息管理|管理"),
           ("政府信息公开平台建设", "平台|网站|新媒体"), ("监督保障", "监督|保障|考核|培训"))
GOVERNMENT = "人民政府"
GOVERNMENT_ITEM = re.compile(r"考核|评议|责任追究")
FEE_TOPIC = re.compile(r"信息处理费|处理费|收费|收取费用|费用")
FEE_STATE = re.compile(r"(?:未|没有|无|不|免)[^。；;，,]{0,6}(?:收取|收费|发生|产生|涉及)|\d+(?:\.\d+)?\s*(?:万\s*)?元|零元")
SEC5_PAST = re.compile(r"上年|去年|上一年|上年度|以往|前期|整改")
SEC5_NOW = re.compile(r"问题|不足|短板|差距")
SEC5_MEASURES = re.compile(r"措施|改进|加强|下一步|今后|将|持续|推进|提升")
SEC6_ITEMS = (("政务公开工作要点落实情况", re.compile(r"要点")),
              ("人大代表建议和政协提案办理结果公开情况", re.compile(r"建议|提案")),
              ("政务公开工作创新情况", re.compile(r"创新")))
PERIOD = re.compile(r"((?:19|20)\d\d)\s*年\s*(?:度\s*)?(?:的\s*)?1\s*月\s*1\s*日\s*(?:起\s*)?(?:至|到|—|－|-|~|～|–)\s*"
                    r"(?:((?:19|20)\d\d)\s*年\s*)?12\s*月\s*31\s*日")
OLD_BASIS = re.compile(r"国办公开办函\s*[〔\[［(（]\s*2019\s*[〕\]］)）]\s*60\s*号|格式\s*[（(]\s*试行\s*[）)]")
# FORMAT.md: these judge 文字内容, which a workbook has too, so they run on a workbook's texts at their cells.
WORKBOOK_TEXT_RULES: tuple[str, ...] = ("R-SEC1-ASPECTS", "R-SEC5-FOLLOWUP", "R-SEC6-FEE", "R-SEC6-ITEMS")
FORMAT_YEAR = 2021
UNFILLED = "未填写"  # the first report year of the 2021 format


def check_report_text(batch: Batch, year: int, spec: ReportSpec = SPEC) -> list[Issue]:
    """Every report-level rule over every submission of a batch."""
    issues: list[Issue] = []
    for sub in batch.subs:
        if sub.published:
            issues.extend(document_issues(sub, year or sub.body.year or 0, spec))
        issues.extend(i for i in text_issues(sub, spec) if sub.published or i.rule in WORKBOOK_TEXT_RULES)
    return issues


def document_issues(sub: Submission, year: int, spec: ReportSpec = SPEC) -> Iterator[Issue]:
    """What only a published report has: placed figures, the format, headings, period and basis."""
    for rule, detail, where in sub.findings:
        yield _doc_issue(spec, rule, sub, detail, where)
    yield from unplaced_issues(sub, spec)
    yield from _heading_issues(sub, spec)
    yield from _period_issues(sub, year, spec)
    yield from _deadline_issues(sub, year, spec)
    if year >= FORMAT_YEAR:
        match = OLD_BASIS.search(sub.opening + "\n" + "\n".join(sub.texts.values()))
        if match:
            yield _doc_issue(spec, "R-FORMAT-CITE", sub, f"报告写有“{match.group(0)}”，以2019年试行格式为依据",
                             sub.where.get("name", ""))


def _doc_issue(spec: ReportSpec, rule: str, sub: Submission, detail: str, where: str, sheet: str = "",
               cells: tuple[Rect, ...] = (), **values: str) -> Issue:
    issue = make_issue(spec, rule, sub, sheet, cells, detail=detail, **values)
    return issue if not where else _located(issue, where)


def _located(issue: Issue, where: str) -> Issue:
    return replace(issue, where=where)


def _heading_issues(sub: Submission, spec: ReportSpec) -> Iterator[Issue]:
    found = {numeral: (text, where) for numeral, text, where in sub.headings}
    numerals = [h[0] for h in sub.headings]
    missing = [h for h in spec.section_headings if h[0] not in found]
    if missing:
        yield _doc_issue(spec, "R-SEC-ORDER", sub, "未找到标题“" + "”“".join(missing) + "”", "")
    if numerals != sorted(numerals, key="一二三四五六".index):
        yield _doc_issue(spec, "R-SEC-ORDER", sub, "标题顺序不对：" + "、".join(numerals), "")
    for official in spec.section_headings:
        text, where = found.get(official[0], ("", ""))
        if text and normalise_label(text) != normalise_label(official):
            yield _doc_issue(spec, "R-SEC-ORDER-ALIAS", sub, f"第{official[0]}部分的标题写作“{text}”，格式规定为“{official}”",
                             where)


def _period_issues(sub: Submission, year: int, spec: ReportSpec) -> Iterator[Issue]:
    periods = [(int(m.group(1)), int(m.group(2) or m.group(1))) for m in PERIOD.finditer(sub.opening)]
    where = sub.where.get("name", "")
    if not periods:
        yield _doc_issue(spec, "R-PERIOD", sub, "报告开头和总体情况中未写明统计期限（如“统计期限自"
                         f"{year or 'XXXX'}年1月1日起至{year or 'XXXX'}年12月31日止”）", where)
    elif year and not any(a == b == year for a, b in periods):
        stated = "、".join(f"{a}年1月1日至{b}年12月31日" for a, b in periods)
        yield _doc_issue(spec, "R-PERIOD", sub, f"报告写明的统计期限为{stated}，不是报告年度{year}年", where)


def _deadline_issues(sub: Submission, year: int, spec: ReportSpec) -> Iterator[Issue]:
    """R-DEADLINE by the latest date the report carries: it was published no earlier than it was signed or
    than the day its page gives; a report that carries no date is not judged (its date is unknown)."""
    if not sub.dates or not year:
        return
    day, what, where = max(sub.dates)
    government = sub.body.name.endswith(GOVERNMENT_NAME_ENDS)
    due = dt.date(year + 1, *(DEADLINE_GOVERNMENT if government else DEADLINE_DEPARTMENT))
    if dt.date.fromisoformat(day) > due:
        kind = "本级人民政府" if government else "政府部门"
        yield _doc_issue(spec, "R-DEADLINE", sub, f"报告{what}为{_chinese_day(day)}", where,
                         due=f"{kind}的{year}年度报告应在{_chinese_day(due.isoformat())}前公布")


def _chinese_day(iso: str) -> str:
    day = dt.date.fromisoformat(iso)
    return f"{day.year}年{day.month}月{day.day}日"


def text_issues(sub: Submission, spec: ReportSpec = SPEC) -> Iterator[Issue]:
    """What sections 一, 五 and 六 must cover, in any submission's texts."""
    fields = {f.id: f for f in spec.text_fields}
    overview = [f for f in spec.text_fields if f.section == "一"]
    missing = _missing_aspects(sub, overview)
    if missing:
        yield _text_issue(spec, "R-SEC1-ASPECTS", sub, overview[0], "一、总体情况",
                          "未写到" + "、".join(missing) + "方面")
    s5, s6 = fields["s5"], fields["s6"]
    lacking = _sec5_lacking(_filled(sub, s5))
    if lacking:
        yield _text_issue(spec, "R-SEC5-FOLLOWUP", sub, s5, s5.heading, lacking)
    six = _filled(sub, s6)
    if not six:  # one message for an empty section, not one per thing it should have said
        yield _text_issue(spec, "R-SEC6-FEE", sub, s6, s6.heading, UNFILLED)
        return
    if not _states_fee(six):
        yield _text_issue(spec, "R-SEC6-FEE", sub, s6, s6.heading, "未写明信息处理费的收取情况")
    items = [name for name, words in SEC6_ITEMS if not words.search(six)]
    if items:
        yield _text_issue(spec, "R-SEC6-ITEMS", sub, s6, s6.heading, "未写到" + "、".join(items))


def _filled(sub: Submission, field: TextField) -> str:
    """The text of a field; '' when left empty or when it only repeats the template's hint beside it."""
    text = sub.texts.get(field.id, "").strip()
    return "" if _is_hint(text, field.hint) else text


HINT_PROBE = 32  # characters of a text whose ideographs are looked at first (see _is_hint)


@functools.lru_cache(maxsize=64)
def _is_hint(text: str, hint: str) -> bool:
    # Cached: a submission's texts are asked about more than once (一's parts, twice each). Normalising a long
    # text costs more than every other check of it, so a written text is told from the hint without it. Even
    # collecting a long text's ideographs costs more than the rest of its checks: its opening is tried first,
    # which is exact (a prefix's ideographs are some of the text's, so one the hint lacks rules the text out),
    # and the whole text is looked at only when its opening could still be the hint.
    normalised, its_ideographs = _normalised_hint(hint)
    if text == hint:
        return True
    if not may_normalise_to(text[:HINT_PROBE], its_ideographs):
        return False
    return may_normalise_to(text, its_ideographs) and normalise_label(text) == normalised


@functools.lru_cache(maxsize=64)
def _normalised_hint(hint: str) -> tuple[str, frozenset[str]]:
    normalised = normalise_label(hint)  # the same few hints for every submission
    return normalised, ideographs(normalised)


def _missing_aspects(sub: Submission, overview: list[TextField]) -> list[str]:
    """Aspects of 总体情况 neither filled in as their own sub-part nor named in the section's text.

    A published government's report (its name ends in 人民政府) must also state the results of 工作考核、社会评议和
    责任追究 (条例第五十条第四项); a workbook's body is judged by its filled sub-parts only.
    """
    parts = [_filled(sub, f) for f in overview]
    whole = "\n".join(parts)
    split = all(parts)
    missing = [] if split else [name for name, words in ASPECTS if not re.search(words, whole)]
    if sub.published and sub.body.name.endswith(GOVERNMENT) and not GOVERNMENT_ITEM.search(whole):
        missing.append("工作考核、社会评议和责任追究结果")
    return missing


def _sec5_lacking(text: str) -> str:
    if not text:
        return UNFILLED
    needs = []
    if not SEC5_PAST.search(text):
        needs.append("上年度问题的整改情况")
    if not SEC5_NOW.search(text) or not SEC5_MEASURES.search(text):
        needs.append("本年度存在的问题和改进措施")
    return "未写明" + "和".join(needs) if needs else ""


def _states_fee(text: str) -> bool:
    """A sentence names the fee and says how much was charged, or that none was."""
    return any(FEE_TOPIC.search(s) and FEE_STATE.search(s) for s in re.split(r"[。；;\n]", text))


def _text_issue(spec: ReportSpec, rule: str, sub: Submission, field: TextField, label: str, detail: str) -> Issue:
    issue = make_issue(spec, rule, sub, spec.sheets.text, (Rect.cell(field.row, spec.text_value_col),),
                       label=label, detail=detail)
    where = sub.where.get(field.id, "")
    return _located(issue, where) if sub.published else issue
