"""The official labels a published table is read by, derived from schemas/, plus the aliases real reports use.

Every comparison goes through norm() (NFKC, no whitespace, one kind of quote; FORMAT.md's punctuation
note), so 商业 企业, （一） / (一) and “ ” / " compare equal.
"""

from __future__ import annotations

import re
from functools import lru_cache

from pipeline.common.labels import normalise_label
from schemas.format2019 import MARKERS_2019, MARKERS_2021, OLD_ROW_LABEL
from schemas.tables import (
    T2_BANDS,
    T2_CONTENT_HEADER,
    T2_TRIPLE_KEYS,
    T3_COLUMNS,
    T3_NOTE,
    T3_ROWS,
    T4_GROUPS,
    T4_OUTCOMES,
    TABLES,
)


@lru_cache(maxsize=1 << 16)
def norm(text: str) -> str:
    """The form labels are compared in (cached: the same labels and figures recur in every report)."""
    return normalise_label(text)


# A cell that holds a figure or a blank-like mark rather than words: digits, decimal point, signs, dashes,
# a unit (12件), or 无 written for none.
_NUMBERISH = re.compile(r"^(?:[0-9.,+\-/—–－／%]*[元件个项]?|无|空)$")


def is_numberish(text: str) -> bool:
    return bool(_NUMBERISH.match(norm(text)))


# 表二: band label -> (header label -> value key), and row label -> row key.
T2_SINGLE_KEY = "value"
T2_BAND_HEADERS: dict[str, dict[str, str]] = {
    norm(band): ({norm(h): k for h, k in zip(headers, T2_TRIPLE_KEYS, strict=True)} if len(headers) > 1
                 else {norm(headers[0]): T2_SINGLE_KEY})
    for band, headers, _rows in T2_BANDS
}
T2_ROW_KEYS: dict[str, str] = {norm(label): key for _b, _h, rows in T2_BANDS for key, label in rows}
T2_CONTENT = norm(T2_CONTENT_HEADER)
# Aliases whose meaning is unambiguous (FORMAT.md X12). 规范性文件 is the 2019 label of the same row; a
# 2021 table using it is read, and marked "mixed" by the format markers.
T2_HEADER_ALIASES = {norm("现行有效件数（历史累计）"): norm("现行有效件数")}
T2_ROW_ALIASES = {norm(OLD_ROW_LABEL): "norm"}
# 2019 band and row labels: recognised so a 2019 table is told apart, never mapped onto 2021 ids.
T2_BANDS_2019 = {norm("第二十条第（九）项")}
T2_ROWS_2019 = {norm("其他对外管理服务事项"), norm("政府集中采购")}
T2_HEADERS_2019 = {norm(h) for h in ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减",
                                     "处理决定数量", "采购项目数量", "采购总金额")}

# 表三: row label -> row key (the level-3 labels are unique); column header label -> column key.
T3_ROW_KEYS: dict[str, str] = {norm(label): key for key, _group, label, _short in T3_ROWS}
T3_ROW_ALIASES = {norm("（二）部分公开"): "part"}
T3_GROUPS = {norm(group) for _k, group, _l, _s in T3_ROWS if group}
T3_OTHER_2019 = norm("（六）其他处理")  # in 2019 this group label was a row with figures of its own
T3_COLUMN_KEYS: dict[str, str] = {norm(label): key for key, label in T3_COLUMNS}
T3_HEADER_WORDS = set(T3_COLUMN_KEYS) | {norm("申请人情况"), norm("法人或其他组织"), norm(T3_NOTE)}

# 表四: a column is (group, outcome); the group is known from 行政复议 / 未经复议直接起诉 / 复议后起诉.
T4_GROUP_KEYS: dict[str, str] = {norm(label): key for key, label in T4_GROUPS}
T4_OUTCOME_KEYS: dict[str, str] = {norm(label): key for key, label in T4_OUTCOMES}
T4_LITIGATION = norm("行政诉讼")
T4_HEADER_WORDS = set(T4_GROUP_KEYS) | set(T4_OUTCOME_KEYS) | {T4_LITIGATION}

MARKERS_OLD = {norm(m) for m in MARKERS_2019} | {norm(OLD_ROW_LABEL), norm("处理决定数量")}
MARKERS_NEW = {norm(m) for m in MARKERS_2021} | {norm(label) for key, _g, label, _s in T3_ROWS if key in ("o1", "o2", "o3")}


def header_reading_order(table_id: str) -> tuple[str, ...]:
    """The official header labels of a table in reading order (row by row, left to right)."""
    layout = next(t for t in TABLES if t.id == table_id)
    blocks = sorted((b for b in layout.blocks if b.role == "header"), key=lambda b: (b.row, b.col))
    return tuple(norm(b.text) for b in blocks)
