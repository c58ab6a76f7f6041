"""报送情况 against the roster: who sent what, who has not sent, who is not on the list."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from pipeline.common.labels import normalise_label
from pipeline.decide.roster import RosterBody, RosterIndex
from pipeline.decide.status import OFF_ROSTER, ON_ROSTER, FileStatus, body_key
from pipeline.types import Status, Submission


def roster_key(roster: list[RosterBody] | None) -> Callable[[Submission], str]:
    """Who sent a submission: its roster body when it matches one (code first, then name), else body_key."""
    if not roster:
        return body_key
    index = RosterIndex.of(roster)

    def key(sub: Submission) -> str:
        body = index.match(sub.body.name, sub.body.code)
        return body.key if body else body_key(sub)

    return key


def track(statuses: list[FileStatus], roster: list[RosterBody] | None) -> list[FileStatus]:
    """Every file, tagged 名单内/名单外, plus one 未报送 row per roster body with no usable file."""
    if not roster:
        return statuses
    index = RosterIndex.of(roster)
    covered: set[str] = set()
    tagged: list[FileStatus] = []
    for s in statuses:
        body = index.match(s.body, s.code) if s.body or s.code else _guess(s, roster)
        if body and s.status != Status.SUPERSEDED:
            covered.add(body.key)
        tag = ON_ROSTER if body else (OFF_ROSTER if s.body or s.code else "")
        tagged.append(replace(s, roster=tag, body=body.name if body else s.body,
                              kind=s.kind or (body.kind if body else ""), code=s.code or (body.code if body else "")))
    missing = [FileStatus("", b.name, b.kind, b.code, "", Status.NOT_SENT, 0, 0, roster=ON_ROSTER)
               for b in roster if b.key not in covered]
    order = {b.name: i for i, b in enumerate(roster)}
    rows = tagged + missing
    return sorted(rows, key=lambda r: (order.get(r.body, len(order)), r.body, r.file))


def _guess(s: FileStatus, roster: list[RosterBody]) -> RosterBody | None:
    """The body of a file we could not read: its sender's address, or its name in the file name."""
    sender = s.sender.lower()
    by_mail = [b for b in roster if b.email and b.email.lower() in sender]
    if len(by_mail) == 1:
        return by_mail[0]
    file = normalise_label(s.file)
    by_name = [b for b in roster if b.name and normalise_label(b.name) in file]
    return by_name[0] if len(by_name) == 1 else None
