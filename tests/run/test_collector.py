"""The cycle collector's settings during a run (pipeline/run/collector.py) are put back as they were."""

from __future__ import annotations

import gc

import pytest

from pipeline.run.collector import SELDOM, collecting_never, collecting_seldom


@pytest.mark.parametrize("enabled", [True, False])
def test_collecting_never_turns_the_collector_off_and_back_as_it_was(enabled: bool) -> None:
    (gc.enable if enabled else gc.disable)()
    try:
        with pytest.raises(KeyError), collecting_never():
            assert not gc.isenabled()
            raise KeyError("an import that failed")
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_collecting_seldom_puts_the_thresholds_back() -> None:
    before = gc.get_threshold()
    with collecting_seldom():
        assert gc.get_threshold() == SELDOM
    assert gc.get_threshold() == before
