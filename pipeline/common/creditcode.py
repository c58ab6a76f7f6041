"""统一社会信用代码 (GB 32100-2015): 18 characters, the last a check character."""

from __future__ import annotations

from functools import lru_cache

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # 31 characters: no I, O, S, V, Z
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CODE_LENGTH = len(WEIGHTS) + 1  # 17 weighted characters and the check character
CODES_REMEMBERED = 1 << 15  # more than a province's bodies


def check_char(first17: str) -> str:
    """The check character for the first 17 characters."""
    total = sum(CHARSET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31]


# A function of the text alone, asked about each body's code several times a run (its 基本信息 check, choosing
# the latest file, who it is on the roster and in the tree): computed once.
@lru_cache(maxsize=CODES_REMEMBERED)
def code_problem(code: str) -> str:
    """Chinese reason why a code is invalid, or '' when it is valid."""
    code = code.strip().upper()
    if len(code) != CODE_LENGTH:
        return f"应为{CODE_LENGTH}位，实为{len(code)}位"
    bad = sorted({c for c in code if c not in CHARSET})
    if bad:
        return "含有不允许的字符：" + "".join(bad)
    expected = check_char(code[:17])
    if code[17] != expected:
        return f"最后一位校验码应为 {expected}"
    return ""
