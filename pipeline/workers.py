"""Worker processes for per-file work: forked, dying with the command, results in task order.

Every command that reads many catalogs (status, check, update, build) splits its work into
picklable tasks and runs them here: serially when one job is asked for or the work is small,
otherwise in a pool of forked processes. Either way the results are the same, in task order,
and every `LeafletError` raised by any task is collected and raised together.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from .errors import ErrorList, LeafletError

if TYPE_CHECKING:
    from concurrent.futures import Executor

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def worker_start(close_fd: int, parent: int) -> None:
    """In a forked worker: die with the command, and do not hold its descriptor `close_fd`.

    A worker that outlived a killed build would go on writing into the staging folder while
    the next build cleans it up, and its copy of the lock descriptor would keep the lock.
    """
    if close_fd >= 0:
        with contextlib.suppress(OSError):
            os.close(close_fd)
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the command died before the line above took effect
        os._exit(1)


@dataclass(frozen=True, slots=True)
class Pool:
    """Forked worker processes, and how many."""

    executor: Executor
    jobs: int


@contextlib.contextmanager
def worker_pool(jobs: int, *, close_fd: int = -1) -> Iterator[Pool | None]:
    """A pool of `jobs` forked workers, or None (run serially) when `jobs` is 1."""
    if jobs <= 1:
        yield None
        return
    import multiprocessing  # loaded only when there are workers to start
    from concurrent.futures import ProcessPoolExecutor

    executor = ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("fork"),
        initializer=worker_start,
        initargs=(close_fd, os.getpid()),
    )
    # What the workers inherit (modules, parsers, templates, tasks) is moved out of the cyclic
    # collector's sight, so their collections neither walk it nor copy its pages on write.
    frozen_before = gc.get_freeze_count()
    gc.freeze()
    try:
        yield Pool(executor, jobs)
    finally:
        executor.shutdown(cancel_futures=True)
        if frozen_before == 0:  # nobody else froze anything: give it back to the collector
            gc.unfreeze()


def raise_all(errors: Sequence[LeafletError]) -> None:
    """Raise the errors as one (an ErrorList when there are several); nothing when none."""
    flat: list[LeafletError] = []
    for error in errors:
        flat.extend(error.errors if isinstance(error, ErrorList) else (error,))
    if flat:
        raise flat[0] if len(flat) == 1 else ErrorList(flat)


def run_all(
    pool: Pool | None,
    function: Callable[[T], R],
    tasks: Sequence[T],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> list[R]:
    """Run tasks in order, in the pool when there is one; every error is collected.

    `progress(done, total)` is called as each task's result arrives, in task order.
    """
    results: list[R] = []
    errors: list[LeafletError] = []
    if pool is None:
        batches: Iterable[Callable[[], list[R | LeafletError]]] = (
            functools.partial(_run_batch, function, [task]) for task in tasks
        )
    else:
        batches = [
            pool.executor.submit(_run_batch, function, batch).result
            for batch in guided_batches(tasks, jobs=pool.jobs)
        ]
    done = 0
    for batch_outcomes in batches:
        for outcome in batch_outcomes():
            if isinstance(outcome, LeafletError):
                errors.append(outcome)
            else:
                results.append(outcome)
            done += 1
            if progress is not None:
                progress(done, len(tasks))
    raise_all(errors)
    return results


def _run_batch(function: Callable[[T], R], batch: Sequence[T]) -> list[R | LeafletError]:
    """Some tasks, one after the other (in a worker, or not); their errors are returned."""
    out: list[R | LeafletError] = []
    for task in batch:
        try:
            out.append(function(task))
        except LeafletError as exc:
            out.append(exc)
    return out


def guided_batches(tasks: Sequence[T], *, jobs: int) -> list[list[T]]:
    """`tasks` in order, cut into batches that shrink as the work runs out.

    Each batch is a quarter of what is left for one worker: the first ones are large, so the
    data tasks share (the configuration, the locales, the UI strings) is sent to a worker a
    few dozen times rather than once per task, and the last ones hold a single task, so no
    worker is left with a long piece while the others wait.
    """
    out: list[list[T]] = []
    start = 0
    while start < len(tasks):
        size = max(1, -(-(len(tasks) - start) // (4 * jobs)))  # rounded up
        out.append(list(tasks[start : start + size]))
        start += size
    return out
