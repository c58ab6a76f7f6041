"""The three official tables of the 2021 format (FORMAT.md §3): labels, ids and layout.

Every label is the official text with its full-width punctuation. Rows and columns are 0-based
positions on the table's own sheet; the same layout serves the fill-in template and the official
tables we render, so both look like the published report.
"""

from __future__ import annotations

from schemas.spec import Block, Kind, Number, TableLayout

SHEET_T2 = "表二"
SHEET_T3 = "表三"
SHEET_T4 = "表四"

TITLE_T2 = "二、主动公开政府信息情况"
TITLE_T3 = "三、收到和处理政府信息公开申请情况"
TITLE_T4 = "四、政府信息公开行政复议、行政诉讼情况"


def _block(text: str, row: int, col: int, rows: int = 1, cols: int = 1, role: str = "label") -> Block:
    return Block(text, row, col, row + rows - 1, col + cols - 1, role)


# ---------------------------------------------------------------- 表二

T2_BANDS: tuple[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]], ...] = (
    ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
     (("reg", "规章"), ("norm", "行政规范性文件"))),
    ("第二十条第（五）项", ("本年处理决定数量",), (("lic", "行政许可"),)),
    ("第二十条第（六）项", ("本年处理决定数量",), (("pen", "行政处罚"), ("coe", "行政强制"))),
    ("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("fee", "行政事业性收费"),)),
)
T2_TRIPLE_KEYS = ("made", "repealed", "valid")
T2_CONTENT_HEADER = "信息内容"
T2_WIDTH = 4  # label column + three value columns


def _t2_layout() -> TableLayout:
    blocks = [_block(TITLE_T2, 0, 0, cols=T2_WIDTH, role="title")]
    numbers: list[Number] = []
    merges: list[tuple[int, int, int, int]] = []
    row = 1
    for band, headers, rows in T2_BANDS:
        blocks.append(_block(band, row, 0, cols=T2_WIDTH, role="band"))
        blocks.append(_block(T2_CONTENT_HEADER, row + 1, 0, role="header"))
        if len(headers) == 1:
            blocks.append(_block(headers[0], row + 1, 1, cols=T2_WIDTH - 1, role="header"))
        else:
            blocks.extend(_block(h, row + 1, 1 + i, role="header") for i, h in enumerate(headers))
        row += 2
        for key, label in rows:
            blocks.append(_block(label, row, 0))
            numbers.extend(_t2_numbers(key, label, headers, row))
            if len(headers) == 1:
                merges.append((row, 1, row, T2_WIDTH - 1))
            row += 1
    return TableLayout(
        id="T2", sheet=SHEET_T2, title=TITLE_T2, blocks=tuple(blocks), numbers=tuple(numbers),
        col_widths=(22, 16, 16, 16), value_merges=tuple(merges),
    )


def _t2_numbers(key: str, label: str, headers: tuple[str, ...], row: int) -> list[Number]:
    if len(headers) == 1:
        kind = Kind.WAN_YUAN if key == "fee" else Kind.COUNT
        return [Number(f"t2_{key}", "T2", SHEET_T2, row, 1, f"表二 {label}（{headers[0]}）", label, kind)]
    return [
        Number(f"t2_{key}_{sub}", "T2", SHEET_T2, row, 1 + i, f"表二 {label}（{h}）", f"{label}{h}")
        for i, (sub, h) in enumerate(zip(T2_TRIPLE_KEYS, headers, strict=True))
    ]


# ---------------------------------------------------------------- 表三

T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANT = "申请人情况"
T3_LEGAL = "法人或其他组织"
T3_RESULTS = "三、本年度办理结果"
T3_COLUMNS: tuple[tuple[str, str], ...] = (
    ("np", "自然人"), ("biz", "商业企业"), ("res", "科研机构"), ("ngo", "社会公益组织"),
    ("law", "法律服务机构"), ("oth", "其他"), ("total", "总计"),
)
T3_PART_COLUMNS = T3_COLUMNS[:-1]
T3_TOTAL_COL = "total"

