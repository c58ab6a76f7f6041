"""File names built from text people typed: safe on every system, never escaping their folder."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')
MAX_NAME_CHARS = 80


def safe_name(text: str, fallback: str = "未命名单位") -> str:
    """A single path component made from text: no separators, no control characters, not hidden."""
    name = _FORBIDDEN.sub("_", unicodedata.normalize("NFC", text)).strip().strip(".")
    name = name[:MAX_NAME_CHARS].strip()
    return name if name and name not in (".", "..") else fallback


def readable_name(text: str) -> str:
    """A file name fit to show and to write into outputs.

    Names unpacked from a zip made on Chinese Windows are often GBK bytes, which Python keeps as lone
    surrogates; they cannot be written to a workbook, so decode them as GB18030, or replace what is left.
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "surrogateescape")
    try:
        return raw.decode("gb18030")
    except UnicodeDecodeError:
        return raw.decode("utf-8", "replace")


def unique_stems(names_and_codes: Iterable[tuple[str, str]]) -> list[str]:
    """Safe file-name stems; two bodies with one name (different codes) get the code's tail appended."""
    stems: list[str] = []
    seen: set[str] = set()  # a province has 10,000 bodies: look up in a set, not the list
    for name, code in names_and_codes:
        stem = safe_name(name)
        if stem in seen:
            stem = f"{stem}_{code[-6:] or len(stems)}"
        stems.append(stem)
        seen.add(stem)
    return stems


def unique_name(name: str, seen: set[str]) -> str:
    """name, or name（2）, name（3）… when seen already has it (two attachments with one name); adds it to seen."""
    candidate, n = name, 1
    while candidate in seen:
        n += 1
        candidate = f"{name}（{n}）"
    seen.add(candidate)
    return candidate
