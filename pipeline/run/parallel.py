"""Run independent calls in worker processes, or in this process when one worker is asked for.

Reading workbooks and writing per-body outputs are pure Python and CPU-bound, so threads would not
help; each call here gets plain, picklable data and returns plain data. Results come back in the
order of the calls, so a run's outputs do not depend on which worker finished first.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import multiprocessing.forkserver
import os
import select
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TypeVar

from pipeline.run.inuse import note_in_use, taken
from pipeline.run.notices import notice, taken_notices

T = TypeVar("T")
POLL_SECONDS = 1.0  # how often a worker looks for its parent where the system cannot say when it ends
MIN_CALLS_FOR_WORKERS = 2  # one call gains nothing from a worker, and starting one costs time
WORKER_MODULES = ["pipeline.reading.gather", "pipeline.outputs.write_bodies"]  # what workers run; neither imports pandas


WINDOWS_MAX_WORKERS = 61  # ProcessPoolExecutor refuses more on Windows (it waits on at most 63 handles)


def default_jobs() -> int:
    """One worker per core (on Windows at most WINDOWS_MAX_WORKERS)."""
    cores = os.cpu_count() or 1
    return min(cores, WINDOWS_MAX_WORKERS) if os.name == "nt" else cores


def lean_context() -> BaseContext:
    """Workers that start small, not as copies of this process (which holds a province's submissions by the
    time per-body outputs are written): a fork server where there is one, else fresh interpreters."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(WORKER_MODULES)  # imported once, by the server; workers are forked from it
        return context
    return multiprocessing.get_context("spawn")


def worker_pool(workers: int) -> ProcessPoolExecutor:
    """Lean worker processes that end themselves when this process ends, however it ends.

    A run killed outright (SIGKILL, the out-of-memory killer) cannot tell its workers to stop, and an
    idle worker would wait for work for ever, holding memory, the fork server and the terminal's output.
    """
    if os.name == "nt":
        workers = min(workers, WINDOWS_MAX_WORKERS)
    return ProcessPoolExecutor(max_workers=workers, mp_context=lean_context(), initializer=end_with,
                               initargs=(os.getpid(),))


def end_with(pid: int) -> None:
    """In a worker: end this process as soon as process pid has ended, however it ended.

    ProcessPoolExecutor does not do this itself: an idle worker waits on its call queue, and under
    "spawn" it holds that queue's writing end too, so it never sees the parent go. Each start method and
    system is asked in its own way:

    - started by "spawn" (Windows' only start method): multiprocessing's own sentinel of the parent, a
      process handle on Windows and a pipe elsewhere, which is signalled when the parent has ended (also
      when it ended before this worker got here);
    - by the fork server on Linux: a pidfd of the run;
    - elsewhere (a fork server without pidfd): a look once a second whether the run is still there.
    """
    parent = multiprocessing.parent_process()
    if parent is not None and parent.pid == pid and parent.sentinel is not None:
        watch = partial(_end_when_ready, parent.sentinel)
    elif hasattr(os, "pidfd_open"):
        try:
            handle = os.pidfd_open(pid)
        except OSError:  # already gone
            os._exit(1)
        watch = partial(_end_when_readable, handle)
    elif os.name == "nt":  # not reached: Windows starts workers only by "spawn", which gives the sentinel
        return  # and os.kill there would end the process it asks about
    else:
        watch = partial(_end_when_gone, pid)
    threading.Thread(target=watch, daemon=True, name="gknb-end-with-parent").start()


def _end_when_ready(sentinel: int) -> None:
    multiprocessing.connection.wait([sentinel])  # ready once the parent has ended
    os._exit(1)


def _end_when_readable(handle: int) -> None:
    select.select([handle], [], [])  # a process's pidfd becomes readable when the process ends
    os._exit(1)


def _end_when_gone(pid: int, every: float = POLL_SECONDS) -> None:
    # The worker's parent (the run, or a fork server that ends with it) changes when it ends: the worker is
    # then adopted. Asking for pid alone is not enough: a killed run stays a zombie until its shell reaps it.
    parent = os.getppid()
    while os.getppid() == parent and _exists(pid):
        time.sleep(every)
    os._exit(1)


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)  # signal 0 only asks (never used on Windows, where os.kill ends the process)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_workers_early() -> None:
    """Start the fork server now, while this process is still small and has other work to do."""
    if lean_context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


def batches(items: Sequence[T], size: int) -> list[Sequence[T]]:
    """items cut into consecutive slices of `size` (the last may be shorter): small enough that workers
    finish together, large enough that sending work to a worker costs little beside doing it."""
    return [items[i:i + size] for i in range(0, len(items), max(size, 1))]


Noted = tuple[T, list[Path], list[str]]


def _noting(call: Callable[[], T]) -> Noted[T]:
    """In a worker: the call's result, the outputs it found open in another program (pipeline/run/inuse.py)
    and its notices (pipeline/run/notices.py)."""
    taken()  # nothing of an earlier call is this call's
    taken_notices()
    result = call()
    return result, taken(), taken_notices()


def _submit(pool: ProcessPoolExecutor, call: Callable[[], T]) -> Future[Noted[T]]:
    return pool.submit(_noting, call)


def _result(future: Future[Noted[T]]) -> T:
    """A worker's result; what it noted is noted again here, where the run says so at its end."""
    result, in_use, notices = future.result()
    for path in in_use:
        note_in_use(path)
    for text in notices:
        notice(text)
    return result


def run_calls(calls: Sequence[Callable[[], T]], jobs: int) -> Iterator[T]:
    """Each call's result, in order; calls run in `jobs` worker processes when jobs > 1.

    A call must be picklable (a module-level function, or functools.partial of one, over plain data).
    An exception in a call is raised here, as it would be in a loop.
    """
    if jobs <= 1 or len(calls) < MIN_CALLS_FOR_WORKERS:
        yield from (call() for call in calls)
        return
    with worker_pool(min(jobs, len(calls))) as pool:
        futures = [_submit(pool, call) for call in calls]
        for future in futures:
            yield _result(future)


def run_beside(calls: Callable[[], Sequence[Callable[[], T]]], workers: int, meanwhile: Callable[[], None],
               others: Sequence[Callable[[], object]] = ()) -> list[T]:
    """The results of the calls (made once the others are under way), in order, computed with the others in
    `workers` worker processes while `meanwhile` runs here.

    Even a single call goes to a worker: this process has `meanwhile` to do. Workers start as work is
    sent, so a re-run with little to write starts few.
    """
    if workers <= 1:
        for other in others:
            other()
        results = [call() for call in calls()]
        meanwhile()
        return results
    with worker_pool(workers) as pool:
        started = [_submit(pool, other) for other in others]
        try:
            futures: list[Future[Noted[T]]] = [_submit(pool, call) for call in calls()]
            meanwhile()
            for future in started:
                _result(future)
            return [_result(future) for future in futures]
        except BaseException:
            pool.shutdown(cancel_futures=True)
            raise
