"""Write every body's outputs in worker processes; a body whose job is unchanged since the last run keeps its files.

At a province's scale (10,000 bodies) the per-body workbooks are most of a run's work. Jobs are plain
data, so workers take them in batches while this process writes the county-level outputs. A job keeps
its files when its key (a hash of its whole content) equals the one recorded for the body last time and
every file is still as recorded; that is decided here, so that a re-run sends workers only what changed
(sending a province's jobs costs more than deciding).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from pipeline.outputs.body_files import write_body
from pipeline.run.cache import RunCache, WrittenFile, described, intact, job_key, remember_outputs
from pipeline.run.inuse import noted
from pipeline.run.parallel import batches, run_beside
from pipeline.types import BodyJob

WRITE_BATCH = 25  # bodies per call to a worker process: about 0.1 s of work
Done = tuple[str, str, list[WrittenFile]]  # (stem, job key, every file of the body)


def write_batch(jobs: Sequence[tuple[BodyJob, str]], outdir: Path) -> list[Done]:
    """Write each job's files (in a worker process); jobs come with their keys.

    A body one of whose files was open in another program (kept as it was) is recorded without a key,
    so that the next run writes it again.
    """
    done: list[Done] = []
    for job, key in jobs:
        paths = write_body(job, outdir)
        in_use = set(noted())
        done.append((job.stem, "" if in_use.intersection(paths) else key, [described(p) for p in paths]))
    return done


def write_bodies(jobs: Sequence[BodyJob], outdir: Path, workers: int, cache: RunCache,
                 meanwhile: Callable[[], None] = lambda: None, others: Sequence[Callable[[], object]] = ()) -> set[Path]:
    """Write (or keep) the outputs of every job; run `meanwhile` in this process while workers do it.

    others: more writing (picklable calls) for the workers, taken first: on a re-run the bodies' files
    are mostly kept, and the workers would otherwise wait while this process writes every county file.
    Returns every per-body output path of this run.
    """
    kept: list[Done] = []

    def calls() -> list[Callable[[], list[Done]]]:  # decided while the others are already being written
        todo: list[tuple[BodyJob, str]] = []
        for job in jobs:
            key, files = _kept_files(job, outdir, cache)
            if files is None:
                todo.append((job, key))
            else:
                kept.append((job.stem, key, files))
        return [partial(write_batch, part, outdir) for part in batches(todo, WRITE_BATCH)]

    paths: set[Path] = set()
    for done in [*run_beside(calls, workers, meanwhile, others), kept]:
        for stem, key, files in done:
            remember_outputs(cache, stem, key, outdir, files)
            paths.update(file[0] for file in files)
    return paths


def _kept_files(job: BodyJob, outdir: Path, cache: RunCache) -> tuple[str, list[WrittenFile] | None]:
    """The job's key, and its files when the ones recorded for it are still current (else None)."""
    key, record = job_key(job), cache.outputs.get(job.stem)
    return key, intact(outdir, record[1]) if record is not None and record[0] == key else None
