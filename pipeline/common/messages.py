"""Render a rule's Chinese message template, either as text or as an Excel formula.

One template serves both, so the 校验 sheet of the template and the pipeline's 问题清单 say the
same words with the same numbers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from string import Formatter
from typing import Protocol

from pipeline.common.cells import cells_text, number_ref
from pipeline.common.numbers import format_number
from schemas.spec import Equation, Number, ReportSpec, Term


class Flavor(Protocol):
    """How literal text, a cell's value and a sum become one piece of output."""

    def lit(self, text: str) -> str: ...
    def value(self, number_id: str) -> str: ...
    def total(self, number_ids: tuple[str, ...]) -> str: ...
    def join(self, parts: list[str]) -> str: ...


@dataclass(frozen=True)
class TextFlavor:
    """Plain text, from a submission's validated values."""

    values: Mapping[str, float]

    def lit(self, text: str) -> str:
        return text

    def value(self, number_id: str) -> str:
        return format_number(self.values[number_id])

    def total(self, number_ids: tuple[str, ...]) -> str:
        return format_number(sum(self.values[i] for i in number_ids))

    def join(self, parts: list[str]) -> str:
        return "".join(parts)


@dataclass(frozen=True)
class FormulaFlavor:
    """An Excel string expression that reads the template's cells (no leading '=')."""

    spec: ReportSpec

    def lit(self, text: str) -> str:
        return '"' + text.replace('"', '""') + '"'

    def value(self, number_id: str) -> str:
        return number_ref(self.spec.number(number_id))

    def total(self, number_ids: tuple[str, ...]) -> str:
        return "SUM(" + ",".join(number_ref(self.spec.number(i)) for i in number_ids) + ")"

    def join(self, parts: list[str]) -> str:
        return "&".join(p for p in parts if p != '""')


def render(template: str, fields: Mapping[str, list[str]], flavor: Flavor) -> str:
    """Fill a template whose placeholders map to lists of already-rendered parts."""
    parts: list[str] = []
    for literal, name, _, _ in Formatter().parse(template):
        if literal:
            parts.append(flavor.lit(literal))
        if name is not None:
            parts.extend(fields[name])
    return flavor.join(parts)


def _side(terms: tuple[Term, ...], flavor: Flavor) -> list[str]:
    parts: list[str] = []
    for k, term in enumerate(terms):
        parts.append(flavor.lit((" + " if k else "") + term.short + " "))
        parts.append(flavor.value(term.id))
    return parts


def equation_fields(eq: Equation, spec: ReportSpec, flavor: Flavor) -> dict[str, list[str]]:
    """Placeholder values of an equation message: both sides, their sums and the cells."""
    numbers: list[Number] = [spec.number(t.id) for t in eq.lhs + eq.rhs]
    return {
        "scope": [flavor.lit(eq.scope)],
        "lhs": _side(eq.lhs, flavor),
        "rhs": _side(eq.rhs, flavor),
        "lhs_sum": [flavor.total(tuple(t.id for t in eq.lhs))],
        "rhs_sum": [flavor.total(tuple(t.id for t in eq.rhs))],
        "cells": [flavor.lit(cells_text(numbers))],
    }


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return ""


def fill(template: str, **values: object) -> str:
    """Fill a non-equation message template with plain values; absent placeholders stay empty."""
    return template.format_map(_Blank(values))
