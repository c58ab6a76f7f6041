"""The non-equation rules as data: what a 基本信息 field must hold, and the rules that hold under a condition.

Each form names the rule (schemas/rules.py: id, severity, message) it is checked as. Small interpreters
read these forms, one per target, so none of them repeats a rule:
  pipeline/template/validations.py   the template's data validation (an input aid: Excel shows it while typing)
  pipeline/template/constraint_formulas.py  the 校验 sheet's formulas
  pipeline/template/verdicts.py      their cached ✓/✗ (the conditions through pipeline/checks/conditions.py)
  pipeline/checks/info_schema.py     the pandera schema of 基本信息
  pipeline/checks/conditions.py      the conditional checks over a batch
"""

from __future__ import annotations

from dataclasses import dataclass

# ---------------------------------------------------------------- 基本信息 fields


@dataclass(frozen=True)
class RequiredText:
    """Text that is not empty once surrounding spaces (full-width ones too) are removed."""

    rule: str


@dataclass(frozen=True)
class BodyKind:
    """One of the spec's body kinds (ReportSpec.body_kinds), chosen from the template's drop-down list."""

    rule: str
    prompt: str  # the drop-down's input message; its error message adds the list of kinds


@dataclass(frozen=True)
class CreditCode:
    """A 统一社会信用代码 (GB 32100): 18 characters from its character set, the last a correct check character."""

    rule: str
    prompt: str
    error: str


@dataclass(frozen=True)
class RunYear:
    """A whole year in [first, last]; the pipeline also wants the year of its run, which a template cannot know."""

    rule: str
    first: int
    last: int
    prompt: str
    error: str


@dataclass(frozen=True)
class ValidDate:
    """A real date. The template's data validation takes dates of the years [first, last] only; the rule
    itself asks for any valid date, so two submissions can be ordered."""

    rule: str
    first: int
    last: int
    prompt: str
    error: str


InfoCheck = RequiredText | BodyKind | CreditCode | RunYear | ValidDate


# ---------------------------------------------------------------- rules under a condition


@dataclass(frozen=True)
class ZeroForKinds:
    """When the body's 单位类型 is one of kinds, the numbers ids must add up to 0 (blamed on all of them)."""

    rule: str
    kinds: tuple[str, ...]
    ids: tuple[str, ...]


@dataclass(frozen=True)
class AtMost:
    """A number is at most limit (in unit) and has at most decimals places; one that is not a number
    is left to its cell's own rule."""

    rule: str
    id: str
    limit: float
    decimals: int
    unit: str


@dataclass(frozen=True)
class Implies:
    """sum(when) > 0 implies sum(then) > 0; a failure is blamed on the first of when."""

    rule: str
    when: tuple[str, ...]
    then: tuple[str, ...]


Condition = ZeroForKinds | AtMost | Implies
