"""(c) of `make bench`: the obvious implementation, to measure ours against.

Per workbook: pandas.read_excel with the openpyxl engine (one call, a DataFrame per sheet), then one
pandera validation per table (表二, 表三, 表四 and 基本信息), each with its column checks and the
table's equations; then the roll-up of the clean workbooks with pandas and DataFrame.to_excel.
Schemas are built once, as anyone would. It finds the same kinds of problems, with none of the care
(no cell addresses, no blank-versus-zero, no stale formula totals): it is a yardstick, not a checker.

Usage: python -m tests.bench_naive INBOX OUT.xlsx [LIMIT]
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.errors import SchemaErrors

from schemas import SPEC
from schemas.spec import Equation, Kind

TOLERANCE = 0.00005


def _equation_check(eq: Equation, rule: str) -> pa.Check:
    lhs, rhs = [t.id for t in eq.lhs], [t.id for t in eq.rhs]

    def holds(df: pd.DataFrame) -> pd.Series:
        diff = df[lhs].sum(axis=1) - df[rhs].sum(axis=1)
        return diff >= -TOLERANCE if eq.op == ">=" else diff.abs() <= TOLERANCE

    return pa.Check(holds, name=rule)


def table_schemas() -> dict[str, pa.DataFrameSchema]:
    """One schema per official table: ranges per column, the table's equations over the frame."""
    schemas: dict[str, pa.DataFrameSchema] = {}
    for layout in SPEC.tables:
        columns = {n.id: pa.Column(float, [pa.Check.ge(0), pa.Check.le(n.kind.maximum)]
                                   + ([pa.Check(lambda s: s == s.round())] if n.kind is Kind.COUNT else []),
                                   nullable=False, coerce=True) for n in layout.numbers}
        checks = [_equation_check(eq, rule.id) for rule in SPEC.rules for eq in rule.equations
                  if SPEC.number(eq.anchor_id).table == layout.id]
        schemas[layout.id] = pa.DataFrameSchema(columns, checks=checks)
    kinds = list(SPEC.body_kinds)
    schemas["info"] = pa.DataFrameSchema({
        "name": pa.Column(str, pa.Check.str_length(min_value=1)),
        "kind": pa.Column(str, pa.Check.isin(kinds)),
        "code": pa.Column(str, pa.Check.str_length(18, 18)),
        "year": pa.Column(int, pa.Check.eq(2024), coerce=True),
    })
    return schemas


def _cell(frames: dict[str, pd.DataFrame], sheet: str, row: int, col: int) -> Any:
    frame = frames[sheet]
    return frame.iat[row, col] if row < frame.shape[0] and col < frame.shape[1] else None


def check_workbook(path: Path, schemas: dict[str, pa.DataFrameSchema]) -> tuple[dict[str, Any], int]:
    """The workbook's figures and 基本信息, and how many failure cases pandera found."""
    frames = pd.read_excel(path, sheet_name=[SPEC.sheets.info] + [t.sheet for t in SPEC.tables],
                           header=None, engine="openpyxl")
    info = {f.id: _cell(frames, SPEC.sheets.info, f.row, SPEC.info_value_col) for f in SPEC.info_fields}
    row: dict[str, Any] = {k: info[k] for k in ("name", "kind", "code")}
    failures = _failures(schemas["info"], pd.DataFrame([{k: info[k] for k in ("name", "kind", "code", "year")}]))
    for layout in SPEC.tables:
        values = {n.id: pd.to_numeric(_cell(frames, n.sheet, n.row, n.col), errors="coerce") for n in layout.numbers}
        failures += _failures(schemas[layout.id], pd.DataFrame([values]))
        row.update(values)
    return row, failures


def _failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> int:
    try:
        schema.validate(frame, lazy=True)
    except SchemaErrors as err:
        return len(err.failure_cases)
    return 0


def main(inbox: Path, dest: Path, limit: int | None) -> None:
    schemas = table_schemas()
    rows, rejected = [], 0
    for path in sorted(inbox.rglob("*.xlsx"))[:limit]:
        row, failures = check_workbook(path, schemas)
        if failures:
            rejected += 1
        else:
            rows.append(row)
    detail = pd.DataFrame(rows)
    ids = [n.id for n in SPEC.numbers]
    with pd.ExcelWriter(dest, engine="openpyxl") as writer:
        detail[ids].sum().to_frame("合计").to_excel(writer, sheet_name="汇总")
        detail.to_excel(writer, sheet_name="明细", index=False)
    print(f"accepted {len(rows)}, rejected {rejected}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else None)
