"""Attachments from .eml, mbox and Maildir; roster files in CSV (UTF-8 or GBK) and Excel."""

from __future__ import annotations

import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest

from pipeline.decide.roster import RosterProblem, read_roster
from pipeline.inbox.discover import discover
from pipeline.reading.gather import take_in
from tests.factories import filled, make_code, write_filled


def _message(sender: str, date: str, attachments: dict[str, bytes]) -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["Date"], msg["Subject"] = sender, date, "年报"
    msg.set_content("请查收")
    for name, data in attachments.items():
        msg.add_attachment(data, maintype="application", subtype="octet-stream", filename=name)
    return msg


@pytest.fixture
def workbook(tmp_path: Path) -> bytes:
    return write_filled(tmp_path / "wb.xlsx", filled()).read_bytes()


def test_eml_attachments_are_taken_in_memory(tmp_path: Path, workbook: bytes) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    evil = "../../逃出去.xlsx"  # an attachment name must never reach the file system
    msg = _message("甲 <a@example.gov.cn>", "Tue, 14 Jan 2025 10:00:00 +0800",
                   {"年报.xlsx": workbook, evil: workbook, "说明.txt": b"x"})
    (inbox / "mail.eml").write_bytes(msg.as_bytes())
    before = sorted(p.name for p in tmp_path.rglob("*"))
    found = discover(inbox)
    # a .txt attachment may be a published report: it is read, and refused when it is not one
    assert [f.display for f in found] == ["mail.eml/_.._逃出去.xlsx", "mail.eml/年报.xlsx", "mail.eml/说明.txt"]
    intake = take_in(found)
    assert [s.sender for s in intake.subs] == ["甲 <a@example.gov.cn>"] * 2
    assert [(i.file, i.rule) for i in intake.refused] == [("mail.eml/说明.txt", "R-DOC-UNREADABLE")]
    assert intake.subs[0].received == "2025-01-14 10:00"
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_mbox_and_maildir(tmp_path: Path, workbook: bytes) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    box = mailbox.mbox(inbox / "收件箱.mbox")
    box.add(_message("甲 <a@example.gov.cn>", "Tue, 14 Jan 2025 10:00:00 +0800", {"一.xlsx": workbook}))
    box.add(_message("乙 <b@example.gov.cn>", "Wed, 15 Jan 2025 10:00:00 +0800", {"二.xlsx": workbook}))
    box.flush()
    maildir = mailbox.Maildir(inbox / "Maildir", create=True)
    maildir.add(_message("丙 <c@example.gov.cn>", "Thu, 16 Jan 2025 10:00:00 +0800", {"三.xlsx": workbook}))
    maildir.flush()
    found = discover(inbox)
    senders = sorted(f.sender for f in found)
    assert senders == ["丙 <c@example.gov.cn>", "乙 <b@example.gov.cn>", "甲 <a@example.gov.cn>"]
    assert {f.display.split("/")[0] for f in found} == {"收件箱.mbox", "Maildir"}
    assert all(f.data == workbook for f in found)


def test_roster_csv_in_gbk_and_utf8(tmp_path: Path) -> None:
    text = f"单位名称,单位类型,统一社会信用代码,联系人,邮箱\n甲镇人民政府,乡镇,{make_code(1)},张一,a@x.cn\n,,,,\n"
    for encoding in ("utf-8-sig", "gb18030"):
        path = tmp_path / f"名单-{encoding}.csv"
        path.write_bytes(text.encode(encoding))
        bodies = read_roster(path)
        assert [(b.name, b.kind, b.code, b.contact, b.email) for b in bodies] == [
            ("甲镇人民政府", "乡镇", make_code(1), "张一", "a@x.cn")]


def test_roster_without_name_column_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "名单.csv"
    path.write_text("名称,类型\n甲,乡镇\n", encoding="utf-8")
    with pytest.raises(RosterProblem, match="缺少列“单位名称”"):
        read_roster(path)
