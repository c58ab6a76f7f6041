"""Find a label inside running text the way labels are compared (labels.norm), and say where it stands in the
original text: flattened reports run headings and table cells together with the prose around them."""

from __future__ import annotations

import unicodedata

from pipeline.common.labels import normalise_label


def normalised_with_offsets(text: str) -> tuple[str, list[int]]:
    """norm(text) and, for each of its characters, the index of the original character it came from."""
    folded = unicodedata.normalize("NFKC", text)
    if len(folded) == len(text):  # the usual case: NFKC kept every character one for one
        return normalise_label(folded), [i for i, ch in enumerate(folded) if not ch.isspace()]
    out: list[str] = []
    offsets: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace():
            continue
        folded = normalise_label(unicodedata.normalize("NFKC", ch)) if not ch.isascii() else ch
        out.append(folded)
        offsets.extend([i] * len(folded))
    return "".join(out), offsets


def original_span(offsets: list[int], start: int, end: int, text_length: int) -> tuple[int, int]:
    """The original [start, end) of the normalised [start, end)."""
    first = offsets[start] if start < len(offsets) else text_length
    last = offsets[end - 1] + 1 if 0 < end <= len(offsets) else first
    return first, last
