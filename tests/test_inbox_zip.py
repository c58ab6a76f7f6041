"""Issue 16: a .zip of attachments in the inbox, or as the inbox, read in memory and guarded like a workbook."""

from __future__ import annotations

import random
import resource
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from pipeline.inbox import inbox_zip
from pipeline.inbox.discover import discover
from pipeline.report import RunOptions, run_report
from pipeline.types import Status
from tests import make_examples
from tests.corpus_bytes import zipped
from tests.treehash import tree_hashes

ROOT = Path(__file__).resolve().parent.parent
YEAR = 2024
ONE_WORKER = RunOptions(jobs=1)
GOOD = make_examples.INBOX / "东山镇.xlsx"


def _zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    return zipped(members, compression, when=(2025, 1, 10, 9, 30, 0))


def _inbox_members() -> dict[str, bytes]:
    return {p.relative_to(make_examples.INBOX).as_posix(): p.read_bytes()
            for p in sorted(make_examples.INBOX.rglob("*")) if p.is_file()}


def _statuses(inbox: Path, out: Path) -> dict[str, str]:
    return {s.file: s.status for s in run_report(inbox, YEAR, out, progress=False, options=ONE_WORKER).statuses
            if s.file}


def test_a_zip_as_the_inbox_reads_like_the_folder(tmp_path: Path) -> None:
    attachments = tmp_path / "下载 的附件" / "附件.zip"
    attachments.parent.mkdir()
    attachments.write_bytes(_zip(_inbox_members()))
    before = tree_hashes(attachments.parent)
    folder = _statuses(make_examples.INBOX, tmp_path / "folder")
    zipped = _statuses(attachments, tmp_path / "zipped")
    assert zipped == {f"附件.zip/{name}": status for name, status in folder.items()}
    assert len(zipped) >= 9
    assert tree_hashes(attachments.parent) == before, "nothing is written beside the zip"


def test_a_zip_in_the_inbox_beside_other_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inbox = tmp_path / "收件箱"
    (inbox / "三月").mkdir(parents=True)
    shutil.copy(GOOD, inbox / "东山镇.xlsx")
    (inbox / "三月" / "附件.zip").write_bytes(_zip({"教育局/县教育局.xlsx": (make_examples.INBOX / "教育局 年报.xlsx")
                                                   .read_bytes(), "说明.txt": b"not a workbook"}))
    displays = [f.display for f in discover(inbox)]
    assert displays == ["三月/附件.zip/教育局/县教育局.xlsx", "东山镇.xlsx"]
    assert [f.data is not None for f in discover(inbox)] == [True, False]
    result = run_report(inbox, YEAR, tmp_path / "out", progress=False, options=ONE_WORKER)
    assert {s.file for s in result.statuses if s.file} == set(displays)
    assert "Traceback" not in capsys.readouterr().err


def _gbk_zip(names: list[str], data: bytes) -> bytes:
    """A zip as made on Chinese Windows: names in GBK, without the UTF-8 flag (zipfile always sets it)."""
    placeholders = {name: f"n{i:0{len(name.encode('gbk')) - 1}d}" for i, name in enumerate(names)}
    raw = _zip({placeholders[name]: data for name in names})
    for name, placeholder in placeholders.items():
        raw = raw.replace(placeholder.encode("ascii"), name.encode("gbk"))
    return raw


def test_gbk_names_are_decoded(tmp_path: Path) -> None:
    names = ["青同镇/报表（GBK）.xlsx", "县政府办公室年报.xlsx"]
    (tmp_path / "附件.zip").write_bytes(_gbk_zip(names, GOOD.read_bytes()))
    with zipfile.ZipFile(tmp_path / "附件.zip") as zf:
        assert all(not i.flag_bits & 0x800 for i in zf.infolist())
        assert zf.namelist()[0] != names[0]  # zipfile alone shows cp437 mojibake
    found = discover(tmp_path / "附件.zip")
    assert [f.display for f in found] == sorted(f"附件.zip/{n}" for n in names)
    statuses = _statuses(tmp_path / "附件.zip", tmp_path / "out")
    assert set(statuses) == {f"附件.zip/{n}" for n in names} and Status.UNREADABLE not in statuses.values()


def test_names_that_climb_out_are_only_display_names(tmp_path: Path) -> None:
    inbox = tmp_path / "in" / "box"
    inbox.mkdir(parents=True)
    members = {"../../逃逸.xlsx": GOOD.read_bytes(), "/etc/绝对路径.xlsx": GOOD.read_bytes(),
               "C:\\Windows\\盘符.xlsx": GOOD.read_bytes(), "./a/../b/./点.xlsx": GOOD.read_bytes()}
    (inbox / "附件.zip").write_bytes(_zip(members))
    before = tree_hashes(tmp_path)
    displays = sorted(f.display for f in discover(inbox))
    assert displays == ["附件.zip/Windows/盘符.xlsx", "附件.zip/a/b/点.xlsx", "附件.zip/etc/绝对路径.xlsx",
                        "附件.zip/逃逸.xlsx"]
    result = run_report(inbox, YEAR, tmp_path / "out", progress=False, options=ONE_WORKER)
    assert {s.file for s in result.statuses if s.file} == set(displays)
    after = {k: v for k, v in tree_hashes(tmp_path).items() if not k.startswith("out/")}
    assert after == before, "nothing is written outside the output folder"


