"""The floors of the equal-footing bench see the same cells, guarded or not (tests/bench_floor.py)."""

from __future__ import annotations

from pathlib import Path

from tests.bench_floor import read_all

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "inbox"


def test_the_guarded_floor_reads_every_cell_the_bare_floor_reads() -> None:
    cells = read_all(EXAMPLES)
    assert cells > 1000
    assert read_all(EXAMPLES, guarded=True) == cells
