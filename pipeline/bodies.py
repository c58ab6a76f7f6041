"""Write every body's outputs: in worker processes, skipping bodies whose outputs an earlier run already wrote.

At a province's scale (10,000 bodies) the per-body workbooks are most of a run's work. Jobs are plain
data, so workers take them in batches while this process writes the county-level outputs; a body whose
job is unchanged since the last run keeps its files (checked by hash, see pipeline/cache.py).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from pathlib import Path

from pipeline.cache import RunCache, job_key, remember_outputs, reusable_outputs, sha256_file
from pipeline.outputs import BodyJob, write_body
from pipeline.parallel import MIN_CALLS_FOR_WORKERS, batches

WRITE_BATCH = 25  # bodies per call to a worker process: about 0.1 s of work
Written = list[tuple[Path, str]]  # files of one body, with their sha256


def write_batch(jobs: Sequence[BodyJob], outdir: Path) -> list[tuple[str, Written]]:
    """Every output of each job, with the job's key and the hash of each file written (in a worker process)."""
    return [(job_key(job), [(path, sha256_file(path)) for path in write_body(job, outdir)]) for job in jobs]


def write_bodies(jobs: Sequence[BodyJob], outdir: Path, workers: int, cache: RunCache,
                 meanwhile: Callable[[], None] = lambda: None) -> set[Path]:
    """Write the outputs of every job not reusable from an earlier run; run `meanwhile` in this process.

    Returns every per-body output path of this run, written now or kept from before.
    """
    kept: set[Path] = set()
    todo = list(jobs)
    if cache.outputs:  # a re-run: find the bodies whose outputs are still current
        todo = []
        for job in jobs:
            reused = reusable_outputs(cache, job_key(job), outdir)
            if reused is None:
                todo.append(job)
            else:
                kept.update(reused)
    calls = [partial(write_batch, part, outdir) for part in batches(todo, WRITE_BATCH)]
    for written in _run_beside(calls, workers, meanwhile):
        for key, files in written:
            remember_outputs(cache, key, outdir, files)
            kept.update(path for path, _ in files)
    return kept


def _run_beside(calls: Sequence[Callable[[], list[tuple[str, Written]]]], workers: int,
                meanwhile: Callable[[], None]) -> list[list[tuple[str, Written]]]:
    """The calls' results in order, computed in worker processes while `meanwhile` runs here."""
    if workers <= 1 or len(calls) < MIN_CALLS_FOR_WORKERS:
        results = [call() for call in calls]
        meanwhile()
        return results
    with ProcessPoolExecutor(max_workers=min(workers, len(calls))) as pool:
        futures: list[Future[list[tuple[str, Written]]]] = [pool.submit(call) for call in calls]
        try:
            meanwhile()
            return [future.result() for future in futures]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
