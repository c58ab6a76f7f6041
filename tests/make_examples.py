"""Build the sample inbox under examples/inbox: `make examples` (committed; a test rebuilds and compares).

The first body is the real township of ../shared/seed (青同镇人民政府, 2024) with its published figures
and text. The others are made up, of every type, and several carry the mistakes reviewers see most.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sys
from pathlib import Path

import xlsxwriter

from pipeline.template.build import build_template
from pipeline.types import Fill
from schemas import SPEC
from schemas.info import ROSTER_COLUMNS
from schemas.tables import t3_id
from tests.factories import info_for, make_code, texts_for, valid_numbers

ROOT = Path(__file__).resolve().parent.parent
INBOX = ROOT / "examples" / "inbox"
YEAR = 2024

SEED_TEXTS = {
    "s1_active": "按照政务公开工作有关要求，结合职能、人员变动情况，公开主要职责、机构设置、领导分工等信息，扩展主动公开范围，"
    "强化政务公开与各项业务工作的紧密结合。2024年，我镇主动公开政府信息36条，分别是镇概况1条、村概况19条，预算公开1条，"
    "行政执法公示4条，班子分工1条，政府机构职能1条，建议提案1条，乡镇动态8条；未收到政府信息公开申请，未引发行政复议、"
    "行政诉讼案件。规范实施政民互动，处理12345热线工单445条，按照职能及时稳妥进行了回应处置。",
    "s1_request": "2024年未收到依申请公开事宜。",
    "s1_manage": "一是加强信息保密管理。落实专人做好政府信息公开保密审查和发布工作，每月按要求做好政务公开工作。"
    "二是严格落实信息公开审查制度。严格落实政府信息公开审查机制，明确审查的程序和责任，全面加强信息发布审核。",
    "s1_platform": "我镇政府信息公开形式主要以县政府政务公开网为第一平台，同时，利用公开栏、宣传横幅、信息简报、电子显示屏等媒介，"
    "丰富了信息公开的形式。切实做到政策性法规长期公开、常规性工作定期公开、动态性内容及时公开。",
    "s1_oversight": "做好政务公开各项保障工作。严格落实政府信息公开各项制度规定，进一步修订完善镇政府信息公开工作制度，明确职责、"
    "程序和要求，加强对政务公开工作日常指导和监督检查，规范实施政务公开工作，做到应公开尽公开。加大队伍建设力度，"
    "及时调整更新政务公开工作领导小组，明确专职工作人员，研究推进政务公开重要事项，扎实落实政务公开日常工作。",
    "s5": "目前，我镇存在专职人员不足、信息质量有待提升等问题。接下来的工作中我镇还要从以下方面加强：\n"
    "一是提高认识，继续深化重点领域信息公开，主动、及时、准确公开事关群众切身利益的政府信息，提升基层政务公开水平。\n"
    "二是加强队伍建设，加大教育培训力度，切实增强依法依规公开意识。\n"
    "上年度报告中指出的问题已按要求整改。",
    # The seed report's 六 said only 无其他需要报告的事项; the sample states what FORMAT.md asks of 六
    # (R-SEC6-FEE, R-SEC6-ITEMS, checked in a workbook's texts too), so the township still passes.
    "s6": "本年度未收取信息处理费。落实上级政务公开工作要点，人大代表建议和政协提案办理结果按要求公开，"
    "结合镇情推进政务公开工作创新。无其他需要报告的事项。",
}


def seed_township() -> Fill:
    """青同镇人民政府 2024: every figure as published (行政许可 570, 行政处罚 2, all else 0)."""
    numbers = {n.id: 0 for n in SPEC.numbers if not n.derived} | {"t2_lic": 570, "t2_pen": 2}
    info = info_for("青同镇人民政府", "乡镇", YEAR, seed=101, filler="李明", date=dt.date(2025, 1, 20))
    return Fill(info=info, numbers=numbers, texts=SEED_TEXTS)


def body(name: str, kind: str, seed: int, numbers: dict[str, object] | None = None, **info: object) -> Fill:
    """A made-up body with valid random figures, then the given overrides."""
    base = valid_numbers(random.Random(seed))
    return Fill(info=info_for(name, kind, YEAR, seed=seed) | info, numbers=base | (numbers or {}),
                texts=texts_for(name))


def samples() -> dict[str, Fill]:
    """File name -> what the body filled in."""
    broken = valid_numbers(random.Random(4))
    return {
        "青同镇人民政府2024年政府信息公开年报.xlsx": seed_township(),
        "县政府办公室/县政府办公室-年报数据.xlsx": body("县人民政府办公室", "县政府办", 2, date=dt.date(2025, 1, 12)),
        "县政府办公室/县政府办公室-年报数据（修改后）.xlsx": body(
            "县人民政府办公室", "县政府办", 2, {"t2_norm_made": 3, "t2_norm_valid": 40}, date=dt.date(2025, 1, 18)),
        "教育局 年报.xlsx": body("县教育局", "县直部门", 3, {"t2_reg_made": 1, "t2_reg_valid": 1, "t4_ld_keep": "无"}),
        "城关街道办事处.xlsx": body("城关街道办事处", "街道", 4,
                                   {t3_id("new", "np"): broken[t3_id("new", "np")] + 2}),
        "卫健局/卫健局2024政府信息公开年报表.xlsx": body(
            "县卫生健康局", "县直部门", 5, {t3_id("open", "total"): 99, "t2_lic": "12件"}),
        "东山镇.xlsx": body("东山镇人民政府", "乡镇", 6, year=2023),
        "县市场监督管理局.xlsx": body("县市场监督管理局", "县直部门", 7),
    }


def write_old_version(dest: Path) -> None:
    """A body that kept last year's template (an older version marker)."""
    old = dataclasses.replace(SPEC, template_version="GKNB-2021-0")
    build_template(dest, body("县自然资源局", "县直部门", 8), spec=old)


