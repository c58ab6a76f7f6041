"""may_normalise_to: the cheap test that lets a long text skip normalisation must never say "differs" wrongly."""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from pipeline.common.labels import ideographs, may_normalise_to, normalise_label

BASIC = range(0x4E00, 0xA000)


def test_normalisation_keeps_every_basic_ideograph_alone_and_never_composes_one() -> None:
    # the reasoning of may_normalise_to, checked for every code point of this Python's Unicode database:
    # each ideograph is its own NFKC and no whitespace; and none is part of a canonical composition (only a
    # pair is ever composed: a one-character decomposition, as of 豈 U+F900 to 豈 U+8C48, only makes one)
    assert all(unicodedata.normalize("NFKC", chr(c)) == chr(c) and not chr(c).isspace() for c in BASIC)
    for c in range(sys.maxunicode + 1):
        parts = unicodedata.decomposition(chr(c)).split()
        if len(parts) > 1 and not parts[0].startswith("<"):  # canonical: what NFKC's composition step rebuilds
            assert not any(int(p, 16) in BASIC for p in parts), hex(c)


# text drawn where normalisation does something: wide forms, compatibility ideographs and radicals,
# enclosed numbers, combining marks, spaces of several kinds, curly quotes, and plain ideographs
ODD = st.sampled_from(list("（），。：；０１９ＡＺ豈更⼀⼆⺠㈠㊀①é\u0301\u0308 \u3000\u00a0\t\n“”‘’\"'一二政府信息公开申请件"))
TEXT = st.lists(ODD, max_size=30).map("".join)


@given(TEXT, TEXT)
def test_a_text_is_never_ruled_out_of_a_label_it_normalises_to(a: str, b: str) -> None:
    target = normalise_label(b)
    if normalise_label(a) == target:
        assert may_normalise_to(a, ideographs(target))
    assert may_normalise_to(b, ideographs(target))


def test_a_written_text_is_ruled_out_and_a_retyped_label_is_not() -> None:
    label = normalise_label("（请在此填写本年度的总体情况）")
    assert not may_normalise_to("本年度，我局认真贯彻落实《条例》。", ideographs(label))
    assert may_normalise_to(" (请在此填写 本年度的总体情况) ", ideographs(label))
