"""Uploads: saved by content hash, sniffed by content, read in a worker process, written
by one writer thread.

A file never lands under the name the client sent: it is streamed to a temporary name,
hashed while it streams, checked (size, format by its bytes — ingest/sniff.py — and the
zip-bomb guard for DOCX/XLSX) and renamed to `<sha256>.<format>`. The client's name is
kept only as the label (`doc`, a slug) shown on the pages, escaped like all text.

Reading a disclosure costs up to seconds of CPU, so it runs in a process pool
(`batch.work.process_file`, the function `juesuan batch` runs) and the server keeps
answering. One writer thread commits each record (store.load.write: one document, one
transaction) and, when the queue is empty, reruns the cross-document checks. The same
content uploaded twice — even at the same moment — is read and stored once.
"""
from __future__ import annotations

import concurrent.futures as cf
import hashlib
import logging
import multiprocessing
import os
import queue
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import UnreadableFile
from ..ingest.sniff import sniff_format
from ..ingest.zipguard import check_zip
from ..pipeline import slug
from .data import Data

log = logging.getLogger("juesuan.web")
SUFFIX = {"pdf": ".pdf", "docx": ".docx", "xlsx": ".xlsx", "html": ".html", "markdown": ".md", "text": ".txt"}
_NAME_HINTS = {".md": ".md", ".markdown": ".md"}  # the one format a name may decide (sniff: text vs Markdown)


class Rejected(Exception):
    """An upload refused before reading: `status` is the HTTP status to answer with."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass
class Job:
    id: str
    name: str
    doc: str
    format: str
    status: str = "queued"  # queued | loaded | narrative-only | failed
    error: str | None = None
    done: threading.Event = field(default_factory=threading.Event)


def _label(name: str | None) -> str:
    """The client's file name as a display label: its last part, printable, bounded."""
    base = (name or "upload").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable())[:200]
    return base or "upload"


def save_upload(stream: BinaryIO, name: str | None, folder: Path, max_bytes: int) -> tuple[str, Path, str]:
    """Copy an uploaded stream into `folder` by content hash: (sha256, path, format)."""
    incoming = folder / "incoming"
    incoming.mkdir(parents=True, exist_ok=True)
    hint = _NAME_HINTS.get(Path(_label(name)).suffix.lower(), "")
    temp = incoming / f"{uuid.uuid4().hex}{hint}"
    digest = hashlib.sha256()
    size = 0
    try:
        with temp.open("wb") as out:
            while True:
                block = stream.read(1 << 20)
                if not block:
                    break
                size += len(block)
                if size > max_bytes:
                    raise Rejected(413, f"file larger than the upload limit ({max_bytes // (1024 * 1024)} MB)")
                digest.update(block)
                out.write(block)
        if size == 0:
            raise Rejected(415, "empty file")
        try:
            fmt = sniff_format(temp)
            if fmt in ("docx", "xlsx"):
                check_zip(temp)
        except UnreadableFile as error:
            raise Rejected(415, error.reason) from None
        sha = digest.hexdigest()
        final = folder / f"{sha}{SUFFIX[fmt]}"
        if final.exists():
            temp.unlink()
        else:
            os.replace(temp, final)
        return sha, final, fmt
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _work(path: str, digest: str):
    """In a worker process: the record `juesuan batch` would write for this file."""
    from ..batch.work import process_file

    return process_file(path, digest)


def _reread(path: str) -> dict:
    from .reread import reread

    return reread(path)


class Processor:
    """The pool that reads uploads, the writer that stores them, and the jobs in flight."""

    def __init__(self, data: Data, workers: int = 1, work=None):
        self.data = data
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._workers = max(1, workers)
        self._work = work or _work
        self._pool = self._new_pool()
        self._reader: cf.ProcessPoolExecutor | None = None  # rereads: apart, so a page never waits for uploads
        self._queue: queue.Queue = queue.Queue()
        self._writer = threading.Thread(target=self._write_loop, name="juesuan-writer", daemon=True)
        self._writer.start()

    def close(self) -> None:
        self._queue.put(None)
        self._writer.join(timeout=10)
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._reader is not None:
            self._reader.shutdown(wait=False, cancel_futures=True)

    def submit(self, sha: str, path: Path, fmt: str, name: str | None) -> tuple[Job, bool]:
        """(job, new): an id already stored or in flight is not read again."""
        label = _label(name)
        with self._lock:
            job = self.jobs.get(sha)
            if job is not None and not (job.status == "failed" and job.done.is_set() and not self.data.has(sha)):
                return job, False  # in flight, or stored (a crash left nothing stored: that one is read again)
            job = Job(id=sha, name=label, doc=slug(label), format=fmt)
            if self.data.has(sha):
                job.status = self.data.document(sha)["status"]
                job.done.set()
                self.jobs[sha] = job
                return job, False
            self.jobs[sha] = job
        future = self._submit(self._work, str(path), sha)
        future.add_done_callback(lambda f, job=job: self._queue.put((job, f)))
        return job, True

    def reread(self, path: Path, timeout: float = 120.0) -> dict:
        with self._lock:
            if self._reader is None:
                self._reader = cf.ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
            reader = self._reader
        try:
            return reader.submit(_reread, str(path)).result(timeout=timeout)
        except cf.process.BrokenProcessPool:
            with self._lock:
                self._reader = None
            raise

    def _new_pool(self) -> cf.ProcessPoolExecutor:
        # spawn, not fork: the server process holds DuckDB and uvicorn threads
        return cf.ProcessPoolExecutor(max_workers=self._workers, mp_context=multiprocessing.get_context("spawn"))

    def _submit(self, function, *args) -> cf.Future:
        """Submit to the pool; a pool broken by a worker that died (a reader crash) is replaced."""
        with self._lock:
            try:
                return self._pool.submit(function, *args)
            except cf.process.BrokenProcessPool:
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
                return self._pool.submit(function, *args)

    def idle(self) -> bool:
        return all(job.done.is_set() for job in list(self.jobs.values()))

    def _write_loop(self) -> None:
        from ..store import corpus
        from ..store.load import write

        dirty = False
        while True:
            try:
                item = self._queue.get(timeout=0.2)
            except queue.Empty:
                if dirty:
                    dirty = False
                    with self.data.cursor() as cur:
                        try:
                            corpus.run_cross_checks(cur)
                        except Exception:  # a cross-check bug must not stop the writer
                            log.exception("cross-document checks failed")
                continue
            if item is None:
                return
            job, future = item
            try:
                record = future.result()
                record.doc = job.doc
                record.source = f"upload:{job.name}"
                with self.data.cursor() as cur:
                    write(cur, record)
                job.status, job.error = record.status, record.error
                dirty = True
            except Exception as error:  # the pool died or the write failed: the job says so
                job.status, job.error = "failed", f"{type(error).__name__}: {error}"
            finally:
                job.done.set()


def stored_file(folder: Path, doc: dict) -> Path | None:
    """The bytes a stored document was read from: the upload by hash, else the batch's path."""
    for suffix in SUFFIX.values():
        candidate = folder / f"{doc['id']}{suffix}"
        if candidate.exists():
            return candidate
    source = doc.get("source") or ""
    if source and not source.startswith("upload:"):
        path = Path(source)
        if path.is_file():
            return path
    return None

