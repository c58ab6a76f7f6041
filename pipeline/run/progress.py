"""A quiet progress bar on stderr, only for large inboxes on a terminal."""

from __future__ import annotations

import sys
import time

MIN_ITEMS = 200  # below this the run is over before a bar helps


class Progress:
    """Counts steps and redraws at most ten times a second."""

    def __init__(self, total: int, label: str, enabled: bool = True) -> None:
        self.total, self.label, self.count, self.last = total, label, 0, 0.0
        self.enabled = enabled and total >= MIN_ITEMS and sys.stderr.isatty()

    def step(self) -> None:
        self.count += 1
        now = time.monotonic()
        if self.enabled and (now - self.last > 0.1 or self.count == self.total):
            self.last = now
            filled = int(30 * self.count / max(self.total, 1))
            sys.stderr.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {self.count}/{self.total}")
            sys.stderr.flush()

    def done(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
