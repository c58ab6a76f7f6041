"""Run every check on a batch of submissions: parsing, types and ranges, equations, conditions."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

from pipeline.checks.batch import Batch, build_batch
from pipeline.checks.conditions import check_conditions
from pipeline.checks.equations import check_equations
from pipeline.checks.issues import document_places, make_issue, positions
from pipeline.checks.narrative import check_narrative
from pipeline.checks.report_text import check_report_text
from pipeline.checks.validate import validate_types
from pipeline.reading.cache_codec import decode_checked, encode_checked
from pipeline.run.cache import CHECKS, RECALL_BATCH, RunCache, check_key, read_key, store, stored, use
from pipeline.types import Issue, Submission
from schemas import SPEC
from schemas.spec import ReportSpec

CHECK_CHUNK = 1000  # submissions checked at once: a province's 10,000 at once would need ~250 MB more


def check_batch(subs: list[Submission], year: int, spec: ReportSpec = SPEC) -> Batch:
    """Build the batch frame and collect every problem of every submission, in a stable order."""
    batch = check_chunk(subs, year, spec)
    batch.issues.sort(key=issue_order(spec))
    return batch


def check_chunk(subs: list[Submission], year: int, spec: ReportSpec = SPEC) -> Batch:
    """The batch frame and every problem, in the order the checks found them."""
    batch = build_batch(subs, spec)
    batch.issues.extend(validate_types(batch, year, spec))
    batch.issues.extend(check_equations(batch, spec))
    batch.issues.extend(check_conditions(batch, spec))
    batch.issues.extend(check_narrative(batch, year, spec))
    batch.issues.extend(check_report_text(batch, year, spec))
    batch.issues.extend(macro_warnings(subs, spec))
    batch.issues[:] = located(apply_explanations(batch.issues, subs), subs, spec)
    return batch


def check_with_cache(subs: list[Submission], year: int, spec: ReportSpec, cache: RunCache) -> Batch:
    """check_batch's result, computed only for submissions an earlier run did not check (see Checks)."""
    checks = Checks(year, spec, cache)
    for sub in subs:
        checks.add(sub)
    return checks.batch(subs)


class Checks:
    """Every check of a run, done as the submissions arrive.

    Every check looks at one submission alone (its figures, 基本信息 and texts), so a submission's
    checked figures and problems are a function of its reading, its name and the year: on a re-run
    after one correction, one workbook is checked instead of a province's. The others are checked
    CHECK_CHUNK at a time, which bounds the working memory of a first run; a run adds them while its
    worker processes read on, so the checks take the time the main process would spend waiting.
    """

    def __init__(self, year: int, spec: ReportSpec, cache: RunCache) -> None:
        self.year, self.spec, self.cache = year, spec, cache
        self.ids = [n.id for n in spec.numbers]
        self._waiting: list[Submission] = []
        self._checked: dict[str, tuple[np.ndarray, list[Issue]]] = {}  # file -> figures, problems

    def add(self, sub: Submission) -> None:
        self._waiting.append(sub)
        if len(self._waiting) >= CHECK_CHUNK:
            self._check_waiting()

    def batch(self, subs: list[Submission]) -> Batch:
        """The checked figures of subs (each added before), in their order, and every problem, unsorted."""
        self._check_waiting()
        values = np.full((len(subs), len(self.ids)), np.nan)
        issues: list[Issue] = []
        for i, sub in enumerate(subs):
            values[i], found = self._checked[sub.file]
            issues.extend(found)
        return Batch(subs, pd.DataFrame(values, columns=self.ids), issues)

    def _check_waiting(self) -> None:
        subs, self._waiting = self._waiting, []
        keys = [check_key(read_key(s.sha256, Path(s.file).suffix), s.file, self.year) for s in subs]
        known = _recall_checks(self.cache, keys, len(self.ids))
        fresh = [(sub, key) for sub, key in zip(subs, keys, strict=True) if key not in known]
        self._checked.update((sub.file, known[key]) for sub, key in zip(subs, keys, strict=True) if key in known)
        if not fresh:
            return
        checked = check_chunk([sub for sub, _ in fresh], self.year, self.spec)
        values = checked.frame[self.ids].to_numpy(dtype=float)
        by_file: dict[str, list[Issue]] = {}
        for issue in checked.issues:
            by_file.setdefault(issue.file, []).append(issue)
        for row, (sub, key) in zip(values, fresh, strict=True):
            self._checked[sub.file] = (row, by_file.get(sub.file, []))
            if self.cache.active:  # --no-cache: nothing to keep, so nothing to encode
                store(self.cache, CHECKS, key, encode_checked(row, self._checked[sub.file][1]))


def _recall_checks(cache: RunCache, keys: list[str], width: int) -> dict[str, tuple[np.ndarray, list[Issue]]]:
    known: dict[str, tuple[np.ndarray, list[Issue]]] = {}
    if not cache.active:
        return known
    for start in range(0, len(keys), RECALL_BATCH):
        for key, record in stored(cache, CHECKS, keys[start:start + RECALL_BATCH]).items():
            decoded = decode_checked(record, width)
            if decoded is not None:
                known[key] = decoded
                use(cache, CHECKS, key)
    return known


def apply_explanations(issues: list[Issue], subs: list[Submission]) -> list[Issue]:
    """A warning the body explained in the 校验 sheet's 说明 column counts as accepted (已说明).

    Errors can never be explained away.
    """
    notes = {s.file: s.explanations for s in subs if s.explanations}
    return [replace(i, explanation=notes[i.file][i.rule])
            if not i.is_error and i.rule in notes.get(i.file, {}) else i
            for i in issues]


# 基本信息 a published report does not carry (its type, credit code and filing date are not printed in it)
NOT_IN_DOCUMENTS = frozenset({"R-INFO-KIND", "R-INFO-CODE", "R-INFO-DATE"})


def located(issues: list[Issue], subs: list[Submission], spec: ReportSpec = SPEC) -> list[Issue]:
    """Problems of a published report at the page and line of its figures; template-only checks dropped.

    The cells stay (the filled copy of the template marks them); `where` is what people are shown.
    """
    documents = {s.file: s for s in subs if s.published}
    if not documents:
        return issues
    at = positions(spec)
    out = []
    for issue in issues:
        sub = documents.get(issue.file)
        if sub is None:
            out.append(issue)
        elif issue.rule not in NOT_IN_DOCUMENTS:
            out.append(issue if issue.where else replace(issue, where=_where_of(issue, sub, at)))
    return out


def _where_of(issue: Issue, sub: Submission, at: dict[tuple[str, int, int], str]) -> str:
    return document_places(sub, [at.get((issue.sheet, r.row, r.col), "") for r in issue.cells], SPEC)


def issue_order(spec: ReportSpec = SPEC) -> Callable[[Issue], tuple[bool, str, int, int, int, str]]:
    """Sort key: errors first, then by file, sheet order, row and column of the cell."""
    sheet_rank = {s: i for i, s in enumerate(spec.sheets.ordered())}

    def key(issue: Issue) -> tuple[bool, str, int, int, int, str]:
        row, col = (issue.cells[0].row, issue.cells[0].col) if issue.cells else (-1, -1)
        return (not issue.is_error, issue.file, sheet_rank.get(issue.sheet, -1), row, col, issue.rule)

    return key


def macro_warnings(subs: list[Submission], spec: ReportSpec = SPEC) -> list[Issue]:
    """One R-WB-MACRO warning per submission that carries macros (read, never run)."""
    return [make_issue(spec, "R-WB-MACRO", sub, "", ()) for sub in subs if sub.macros]
