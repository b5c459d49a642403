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
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
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


@contextlib.contextmanager
def worker_pool(jobs: int, *, close_fd: int = -1) -> Iterator[Executor | None]:
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
    try:
        yield executor
    finally:
        executor.shutdown(cancel_futures=True)


def raise_all(errors: Sequence[LeafletError]) -> None:
    """Raise the errors as one (an ErrorList when there are several); nothing when none."""
    flat: list[LeafletError] = []
    for error in errors:
        flat.extend(error.errors if isinstance(error, ErrorList) else (error,))
    if flat:
        raise flat[0] if len(flat) == 1 else ErrorList(flat)


def run_all(
    executor: Executor | None,
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
    if executor is None:
        outcomes: Iterable[Callable[[], R]] = (functools.partial(function, t) for t in tasks)
    else:
        outcomes = [executor.submit(function, task).result for task in tasks]
    for done, outcome in enumerate(outcomes, 1):
        try:
            results.append(outcome())
        except LeafletError as exc:
            errors.append(exc)
        if progress is not None:
            progress(done, len(tasks))
    raise_all(errors)
    return results


def chunks(items: Sequence[T], *, jobs: int, per_job: int = 4) -> list[list[T]]:
    """`items` cut into about `per_job` pieces per worker, in order, none empty.

    A few pieces per worker keep both busy when the pieces differ in size, without paying
    for a round trip per item.
    """
    if not items:
        return []
    count = max(1, min(len(items), jobs * per_job if jobs > 1 else 1))
    size, extra = divmod(len(items), count)
    out: list[list[T]] = []
    start = 0
    for index in range(count):
        end = start + size + (1 if index < extra else 0)
        out.append(list(items[start:end]))
        start = end
    return out
