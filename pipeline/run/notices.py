"""Sentences for the coordinator that a run finds on its way (a cache it could not use, an output it could not
make for one body): kept here and said by the CLI at the end, since the library itself prints nothing.

Worker processes note theirs too: pipeline/run/parallel.py sends each call's notices back with its result.
"""

from __future__ import annotations

_notices: list[str] = []


def notice(text: str) -> None:
    """Keep one sentence (Chinese) to be said at the end of the run."""
    _notices.append(text)


def taken_notices() -> list[str]:
    """The notices kept since the last call, and forget them."""
    kept = list(_notices)
    _notices.clear()
    return kept
