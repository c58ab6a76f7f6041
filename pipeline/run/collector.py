"""The cycle collector during a run at a province's scale.

A run makes millions of small objects that live until it ends (readings, figures, problems, the cells
of the roll-up), and the cycle collector, started every 700 new objects by default, walks the older ones
again and again as they pile up: a third of a re-run's time on 10,000 workbooks. So the stages that make
such objects run with the collector started less often, and what lasts is set aside once made (gc.freeze):
the modules the report imports (with the collector off meanwhile), what the run has read, what it has
decided, a province's 明细 until its workbook is closed; later passes look only at newer objects. Writing the
per-body documents is left to the default: python-docx builds reference cycles by the thousand, and they
must be collected as they go.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager

SELDOM = (50_000, 20, 10)  # the default is (700, 10, 10)


@contextmanager
def collecting_seldom() -> Iterator[None]:
    """Within the block the collector starts less often: for stages that make many lasting objects, few cycles."""
    before = gc.get_threshold()
    gc.set_threshold(*SELDOM)
    try:
        yield
    finally:
        gc.set_threshold(*before)


@contextmanager
def collecting_never() -> Iterator[None]:
    """Within the block the collector does not run: for importing the modules of a run (pandas and ours), which
    makes a few hundred thousand lasting objects and next to no garbage (even seldom, it walked them twice)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def set_aside() -> None:
    """Every object alive now lives until the run ends: no collector pass needs to look at it again."""
    gc.freeze()


def release() -> None:
    """The run has ended: let the collector see what was set aside (for a run inside a longer process)."""
    gc.unfreeze()


def seldom_call(function: Callable[..., object], *args: object) -> object:
    """function(*args) with the collector started seldom: picklable, so it can run here or in a worker."""
    with collecting_seldom():
        return function(*args)
