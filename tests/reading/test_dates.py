"""The dates a published report carries (its signature, its page's publication time), read exactly or not at all,
and R-DEADLINE judged by them."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.checks.runner import check_batch
from pipeline.reading.document import read_document
from pipeline.reading.published.dates import find_dates
from pipeline.reading.published.model import Paragraph, Where
from pipeline.reading.published.read import read_published
from pipeline.types import Issue
from tests.reading.builders import distinct_raw, official_tables_html, report_html
from tests.reading.realdocs import REALDOCS, needs_realdocs

YEAR = 2024
OPENING = f"<p>本报告所列数据的统计期限为{YEAR}年1月1日至{YEAR}年12月31日。</p>"


@needs_realdocs
@pytest.mark.parametrize(("file", "dates"), [
    ("pingtan2023.html", [(dt.date(2024, 3, 8), "所标“时间”", "第302行")]),  # the page's 时间 under the title
    ("pingtan2024.html", [(dt.date(2025, 3, 10), "所标“时间”", "第302行")]),
    ("pingtan2024.txt", [(dt.date(2025, 3, 10), "所标“发布时间”", "第2行")]),
    # signed at the end; the portal's 采集时间 and its banner's 2025年12月30日 星期二 are not the report's
    ("shuyang_fgj2023.html", [(dt.date(2024, 1, 17), "的落款日期", "第1203行")]),
    ("hzq2024_working.pdf", []),  # no date printed: unknown, not guessed
])
def test_real_reports_dates_as_printed(file: str, dates: list[tuple[dt.date, str, str]]) -> None:
    reading = read_published(file, (REALDOCS / file).read_bytes())
    assert [(d.day, d.what, d.where.text()) for d in reading.dates] == dates


@needs_realdocs
@pytest.mark.parametrize("file", ["pingtan2023.html", "pingtan2024.html", "shuyang_fgj2023.html", "pingtan2024.txt"])
def test_real_reports_were_published_in_time(file: str) -> None:
    # 平潭综合实验区 (a region's own report) by 31 March, 沭阳县发展和改革局 (a department) by 31 January
    sub = read_document(file, (REALDOCS / file).read_bytes())
    assert sub.dates and [i for i in check_batch([sub], sub.body.year or 0).issues if i.rule == "R-DEADLINE"] == []


def page(name: str = "某县某局", before: str = "", after_title: str = "", signature: str = "") -> bytes:
    """A report page with a portal banner before the title, lines under the title and a signature at the end."""
    html = report_html(official_tables_html(distinct_raw()), name=name, year=YEAR)
    html = html.replace("<div class=\"nav\">", f"<div class=\"nav\">{before}")
    html = html.replace(OPENING, after_title + OPENING)
    return html.replace("</div><div class=\"footer\">", signature + "</div><div class=\"footer\">").encode()


def deadline(data: bytes) -> list[Issue]:
    sub = read_document("某报告.html", data)
    return [i for i in check_batch([sub], YEAR).issues if i.rule == "R-DEADLINE"]


def test_a_department_signing_after_31_january_is_late_at_its_signature() -> None:
    (issue,) = deadline(page(signature="<p>某县某局</p><p>二〇二五年二月三日</p>"))
    assert not issue.is_error and issue.where and issue.cell == issue.where
    assert issue.message == ("报告的落款日期为2025年2月3日，晚于《条例》第四十九条规定的公布期限："
                             "政府部门的2024年度报告应在2025年1月31日前公布。请核实报告的公布日期")
    assert deadline(page(signature="<p>某县某局</p><p>2025年1月31日</p>")) == []


@pytest.mark.parametrize(("name", "signed", "late"), [
    ("某县人民政府", "2025年3月31日", False), ("某县人民政府", "2025年4月1日", True),
    ("某镇人民政府", "2025年3月1日", False),  # 第四十九条 sets a township no earlier date
    ("某街道办事处", "2025年3月1日", False), ("某县某局", "2025年3月1日", True),
])
def test_a_government_has_until_31_march(name: str, signed: str, late: bool) -> None:
    issues = deadline(page(name=name, signature=f"<p>{name}{signed}</p>"))
    assert len(issues) == late
    if late and name.endswith("人民政府"):
        assert "本级人民政府的2024年度报告应在2025年3月31日前公布" in issues[0].message


def test_a_page_published_later_than_signed_is_judged_by_its_publication() -> None:
    data = page(after_title="<p>来源：某县某局 发布时间：2025-02-10 09:30</p>", signature="<p>2025年1月20日</p>")
    (issue,) = deadline(data)
    assert issue.message.startswith("报告所标“发布时间”为2025年2月10日")
    assert [d[:2] for d in read_document("某报告.html", data).dates] == [("2025-02-10", "所标“发布时间”"),
                                                                       ("2025-01-20", "的落款日期")]


def test_a_date_under_the_title_counts() -> None:
    (issue,) = deadline(page(after_title="<p>（2025年2月1日）</p>"))
    assert issue.message.startswith("报告标题下的日期为2025年2月1日")


@pytest.mark.parametrize(("before", "after_title", "signature"), [
    ("<p>采集时间：2025-12-30T21:37:37+08:00</p><p>2025年12月30日 星期二</p>", "", ""),  # the portal's dates
    ("", "<p>更新时间：2025-06-01</p>", ""),  # the page updated, not published
    ("", "", "<p>某县某局</p><p>2025年2月30日</p>"),  # no such day
    ("", "", "<p>我局将于2025年6月1日前完成整改。</p>"),  # a date in a sentence is not a signature
    ("", "", ""),
])
def test_no_date_the_report_does_not_plainly_carry_is_taken(before: str, after_title: str, signature: str) -> None:
    data = page(before=before, after_title=after_title, signature=signature)
    assert read_document("某报告.html", data).dates == ()
    assert deadline(data) == []


def test_a_run_together_page_ends_with_its_name_and_date() -> None:
    ps = [Paragraph("某县某局2024年政府信息公开工作年度报告", Where(line=1)),
          Paragraph("六、其他需要报告的事项本年度未收取信息处理费。某县某局2025年2月5日", Where(line=9))]
    (dated,) = find_dates(ps, "某县某局", 0, 1, 1)
    assert (dated.day, dated.what, dated.where) == (dt.date(2025, 2, 5), "的落款日期", Where(line=9))
    assert find_dates(ps, "某县某局", 0, None, None) == []  # without headings there is no end to look at
