"""表四 in a PDF: its two-level header read by where the groups are printed (tests/reading/synth.py pages).

Every figure is distinct, so a figure given to the wrong group (行政复议 / 未经复议直接起诉 / 复议后起诉)
shows as a wrong number. The groups are found by their labels centred over runs of columns, never by
the official order.
"""

from __future__ import annotations

from pipeline.reading.published.model import PublishedReading
from pipeline.reading.published.pdf_groups import Span, group_runs
from pipeline.reading.published.read import read_published
from schemas.tables import T4_GROUPS, T4_OUTCOMES, TITLE_T4, t4_id
from tests.reading.synth import Page, pdf

FIRST, PITCH = 60.0, 32.0
CENTRES = [FIRST + PITCH * (j + 0.5) for j in range(15)]
SPLIT = {"结果维持": ["结果", "维持"], "结果纠正": ["结果", "纠正"], "其他结果": ["其他", "结果"],
         "尚未审结": ["尚未", "审结"], "总计": ["总计"]}


def value(j: int) -> str:
    return str(11 * (j + 1))


def t4_page(groups: list[tuple[str, float]], litigation_at: float | None = None) -> bytes:
    """Title, then the header: groups as (label, x centre) on the second header line, then 15 columns."""
    page = Page()
    y = 780.0
    page.text(60, y, TITLE_T4, 14)
    y -= 30
    if litigation_at is not None:
        page.centred(litigation_at, y, "行政诉讼", 9)
    for label, cx in groups:
        page.centred(cx, y - (0 if label == "行政复议" else 16), label, 9)
    y -= 36
    for (_, outcome), cx in zip([o for _ in T4_GROUPS for o in T4_OUTCOMES], CENTRES, strict=True):
        for k, part in enumerate(SPLIT[outcome]):
            page.centred(cx, y - 11 * k, part, 8)
    y -= 36
    for j, cx in enumerate(CENTRES):
        page.centred(cx, y, value(j), 10)
    page.text(60, y - 40, "五、存在的主要问题及改进情况", 14)
    return pdf([page])


def centred_over(first: int, last: int) -> float:
    return (CENTRES[first] + CENTRES[last]) / 2


def read(data: bytes) -> PublishedReading:
    return read_published("t4.pdf", data)


def t4_ids() -> list[str]:
    return [t4_id(g, o) for g, _ in T4_GROUPS for o, _ in T4_OUTCOMES]


def test_groups_centred_over_their_columns() -> None:
    labels = [label for _, label in T4_GROUPS]
    reading = read(t4_page([(labels[0], centred_over(0, 4)), (labels[1], centred_over(5, 9)),
                            (labels[2], centred_over(10, 14))], litigation_at=centred_over(5, 14)))
    assert [reading.figures[i].raw for i in t4_ids()] == [value(j) for j in range(15)]


def test_groups_printed_in_another_order_follow_their_labels() -> None:
    # a body that put 复议后起诉 before 未经复议直接起诉: the figures follow the labels above them
    review, direct, after = (label for _, label in T4_GROUPS)
    reading = read(t4_page([(review, centred_over(0, 4)), (after, centred_over(5, 9)), (direct, centred_over(10, 14))]))
    ids = {i: reading.figures[i].raw for i in t4_ids()}
    assert [ids[t4_id("lr", o)] for o, _ in T4_OUTCOMES] == [value(j) for j in range(5, 10)]
    assert [ids[t4_id("ld", o)] for o, _ in T4_OUTCOMES] == [value(j) for j in range(10, 15)]


def test_groups_not_centred_leave_the_figures_unknown() -> None:
    # labels pushed to the left edge of their cells: no cut puts each over the middle of its columns
    labels = [label for _, label in T4_GROUPS]
    reading = read(t4_page([(labels[0], CENTRES[1]), (labels[1], CENTRES[6]), (labels[2], CENTRES[11])]))
    unknown = {u.number_id: u for u in reading.unplaced}
    assert set(t4_ids()) <= set(unknown) and not set(t4_ids()) & set(reading.figures)
    reason = unknown[t4_ids()[0]].reason
    assert "无法确定各栏属于哪一组" in reason and "行政复议" in reason
    assert unknown[t4_ids()[0]].where.page == 1


def test_a_group_missing_leaves_the_figures_unknown() -> None:
    labels = [label for _, label in T4_GROUPS]
    reading = read(t4_page([(labels[0], centred_over(0, 4)), (labels[1], centred_over(5, 9))]))
    assert not set(t4_ids()) & set(reading.figures)


def test_group_runs_by_centres() -> None:
    cols = [Span(10.0 * j, 10.0 * j + 8) for j in range(6)]
    assert group_runs(cols, [Span(10, 18), Span(39, 47)]) == [range(0, 3), range(3, 6)]  # centres 14, 43
    assert group_runs(cols, [Span(0, 8), Span(30, 38)]) == [range(0, 1), range(1, 6)]  # one column, then five
    assert group_runs(cols, [Span(0, 8), Span(20, 28)]) is None  # the right group sits over nothing's centre
    assert group_runs(cols, []) is None
