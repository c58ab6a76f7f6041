"""The record's lists of figures: the fast join writes exactly what json.dumps and the '.0' pass wrote."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest

from pipeline.reading.rollup_record import _numbers

_WHOLE = re.compile(r"(?<=[0-9])\.0(?=[,\]])")


def _as_dumped(figures: list[float]) -> str:
    """The record's list as it was made before: json.dumps, then every whole figure's '.0' taken off."""
    return _WHOLE.sub("", json.dumps(figures, separators=(",", ":"), allow_nan=False))


def test_figures_of_every_magnitude_are_written_as_json_dumps_writes_them() -> None:
    rng = np.random.default_rng(12)
    doubles = rng.integers(0, 2**64, size=20_000, dtype=np.uint64).view(np.float64)
    doubles = doubles[np.isfinite(doubles)].tolist()
    whole = [float(x) for x in rng.integers(-10**6, 10**6, size=2_000)]
    edges = [0.0, -0.0, 1.0, -1.0, 10.0, 100.0, 0.5, 0.05, 1e15, 1e16, 1e17, 123456789012.5, 5e-324, 1e308, 2.0**53,
             1.0e-5, 3.0, 30.0, 0.1 + 0.2]
    for figures in [doubles[i:i + 175] for i in range(0, len(doubles), 175)] + [whole, edges, edges[::-1], []]:
        assert _numbers(figures) == _as_dumped(figures)
    assert _numbers((np.float64(2.0), np.float64(2.5))) == "[2,2.5]"  # numpy's floats as Python's


def test_ints_and_sums_that_overflow_are_written_as_before() -> None:
    for figures in ([1, 2.0, 3], [True, 2.0], [1e308, 1e308, 2.0]):
        assert _numbers(figures) == _as_dumped(list(figures))


@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), float("nan")])
def test_a_figure_that_is_no_number_is_refused_as_json_refuses_it(bad: float) -> None:
    with pytest.raises(ValueError):
        _numbers([1.0, bad])
