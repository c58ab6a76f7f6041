"""Issue 4 end to end: roster -> personal templates -> filled (some wrong, one missing, one off the roster,
one sent twice, one by email) -> report -> marked copies -> corrected files -> report again."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import subprocess
import sys
from email.message import EmailMessage
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from python_calamine import CalamineWorkbook

from pipeline.decide.ledger import LEDGER_NAME
from pipeline.errors import InboxProblem
from pipeline.excel.styles import ERROR_FILL
from pipeline.outputs.returns import FRONT_SHEET, RETURNS_DIR
from pipeline.report import RunOptions, run_report
from pipeline.settings import ROLLUP_NAME
from pipeline.template.build import build_template
from pipeline.types import Fill
from schemas import SPEC, info
from schemas.tables import t3_id
from tests.factories import make_code, texts_for, valid_numbers

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
ROSTER = [  # name, kind, seed of its code, contact, email
    ("甲镇人民政府", "乡镇", 11, "张一", "jia@example.gov.cn"),
    ("乙街道办事处", "街道", 12, "李二", "yi@example.gov.cn"),
    ("县丙局", "县直部门", 13, "王三", "bing@example.gov.cn"),
    ("县人民政府办公室", "县政府办", 14, "赵四", "ban@example.gov.cn"),
    ("丁镇人民政府", "乡镇", 15, "钱五", "ding@example.gov.cn"),
]
OFF_ROSTER = ("戊乡人民政府", "乡镇", 16)


def _write_roster(path: Path) -> None:
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("名单")
    ws.write_row(0, 0, [label for _, label in info.ROSTER_COLUMNS])
    for r, (name, kind, seed, contact, mail) in enumerate(ROSTER, 1):
        ws.write_row(r, 0, [name, kind, make_code(seed), contact, mail])
    wb.close()


def _fill(name: str, kind: str, seed: int, date: dt.date, numbers: dict[str, object] | None = None,
          explanations: dict[str, str] | None = None) -> Fill:
    info_values = {"name": name, "kind": kind, "code": make_code(seed), "year": YEAR, "filler": "填表人",
                   "phone": "0571-1234567", "date": date}
    return Fill(info=info_values, numbers=valid_numbers(random.Random(seed)) | (numbers or {}),
                texts=texts_for(name), explanations=explanations or {})


def _eml(dest: Path, sender: str, attachment: Path, when: str) -> None:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"], msg["Date"] = sender, "county@example.gov.cn", "年报", when
    msg.set_content("附件是我单位的年报数据。")
    msg.add_attachment(attachment.read_bytes(), maintype="application",
                       subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename=attachment.name)
    dest.write_bytes(msg.as_bytes())


def _statuses(out: Path) -> dict[tuple[str, str], str]:
    rows = CalamineWorkbook.from_path(str(out / str(YEAR) / ROLLUP_NAME)).get_sheet_by_name("报送情况").to_python()
    head = rows[0]
    col = {h: i for i, h in enumerate(head)}
    return {(r[col["单位名称"]], r[col["文件"]]): r[col["状态"]] for r in rows[1:]}


def _history(out: Path) -> list[tuple[str, str, str]]:
    with sqlite3.connect(out / str(YEAR) / LEDGER_NAME) as db:
        return list(db.execute("SELECT file, first_round, status FROM files ORDER BY file"))


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("loop")
    roster, inbox, out, mailout = root / "单位名单.xlsx", root / "inbox", root / "out", root / "mailout"
    inbox.mkdir()
    mailout.mkdir()
    _write_roster(roster)
    templates = root / "templates"
    run = subprocess.run([sys.executable, "-m", "pipeline", "templates", "--roster", str(roster), "--year", str(YEAR),
                          "--out", str(templates)], cwd=ROOT, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    (jia, yi, bing, ban, _ding) = ROSTER
    build_template(inbox / "甲镇.xlsx", _fill(*jia[:3], dt.date(2025, 1, 10)))
    wrong = valid_numbers(random.Random(yi[2]))
    build_template(inbox / "乙街道.xlsx", _fill(*yi[:3], dt.date(2025, 1, 11),
                                               {t3_id("new", "np"): wrong[t3_id("new", "np")] + 3}))
    build_template(inbox / "丙局.xlsx", _fill(*bing[:3], dt.date(2025, 1, 12),
                                             {"t2_reg_made": 1, "t2_reg_valid": 1},
                                             {"R-T2-REG-POWER": "本局受市政府委托起草规章一件，已由市政府公布"}))
    build_template(inbox / "办公室第一次.xlsx", _fill(*ban[:3], dt.date(2025, 1, 9), {"t2_lic": "很多"}))
    build_template(mailout / "办公室-修改后.xlsx", _fill(*ban[:3], dt.date(2025, 1, 13)))
    _eml(inbox / "来自办公室的邮件.eml", "赵四 <ban@example.gov.cn>", mailout / "办公室-修改后.xlsx",
         "Mon, 13 Jan 2025 09:30:00 +0800")
    build_template(inbox / "戊乡.xlsx", _fill(*OFF_ROSTER, dt.date(2025, 1, 12)))
    result = run_report(inbox, YEAR, out, progress=False, options=RunOptions(roster, "2025-01-25"))
    assert result.exit_code == 1
    return {"root": root, "roster": roster, "inbox": inbox, "out": out, "templates": templates}


def test_personal_templates_are_filled_and_locked(loop: dict[str, Path]) -> None:
    files = sorted(loop["templates"].glob("*.xlsx"))
    assert len(files) == len(ROSTER)
    name, kind, seed, _, _ = ROSTER[0]
    path = next(p for p in files if p.name.startswith(name))
    ws = openpyxl.load_workbook(path)[SPEC.sheets.info]
    rows = {f.id: f.row + 1 for f in SPEC.info_fields}
    col = SPEC.info_value_col + 1
    assert [ws.cell(rows[k], col).value for k in ("name", "kind", "code", "year")] == [name, kind, make_code(seed), YEAR]
    assert all(ws.cell(rows[k], col).protection.locked for k in ("name", "kind", "code", "year"))
    assert not ws.cell(rows["filler"], col).protection.locked
    assert ws.protection.sheet


def test_first_round_statuses(loop: dict[str, Path]) -> None:
    statuses = _statuses(loop["out"])
    assert statuses[("甲镇人民政府", "甲镇.xlsx")] == "通过"
    assert statuses[("乙街道办事处", "乙街道.xlsx")] == "退回"
    assert statuses[("县丙局", "丙局.xlsx")] == "通过"  # its only warning is explained
    assert statuses[("县人民政府办公室", "办公室第一次.xlsx")] == "已被替代"
    assert statuses[("县人民政府办公室", "来自办公室的邮件.eml/办公室-修改后.xlsx")] == "通过"
    assert statuses[("丁镇人民政府", "")] == "未报送"
    assert statuses[("戊乡人民政府", "戊乡.xlsx")] == "通过"
    rows = CalamineWorkbook.from_path(str(loop["out"] / str(YEAR) / ROLLUP_NAME)).get_sheet_by_name("报送情况").to_python()
    col = {h: i for i, h in enumerate(rows[0])}
    by_file = {r[col["文件"]]: r for r in rows[1:]}
    assert by_file["戊乡.xlsx"][col["名单"]] == "名单外"
    mail = by_file["来自办公室的邮件.eml/办公室-修改后.xlsx"]
    assert mail[col["发件人"]] == "赵四 <ban@example.gov.cn>" and mail[col["发送时间"]] == "2025-01-13 09:30"


def test_explained_warning_is_listed_as_such(loop: dict[str, Path]) -> None:
    rows = (loop["out"] / str(YEAR) / "问题清单.csv").read_text(encoding="utf-8-sig").splitlines()
    line = next(r for r in rows if "R-T2-REG-POWER" in r)
    assert "已说明：本局受市政府委托起草规章一件" in line


def test_marked_copy_marks_the_problem_cell(loop: dict[str, Path]) -> None:
    marked = loop["out"] / str(YEAR) / RETURNS_DIR / f"乙街道办事处_{YEAR}年报_退回修改.xlsx"
    wb = openpyxl.load_workbook(marked)
    assert wb.sheetnames[0] == FRONT_SHEET
    anchor = SPEC.number(t3_id("tot", "np"))
    cell = wb[anchor.sheet].cell(anchor.row + 1, anchor.col + 1)
    assert cell.fill.fgColor.rgb.endswith(ERROR_FILL.lstrip("#"))
    assert cell.comment is not None and "R-T3-BALANCE" not in cell.comment.text and "自然人列" in cell.comment.text
    front = [[c.value for c in row] for row in wb[FRONT_SHEET].iter_rows(min_row=3)]
    assert any(r[3] == "D28" and "本年新收" in r[4] for r in front)
    # it still carries the body's own figures, and the data validation of a fresh template
    new = SPEC.number(t3_id("new", "np"))
    wrong = valid_numbers(random.Random(ROSTER[1][2]))[t3_id("new", "np")] + 3
    assert wb[new.sheet].cell(new.row + 1, new.col + 1).value == wrong
    assert wb[new.sheet].data_validations.dataValidation


def test_reply_text_names_problems_and_deadline(loop: dict[str, Path]) -> None:
    note = (loop["out"] / str(YEAR) / RETURNS_DIR / f"乙街道办事处_{YEAR}年报_退回说明.txt").read_text(encoding="utf-8-sig")
    assert note.startswith("李二同志：")
    assert "表三 D28" in note and "2025年1月25日前" in note


def test_second_round_after_corrections(loop: dict[str, Path]) -> None:
    inbox, out = loop["inbox"], loop["out"]
    marked = out / str(YEAR) / RETURNS_DIR / f"乙街道办事处_{YEAR}年报_退回修改.xlsx"
    wb = openpyxl.load_workbook(marked)  # the body fixes the marked copy in its office suite and sends it
    new = SPEC.number(t3_id("new", "np"))
    fixed = valid_numbers(random.Random(ROSTER[1][2]))[t3_id("new", "np")]
    wb[new.sheet].cell(new.row + 1, new.col + 1).value = fixed
    wb[SPEC.sheets.info].cell(next(f.row for f in SPEC.info_fields if f.id == "date") + 1,
                              SPEC.info_value_col + 1).value = dt.datetime(2025, 1, 20)
    wb.save(inbox / "乙街道-修改后.xlsx")
    build_template(inbox / "丁镇.xlsx", _fill(*ROSTER[4][:3], dt.date(2025, 1, 21)))
    result = run_report(inbox, YEAR, out, progress=False, options=RunOptions(loop["roster"]))
    assert result.exit_code == 0
    statuses = _statuses(out)
    assert statuses[("乙街道办事处", "乙街道-修改后.xlsx")] == "通过"
    assert statuses[("乙街道办事处", "乙街道.xlsx")] == "已被替代"
    assert statuses[("丁镇人民政府", "丁镇.xlsx")] == "通过"
    assert not (out / str(YEAR) / RETURNS_DIR / f"乙街道办事处_{YEAR}年报_退回修改.xlsx").exists()
    history = {f: (r, s) for f, r, s in _history(out)}
    assert history["乙街道.xlsx"] == (1, "已被替代") and history["乙街道-修改后.xlsx"] == (2, "通过")
    assert history["丁镇.xlsx"][0] == 2 and history["甲镇.xlsx"] == (1, "通过")


def test_rerun_is_idempotent_and_history_survives_the_inbox(loop: dict[str, Path]) -> None:
    inbox, out = loop["inbox"], loop["out"]
    before = _history(out)
    rollup = (out / str(YEAR) / ROLLUP_NAME).read_bytes()
    run_report(inbox, YEAR, out, progress=False, options=RunOptions(loop["roster"]))
    assert _history(out) == before
    assert (out / str(YEAR) / ROLLUP_NAME).read_bytes() == rollup
    for path in inbox.iterdir():
        path.unlink()
    with pytest.raises(InboxProblem):  # an empty inbox is most likely a wrong path: nothing is touched
        run_report(inbox, YEAR, out, progress=False, options=RunOptions(loop["roster"]))
    assert _history(out) == before
    sheet = CalamineWorkbook.from_path(str(out / str(YEAR) / ROLLUP_NAME)).get_sheet_by_name("历次报送").to_python()
    assert len(sheet) - 1 == len(before)
