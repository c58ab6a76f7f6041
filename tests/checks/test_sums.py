"""RowSums gives pandas' row sums bit for bit: its fast way only where the order of adding cannot matter."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from pipeline.checks.sums import WHOLE_LIMIT, RowSums, order_free

# where adding in another order could differ: fractions, -0.0, infinities, NaNs of other bits, huge numbers
EDGES = [0.0, -0.0, 1.0, 3.0, -2.0, 12345.0, 0.1, 0.2, 0.3, 1e-9, 2.5, math.nan, -math.nan, math.inf, -math.inf,
         WHOLE_LIMIT, WHOLE_LIMIT * 2, 2.0**53, 1e308, -1e308, float(np.frombuffer(b"\x01\x00\x00\x00\x00\x00\xf8\x7f")[0])]
VALUES = st.one_of(st.sampled_from(EDGES), st.integers(-1000, 1000).map(float), st.floats(allow_nan=True))


@given(st.integers(1, 9), st.integers(1, 8), st.data())
def test_row_sums_are_pandas_row_sums_to_the_bit(rows: int, width: int, data: st.DataObject) -> None:
    columns = [f"c{j}" for j in range(width)]
    frame = pd.DataFrame([[data.draw(VALUES) for _ in columns] for _ in range(rows)], columns=columns, dtype=float)
    sums = RowSums(frame)
    for _ in range(4):
        ids = data.draw(st.lists(st.sampled_from(columns), min_size=1, max_size=12))
        with np.errstate(over="ignore", invalid="ignore"):  # 1e308 + 1e308, inf - inf: in pandas as in the sums
            expected = frame[ids].sum(axis=1, skipna=False).to_numpy()
            assert sums.sum(ids).tobytes() == expected.tobytes()
        changed = data.draw(st.sampled_from(columns))
        sums.replace(changed, np.array([data.draw(VALUES) for _ in range(rows)]))
        assert frame[changed].to_numpy().tobytes() == sums.columns[sums.position[changed]].tobytes()


def test_only_whole_numbers_and_plain_nan_are_order_free() -> None:
    free = [0.0, -0.0, 7.0, -WHOLE_LIMIT, math.nan]
    bound = [0.5, 0.1, math.inf, -math.inf, WHOLE_LIMIT * 2, -math.nan]
    assert order_free(np.array([free])).tolist() == [True]
    for value in bound:
        assert order_free(np.array([free + [value]])).tolist() == [False], value
