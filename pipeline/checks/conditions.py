"""Rules that hold only under a condition (body type, size of a figure), checked over the batch.

Their template twins are in pipeline/template/check_formulas.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from pipeline.checks.batch import Batch
from pipeline.checks.issues import make_issue, number_cells
from pipeline.common.numbers import format_number
from pipeline.template.check_formulas import FEE_UNIT_LIMIT
from pipeline.types import Issue
from schemas import SPEC, info
from schemas.spec import ReportSpec
from schemas.tables import t3_id, t4_id

Check = Callable[[Batch, ReportSpec], Iterator[Issue]]


def _rows(mask: np.ndarray) -> Iterator[int]:
    return (int(i) for i in np.flatnonzero(mask))


def _kinds(batch: Batch) -> pd.Series:
    return pd.Series([str(s.info.get("kind") or "").strip() for s in batch.subs], index=batch.frame.index)


def _reg_power(batch: Batch, spec: ReportSpec) -> Iterator[Issue]:
    regs = [n for n in spec.numbers if n.id.startswith("t2_reg_")]
    values = batch.frame[[n.id for n in regs]].to_numpy()
    reg_sum = values.sum(axis=1)
    kinds = _kinds(batch)
    for i in _rows((reg_sum > 0) & kinds.isin(info.KINDS_WITHOUT_REG_POWER).to_numpy()):
        detail = "、".join(f"{n.short} {format_number(v)}" for n, v in zip(regs, values[i], strict=True))
        yield make_issue(spec, "R-T2-REG-POWER", batch.subs[i], regs[0].sheet, number_cells(*regs),
                         expected="0", actual=format_number(reg_sum[i]), detail=detail, value=kinds.iat[i])


def _fee_unit(batch: Batch, spec: ReportSpec) -> Iterator[Issue]:
    fee = spec.number("t2_fee")
    values = batch.frame[fee.id].to_numpy()
    odd = (values > FEE_UNIT_LIMIT) | (np.abs(values - values.round(4)) > 1e-9)
    for i in _rows(odd):
        yield make_issue(spec, "R-T2-FEE-UNIT", batch.subs[i], fee.sheet, number_cells(fee),
                         expected=f"不超过{FEE_UNIT_LIMIT}万元，至多4位小数", actual=format_number(values[i]))


def _t4_plausible(batch: Batch, spec: ReportSpec) -> Iterator[Issue]:
    cases = batch.frame[[t4_id(g, "total") for g in ("rv", "ld", "lr")]].to_numpy().sum(axis=1)
    apps = batch.frame[[t3_id(r, "total") for r in ("new", "carry")]].to_numpy().sum(axis=1)
    first = spec.number(t4_id("rv", "total"))
    for i in _rows((cases > 0) & (apps == 0)):
        yield make_issue(spec, "R-T4-PLAUSIBLE", batch.subs[i], first.sheet, number_cells(first),
                         expected="0", actual=format_number(cases[i]))


CONDITION_CHECKS: dict[str, Check] = {
    "R-T2-REG-POWER": _reg_power,
    "R-T2-FEE-UNIT": _fee_unit,
    "R-T4-PLAUSIBLE": _t4_plausible,
}


def check_conditions(batch: Batch, spec: ReportSpec = SPEC) -> list[Issue]:
    """Every conditional rule over the batch."""
    return [issue for check in CONDITION_CHECKS.values() for issue in check(batch, spec)]