# (key, level-2 group or "", label, short label for messages). Level-1 rows have no group.
T3_ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("new", "", "一、本年新收政府信息公开申请数量", "本年新收"),
    ("carry", "", "二、上年结转政府信息公开申请数量", "上年结转"),
    ("open", T3_RESULTS, "（一）予以公开", "予以公开"),
    ("part", T3_RESULTS, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开"),
    ("d1", "（三）不予公开", "1.属于国家秘密", "不予公开1"),
    ("d2", "（三）不予公开", "2.其他法律行政法规禁止公开", "不予公开2"),
    ("d3", "（三）不予公开", "3.危及“三安全一稳定”", "不予公开3"),
    ("d4", "（三）不予公开", "4.保护第三方合法权益", "不予公开4"),
    ("d5", "（三）不予公开", "5.属于三类内部事务信息", "不予公开5"),
    ("d6", "（三）不予公开", "6.属于四类过程性信息", "不予公开6"),
    ("d7", "（三）不予公开", "7.属于行政执法案卷", "不予公开7"),
    ("d8", "（三）不予公开", "8.属于行政查询事项", "不予公开8"),
    ("u1", "（四）无法提供", "1.本机关不掌握相关政府信息", "无法提供1"),
    ("u2", "（四）无法提供", "2.没有现成信息需要另行制作", "无法提供2"),
    ("u3", "（四）无法提供", "3.补正后申请内容仍不明确", "无法提供3"),
    ("n1", "（五）不予处理", "1.信访举报投诉类申请", "不予处理1"),
    ("n2", "（五）不予处理", "2.重复申请", "不予处理2"),
    ("n3", "（五）不予处理", "3.要求提供公开出版物", "不予处理3"),
    ("n4", "（五）不予处理", "4.无正当理由大量反复申请", "不予处理4"),
    ("n5", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "不予处理5"),
    ("o1", "（六）其他处理",
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "其他处理1"),
    ("o2", "（六）其他处理",
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他处理2"),
    ("o3", "（六）其他处理", "3.其他", "其他处理3"),
    ("tot", T3_RESULTS, "（七）总计", "办理结果总计"),
    ("next", "", "四、结转下年度继续办理", "结转下年度"),
)
T3_RESULT_ROWS = tuple(r[0] for r in T3_ROWS if r[0] not in ("new", "carry", "tot", "next"))
T3_FIRST_ROW = 4  # first data row, below the title and three header rows
T3_FIRST_COL = 3  # three label columns, then the seven data columns


def t3_id(row_key: str, col_key: str) -> str:
    """The id of the table-三 number at (row, column)."""
    return f"t3_{row_key}_{col_key}"


def _t3_header() -> list[Block]:
    c0, width = T3_FIRST_COL, len(T3_COLUMNS)
    blocks = [
        _block(TITLE_T3, 0, 0, cols=c0 + width, role="title"),
        _block(T3_NOTE, 1, 0, rows=3, cols=c0, role="note"),
        _block(T3_APPLICANT, 1, c0, cols=width, role="header"),
        _block(T3_COLUMNS[0][1], 2, c0, rows=2, role="header"),
        _block(T3_LEGAL, 2, c0 + 1, cols=width - 2, role="header"),
        _block(T3_COLUMNS[-1][1], 2, c0 + width - 1, rows=2, role="header"),
    ]
    blocks.extend(_block(label, 3, c0 + i, role="header") for i, (_, label) in enumerate(T3_COLUMNS[1:-1], 1))
    return blocks


def _t3_row_labels() -> list[Block]:
    blocks: list[Block] = []
    groups: dict[str, list[int]] = {}
    for i, (_key, group, label, _) in enumerate(T3_ROWS):
        row = T3_FIRST_ROW + i
        if not group:
            blocks.append(_block(label, row, 0, cols=3))
        elif group == T3_RESULTS:
            blocks.append(_block(label, row, 1, cols=2))
        else:
            blocks.append(_block(label, row, 2))
        if group:
            groups.setdefault(group, []).append(row)
            if group != T3_RESULTS:
                groups.setdefault(T3_RESULTS, []).append(row)
    for group, rows in groups.items():
        col = 0 if group == T3_RESULTS else 1
        blocks.append(_block(group, min(rows), col, rows=max(rows) - min(rows) + 1))
    return blocks


def _t3_numbers() -> list[Number]:
    numbers = []
    for i, (rkey, _, rlabel, rshort) in enumerate(T3_ROWS):
        for j, (ckey, clabel) in enumerate(T3_COLUMNS):
            parts: tuple[str, ...] = ()
            if ckey == T3_TOTAL_COL:
                parts = tuple(t3_id(rkey, c) for c, _ in T3_PART_COLUMNS)
            elif rkey == "tot":
                parts = tuple(t3_id(r, ckey) for r in T3_RESULT_ROWS)
            numbers.append(Number(
                t3_id(rkey, ckey), "T3", SHEET_T3, T3_FIRST_ROW + i, T3_FIRST_COL + j,
                f"表三 {rlabel}／{clabel}", rshort, derived=bool(parts), parts=parts,
            ))
    return numbers


def _t3_layout() -> TableLayout:
    return TableLayout(
        id="T3", sheet=SHEET_T3, title=TITLE_T3,
        blocks=tuple(_t3_header() + _t3_row_labels()), numbers=tuple(_t3_numbers()),
        col_widths=(9, 13, 34, 8, 8, 8, 9, 9, 8, 8), landscape=True,
    )


# ---------------------------------------------------------------- 表四

T4_REVIEW = "行政复议"
T4_LITIGATION = "行政诉讼"
T4_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("keep", "结果维持"), ("corr", "结果纠正"), ("other", "其他结果"), ("pend", "尚未审结"), ("total", "总计"),
)
T4_GROUPS: tuple[tuple[str, str], ...] = (
    ("rv", T4_REVIEW), ("ld", "未经复议直接起诉"), ("lr", "复议后起诉"),
)
T4_DATA_ROW = 4


