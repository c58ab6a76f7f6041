"""Workbooks inside a .zip in the inbox (or given as the inbox), taken in memory like mail attachments.

Mail clients' "download all attachments" saves one .zip. Each workbook inside becomes a Found with its
bytes and the display name "附件.zip/里面的路径.xlsx"; nothing is unpacked beside the zip.

A zip from the inbox is as untrusted as a workbook, and guarded the same way:

- each member is inflated at most to MAX_FILE_BYTES + 1 bytes (and never beyond its declared size): a
  member that would be larger reaches the workbook guard that size and is refused there as too large;
- all members together at most MAX_INFLATED_BYTES (declared and actual), zips inside zips at most
  MAX_ZIP_DEPTH deep, at most MAX_MEMBERS members, no member that would inflate more than MAX_PART_RATIO
  times (a bomb: the bytes of every Found are held for the run): beyond that the zip itself is handed to
  the workbook guard, which refuses it with its own words (a zip bomb naming the member, too large,
  encrypted, not a workbook);
- a member's name is only ever display text: '../', absolute and drive paths, backslashes and control
  characters cannot name anything outside, because nothing is written;
- names stored without zip's UTF-8 flag (zips made on Chinese Windows) are GBK: zipfile gives them
  decoded as cp437, so they are encoded back and decoded as UTF-8 when they are that, else as GB18030.
"""

from __future__ import annotations

import io
import re
import time
import unicodedata
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.common.filenames import unique_name
from pipeline.settings import FOREIGN_SUFFIXES, LOCK_PREFIXES, MAX_FILE_BYTES, MAX_PART_RATIO, WORKBOOK_SUFFIXES
from pipeline.types import Found

ZIP_SUFFIXES = (".zip",)
MAX_INFLATED_BYTES = 1_000_000_000  # a province's 10,000 workbooks are about 300 MB
MAX_ZIP_DEPTH = 3  # the inbox's zip, a zip in it, and one more
MAX_MEMBERS = 100_000
RATIO_FLOOR = 1_000_000  # members smaller than this may compress as well as they like
UTF8_FLAG = 0x800
_SKIPPED_FOLDERS = ("__MACOSX",)  # macOS adds resource forks ("._名字.xlsx") under it
_DRIVE = re.compile(r"[A-Za-z]:")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError, NotImplementedError,
           RuntimeError, KeyError, zlib.error)


def is_zip(path: Path) -> bool:
    """A .zip by its name (its content is judged when it is opened)."""
    return path.suffix.lower() in ZIP_SUFFIXES


def is_inbox(path: Path) -> bool:
    """What `--inbox` may name: a folder, or a .zip file."""
    return path.is_dir() or (path.is_file() and is_zip(path))


@dataclass
class _Budget:
    """Bytes all members of one inbox zip (and the zips inside it) may still inflate to."""

    left: int
    members: int


class _Refused(Exception):
    """This zip is not unpacked: it is handed to the workbook guard as it is."""


def workbooks_of_zip(path: Path, display: str) -> list[Found]:
    """Every workbook-like member of the zip at path (and of zips inside it), sorted by display name."""
    found: list[Found] = []
    try:
        with zipfile.ZipFile(path) as zf:
            mtime = path.stat().st_mtime
            found = list(_members(zf, path, display, 1, _Budget(MAX_INFLATED_BYTES, MAX_MEMBERS), mtime))
    except (_Refused, *_ERRORS):
        return [Found(path, display, False)]  # read from disk and refused by the guard, in the guard's words
    return sorted(found, key=lambda f: f.display)


