"""How numbers are shown to people: 12 not 12.0, 1.25 not 1.2500000001."""

from __future__ import annotations

import math

from schemas.spec import Kind

FEE_DECIMALS = 4  # 万元 with four decimals is one yuan
HUGE = 1e15  # beyond any real figure; shown in scientific notation rather than as dozens of digits


def format_number(value: float) -> str:
    """Shortest faithful text for a figure: integers without '.0', decimals rounded to 4 places."""
    if not math.isfinite(value) or abs(value) >= HUGE:  # a typing slip (1e308) or a sum that overflowed
        return f"{value:.6g}"
    rounded = round(value, FEE_DECIMALS)
    if rounded == int(rounded):
        return str(int(rounded))
    return f"{rounded:.{FEE_DECIMALS}f}".rstrip("0")


def is_whole(value: float) -> bool:
    """True when a figure has no fractional part."""
    return float(value).is_integer()


def kind_requirement(kind: Kind) -> str:
    """Chinese description of what a cell of this kind must hold."""
    return "不小于0的数（单位：万元）" if kind is Kind.WAN_YUAN else "不小于0的整数"
