"""Rows out of a pandas frame, for code that builds its own rows (record lines, sheet rows)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pandas as pd


def column_rows(frame: pd.DataFrame, columns: Sequence[str]) -> Iterator[tuple[Any, ...]]:
    """The frame's rows over these columns, as tuples of Python values.

    Each column is taken as a list at once: pandas iterates a frame's rows (itertuples), or a text column, a cell
    at a time, and a province's 9,600 bodies made that a visible part of its run.
    """
    return zip(*(frame[c].tolist() for c in columns), strict=True)