def _lying_sizes(raw: bytes, size: int) -> bytes:
    """Every member of the zip declared `size` bytes long (headers as a bomb maker writes them)."""
    out = bytearray(raw)
    for sig, at in ((b"PK\x03\x04", 22), (b"PK\x01\x02", 24)):
        start = 0
        while (start := out.find(sig, start)) >= 0:
            out[start + at:start + at + 4] = size.to_bytes(4, "little")
            start += 4
    return bytes(out)


def test_a_zip_bomb_is_refused_quickly_in_little_memory(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(GOOD, inbox / "东山镇.xlsx")
    # 50 members declaring 4 GB each: more than a zip of the inbox may inflate to; refused whole, not inflated.
    (inbox / "炸弹.zip").write_bytes(_lying_sizes(_zip({f"{i}.xlsx": b"\0" * 1000 for i in range(50)}), 4_000_000_000))
    # One member of 60 MB of zeros (60 KB packed): not inflated, the zip is refused, naming the member.
    (inbox / "炸弹2.zip").write_bytes(_zip({"好.xlsx": GOOD.read_bytes(), "大.xlsx": b"\0" * 60_000_000}))
    # One member of 31 MB that does not compress: inflated no further than the guard's limit, then refused.
    (inbox / "大文件.zip").write_bytes(_zip({"大.xlsx": random.Random(1).randbytes(31_000_000)}))
    # Zips in zips, five deep: the innermost are not opened.
    nested = _zip({"最里面.xlsx": GOOD.read_bytes()})
    for depth in range(5):
        nested = _zip({f"第{depth}层.zip": nested})
    (inbox / "套娃.zip").write_bytes(nested)
    probe = ("import resource, sys, time; from pathlib import Path; from pipeline.reading.intake import read_found;"
             "from pipeline.reading.gather import found_bytes; from pipeline.inbox.discover import discover;"
             "t = time.perf_counter(); found = discover(Path(sys.argv[1]));"
             "results = [read_found(f, found_bytes(f)) for f in found];"
             "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024)")
    seconds, peak_mb = map(float, subprocess.run([sys.executable, "-c", probe, str(inbox)], cwd=ROOT, check=True,
                                                 capture_output=True, text=True, timeout=60).stdout.split())
    assert seconds < 5 and peak_mb < 500, (seconds, peak_mb)
    statuses = _statuses(inbox, tmp_path / "out")
    assert statuses["东山镇.xlsx"] != Status.UNREADABLE
    assert statuses["炸弹.zip"] == Status.UNREADABLE and statuses["大文件.zip/大.xlsx"] == Status.UNREADABLE
    assert statuses["炸弹2.zip"] == Status.UNREADABLE and not any(name.startswith("炸弹2.zip/") for name in statuses)
    deep = "套娃.zip/第4层.zip/第3层.zip/第2层.zip"
    assert statuses[deep] == Status.UNREADABLE and not any(name.startswith(deep + "/") for name in statuses)
    issues = {i.file: i.message for i in run_report(inbox, YEAR, tmp_path / "again", progress=False,
                                                    options=ONE_WORKER).issues}
    assert "压缩炸弹" in issues["炸弹.zip"]
    assert "文件过大" in issues["大文件.zip/大.xlsx"]
    assert "“大.xlsx”压缩比异常（疑似压缩炸弹）" in issues["炸弹2.zip"]
    assert "压缩包" in issues[deep]


def test_a_zip_that_inflates_past_the_limit_is_not_unpacked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(inbox_zip, "MAX_INFLATED_BYTES", 1_000_000)
    (tmp_path / "附件.zip").write_bytes(_zip({f"{i}.xlsx": GOOD.read_bytes() * 20 for i in range(3)}))
    found = discover(tmp_path / "附件.zip")
    assert [(f.display, f.data) for f in found] == [("附件.zip", None)]  # the zip itself, for the guard


def test_inflating_is_bounded_even_when_sizes_lie(tmp_path: Path) -> None:
    # A member that declares 1,000 bytes but holds 50 MB: read no further than declared.
    raw = _lying_sizes(_zip({"说谎.xlsx": b"\0" * 50_000_000}), 1000)
    (tmp_path / "附件.zip").write_bytes(raw)
    start, peak = time.perf_counter(), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    found = discover(tmp_path / "附件.zip")
    assert time.perf_counter() - start < 2
    assert [len(f.data or b"") for f in found] == [1000]
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - peak < 100_000  # KB
