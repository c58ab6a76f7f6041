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
import io
import re
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from msoffcrypto.format.ooxml import OOXMLFile

from pipeline.cells import a1
from pipeline.formulas import sheet_parts
from pipeline.select import PASSED, REJECTED, UNREADABLE, WARNED
from pipeline.template import build_template
from pipeline.types import Fill
from schemas import SPEC
from schemas.tables import t3_id, t4_id
from tests import corpus_bytes as cb
from tests.factories import filled
from tests.make_examples import write_2019_format

Make = Callable[[Path], object]
ANY_CELL = "*"  # the message must name some cell of the sheet (which one depends on how the rows moved)
NP_NEW = t3_id("new", "np")  # 表三 D5, an input cell
T2_LIC, T2_FEE, T4_KEEP = "t2_lic", "t2_fee", t4_id("rv", "keep")
PAYLOAD = "PWNED"  # marks text from hostile inputs, so a test can find it in every output


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


def at(number_id: str) -> tuple[str, str]:
    n = SPEC.number(number_id)
    return n.sheet, a1(n.row, n.col)


_serial = iter(range(1000, 10_000))


def fill(numbers: dict[str, Any] | None = None, info: dict[str, Any] | None = None,
         texts: dict[str, str] | None = None) -> Fill:
    """A valid body of its own (own name and code), so no two corpus files supersede each other."""
    k = next(_serial)
    base = filled(f"样本单位{k}", seed=k, numbers=numbers, info=info)
    return dataclasses.replace(base, texts=base.texts | (texts or {}))


def book(numbers: dict[str, Any] | None = None, info: dict[str, Any] | None = None,
         texts: dict[str, str] | None = None) -> Make:
    the_fill = fill(numbers, info, texts)  # made now, so each entry keeps its body whenever it is written
    return lambda path: build_template(path, the_fill)


def edited(edit: Callable[[openpyxl.Workbook], None]) -> Make:
    """A valid book changed in a spreadsheet program."""
    make = book()

    def run(path: Path) -> Path:
        make(path)
        wb = openpyxl.load_workbook(path)
        edit(wb)
        wb.save(path)
        return path
    return run


def then(make: Make, *steps: Callable[[Path], object]) -> Make:
    def run(path: Path) -> Path:
        make(path)
        for step in steps:
            step(path)
        return path
    return run


def part_of(sheet: str) -> Callable[[Path], str]:
    return lambda path: sheet_parts(zipfile.ZipFile(path))[sheet]


def set_cell_xml(number_id: str, inner: str, cell_type: str = "") -> Callable[[Path], Path]:
    """Rewrite one cell of the sheet XML: a formula error or a formula without a cached value."""
    sheet, ref = at(number_id)
    kind = f' t="{cell_type}"' if cell_type else ""

    def edit(xml: bytes) -> bytes:
        pattern = re.compile(rb'<c r="' + ref.encode() + rb'"( s="\d+")?[^>]*?(/>|>.*?</c>)', re.S)
        return pattern.sub(lambda m: f'<c r="{ref}"{(m.group(1) or b"").decode()}{kind}>{inner}</c>'.encode(), xml, 1)
    return lambda path: cb.rewrite_part(path, part_of(sheet)(path), edit)


def sheet_edit(sheet: str, edit: Callable[[bytes], bytes]) -> Callable[[Path], Path]:
    return lambda path: cb.rewrite_part(path, part_of(sheet)(path), edit)


def write_bytes(data: bytes) -> Make:
    return lambda path: path.write_bytes(data)


def cut(keep: Callable[[bytes], bytes]) -> Make:
    make = book()
    return lambda path: (make(path), path.write_bytes(keep(path.read_bytes())))


def zip_of(members: dict[str, bytes]) -> Make:
    def run(path: Path) -> None:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w") as zf:
            for name, data in members.items():
                zf.writestr(zipfile.ZipInfo(name, cb.FIXED_TIME), data)
        path.write_bytes(buf.getvalue())
    return run


