"""The committed sample inbox is exactly what tests/make_examples.py builds."""

from __future__ import annotations

from pathlib import Path

from tests.make_examples import INBOX, write_inbox


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_sample_inbox_is_current(tmp_path: Path) -> None:
    write_inbox(tmp_path)
    fresh, committed = _files(tmp_path), _files(INBOX)
    assert sorted(fresh) == sorted(committed)
    stale = [name for name in fresh if fresh[name] != committed[name]]
    assert stale == [], f"run `make examples`: {stale}"


def test_sample_inbox_has_seven_bodies_of_every_type() -> None:
    from tests.make_examples import samples

    kinds = {f.info["kind"] for f in samples().values()}
    names = {f.info["name"] for f in samples().values()}
    assert len(names) >= 7
    assert {"县政府办", "县直部门", "乡镇", "街道"} <= kinds
