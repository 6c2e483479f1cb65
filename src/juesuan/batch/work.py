"""The per-document function every runner calls: one file → one `DocRecord`.

The same function runs in a local process pool and on Dask workers; it never raises (a
broken file becomes a record with status `failed` and its reason) and never touches the
store, so one writer can load what any number of workers return.

A disclosure whose tables were published as a separate file (a 情况说明 with
`具体公开表样附后`) has no cells, but its narrative states the year-over-year changes the
cross-year checks need: it is kept with status `narrative-only` and its facts.
"""
from __future__ import annotations

import os
import resource
import socket
import time
from pathlib import Path

from ..errors import UnreadableFile
from ..store.record import FORMATS, DocRecord, fill


def _worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB. Linux: VmHWM, which belongs to
    the process's own address space (getrusage's ru_maxrss survives exec, so a spawned
    worker would report its parent's size); elsewhere ru_maxrss."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def process_file(path: str, digest: str, profile: str | None = None) -> DocRecord:
    """Read, recognize and check one file; every outcome is a record."""
    from ..checks import check
    from ..checks.rules import profile_for
    from ..pipeline import extract, slug

    record = DocRecord(id=digest, doc=slug(path), source=str(path), status="failed",
                       format=FORMATS.get(Path(path).suffix.lower()), worker=_worker_name())
    started = time.perf_counter()
    try:
        disclosure = extract(path)
        record.extract_s = time.perf_counter() - started
        checked = time.perf_counter()
        findings = check(disclosure, profile)
        record.check_s = time.perf_counter() - checked
        record.profile = profile or profile_for(disclosure)
        fill(record, disclosure, findings)
        # a disclosure whose tables were published as another file: its 说明 still feeds
        # the cross-year checks
        tableless = not (disclosure.tables or disclosure.unrecognized or disclosure.performance)
        record.status = "narrative-only" if tableless else "loaded"
    except UnreadableFile as error:
        record.error = error.reason
    except Exception as error:  # a reader bug is this file's failure, not the batch's
        record.error = f"{type(error).__name__}: {error}"
    if record.extract_s is None:
        record.extract_s = time.perf_counter() - started
    record.timings = {**record.timings, "extract_s": record.extract_s, "check_s": record.check_s,
                      "rss_peak_mb": round(peak_rss_mb(), 1)}
    return record


def file_digest(path: str | Path) -> str:
    """sha256 of the file's bytes: the document's id in the store."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
