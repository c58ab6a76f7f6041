"""The county's key figures as Chinese sentences (全县共收到政府信息公开申请 N 件 ...), from its summed tables.

Every label comes from the spec (表二 row labels, 表三 columns and result categories, 表四 outcomes);
only the connecting words are written here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from pipeline.common.numbers import format_number
from schemas.hierarchy import SCOPES
from schemas.indicators import RESULT_CATEGORIES, t3_total
from schemas.tables import (
    T2_BANDS,
    T3_COLUMNS,
    T3_LEGAL,
    T3_PART_COLUMNS,
    T4_GROUPS,
    T4_LITIGATION,
    T4_OUTCOMES,
    t3_id,
    t4_id,
)

COUNTY_SCOPE = SCOPES[0]  # above the county the caller passes its level's scope (全市, 全省)
T2_LABELS = {key: label for _band, _headers, rows in T2_BANDS for key, label in rows}


def _n(value: float) -> str:
    return format_number(value)


def _join(items: Sequence[str]) -> str:
    return "、".join(items)


def active_sentence(t: Mapping[str, float], scope: str = COUNTY_SCOPE) -> str:
    """表二 in one sentence: documents made, repealed and in force; decisions; fees."""
    docs = [f"{T2_LABELS[k]}{_n(t[f't2_{k}_made'])}件、废止{_n(t[f't2_{k}_repealed'])}件、"
            f"现行有效{_n(t[f't2_{k}_valid'])}件"
            for k in ("reg", "norm") if k == "norm" or any(t[f"t2_{k}_{s}"] for s in ("made", "repealed", "valid"))]
    decisions = _join([f"{T2_LABELS[k]}决定{_n(t[f't2_{k}'])}件" for k in ("lic", "pen", "coe")])
    return (f"{scope}本年制发{'；制发'.join(docs)}；作出{decisions}；"
            f"收取{T2_LABELS['fee']}{_n(t['t2_fee'])}万元。")


def request_sentences(t: Mapping[str, float], scope: str = COUNTY_SCOPE) -> list[str]:
    """表三 in sentences: received, by applicant, results by category, carried over."""
    new, carry = t[t3_total("new")[0]], t[t3_total("carry")[0]]
    if new + carry == 0:
        return [f"{scope}本年度未收到政府信息公开申请，也没有上年结转的申请。"]
    person = t[t3_id("new", T3_COLUMNS[0][0])]
    legal = sum(t[t3_id("new", c)] for c, _ in T3_PART_COLUMNS[1:])
    results = _join([f"{name}{_n(sum(t[i] for i in t3_total(*keys)))}件" for name, keys in RESULT_CATEGORIES])
    return [
        f"{scope}共收到政府信息公开申请{_n(new)}件，另有上年结转{_n(carry)}件；"
        f"申请人中，{T3_COLUMNS[0][1]}{_n(person)}件，{T3_LEGAL}{_n(legal)}件。",
        f"本年度办结{_n(t[t3_total('tot')[0]])}件，其中{results}；"
        f"结转下年度继续办理{_n(t[t3_total('next')[0]])}件。",
    ]


def _outcomes(t: Mapping[str, float], groups: Sequence[str]) -> str:
    return _join([f"{label}{_n(sum(t[t4_id(g, o)] for g in groups))}件" for o, label in T4_OUTCOMES[:-1]])


def review_sentence(t: Mapping[str, float], scope: str = COUNTY_SCOPE) -> str:
    """表四 in one sentence."""
    (rv, review), *suits = T4_GROUPS
    reviews = t[t4_id(rv, "total")]
    lawsuits = sum(t[t4_id(g, "total")] for g, _ in suits)
    if reviews + lawsuits == 0:
        return f"{scope}未发生因政府信息公开工作被申请{review}、提起{T4_LITIGATION}的情况。"
    kinds = _join([f"{label}{_n(t[t4_id(g, 'total')])}件" for g, label in suits])
    return (f"{scope}因政府信息公开工作被申请{review}{_n(reviews)}件，其中{_outcomes(t, [rv])}；"
            f"被提起{T4_LITIGATION}{_n(lawsuits)}件（{kinds}），其中{_outcomes(t, [g for g, _ in suits])}。")
