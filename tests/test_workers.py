"""The worker pool: tasks in batches that shrink, results and errors in task order."""

from __future__ import annotations

import os

import pytest

from pipeline import workers
from pipeline.errors import ConfigError, ErrorList, LeafletError


@pytest.mark.parametrize(("count", "jobs"), [(0, 2), (1, 2), (7, 2), (200, 2), (2010, 3)])
def test_guided_batches_cover_every_task_once_in_order(count: int, jobs: int) -> None:
    tasks = list(range(count))
    batches = workers.guided_batches(tasks, jobs=jobs)
    assert [t for batch in batches for t in batch] == tasks
    assert all(batches)
    sizes = [len(b) for b in batches]
    assert sizes == sorted(sizes, reverse=True)
    if count >= 4 * jobs:
        assert sizes[-jobs:] == [1] * jobs  # the end is shared out one task at a time
    if count == 200:
        assert len(batches) < 40  # shared data goes out a few dozen times, not 200


def _square_or_fail(n: int) -> tuple[int, int]:
    if n % 7 == 3:
        raise ConfigError(f"task {n} is broken")
    return n * n, os.getpid()


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_errors_and_progress_keep_task_order(jobs: int) -> None:
    seen: list[tuple[int, int]] = []
    with workers.worker_pool(jobs) as pool, pytest.raises(LeafletError) as raised:
        workers.run_all(
            pool, _square_or_fail, list(range(60)), progress=lambda d, t: seen.append((d, t))
        )
    error = raised.value
    assert isinstance(error, ErrorList)
    assert [str(e) for e in error.errors] == [f"error: task {n} is broken" for n in range(3, 60, 7)]
    assert seen == [(done, 60) for done in range(1, 61)]


def test_a_pool_runs_tasks_in_other_processes_with_results_in_order() -> None:
    with workers.worker_pool(2) as pool:
        results = workers.run_all(pool, _square_or_fail, [n for n in range(60) if n % 7 != 3])
    assert [r[0] for r in results] == [n * n for n in range(60) if n % 7 != 3]
    assert os.getpid() not in {pid for _square, pid in results}
