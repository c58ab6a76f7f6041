"""Row labels as real reports print them, read by the generic placer (any reader: here web pages).

- a 表三 sub-item label with characters left out (2.其他法律行政止公开) is read as the one official label
  it can only be, and the reading says so with the row's place;
- （六）其他处理 printed as one row with figures, without its three 2021 sub-items, leaves those sub-items
  unknown, with the reason and the row's place.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from pipeline.reading.published.read import read_published
from pipeline.reading.published.rows import near_label
from schemas.tables import T3_RESULTS
from tests.reading.builders import distinct_raw, layout_rows, map_cells, official_tables_html, report_html, table_html

T3_COLS = ("np", "biz", "res", "ngo", "law", "oth", "total")


@pytest.mark.parametrize(("printed", "key"), [
    ("2.其他法律行政止公开", "d2"),    # 法规禁 left out
    ("1.本机关不掌握政府信息", "u1"),  # 相关 left out
    ("5.要求行政机关确认或重新出具信息", "n5"),
])
def test_label_with_characters_left_out(printed: str, key: str) -> None:
    kind = near_label(printed)
    assert kind is not None and (kind.kind, kind.key) == ("t3row", key)


@pytest.mark.parametrize("printed", [
    "2.其他",                 # too little left to tell
    "3.其他法律行政止公开",   # the number belongs to another label
    "2.重复",                 # 2.重复申请 lost half its characters
    "2.法律其他行政止公开",   # characters out of order
    "其他法律行政止公开",     # no number
])
def test_label_too_far_from_any_is_not_read(printed: str) -> None:
    assert near_label(printed) is None


def _t3_page(change: dict[str, str], drop: tuple[str, ...] = ()) -> tuple[bytes, dict[str, str]]:
    raw = distinct_raw()
    rows = map_cells(layout_rows("T3", raw), change)
    rows = [row for row in rows if not any(c.text in drop for c in row)]
    tables = official_tables_html(raw) | {"T3": table_html(rows)}
    return report_html(tables).encode("utf-8"), raw


def test_web_page_row_with_a_label_left_short_is_read_and_said() -> None:
    data, raw = _t3_page({"2.其他法律行政法规禁止公开": "2.其他法律行政止公开"})
    reading = read_published("r.html", data)
    assert [reading.figures[f"t3_d2_{c}"].raw for c in T3_COLS] == [raw[f"t3_d2_{c}"] for c in T3_COLS]
    assert reading.unplaced == []
    (note, where), = reading.labels
    assert "2.其他法律行政止公开" in note and "2.其他法律行政法规禁止公开" in note
    figure = reading.figures["t3_d2_np"].where  # the note points at the row the figures were read from
    assert where.table == figure.table and where.row == figure.row and where.row is not None


def test_other_handling_printed_as_one_row_leaves_its_sub_items_unknown() -> None:
    # the （六）其他处理 cell keeps the figures of its first sub-row; the other two sub-rows are left out
    raw = distinct_raw()
    rows = layout_rows("T3", raw)
    keep = []
    for row in rows:
        texts = [c.text for c in row]
        if any(t.startswith(("2.申请人逾期", "3.其他")) for t in texts):
            continue
        if "（六）其他处理" in texts:
            row = [replace(c, rowspan=1, colspan=c.colspan + 1) if c.text == "（六）其他处理" else c for c in row
                   if not c.text.startswith("1.申请人无正当理由")]
        keep.append([replace(c, rowspan=c.rowspan - 2) if c.text == T3_RESULTS else c for c in row])
    tables = official_tables_html(raw) | {"T3": table_html(keep)}
    reading = read_published("r.html", report_html(tables).encode("utf-8"))
    assert reading.format == "mixed"  # FORMAT.md R-FMT-DETECT: （六）其他处理 carrying numbers is a 2019 marker
    unknown = {u.number_id: u for u in reading.unplaced}
    assert set(unknown) == {f"t3_{r}_{c}" for r in ("o1", "o2", "o3") for c in T3_COLS}
    assert all("（六）其他处理" in u.reason and "子项" in u.reason for u in unknown.values())
    assert len({u.where for u in unknown.values()}) == 1 and unknown["t3_o1_np"].where.row is not None
    assert reading.figures["t3_tot_np"].raw == raw["t3_tot_np"]
