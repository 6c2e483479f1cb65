"""Where `process_file` runs: a local process pool or a Dask cluster.

Both runners yield `DocRecord`s as they finish, in completion order; the caller (the one
writer) loads each into DuckDB. Workers never open the store, so any number of them can
run against one embedded database file.
"""
from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from typing import Iterator

from ..store.record import DocRecord
from .work import process_file

# A worker process is replaced after this many documents, so memory a reader leaks or
# fragments cannot grow without bound on a province-sized batch.
TASKS_PER_CHILD = 200


def run_local(jobs: list[tuple[str, str]], workers: int, profile: str | None = None) -> Iterator[DocRecord]:
    """`jobs` are (path, digest); at most 2 × workers files are in flight at a time, so a
    killed batch has read little that it did not commit."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=max(1, workers), mp_context=context,
                             max_tasks_per_child=TASKS_PER_CHILD) as pool:
        pending = set()
        queue = iter(jobs)
        limit = 2 * max(1, workers)
        for path, digest in queue:
            pending.add(pool.submit(process_file, path, digest, profile))
            if len(pending) >= limit:
                break
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
                following = next(queue, None)
                if following is not None:
                    pending.add(pool.submit(process_file, following[0], following[1], profile))


def run_dask(jobs: list[tuple[str, str]], address: str, workers: int,
             profile: str | None = None) -> Iterator[DocRecord]:
    """`address` `local`: a LocalCluster of `workers` single-threaded processes; else the
    scheduler address of a running cluster (`tcp://host:8786`), whose workers must have
    juesuan installed and see the files at the same paths."""
    from dask.distributed import Client, LocalCluster, as_completed

    cluster = None
    if address == "local":
        cluster = LocalCluster(n_workers=max(1, workers), threads_per_worker=1, processes=True,
                               dashboard_address=None, silence_logs=40)
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
