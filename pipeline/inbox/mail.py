"""Workbooks attached to saved emails (.eml), mbox files and Maildir folders, taken in memory.

Nothing is written beside the inputs, and an attachment's name is only ever used as display text.
"""

from __future__ import annotations

import email
import email.policy
import mailbox
from collections.abc import Iterator
from email.message import EmailMessage
from email.utils import getaddresses, parsedate_to_datetime
from pathlib import Path

from pipeline.common.filenames import safe_name, unique_name
from pipeline.settings import FOREIGN_SUFFIXES, MAX_FILE_BYTES, PUBLISHED_SUFFIXES, WORKBOOK_SUFFIXES
from pipeline.types import Found

EML_SUFFIXES = (".eml",)
MBOX_SUFFIXES = (".mbox", ".mbx")
MAILDIR_PARTS = ("cur", "new", "tmp")
MAX_MAIL_BYTES = 4 * MAX_FILE_BYTES  # attachments are base64: a third larger than the file


def is_maildir(folder: Path) -> bool:
    """A Maildir folder holds cur/, new/ and tmp/."""
    return all((folder / part).is_dir() for part in MAILDIR_PARTS)


def is_mbox(path: Path) -> bool:
    """An mbox by its suffix, or by the 'From ' line every mbox starts with."""
    if path.suffix.lower() in MBOX_SUFFIXES:
        return True
    if path.suffix:
        return False
    with open(path, "rb") as fh:
        return fh.read(5) == b"From "


def attachments_of_eml(path: Path, display: str) -> list[Found]:
    """The workbook attachments of one saved email."""
    if path.stat().st_size > MAX_MAIL_BYTES:
        return []
    return list(_attachments(_parse(path.read_bytes()), path, display))


def attachments_of_mbox(path: Path, display: str) -> list[Found]:
    """The workbook attachments of every message of an mbox file."""
    box = mailbox.mbox(path, create=False)
    return [f for n, key in enumerate(box.keys(), 1)
            for f in _attachments(_parse(box.get_bytes(key)), path, f"{display}/第{n}封")]


def attachments_of_maildir(folder: Path, display: str) -> list[Found]:
    """The workbook attachments of every message of a Maildir folder (in a stable order)."""
    box = mailbox.Maildir(folder, create=False)
    return [f for key in sorted(box.keys())
            for f in _attachments(_parse(box.get_bytes(key)), folder, f"{display}/{safe_name(key)}")]


def _parse(data: bytes) -> EmailMessage:
    message = email.message_from_bytes(data, policy=email.policy.default)
    assert isinstance(message, EmailMessage)  # policy.default always builds EmailMessage
    return message


def _attachments(message: EmailMessage, container: Path, display: str) -> Iterator[Found]:
    sender, received, stamp = _envelope(message)
    seen: set[str] = set()
    for part in message.iter_attachments():
        name = safe_name(str(part.get_filename() or ""), fallback="")
        suffix = Path(name).suffix.lower()
        if not name or suffix not in WORKBOOK_SUFFIXES + FOREIGN_SUFFIXES + PUBLISHED_SUFFIXES:
            continue
        payload = part.get_payload(decode=True)
        if not isinstance(payload, bytes):
            continue
        shown = unique_name(f"{display}/{name}", seen)
        yield Found(container, shown, suffix in FOREIGN_SUFFIXES, data=payload, sender=sender, received=received,
                    mtime=stamp)




def _envelope(message: EmailMessage) -> tuple[str, str, float]:
    addresses = getaddresses([str(message.get("From", ""))])
    sender = "、".join(f"{n} <{a}>" if n else a for n, a in addresses if a or n)
    try:
        when = parsedate_to_datetime(str(message.get("Date", "")))
    except (TypeError, ValueError):
        return sender, "", 0.0
    return sender, when.strftime("%Y-%m-%d %H:%M"), when.timestamp()
