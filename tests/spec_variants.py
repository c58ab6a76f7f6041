"""Test specs: the real spec with one declaration changed, and small batches to check them on."""

from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np
import pandas as pd

from pipeline.checks.batch import Batch
from pipeline.reading.normalise import body_of
from pipeline.types import Submission
from schemas import SPEC
from schemas.constraints import Condition
from schemas.spec import ReportSpec
from tests.factories import info_for


def with_check(field_id: str, check: Any, spec: ReportSpec = SPEC) -> ReportSpec:
    """The spec with one 基本信息 field's check replaced (None removes it)."""
    fields = tuple(dataclasses.replace(f, check=check) if f.id == field_id else f for f in spec.info_fields)
    return dataclasses.replace(spec, info_fields=fields)


def with_condition(rule: str, condition: Condition, spec: ReportSpec = SPEC) -> ReportSpec:
    """The spec with the declaration of one conditional rule replaced."""
    return dataclasses.replace(spec, conditions=tuple(condition if c.rule == rule else c for c in spec.conditions))


def batch_of(*bodies: tuple[dict[str, Any], dict[str, float]], spec: ReportSpec = SPEC) -> Batch:
    """A batch of submissions, each (基本信息 overrides, numbers overrides) over a valid body with all zeros."""
    subs, rows = [], []
    for i, (info, numbers) in enumerate(bodies):
        typed = info_for(f"单位{i}", seed=i + 1) | info
        subs.append(Submission(f"{i}.xlsx", "", b"", 0.0, body_of(typed), info=typed))
        rows.append([float(numbers.get(n.id, 0.0)) for n in spec.numbers])
    frame = pd.DataFrame(np.array(rows, dtype=float).reshape(len(rows), len(spec.numbers)),
                         columns=[n.id for n in spec.numbers])
    return Batch(subs, frame)
