"""The rules that hold only under a condition (FORMAT.md §4), declared once over number ids.

Their ids, severities and messages are in schemas/rules.py (CONDITION_RULES).
"""

from __future__ import annotations

from schemas.constraints import AtMost, Condition, Implies, ZeroForKinds
from schemas.tables import T2_TRIPLE_KEYS, T4_GROUPS, t3_id, t4_id

# 规章 can only be made by 国务院部门 and 省/设区的市/自治州 governments (FORMAT.md R-T2-REG-POWER);
# no body a county collects from has that power, except possibly one filed as 其他.
KINDS_WITHOUT_REG_POWER = ("县政府办", "县直部门", "乡镇", "街道")
FEE_UNIT_LIMIT = 10000  # 万元: more than 一亿元 of fees from one county body is almost surely 元
FEE_DECIMALS = 4  # 万元 with four decimals is one yuan: a fifth decimal says the figure is in 元

CONDITIONS: tuple[Condition, ...] = (
    ZeroForKinds("R-T2-REG-POWER", KINDS_WITHOUT_REG_POWER, tuple(f"t2_reg_{k}" for k in T2_TRIPLE_KEYS)),
    AtMost("R-T2-FEE-UNIT", "t2_fee", FEE_UNIT_LIMIT, FEE_DECIMALS, "万元"),
    # Reviews and suits in a year without applications (this year's or carried over): possible, but unusual.
    Implies("R-T4-PLAUSIBLE", tuple(t4_id(g, "total") for g, _ in T4_GROUPS),
            tuple(t3_id(r, "total") for r in ("new", "carry"))),
)