def t4_id(group: str, outcome: str) -> str:
    """The id of the table-四 number for a group (rv, ld, lr) and an outcome."""
    return f"t4_{group}_{outcome}"


def _t4_layout() -> TableLayout:
    n = len(T4_OUTCOMES)
    blocks = [
        _block(TITLE_T4, 0, 0, cols=3 * n, role="title"),
        _block(T4_REVIEW, 1, 0, cols=n, role="header"),
        _block(T4_LITIGATION, 1, n, cols=2 * n, role="header"),
    ]
    numbers = []
    for g, (gkey, glabel) in enumerate(T4_GROUPS):
        if g:
            blocks.append(_block(glabel, 2, g * n, cols=n, role="header"))
        for i, (okey, olabel) in enumerate(T4_OUTCOMES):
            col = g * n + i
            if g:
                blocks.append(_block(olabel, 3, col, role="header"))
            else:
                blocks.append(_block(olabel, 2, col, rows=2, role="header"))
            parts = tuple(t4_id(gkey, o) for o, _ in T4_OUTCOMES[:-1]) if okey == "total" else ()
            numbers.append(Number(
                t4_id(gkey, okey), "T4", SHEET_T4, T4_DATA_ROW, col, f"表四 {glabel}／{olabel}",
                f"{glabel}{olabel}", derived=bool(parts), parts=parts,
            ))
    return TableLayout(
        id="T4", sheet=SHEET_T4, title=TITLE_T4, blocks=tuple(blocks), numbers=tuple(numbers),
        col_widths=(7.5,) * (3 * n), landscape=True,
    )


TABLES: tuple[TableLayout, ...] = (_t2_layout(), _t3_layout(), _t4_layout())
