"""The hand transcriptions of /work/shared/realdocs/figures.json as {spec id: expected raw text or None}."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from schemas.tables import T2_BANDS, T2_TRIPLE_KEYS, T3_COLUMNS, T3_ROWS, T4_GROUPS, T4_OUTCOMES, t3_id, t4_id

REALDOCS = Path(__file__).resolve().parents[2].parent / "shared" / "realdocs"
FIGURES = REALDOCS / "figures.json"
SEED = REALDOCS.parent / "seed" / "000_9d7243332fcb3493.txt"
# The real reports live beside the project, not in it (they are other bodies' publications).
needs_realdocs = pytest.mark.skipif(not FIGURES.exists(), reason="/work/shared/realdocs is not on this machine")


@cache
def transcriptions() -> dict[str, dict[str, Any]]:
    data = json.loads(FIGURES.read_text(encoding="utf-8"))
    return {d["file"]: d for d in data["documents"]}


def _t2_ids() -> dict[str, str]:
    ids = {}
    for _band, headers, rows in T2_BANDS:
        for key, label in rows:
            if len(headers) == 1:
                ids[f"{label}_{headers[0].replace('（单位：万元）', '_万元')}"] = f"t2_{key}"
            else:
                ids.update({f"{label}_{h}": f"t2_{key}_{k}" for h, k in zip(headers, T2_TRIPLE_KEYS, strict=True)})
    return ids


def expected_figures(file: str) -> dict[str, int | float | None]:
    """Spec id -> the transcribed figure (None: blank or '/' as published)."""
    doc = transcriptions()[file]
    t2 = _t2_ids()
    out: dict[str, int | float | None] = {t2[k]: v for k, v in doc["table2"].items()}
    for (rkey, *_), row in zip(T3_ROWS, doc["table3"], strict=True):
        out.update({t3_id(rkey, ckey): v for (ckey, _), v in zip(T3_COLUMNS, row, strict=True)})
    t4 = {f"{glabel}_{olabel}": t4_id(g, o) for g, glabel in T4_GROUPS for o, olabel in T4_OUTCOMES}
    out.update({t4[k]: v for k, v in doc["table4"].items()})
    return out


def raw_matches(raw: str, expected: int | float | None) -> bool:
    """The published text is the transcribed figure written plainly; None is a blank or a slash."""
    if expected is None:
        return raw in ("", "/", "／")
    return raw == (str(expected) if isinstance(expected, int) else repr(expected))