def _members(zf: zipfile.ZipFile, container: Path, display: str, depth: int, budget: _Budget,
             fallback_mtime: float) -> Iterator[Found]:
    infos = [i for i in zf.infolist() if not i.is_dir()]
    budget.members -= len(infos)
    declared = sum(min(i.file_size, MAX_FILE_BYTES + 1) for i in infos)
    if budget.members < 0 or declared > budget.left or any(i.flag_bits & 0x1 for i in infos):
        raise _Refused  # too many members, too much to inflate, or encrypted: the guard says which
    if any(_suspicious(i) for i in infos):
        raise _Refused  # the guard names the member and says why
    seen: set[str] = set()
    for info in infos:
        inner = member_name(info)
        parts = PurePosixPath(inner).parts
        name = parts[-1] if parts else ""
        if not name or name.startswith(LOCK_PREFIXES) or name.startswith("._") or parts[0] in _SKIPPED_FOLDERS:
            continue
        suffix = PurePosixPath(name).suffix.lower()
        if suffix not in WORKBOOK_SUFFIXES + FOREIGN_SUFFIXES + ZIP_SUFFIXES:
            continue
        shown = unique_name(f"{display}/{inner}", seen)
        data = _inflate(zf, info, budget)
        mtime = _member_time(info, fallback_mtime)
        if suffix in ZIP_SUFFIXES:
            yield from _nested(data, container, shown, depth + 1, budget, mtime)
            continue
        yield Found(container, shown, suffix in FOREIGN_SUFFIXES, data=data, mtime=mtime)


def _suspicious(info: zipfile.ZipInfo) -> bool:
    """A member that inflates far more than anything sent by mail: the same test as the guard's for an xlsx part."""
    return info.file_size > RATIO_FLOOR and info.file_size > MAX_PART_RATIO * max(info.compress_size, 1)


def _nested(data: bytes, container: Path, display: str, depth: int, budget: _Budget, mtime: float) -> Iterator[Found]:
    """The members of a zip inside a zip; a zip too deep, damaged or too large is one Found for the guard."""
    if depth <= MAX_ZIP_DEPTH:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                members = list(_members(zf, container, display, depth, budget, mtime))
        except (_Refused, *_ERRORS):
            pass
        else:
            yield from members
            return
    yield Found(container, display, False, data=data, mtime=mtime)


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: _Budget) -> bytes:
    """A member's bytes, never more than MAX_FILE_BYTES + 1 of them; a damaged member gives what could be read
    (the workbook guard then finds it damaged)."""
    limit = min(info.file_size, MAX_FILE_BYTES + 1)
    chunks: list[bytes] = []
    got = 0
    try:
        with zf.open(info) as fh:
            # zipfile checks the CRC in the read that reaches the end and then gives nothing: the bytes of a
            # damaged member are kept instead (the guard says what is wrong with them). Private, but the same
            # attribute in Python 3.11 to 3.13.
            setattr(fh, "_expected_crc", None)  # noqa: B010
            while got < limit and (chunk := fh.read(min(1 << 20, limit - got))):
                chunks.append(chunk)
                got += len(chunk)
    except _ERRORS:
        pass  # a bad CRC or a broken stream: what was read is damaged, and the guard will say so
    budget.left -= got
    if budget.left < 0:
        raise _Refused
    return b"".join(chunks)


def member_name(info: zipfile.ZipInfo) -> str:
    """A member's path as people named it: GBK names decoded, and made a harmless relative display path."""
    name = info.filename
    if not info.flag_bits & UTF8_FLAG:
        try:
            raw = name.encode("cp437")
        except UnicodeEncodeError:  # zipfile decoded it otherwise (metadata_encoding): keep it
            raw = b""
        for encoding in ("utf-8", "gb18030"):
            if raw:
                try:
                    name = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    if parts and _DRIVE.fullmatch(parts[0]):  # C:
        parts = parts[1:]
    return "/".join(_CONTROL.sub("_", unicodedata.normalize("NFC", p)) for p in parts)


def _member_time(info: zipfile.ZipInfo, fallback: float) -> float:
    """When the member was last saved (zip stores the local time of the machine that made it)."""
    try:
        return time.mktime((*info.date_time, 0, 0, -1))
    except (OverflowError, ValueError):
        return fallback
