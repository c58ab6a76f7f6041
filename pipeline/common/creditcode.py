"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character."""

from __future__ import annotations

import operator
from functools import lru_cache

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CODE_LENGTH = len(WEIGHTS) + 1  # 17 weighted characters and the check character
CODES_REMEMBERED = 1 << 15  # more than a province's bodies
_VALUES = {c: i for i, c in enumerate(CHARSET)}  # a character's value: its place in CHARSET
_ALLOWED = frozenset(CHARSET)


def check_char(first17: str) -> str:
    """The check character for the first 17 characters (ValueError for another length or a character not allowed)."""
    if len(first17) != len(WEIGHTS) or not _ALLOWED.issuperset(first17):
        raise ValueError(f"not {len(WEIGHTS)} characters of {CHARSET}: {first17!r}")
    # one pass in C over values and weights: a province's run checks 10,000 codes
    total = sum(map(operator.mul, map(_VALUES.__getitem__, first17), WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


# A function of the text alone, asked about each body's code several times a run (its 基本信息 check, choosing
# the latest file, who it is on the roster and in the tree): computed once.
@lru_cache(maxsize=CODES_REMEMBERED)
def code_problem(code: str) -> str:
    """Chinese reason why a code is invalid, or '' when it is valid."""
    code = code.strip().upper()
    if len(code) != CODE_LENGTH:
        return f"应为{CODE_LENGTH}位，实为{len(code)}位"
    if not _ALLOWED.issuperset(code):
        return "含有不允许的字符：" + "".join(sorted(set(code) - _ALLOWED))
    expected = check_char(code[:17])
    if code[17] != expected:
        return f"最后一位校验码应为 {expected}"
    return ""
