"""Compare label text the way people write it: full/half width, spaces, line breaks and quotes vary."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"', "„": '"', "‘": "'", "’": "'"})
_SPACE = re.compile(r"\s+")


def normalise_label(text: object) -> str:
    """NFKC, no whitespace, one kind of quote (FORMAT.md's punctuation note)."""
    folded = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return _SPACE.sub("", folded)


def same_label(found: object, expected: str) -> bool:
    """True when a cell's text is the expected label up to width, spacing and quote style."""
    return found == expected or normalise_label(found) == normalise_label(expected)