def write_2019_format(dest: Path) -> None:
    """A body that filled the 2019 trial-format table it found on the internet."""
    wb = xlsxwriter.Workbook(str(dest))
    wb.set_properties({"created": dt.datetime(2025, 1, 1)})
    ws = wb.add_worksheet("Sheet1")
    rows = [["二、主动公开政府信息情况"], ["第二十条第（一）项"], ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
            ["规章", 0, 0, 0], ["规范性文件", 2, 2, 15]]
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()


def write_inbox(inbox: Path) -> None:
    """Write every sample workbook under inbox."""
    for name, fill in samples().items():
        dest = inbox / name
        dest.parent.mkdir(parents=True, exist_ok=True)
        build_template(dest, fill)
    write_old_version(inbox / "县自然资源局（旧模板）.xlsx")
    write_2019_format(inbox / "林业站年报（网上下载的表）.xlsx")


ROSTER = ROOT / "examples" / "单位名单.csv"
# Bodies the county expects a report from: every sample body, and one that has not sent anything.
ROSTER_EXTRA = (("县司法局", "县直部门", 9, "赵敏", "sfj@example.gov.cn"),)


def roster_rows() -> list[tuple[str, str, str, str, str]]:
    """单位名单 rows: the sample bodies (with the codes their workbooks carry) plus 县司法局."""
    rows = {}
    for fill in samples().values():
        info = fill.info
        rows[info["name"]] = (info["name"], info["kind"], info["code"], "王芳", "")
    rows["县自然资源局"] = ("县自然资源局", "县直部门", make_code(8), "刘洋", "zrzyj@example.gov.cn")
    for name, kind, seed, contact, email in ROSTER_EXTRA:
        rows[name] = (name, kind, make_code(seed), contact, email)
    return list(rows.values())


def write_roster(dest: Path) -> None:
    """The sample roster as CSV (UTF-8 with BOM, as Excel saves it)."""
    header = ",".join(label for _, label in ROSTER_COLUMNS)
    lines = [header] + [",".join(row) for row in roster_rows()]
    dest.write_bytes(("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))


def main() -> int:
    write_inbox(INBOX)
    write_roster(ROSTER)
    print(f"示例收件箱已生成：{INBOX}；示例单位名单：{ROSTER}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
