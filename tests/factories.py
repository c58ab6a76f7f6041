"""Build filled workbooks from the spec, so fixtures cannot drift from it."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

from pipeline.common.creditcode import CHARSET, check_char
from pipeline.template.build import build_template
from pipeline.types import Fill
from schemas import SPEC
from schemas.tables import T2_BANDS, T3_PART_COLUMNS, T3_RESULT_ROWS, T4_GROUPS, T4_OUTCOMES, t3_id, t4_id


def make_code(seed: int) -> str:
    """A valid 统一社会信用代码 (机关 prefix 11) derived from a seed."""
    rng = random.Random(seed)
    body = "11" + "".join(rng.choice("0123456789") for _ in range(6)) + "".join(
        rng.choice(CHARSET) for _ in range(9))
    return body + check_char(body)


def valid_numbers(rng: random.Random, scale: int = 5) -> dict[str, float]:
    """Random input figures that satisfy every rule (totals are left to the template's formulas)."""
    numbers: dict[str, float] = {}
    for _band, headers, rows in T2_BANDS:
        for key, _ in rows:
            if len(headers) == 1:
                numbers[f"t2_{key}"] = round(rng.uniform(0, 50), 2) if key == "fee" else rng.randint(0, 600)
            elif key == "reg":
                numbers.update({"t2_reg_made": 0, "t2_reg_repealed": 0, "t2_reg_valid": 0})
            else:
                made, repealed = rng.randint(0, scale), rng.randint(0, scale)
                numbers.update({f"t2_{key}_made": made, f"t2_{key}_repealed": repealed,
                                f"t2_{key}_valid": made + rng.randint(0, 20)})
    for col, _ in T3_PART_COLUMNS:
        results = {r: (rng.randint(0, scale) if rng.random() < 0.4 else 0) for r in T3_RESULT_ROWS}
        numbers.update({t3_id(r, col): v for r, v in results.items()})
        nxt = rng.randint(0, 2)
        carry = rng.randint(0, sum(results.values()) + nxt)
        numbers.update({t3_id("next", col): nxt, t3_id("carry", col): carry,
                        t3_id("new", col): sum(results.values()) + nxt - carry})
    for group, _ in T4_GROUPS:
        for outcome, _ in T4_OUTCOMES[:-1]:
            numbers[t4_id(group, outcome)] = rng.randint(0, 2)
    return numbers


def totals_of(numbers: dict[str, float]) -> dict[str, float]:
    """The derived totals of some input figures."""
    from pipeline.template.build import resolved_numbers

    return {k: v for k, v in resolved_numbers(numbers).items() if v is not None}


def info_for(name: str, kind: str = "乡镇", year: int = 2024, seed: int = 1, **extra: Any) -> dict[str, Any]:
    """基本信息 of a body."""
    return {"name": name, "kind": kind, "code": make_code(seed), "year": year, "filler": "张三",
            "phone": "0571-88880000", "date": dt.date(year + 1, 1, 15)} | extra


def texts_for(name: str) -> dict[str, str]:
    """Plausible 文字内容 for a body."""
    # 五 and 六 say what FORMAT.md asks of them (R-SEC5-FOLLOWUP, R-SEC6-FEE, R-SEC6-ITEMS), which a workbook's
    # texts are checked for too: the sample bodies and the tests' valid fills pass those rules. Each stays
    # shorter than TEXT_MIN_CHARS, so the same body's texts in two years are not taken for a copy.
    return {f.id: f"{name}{f.heading}：本年度依法开展相关工作。" for f in SPEC.text_fields} | {
        "s5": "上年度问题已整改。本年度存在公开不够全面的问题，下一步将加强审核。",
        "s6": "本年度未收取信息处理费。落实政务公开工作要点，建议提案办理结果已公开，推进工作创新。"}


def write_filled(dest: Path, fill: Fill) -> Path:
    """Write a filled template as a user would send it."""
    return build_template(dest, fill)


def filled(name: str = "测试镇人民政府", seed: int = 1, numbers: dict[str, Any] | None = None,
           info: dict[str, Any] | None = None, **kw: Any) -> Fill:
    """A valid filled submission, with optional overrides."""
    base = valid_numbers(random.Random(seed))
    return Fill(info=info_for(name, seed=seed) | (info or {}), numbers=base | (numbers or {}),
                texts=texts_for(name), **kw)
