"""Write every body's outputs in worker processes; a body whose job is unchanged since the last run keeps its files.

At a province's scale (10,000 bodies) the per-body workbooks are most of a run's work. Jobs are plain
data, so workers take them in batches while this process writes the county-level outputs. A worker
also decides whether a job can keep its files: the job's key (a hash of its whole content) must equal
the one recorded for the body last time, and every file must still have the recorded hash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from pathlib import Path

from pipeline.cache import OutputRecord, RunCache, intact, job_key, remember_outputs, sha256_file
from pipeline.outputs import BodyJob, write_body
from pipeline.parallel import MIN_CALLS_FOR_WORKERS, batches, lean_context

WRITE_BATCH = 25  # bodies per call to a worker process: about 0.1 s of work
Done = tuple[str, str, list[tuple[Path, str]]]  # (stem, job key, every file of the body with its sha256)


def write_batch(jobs: Sequence[BodyJob], outdir: Path, recorded: dict[str, OutputRecord]) -> list[Done]:
    """Each job's files: kept when the recorded ones are still current, written otherwise (in a worker process)."""
    done: list[Done] = []
    for job in jobs:
        key, record = job_key(job), recorded.get(job.stem)
        if record is not None and record[0] == key and intact(outdir, record[1]):
            done.append((job.stem, key, [(outdir / rel, digest) for rel, digest in record[1]]))
        else:
            done.append((job.stem, key, [(path, sha256_file(path)) for path in write_body(job, outdir)]))
    return done


def write_bodies(jobs: Sequence[BodyJob], outdir: Path, workers: int, cache: RunCache,
                 meanwhile: Callable[[], None] = lambda: None) -> set[Path]:
    """Write (or keep) the outputs of every job; run `meanwhile` in this process while workers do it.

    Returns every per-body output path of this run.
    """
    calls = [partial(write_batch, part, outdir, {j.stem: cache.outputs[j.stem] for j in part if j.stem in cache.outputs})
             for part in batches(jobs, WRITE_BATCH)]
    paths: set[Path] = set()
    for done in _run_beside(calls, workers, meanwhile):
        for stem, key, files in done:
            remember_outputs(cache, stem, key, outdir, files)
            paths.update(path for path, _ in files)
    return paths


def _run_beside(calls: Sequence[Callable[[], list[Done]]], workers: int,
                meanwhile: Callable[[], None]) -> list[list[Done]]:
    """The calls' results in order, computed in worker processes while `meanwhile` runs here."""
    if workers <= 1 or len(calls) < MIN_CALLS_FOR_WORKERS:
        results = [call() for call in calls]
        meanwhile()
        return results
    with ProcessPoolExecutor(max_workers=min(workers, len(calls)), mp_context=lean_context()) as pool:
        futures: list[Future[list[Done]]] = [pool.submit(call) for call in calls]
        try:
            meanwhile()
            return [future.result() for future in futures]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
