"""The 校验 sheet's formulas for the declared rules: 基本信息 checks and the rules under a condition.

Each is an Excel expression (no leading '=') that is TRUE when the rule holds, derived from its form in
schemas/constraints.py; the pipeline's checks are derived from the same forms (pipeline/checks/info_schema.py,
pipeline/checks/conditions.py), and the LibreOffice test proves both agree case by case.
"""

from __future__ import annotations

from typing import assert_never

from pipeline.checks.conditions import DECIMALS_TOLERANCE
from pipeline.common.cells import a1, number_ref, sheet_ref
from pipeline.common.creditcode import CHARSET, CODE_LENGTH, WEIGHTS
from schemas.constraints import (
    AtMost,
    BodyKind,
    Condition,
    CreditCode,
    Implies,
    InfoCheck,
    RequiredText,
    RunYear,
    ValidDate,
    ZeroForKinds,
)
from schemas.spec import InfoField, ReportSpec

KIND_FIELD = "kind"  # the 基本信息 field a ZeroForKinds condition reads


def declaration(rule_id: str, spec: ReportSpec) -> InfoField | Condition | None:
    """The 基本信息 field whose check is the rule, or the rule's condition; None for any other rule."""
    for field in spec.info_fields:
        if field.check is not None and field.check.rule == rule_id:
            return field
    return next((c for c in spec.conditions if c.rule == rule_id), None)


def declared_ok(rule_id: str, spec: ReportSpec) -> str | None:
    """The expression of a rule declared on a 基本信息 field or as a condition; None for any other rule."""
    declared = declaration(rule_id, spec)
    if isinstance(declared, InfoField):
        assert declared.check is not None  # declaration() returns only fields with a check
        return info_ok(declared.check, _info_ref(spec, declared.id), spec)
    return None if declared is None else condition_ok(declared, spec)


def info_ok(check: InfoCheck, ref: str, spec: ReportSpec) -> str:
    """TRUE when the 基本信息 cell ref holds what check asks for."""
    match check:
        case RequiredText():
            return f"LEN({_trimmed(ref)})>0"
        case BodyKind():
            return _one_of(ref, spec.body_kinds)
        case CreditCode():
            return _code(ref)
        case RunYear():
            # Text is not compared at all: INT() of text is an error, which would show instead of ✗.
            return f"IF(ISNUMBER({ref}),AND({ref}>={check.first},{ref}<={check.last},INT({ref})={ref}),FALSE)"
        case ValidDate():
            return f"ISNUMBER({ref})"
        case _:
            assert_never(check)


def condition_ok(condition: Condition, spec: ReportSpec) -> str:
    """TRUE when a rule under a condition holds in the template's cells."""
    match condition:
        case ZeroForKinds():
            kind = _info_ref(spec, KIND_FIELD)
            # <=0, not =0: a negative figure is its cell's rule's (R-T2-NONNEG), as in the pipeline's check.
            return f"IF({_one_of(kind, condition.kinds)},SUM({_refs(condition.ids, spec)})<=0,TRUE)"
        case AtMost():
            x = number_ref(spec.number(condition.id))
            # Decimals within the pipeline's tolerance of the rounding are float noise, not a fifth decimal.
            return (f"IF(ISNUMBER({x}),AND({x}<={condition.limit},"
                    f"ABS({x}-ROUND({x},{condition.decimals}))<={DECIMALS_TOLERANCE:.0E}),TRUE)")
        case Implies():
            # The pipeline's failure is when > 0 and then = 0; negative figures are their cells' rule's.
            return f"OR(SUM({_refs(condition.when, spec)})<=0,SUM({_refs(condition.then, spec)})<>0)"
        case _:
            assert_never(condition)


def _refs(ids: tuple[str, ...], spec: ReportSpec) -> str:
    return ",".join(number_ref(spec.number(i)) for i in ids)


def _info_ref(spec: ReportSpec, field_id: str) -> str:
    return sheet_ref(spec.sheets.info, a1(spec.info_field(field_id).row, spec.info_value_col))


def _trimmed(ref: str) -> str:
    """The text without surrounding spaces, full-width and no-break ones too, as Python's str.strip()."""
    return f'TRIM(SUBSTITUTE(SUBSTITUTE({ref},"\u3000"," "),"\u00a0"," "))'


def _one_of(ref: str, choices: tuple[str, ...]) -> str:
    trimmed = _trimmed(ref)
    return "OR(" + ",".join(f'{trimmed}="{c}"' for c in choices) + ")"


def _code(ref: str) -> str:
    """GB 32100: CODE_LENGTH characters of CHARSET, the last the check character of the others."""
    code = f"UPPER({_trimmed(ref)})"
    positions = "{" + ",".join(str(i) for i in range(1, CODE_LENGTH)) + "}"
    weights = "{" + ",".join(str(w) for w in WEIGHTS) + "}"
    total = f'SUMPRODUCT((FIND(MID({code},{positions},1),"{CHARSET}")-1)*{weights})'
    expr = (f"AND(LEN({code})={CODE_LENGTH},"
            f'MID({code},{CODE_LENGTH},1)=MID("{CHARSET}",MOD(31-MOD({total},31),31)+1,1))')
    return f"IF(ISERROR({expr}),FALSE,{expr})"
