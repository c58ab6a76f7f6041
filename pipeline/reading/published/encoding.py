"""Decode the text of a saved web page or a .txt export: declared charset, else UTF-8, else GB18030.

GB2312 and GBK pages are decoded as GB18030, their superset: portals declare gb2312 and still use
characters outside it (人名, 地名).
"""

from __future__ import annotations

import codecs
import re

_DECLARED = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.IGNORECASE)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030"}


def declared_charset(data: bytes) -> str:
    """The charset a page's <meta> declares in its first 4 KB, or ''."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return ""
    name = match.group(1).decode("ascii").lower()
    name = _SUPERSETS.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return ""


def decode_text(data: bytes, declared: str = "") -> str:
    """The text, trying the declared charset, then UTF-8 (with or without BOM), then GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    for name in dict.fromkeys(n for n in (declared, "utf-8", "gb18030") if n):
        try:
            return data.decode(name)
        except UnicodeDecodeError:
            continue
    return data.decode("gb18030", errors="replace")
