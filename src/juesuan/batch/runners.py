"""Where `process_file` runs: a local process pool or a Dask cluster.

Both runners yield `DocRecord`s as they finish, in completion order; the caller (the one
writer) loads each into DuckDB. Workers never open the store, so any number of them can
run against one embedded database file.
"""
from __future__ import annotations

from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Callable, Iterator

from ..store.record import DocRecord
from .work import process_file

# A worker process is replaced after this many documents, so memory a reader leaks or
# fragments cannot grow without bound on a province-sized batch.
TASKS_PER_CHILD = 200


def run_local(jobs: list[tuple[str, str]], workers: int, profile: str | None = None,
              function: Callable[..., DocRecord] = process_file) -> Iterator[DocRecord]:
    """`jobs` are (path, digest); at most 2 × workers files are in flight at a time, so a
    killed batch has read little that it did not commit. A worker process that dies (a
    reader crashing the interpreter, the OOM killer) breaks the pool: the files it had in
    flight are read again one at a time in a fresh process, and the one that kills its
    process again is recorded as failed — the batch goes on."""
    queue = deque(jobs)
    while queue:
        suspects = yield from _pool(queue, workers, profile, function)
        if not suspects and queue:  # the pool broke before any job was in flight: make progress
            suspects = [queue.popleft()]
        for job in suspects:
            yield from _alone(job, profile, function)


def _executor(workers: int) -> ProcessPoolExecutor:
    import multiprocessing

    return ProcessPoolExecutor(max_workers=max(1, workers), mp_context=multiprocessing.get_context("spawn"),
                               max_tasks_per_child=TASKS_PER_CHILD)


def _pool(queue: deque, workers: int, profile: str | None, function) -> Iterator[DocRecord]:
    """Run jobs from `queue` until it is empty (returns []) or the pool breaks (returns the
    jobs that were in flight, none of them yielded; jobs never submitted stay queued)."""
    limit = 2 * max(1, workers)
    with _executor(workers) as pool:
        pending: dict = {}

        def fill() -> bool:
            while queue and len(pending) < limit:
                job = queue.popleft()
                try:
                    pending[pool.submit(function, job[0], job[1], profile)] = job
                except BrokenProcessPool:
                    queue.appendleft(job)
                    return False
            return True

        if not fill():
            return list(pending.values())
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            suspects = []
            for future in done:
                job = pending.pop(future)
                try:
                    record = future.result()
                except BrokenProcessPool:
                    suspects.append(job)
                    continue
                yield record
            if suspects:
                return suspects + list(pending.values())
            if not fill():
                return list(pending.values())
    return []


def _alone(job: tuple[str, str], profile: str | None, function) -> Iterator[DocRecord]:
    from pathlib import Path

    from ..pipeline import slug
    from ..store.record import FORMATS

    with _executor(1) as pool:
        try:
            yield pool.submit(function, job[0], job[1], profile).result()
            return
        except BrokenProcessPool as error:
            reason = f"the reader crashed its worker process ({error})"
    yield DocRecord(id=job[1], doc=slug(job[0]), source=job[0], status="failed", error=reason,
                    format=FORMATS.get(Path(job[0]).suffix.lower()))


def run_dask(jobs: list[tuple[str, str]], address: str, workers: int,
             profile: str | None = None) -> Iterator[DocRecord]:
    """`address` `local`: a LocalCluster of `workers` single-threaded processes; else the
    scheduler address of a running cluster (`tcp://host:8786`), whose workers must have
    juesuan installed and see the files at the same paths."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=50)  # CRITICAL: no teardown noise
        client = Client(cluster)
    else:
        client = Client(address)
    try:
        paths = [path for path, _ in jobs]
        digests = [digest for _, digest in jobs]
        futures = client.map(process_file, paths, digests, profile=profile, pure=False)
        for future in as_completed(futures):
            record = future.result()
            future.release()
            yield record
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
