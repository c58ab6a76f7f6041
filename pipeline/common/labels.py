"""Compare label text the way people write it: full/half width, spaces, line breaks and quotes vary."""

from __future__ import annotations

import re
import unicodedata

_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"', "„": '"', "‘": "'", "’": "'"})
_SPACE = re.compile(r"\s+")
# CJK unified ideographs (the basic block): NFKC neither decomposes them nor composes them with a neighbour,
# and no whitespace or quote is one, so normalise_label keeps every one of them (and makes more, from
# compatibility ideographs and radicals).
_IDEOGRAPH = re.compile("[\u4e00-\u9fff]")


def normalise_label(text: object) -> str:
    """NFKC, no whitespace, one kind of quote (FORMAT.md's punctuation note)."""
    folded = unicodedata.normalize("NFKC", str(text)).translate(_QUOTES)
    return _SPACE.sub("", folded)


def same_label(found: object, expected: str) -> bool:
    """True when a cell's text is the expected label up to width, spacing and quote style."""
    return found == expected or normalise_label(found) == normalise_label(expected)


def ideographs(text: str) -> frozenset[str]:
    """The CJK unified ideographs in a text."""
    return frozenset(_IDEOGRAPH.findall(text))


def may_normalise_to(text: str, target_ideographs: frozenset[str]) -> bool:
    """False when normalise_label(text) surely differs from a label with these ideographs (its `ideographs`).

    Exact, and much cheaper than normalising a long text: normalise_label keeps every ideograph of the text,
    so a text with one the label lacks cannot become it. True means only "compare them".
    """
    return ideographs(text) <= target_ideographs
