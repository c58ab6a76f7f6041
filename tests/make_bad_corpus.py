"""The corpus of bad inputs (issue 5): every kind of wrong file an inbox fed from email receives.

`python -m tests.make_bad_corpus DIR` writes it; tests/test_hostile.py writes it into a temporary folder.
Each entry says what the run must make of it: a status in 报送情况, a rule among the file's problems,
and the sheet and cell the message must name. REFUSED entries must be sent back or unreadable;
TOLERATED entries are odd but usable (hostile text, odd names, macros) and must go through safely.
Nothing large or dangerous is committed: bombs are built here, small on disk, in milliseconds.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.common.cells import a1
from pipeline.template.build import build_template
from pipeline.types import Status
from schemas import SPEC
from schemas.tables import t3_id, t4_id
from tests import corpus_bytes as cb
from tests.corpus_makers import (
    Make,
    at,
    bad_magic,
    book,
    cut,
    delete_sheet,
    edited,
    encrypted,
    error_in,
    fill,
    info_cell,
    long_text,
    merge,
    no_cached_value,
    ods_repeat_bomb,
    part_of,
    plain_workbook,
    rename_sheet,
    reorder,
    set_value,
    sheet_edit,
    t2_norm_label_cell,
    t3_label_cell,
    then,
    write_bytes,
    zip_of,
)
from tests.factories import texts_for
from tests.make_examples import write_2019_format

ANY_CELL = "*"  # the message must name some cell of the sheet (which one depends on how the rows moved)
NP_NEW = t3_id("new", "np")  # 表三 D5, an input cell
T2_LIC, T2_FEE, T4_KEEP = "t2_lic", "t2_fee", t4_id("rv", "keep")
REQUIRED = texts_for("")  # what 五 and 六 must say, to follow odd text in them
PAYLOAD = "PWNED"  # marks text from hostile inputs, so a test can find it in every output
RICH_LOOKING = f"<r></t></is></c></row>{PAYLOAD}</r>"  # unescaped, it would close the cell and row of any sheet


@dataclass(frozen=True)
class Entry:
    """One corpus file and what a run must make of it."""

    name: str
    status: str
    rule: str
    make: Make
    sheet: str = ""
    cell: str = ""
    info: dict[str, Any] = field(default_factory=dict)


def _bombs() -> list[Entry]:
    t3 = SPEC.sheets.t3
    far = sheet_edit(t3, lambda x: x.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                                                           b"</sheetData>"))
    sst = re.compile(rb'count="\d+" uniqueCount="\d+"')
    huge = b'count="4294967295" uniqueCount="4294967295"'
    columns = [a1(0, c)[:-1] for c in range(100)]
    many = b"".join(b'<row r="%d">' % r + b"".join(b'<c r="%s%d"><v>%d</v></c>' % (c.encode(), r, (r * 7919 + k) % 100003)
                                                  for k, c in enumerate(columns)) + b"</row>" for r in range(40, 6040))
    return [
        Entry("数据过多（60万格）.xlsx", Status.UNREADABLE, "R-WB-UNREADABLE",
              then(book(), sheet_edit(t3, lambda x: x.replace(b"</sheetData>", many + b"</sheetData>"))), t3, ANY_CELL),
        Entry("压缩炸弹（解压后2GB）.xlsx", Status.UNREADABLE, "R-WB-UNREADABLE",
              then(book(), lambda p: cb.zip_bomb(p, part_of(t3)(p), None, times=2000))),
        Entry("压缩比异常.xlsx", Status.UNREADABLE, "R-WB-UNREADABLE", then(book(), lambda p: cb.zip_bomb(p, part_of(t3)(p), None, times=50))),
        Entry("虚报大小的压缩炸弹.xlsx", Status.UNREADABLE, "R-WB-UNREADABLE", then(book(), lambda p: cb.zip_bomb(p, part_of(t3)(p), 5000))),
        Entry("远端单元格.xlsx", Status.UNREADABLE, "R-WB-UNREADABLE", then(book(), far), t3, "XFD1048576"),
        Entry("隐藏的远端工作表.xlsx", Status.UNREADABLE, "R-WB-UNREADABLE",
              edited(lambda wb: wb.create_sheet("附表").cell(1_048_576, 16_384, 1)), "附表", "XFD1048576"),
        Entry("共享字符串炸弹.xlsx", Status.UNREADABLE, "R-WB-UNREADABLE",
              then(book(), lambda p: cb.rewrite_part(p, "xl/sharedStrings.xml", lambda x: sst.sub(huge, x)))),
        Entry("实体炸弹.xlsx", Status.UNREADABLE, "R-WB-UNREADABLE",
              then(book(), lambda p: cb.rewrite_part(p, "xl/sharedStrings.xml",
                                                     lambda x: cb.after_prolog(x, cb.BILLION_LAUGHS)))),
        Entry("外部实体.xlsx", Status.UNREADABLE, "R-WB-UNREADABLE",
              then(book(), sheet_edit(t3, lambda x: cb.after_prolog(x, cb.EXTERNAL_ENTITY)))),
        Entry("重复单元格炸弹.ods", Status.UNREADABLE, "R-WB-UNREADABLE", ods_repeat_bomb, t3, "XFD1048576"),
    ]


def _not_workbooks() -> list[Entry]:
    u, r = Status.UNREADABLE, "R-WB-UNREADABLE"
    return [
        Entry("扫描件.xlsx", u, r, write_bytes(bad_magic("pdf"))),
        Entry("照片.xlsx", u, r, write_bytes(bad_magic("png"))),
        Entry("截图.xls", u, r, write_bytes(bad_magic("jpeg"))),
        Entry("网站导出的表.xls", u, r, write_bytes(bad_magic("html"))),
        Entry("邮件正文.xlsx", u, r, write_bytes(bad_magic("text"))),
        Entry("随机字节.xlsx", u, r, write_bytes(bad_magic("random"))),
        Entry("随机字节.xls", u, r, write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bad_magic("random"))),
        Entry("Word文档改名.xlsx", u, r, zip_of({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"})),
        Entry("xlsb改名.xlsx", u, r, zip_of({"[Content_Types].xml": b"<Types/>", "xl/workbook.bin": b"\x83\x01"})),
        Entry("压缩包改名.xlsx", u, r, zip_of({"年报.xlsx": b"PK\x03\x04"})),
        Entry("只传了一半.xlsx", u, r, cut(lambda d: d[: len(d) // 2])),
        Entry("缺少结尾.xlsx", u, r, cut(lambda d: d[:-200])),
        Entry("内容损坏.xlsx", u, r, cut(lambda d: d[:3000] + bytes(b ^ 0x5A for b in d[3000:3400]) + d[3400:])),
        Entry("空文件.xlsx", u, r, write_bytes(b"")),
        Entry("设置了打开密码.xlsx", u, r, encrypted),
        Entry("压缩包加密.xlsx", u, r, then(book(), cb.flag_encrypted)),
        Entry("WPS表格.et", u, r, write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60))),
        Entry("二进制工作簿.xlsb", u, r, write_bytes(b"PK\x03\x04" + bytes(60))),
        Entry("导出数据.csv", u, r, write_bytes("单位,数量\n测试,1\n".encode())),
        Entry("年报正文.docx", u, "R-DOC-UNREADABLE", write_bytes(b"PK\x03\x04" + bytes(60))),
        Entry("年报正文.doc", u, r, write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60))),
        Entry("苹果表格.numbers", u, r, write_bytes(b"PK\x03\x04" + bytes(60))),
    ]


def _structure() -> list[Entry]:
    r, nt = Status.REJECTED, "R-WB-NOT-TEMPLATE"
    s = SPEC.sheets
    version = (SPEC.version_cell[0], a1(SPEC.version_cell[1], SPEC.version_cell[2]))
    old = dataclasses.replace(SPEC, template_version="GKNB-2021-0")
    old_fill = fill()
    return [
        Entry("空工作簿.xlsx", r, nt, plain_workbook([])),
        Entry("别人的表格.xlsx", r, nt, plain_workbook([["单位名称", "数量"], ["测试", 1]])),
        Entry("工作表改名.xlsx", r, nt, edited(rename_sheet(s.t3, "表3"))),
        Entry("删了表四.xlsx", r, nt, edited(delete_sheet(s.t4))),
        Entry("只剩基本信息.xlsx", r, nt, edited(lambda wb: [delete_sheet(n)(wb) for n in (s.t2, s.t3, s.t4, s.text)])),
        Entry("表三插入了行.xlsx", r, nt, edited(lambda wb: wb[s.t3].insert_rows(8)), s.t3, ANY_CELL),
        Entry("表二删除了行.xlsx", r, nt, edited(lambda wb: wb[s.t2].delete_rows(6)), s.t2, ANY_CELL),
        Entry("表三插入了列.xlsx", r, nt, edited(lambda wb: wb[s.t3].insert_cols(4)), s.t3, ANY_CELL),
        Entry("表四删除了列.xlsx", r, nt, edited(lambda wb: wb[s.t4].delete_cols(1)), s.t4, ANY_CELL),
        Entry("标签被改.xlsx", r, nt, edited(set_value(s.t3, t3_label_cell(), "1.国家秘密")), s.t3, t3_label_cell()),
        Entry("版本号被删.xlsx", r, nt, edited(set_value(*version, None)), *version),
        Entry("旧模板.xlsx", r, "R-WB-OLD-VERSION", lambda p: build_template(p, old_fill, spec=old), *version),
        Entry("2019年格式.xlsx", r, "R-FMT-DETECT", write_2019_format),
        Entry("两种格式混用.xlsx", r, "R-FMT-DETECT", edited(set_value(s.t2, t2_norm_label_cell(), "规范性文件")),
              s.t2, t2_norm_label_cell()),
        Entry("合并了输入格.xlsx", r, nt, edited(merge(s.t3, "D5:E5")), s.t3, "D5:E5"),
        Entry("表二合并了两行.xlsx", r, nt, edited(merge(s.t2, "B8:B9")), s.t2, "B8:B9"),
    ]


def _values() -> list[Entry]:
    r = Status.REJECTED
    t3_rule, t2_rule, t4_rule, large = "R-T3-NONNEG-INT", "R-T2-NONNEG", "R-T4-NONNEG-INT", "R-CELL-TOO-LARGE"
    name_cell = info_cell("name")
    return [
        Entry("填了12件.xlsx", r, t3_rule, book({NP_NEW: "12件"}), *at(NP_NEW)),
        Entry("填了约10.xlsx", r, t2_rule, book({T2_LIC: "约10"}), *at(T2_LIC)),
        Entry("负数.xlsx", r, t4_rule, book({T4_KEEP: -3}), *at(T4_KEEP)),
        Entry("全角负数.xlsx", r, t3_rule, book({NP_NEW: "－５"}), *at(NP_NEW)),
        Entry("件数有小数.xlsx", r, t3_rule, book({NP_NEW: 2.5}), *at(NP_NEW)),
        Entry("一万亿.xlsx", r, large, book({T2_LIC: 1e12}), *at(T2_LIC)),
        Entry("文字一万亿.xlsx", r, large, book({NP_NEW: "1e12"}), *at(NP_NEW)),
        Entry("最大浮点数.xlsx", r, large, book({NP_NEW: 1.7976931348623157e308}), *at(NP_NEW)),
        Entry("收费写了万元.xlsx", r, t2_rule, book({T2_FEE: "5万元"}), *at(T2_FEE)),
        Entry("填了NaN.xlsx", r, t3_rule, book({NP_NEW: "NaN"}), *at(NP_NEW)),
        Entry("填了inf.xlsx", r, t2_rule, book({T2_LIC: "inf"}), *at(T2_LIC)),
        Entry("数字格填了日期.xlsx", r, t2_rule, edited(set_value(*at(T2_LIC), dt.datetime(2024, 1, 5))), *at(T2_LIC)),
        Entry("数字格填了逻辑值.xlsx", r, t4_rule, edited(set_value(*at(T4_KEEP), True)), *at(T4_KEEP)),
        Entry("引用错误.xlsx", r, t3_rule, then(book(), error_in(*at(NP_NEW), "#REF!")), *at(NP_NEW)),
        Entry("除以零.xlsx", r, t2_rule, then(book(), error_in(*at(T2_LIC), "#DIV/0!")), *at(T2_LIC)),
        Entry("公式没有计算结果.xlsx", r, t4_rule, then(book(), no_cached_value(T4_KEEP)), *at(T4_KEEP)),
        Entry("单位名称空.xlsx", r, "R-INFO-NAME", book(info={"name": ""}), *name_cell),
        Entry("单位名称是错误值.xlsx", r, "R-INFO-NAME", then(book(), error_in(*name_cell, "#REF!")), *name_cell),
        Entry("日期超出日历.xlsx", Status.UNREADABLE, "R-WB-UNREADABLE", book(info={"date": -145988886069}), SPEC.sheets.info),
        Entry("单位类型乱填.xlsx", r, "R-INFO-KIND", book(info={"kind": "镇政府"}), *info_cell("kind")),
        Entry("信用代码错.xlsx", r, "R-INFO-CODE", book(info={"code": "123"}), *info_cell("code")),
        Entry("年度不对.xlsx", r, "R-INFO-YEAR", book(info={"year": 2023}), *info_cell("year")),
        Entry("名称像公式且年度不对.xlsx", r, "R-INFO-YEAR", book(info={"name": f"=SUM(1,2){PAYLOAD}", "year": 2023}),
              *info_cell("year")),
        Entry(f"=1+1{PAYLOAD}.xlsx", Status.UNREADABLE, "R-WB-UNREADABLE", write_bytes(bad_magic("pdf"))),
        Entry(f"@{PAYLOAD}.xlsx", Status.REJECTED, "R-T3-NONNEG-INT", book({NP_NEW: f"+{PAYLOAD}"}), *at(NP_NEW)),
        # xlsxwriter writes text shaped like its own rich-text XML unescaped: the value must reach the outputs as typed
        Entry("数字格像XML.xlsx", Status.REJECTED, "R-T3-NONNEG-INT", book({NP_NEW: RICH_LOOKING}), *at(NP_NEW)),
    ]


def _tolerated() -> list[Entry]:
    # Odd text leads 五 and 六 (a formula-like start is what makes it hostile); what 五 and 六 must say follows,
    # so these bodies pass R-SEC5-FOLLOWUP / R-SEC6-FEE / R-SEC6-ITEMS and only the oddity is under test.
    s5, s6 = REQUIRED["s5"], REQUIRED["s6"]
    hostile = {"s1_active": f"-{PAYLOAD}减号开头", "s5": f"@{PAYLOAD}{s5}", "s6": f"=cmd|' /C calc'!A0 {PAYLOAD}{s6}"}
    return [
        Entry("工作表顺序打乱.xlsx", Status.PASSED, "", edited(reorder)),
        Entry("带宏的文件.xlsm", Status.WARNED, "R-WB-MACRO", then(book(), lambda p: cb.add_part(p, "xl/vbaProject.bin",
                                                                                        b"\xd0\xcf\x11\xe0 VBA"))),
        Entry("=HYPERLINK(1).xlsx", Status.PASSED, "", book(info={"name": f'=HYPERLINK("http://x","{PAYLOAD}")',
                                                          "filler": f"+{PAYLOAD}"}, texts=hostile)),
        Entry("名称像XML.xlsx", Status.PASSED, "", book(info={"name": RICH_LOOKING}, texts={"s5": RICH_LOOKING + s5})),
        Entry("+加号开头.xlsx", Status.PASSED, "", book(info={"name": f"+{PAYLOAD}单位"})),
        Entry("-减号开头.xlsx", Status.PASSED, "", book(info={"name": f"-{PAYLOAD}单位"})),
        Entry("@符号开头.xlsx", Status.PASSED, "", book(info={"name": f"@{PAYLOAD}单位"})),
        Entry("控制字符.xlsx", Status.PASSED, "", book(info={"name": "控制\x01\x07字符单位"}, texts={"s5": "第一行\x0b\x1f第二行" + s5})),
        Entry("四万字.xlsx", Status.PASSED, "", long_text, info={"text_chars": 40_000}),
        Entry("很长" * 40 + ".xlsx", Status.PASSED, "", book()),
        Entry("报表 😀\u202e\u200b（最终版）(1) .xlsx", Status.PASSED, "", book()),
        Entry(b"\xb1\xa8\xb1\xed\xa3\xa8GBK\xa3\xa9.xlsx".decode("utf-8", "surrogateescape"), Status.PASSED, "", book(),
              info={"display": "报表（GBK）.xlsx"}),
    ]


def _published() -> list[Entry]:
    """Hostile and damaged published reports: each refused by its reader, listed as 无法读取 with the reason."""
    from tests.reading import tinypdf  # the PDF writer of the reader tests (small, no dependencies)

    u, r = Status.UNREADABLE, "R-DOC-UNREADABLE"
    laughs = (b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]>'
              b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
              b"<w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>")
    text = tinypdf.text_pdf(["某县某局2024年政府信息公开工作年度报告"] * 5)
    return [
        Entry("嵌套一万层的网页.html", u, r, write_bytes(b"<html><body>" + b"<div>" * 10_000 + b"x</body></html>")),
        Entry("超大网页.html", u, r, lambda p: p.write_bytes(b"<html><body>" + b"<p>x</p>" * 2_700_000 + b"</body></html>")),
        Entry("栏目列表页.htm", u, r, write_bytes("<html><body><ul><li><a href='1'>年报</a></li></ul></body></html>".encode())),
        Entry("压缩炸弹年报.docx", u, r, write_bytes(cb.zipped({"[Content_Types].xml": b"<Types/>",
                                                              "word/document.xml": b"<w:document>" + b" " * 30_000_000}))),
        Entry("带实体声明的年报.docx", u, r, write_bytes(cb.zipped({"word/document.xml": laughs}))),
        Entry("扫描件年报.pdf", u, r, write_bytes(tinypdf.image_pdf(pages=2))),
        Entry("加密的年报.pdf", u, r, write_bytes(tinypdf.text_pdf(["secret"] * 5, encrypt_user="pw"))),
        Entry("只传了一半的年报.pdf", u, r, write_bytes(text[: len(text) // 3])),
        Entry("五千页.pdf", u, r, write_bytes(tinypdf.text_pdf(["a page"], pages=5000))),
        Entry(f"{PAYLOAD}说明.txt", u, r, write_bytes("请查收附件中的年报。".encode())),
    ]


def good_files() -> list[Entry]:
    """Two clean workbooks that must still be accepted next to the corpus."""
    return [Entry(f"良好{k}.xlsx", Status.PASSED, "", book()) for k in (1, 2)]


def entries() -> list[Entry]:
    """Every corpus file: REFUSED first, then TOLERATED."""
    return _not_workbooks() + _published() + _structure() + _values() + _bombs() + _tolerated()


def write_corpus(dest: Path, chosen: list[Entry] | None = None) -> list[Entry]:
    """Write the corpus (or the chosen entries) under dest; return what was written."""
    dest.mkdir(parents=True, exist_ok=True)
    written = entries() if chosen is None else chosen
    for entry in written:
        entry.make(dest / entry.name)
    return written


def main(argv: list[str]) -> int:
    dest = Path(argv[0]) if argv else Path("bad_corpus")
    written = write_corpus(dest)
    refused = sum(e.status in (Status.REJECTED, Status.UNREADABLE) for e in written)
    print(f"已生成 {len(written)} 个文件（应退回或无法读取 {refused} 个）：{dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