def encrypted(path: Path) -> None:
    book()(path)
    out = io.BytesIO()
    with path.open("rb") as fh:
        OOXMLFile(fh).encrypt("123456", out)
    path.write_bytes(out.getvalue())


def plain_workbook(rows: list[list[Any]], sheet: str = "Sheet1") -> Make:
    def run(path: Path) -> None:
        wb = xlsxwriter.Workbook(str(path))
        wb.set_properties({"created": dt.datetime(2025, 1, 1)})
        ws = wb.add_worksheet(sheet)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
        wb.close()
    return run


def ods_repeat_bomb(path: Path) -> None:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2"><office:body>'
               '<office:spreadsheet><table:table table:name="表三"><table:table-row table:number-rows-repeated="1048576">'
               '<table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/>'
               "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>")
    zip_of({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": content.encode()})(path)


def _merge(sheet: str, cells: str) -> Callable[[openpyxl.Workbook], None]:
    return lambda wb: wb[sheet].merge_cells(cells)


def _rename(old: str, new: str) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[old].title = new
    return edit


def _delete(sheet: str) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        del wb[sheet]
    return edit


def _set(sheet: str, cell: str, value: Any) -> Callable[[openpyxl.Workbook], None]:
    def edit(wb: openpyxl.Workbook) -> None:
        wb[sheet][cell] = value
    return edit


def _reorder(wb: openpyxl.Workbook) -> None:
    wb._sheets.reverse()  # openpyxl has no public call for it


def _t3_label_cell() -> str:
    return a1(SPEC.number(t3_id("d1", "np")).row, 2)


def _t2_norm_label_cell() -> str:
    return a1(SPEC.number("t2_norm_made").row, 0)


def _info_cell(field_id: str) -> tuple[str, str]:
    row = next(f.row for f in SPEC.info_fields if f.id == field_id)
    return SPEC.sheets.info, a1(row, SPEC.info_value_col)


def _error_in(sheet: str, ref: str, error: str) -> Callable[[Path], Path]:
    def edit(xml: bytes) -> bytes:
        pattern = re.compile(rb'<c r="' + ref.encode() + rb'"( s="\d+")?[^>]*?(/>|>.*?</c>)', re.S)
        return pattern.sub(lambda m: (f'<c r="{ref}"{(m.group(1) or b"").decode()} t="e">'
                                      f"<f>1/0</f><v>{error}</v></c>").encode(), xml, 1)
    return sheet_edit(sheet, edit)


def _no_cached_value(number_id: str) -> Callable[[Path], Path]:
    return set_cell_xml(number_id, "<f>2+3</f>")


def _long_text(path: Path) -> None:
    marker = "长文本占位"
    book(texts={"s5": marker})(path)
    cb.rewrite_part(path, "xl/sharedStrings.xml", lambda xml: xml.replace(marker.encode(), ("很" * 40_000).encode()))


def _bad_magic(kind: str) -> bytes:
    return {"pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n", "png": b"\x89PNG\r\n\x1a\n" + bytes(64),
            "jpeg": b"\xff\xd8\xff\xe0" + bytes(64), "html": "<html><table><tr><td>单位</td></tr></table></html>".encode(),
            "text": "这是一封邮件的正文，不是表格。".encode("gbk"),
            "random": bytes((i * 7919 + 13) % 251 for i in range(4096))}[kind]


def _bombs() -> list[Entry]:
    t3 = SPEC.sheets.t3
    far = sheet_edit(t3, lambda x: x.replace(b"</sheetData>", b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
                                                           b"</sheetData>"))
    sst = re.compile(rb'count="\d+" uniqueCount="\d+"')
    huge = b'count="4294967295" uniqueCount="4294967295"'
    return [
        Entry("压缩炸弹（解压后2GB）.xlsx", UNREADABLE, "R-WB-UNREADABLE",
              then(book(), lambda p: cb.zip_bomb(p, part_of(t3)(p), None, times=2000))),
        Entry("压缩比异常.xlsx", UNREADABLE, "R-WB-UNREADABLE", then(book(), lambda p: cb.zip_bomb(p, part_of(t3)(p), None, times=50))),
        Entry("虚报大小的压缩炸弹.xlsx", UNREADABLE, "R-WB-UNREADABLE", then(book(), lambda p: cb.zip_bomb(p, part_of(t3)(p), 5000))),
        Entry("远端单元格.xlsx", UNREADABLE, "R-WB-UNREADABLE", then(book(), far), t3, "XFD1048576"),
        Entry("隐藏的远端工作表.xlsx", UNREADABLE, "R-WB-UNREADABLE",
              edited(lambda wb: wb.create_sheet("附表").cell(1_048_576, 16_384, 1)), "附表", "XFD1048576"),
        Entry("共享字符串炸弹.xlsx", UNREADABLE, "R-WB-UNREADABLE",
              then(book(), lambda p: cb.rewrite_part(p, "xl/sharedStrings.xml", lambda x: sst.sub(huge, x)))),
        Entry("实体炸弹.xlsx", UNREADABLE, "R-WB-UNREADABLE",
              then(book(), lambda p: cb.rewrite_part(p, "xl/sharedStrings.xml",
                                                     lambda x: cb.after_prolog(x, cb.BILLION_LAUGHS)))),
        Entry("外部实体.xlsx", UNREADABLE, "R-WB-UNREADABLE",
              then(book(), sheet_edit(t3, lambda x: cb.after_prolog(x, cb.EXTERNAL_ENTITY)))),
        Entry("重复单元格炸弹.ods", UNREADABLE, "R-WB-UNREADABLE", ods_repeat_bomb, t3, "XFD1048576"),
    ]


def _not_workbooks() -> list[Entry]:
    u, r = UNREADABLE, "R-WB-UNREADABLE"
    return [
        Entry("扫描件.xlsx", u, r, write_bytes(_bad_magic("pdf"))),
        Entry("照片.xlsx", u, r, write_bytes(_bad_magic("png"))),
        Entry("截图.xls", u, r, write_bytes(_bad_magic("jpeg"))),
        Entry("网站导出的表.xls", u, r, write_bytes(_bad_magic("html"))),
        Entry("邮件正文.xlsx", u, r, write_bytes(_bad_magic("text"))),
        Entry("随机字节.xlsx", u, r, write_bytes(_bad_magic("random"))),
        Entry("随机字节.xls", u, r, write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _bad_magic("random"))),
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
        Entry("年报正文.docx", u, r, write_bytes(b"PK\x03\x04" + bytes(60))),
        Entry("年报正文.doc", u, r, write_bytes(b"\xd0\xcf\x11\xe0" + bytes(60))),
        Entry("苹果表格.numbers", u, r, write_bytes(b"PK\x03\x04" + bytes(60))),
    ]


def _structure() -> list[Entry]:
    r, nt = REJECTED, "R-WB-NOT-TEMPLATE"
    s = SPEC.sheets
    version = (SPEC.version_cell[0], a1(SPEC.version_cell[1], SPEC.version_cell[2]))
    old = dataclasses.replace(SPEC, template_version="GKNB-2021-0")
    old_fill = fill()
    return [
        Entry("空工作簿.xlsx", r, nt, plain_workbook([])),
        Entry("别人的表格.xlsx", r, nt, plain_workbook([["单位名称", "数量"], ["测试", 1]])),
        Entry("工作表改名.xlsx", r, nt, edited(_rename(s.t3, "表3"))),
        Entry("删了表四.xlsx", r, nt, edited(_delete(s.t4))),
        Entry("只剩基本信息.xlsx", r, nt, edited(lambda wb: [_delete(n)(wb) for n in (s.t2, s.t3, s.t4, s.text)])),
        Entry("表三插入了行.xlsx", r, nt, edited(lambda wb: wb[s.t3].insert_rows(8)), s.t3, ANY_CELL),
        Entry("表二删除了行.xlsx", r, nt, edited(lambda wb: wb[s.t2].delete_rows(6)), s.t2, ANY_CELL),
        Entry("表三插入了列.xlsx", r, nt, edited(lambda wb: wb[s.t3].insert_cols(4)), s.t3, ANY_CELL),
        Entry("表四删除了列.xlsx", r, nt, edited(lambda wb: wb[s.t4].delete_cols(1)), s.t4, ANY_CELL),
        Entry("标签被改.xlsx", r, nt, edited(_set(s.t3, _t3_label_cell(), "1.国家秘密")), s.t3, _t3_label_cell()),
        Entry("版本号被删.xlsx", r, nt, edited(_set(*version, None)), *version),
        Entry("旧模板.xlsx", r, "R-WB-OLD-VERSION", lambda p: build_template(p, old_fill, spec=old), *version),
        Entry("2019年格式.xlsx", r, "R-FMT-DETECT", write_2019_format),
        Entry("两种格式混用.xlsx", r, "R-FMT-DETECT", edited(_set(s.t2, _t2_norm_label_cell(), "规范性文件")),
              s.t2, _t2_norm_label_cell()),
        Entry("合并了输入格.xlsx", r, nt, edited(_merge(s.t3, "D5:E5")), s.t3, "D5:E5"),
        Entry("表二合并了两行.xlsx", r, nt, edited(_merge(s.t2, "B8:B9")), s.t2, "B8:B9"),
    ]


def _values() -> list[Entry]:
    r = REJECTED
    t3_rule, t2_rule, t4_rule, large = "R-T3-NONNEG-INT", "R-T2-NONNEG", "R-T4-NONNEG-INT", "R-CELL-TOO-LARGE"
    name_cell = _info_cell("name")
    return [
        Entry("填了12件.xlsx", r, t3_rule, book({NP_NEW: "12件"}), *at(NP_NEW)),
        Entry("填了约10.xlsx", r, t2_rule, book({T2_LIC: "约10"}), *at(T2_LIC)),
        Entry("负数.xlsx", r, t4_rule, book({T4_KEEP: -3}), *at(T4_KEEP)),
        Entry("全角负数.xlsx", r, t3_rule, book({NP_NEW: "－５"}), *at(NP_NEW)),
        Entry("件数有小数.xlsx", r, t3_rule, book({NP_NEW: 2.5}), *at(NP_NEW)),
        Entry("一万亿.xlsx", r, large, book({T2_LIC: 1e12}), *at(T2_LIC)),
        Entry("文字一万亿.xlsx", r, large, book({NP_NEW: "1e12"}), *at(NP_NEW)),
        Entry("收费写了万元.xlsx", r, t2_rule, book({T2_FEE: "5万元"}), *at(T2_FEE)),
        Entry("填了NaN.xlsx", r, t3_rule, book({NP_NEW: "NaN"}), *at(NP_NEW)),
        Entry("填了inf.xlsx", r, t2_rule, book({T2_LIC: "inf"}), *at(T2_LIC)),
        Entry("数字格填了日期.xlsx", r, t2_rule, edited(_set(*at(T2_LIC), dt.datetime(2024, 1, 5))), *at(T2_LIC)),
        Entry("数字格填了逻辑值.xlsx", r, t4_rule, edited(_set(*at(T4_KEEP), True)), *at(T4_KEEP)),
        Entry("引用错误.xlsx", r, t3_rule, then(book(), _error_in(*at(NP_NEW), "#REF!")), *at(NP_NEW)),
        Entry("除以零.xlsx", r, t2_rule, then(book(), _error_in(*at(T2_LIC), "#DIV/0!")), *at(T2_LIC)),
        Entry("公式没有计算结果.xlsx", r, t4_rule, then(book(), _no_cached_value(T4_KEEP)), *at(T4_KEEP)),
        Entry("单位名称空.xlsx", r, "R-INFO-NAME", book(info={"name": ""}), *name_cell),
        Entry("单位名称是错误值.xlsx", r, "R-INFO-NAME", then(book(), _error_in(*name_cell, "#REF!")), *name_cell),
        Entry("单位类型乱填.xlsx", r, "R-INFO-KIND", book(info={"kind": "镇政府"}), *_info_cell("kind")),
        Entry("信用代码错.xlsx", r, "R-INFO-CODE", book(info={"code": "123"}), *_info_cell("code")),
        Entry("年度不对.xlsx", r, "R-INFO-YEAR", book(info={"year": 2023}), *_info_cell("year")),
        Entry("名称像公式且年度不对.xlsx", r, "R-INFO-YEAR", book(info={"name": f"=SUM(1,2){PAYLOAD}", "year": 2023}),
              *_info_cell("year")),
        Entry(f"=1+1{PAYLOAD}.xlsx", UNREADABLE, "R-WB-UNREADABLE", write_bytes(_bad_magic("pdf"))),
        Entry(f"@{PAYLOAD}.xlsx", REJECTED, "R-T3-NONNEG-INT", book({NP_NEW: f"+{PAYLOAD}"}), *at(NP_NEW)),
    ]


def _tolerated() -> list[Entry]:
    hostile = {"s1_active": f"-{PAYLOAD}减号开头", "s5": f"@{PAYLOAD}", "s6": f"=cmd|' /C calc'!A0 {PAYLOAD}"}
    return [
        Entry("工作表顺序打乱.xlsx", PASSED, "", edited(_reorder)),
        Entry("带宏的文件.xlsm", WARNED, "R-WB-MACRO", then(book(), lambda p: cb.add_part(p, "xl/vbaProject.bin",
                                                                                        b"\xd0\xcf\x11\xe0 VBA"))),
        Entry("=HYPERLINK(1).xlsx", PASSED, "", book(info={"name": f'=HYPERLINK("http://x","{PAYLOAD}")',
                                                          "filler": f"+{PAYLOAD}"}, texts=hostile)),
        Entry("+加号开头.xlsx", PASSED, "", book(info={"name": f"+{PAYLOAD}单位"})),
        Entry("-减号开头.xlsx", PASSED, "", book(info={"name": f"-{PAYLOAD}单位"})),
        Entry("@符号开头.xlsx", PASSED, "", book(info={"name": f"@{PAYLOAD}单位"})),
        Entry("控制字符.xlsx", PASSED, "", book(info={"name": "控制\x01\x07字符单位"}, texts={"s5": "第一行\x0b\x1f第二行"})),
        Entry("四万字.xlsx", PASSED, "", _long_text, info={"text_chars": 40_000}),
        Entry("很长" * 40 + ".xlsx", PASSED, "", book()),
        Entry("报表 😀\u202e\u200b（最终版）(1) .xlsx", PASSED, "", book()),
        Entry(b"\xb1\xa8\xb1\xed\xa3\xa8GBK\xa3\xa9.xlsx".decode("utf-8", "surrogateescape"), PASSED, "", book(),
              info={"display": "报表（GBK）.xlsx"}),
    ]


def good_files() -> list[Entry]:
    """Two clean workbooks that must still be accepted next to the corpus."""
    return [Entry(f"良好{k}.xlsx", PASSED, "", book()) for k in (1, 2)]


def entries() -> list[Entry]:
    """Every corpus file: REFUSED first, then TOLERATED."""
    return _not_workbooks() + _structure() + _values() + _bombs() + _tolerated()


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
    refused = sum(e.status in (REJECTED, UNREADABLE) for e in written)
    print(f"已生成 {len(written)} 个文件（应退回或无法读取 {refused} 个）：{dest}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
