"""batch: many files → one store. `run_batch` is the front door (`juesuan batch`).

1. list every supported file under the paths and hash each (the hash is the document id);
2. skip ids the store already holds (resumable), read the rest in parallel — a local
   process pool, or Dask (`dask="local"` or a scheduler address);
3. the one writer commits documents as they arrive — each whole, in one transaction
   (up to 16 arriving within a second share one) — so a run killed at any moment keeps
   every document it committed, holds none in part, and a rerun completes the rest;
4. run the cross-document checks (YOY-…) over the whole store;
5. report: a Rich progress bar while running, a summary table at the end.

Exit code (`BatchResult.exit_code`): 0 every file loaded, 4 some file failed.
"""
from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn,
                           TimeRemainingColumn)
from rich.text import Text

EXIT_ALL_LOADED, EXIT_PARTIAL = 0, 4
# Documents arriving together are committed together (each whole, never split): DuckDB
# pays per statement, and a kill costs at most this much reading again on the rerun.
GROUP_DOCUMENTS, GROUP_SECONDS = 16, 1.0


@dataclass
class BatchResult:
    files: int = 0
    skipped: int = 0          # already in the store
    duplicates: int = 0       # same content as another file of this run
    read: int = 0             # read in this run
    statuses: dict[str, int] = field(default_factory=dict)  # over every file of this run
    failures: list[tuple[str, str]] = field(default_factory=list)
    cells: int = 0
    findings: int = 0
    corpus_findings: int = 0
    seconds: float = 0.0
    pages: int = 0

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.statuses.get("failed") else EXIT_ALL_LOADED


class _RateColumn(ProgressColumn):
    """Files per second since the start (Rich's own speed column is for bytes)."""

    def render(self, task) -> Text:
        elapsed = task.elapsed or 0
        rate = task.completed / elapsed if elapsed > 0 else 0.0
        return Text(f"{rate:5.1f} files/s", style="cyan")


def run_batch(paths: list[Path], db: str | Path, workers: int = 2, dask: str | None = None,
              retry_failed: bool = False, log: Path | None = None, profile: str | None = None,
              cross: bool = True, console: Console | None = None) -> BatchResult:
    from ..store import corpus
    from ..store.load import connect, failed_ids, loaded_ids, write_many
    from .files import discover
    from .runners import run_dask, run_local
    from .work import file_digest

    console = console or Console(stderr=True)
    started = time.perf_counter()
    result = BatchResult()
    files = discover(paths)
    result.files = len(files)
    digests: dict[str, str] = {}
    jobs: list[tuple[str, str]] = []
    con = connect(db)
    try:
        present = loaded_ids(con)
        if retry_failed:
            present -= failed_ids(con)
        seen: set[str] = set()
        for path in files:
            digest = file_digest(path)
            if digest in seen:
                result.duplicates += 1
            elif digest in present:
                result.skipped += 1
            else:
                jobs.append((str(path), digest))
            seen.add(digest)
            digests[str(path)] = digest
        log_handle = log.open("a", encoding="utf-8") if log else None
        progress = Progress(TextColumn("[bold]batch[/bold]"), BarColumn(), MofNCompleteColumn(), _RateColumn(),
                            TimeRemainingColumn(), TextColumn("failed [red]{task.fields[failed]}[/red]"),
                            console=console, transient=False)
        runner = run_dask(jobs, dask, workers, profile) if dask else run_local(jobs, workers, profile)
        failed = 0
        buffer: list = []
        oldest = 0.0

        def commit() -> None:
            """Write the buffered documents — whole, in one transaction — then log them."""
            write_many(con, buffer, replace=retry_failed)
            if log_handle:
                for record in buffer:
                    log_handle.write(json.dumps({"id": record.id, "source": record.source,
                                                 "status": record.status, "cells": record.n_cells},
                                                ensure_ascii=False) + "\n")
                log_handle.flush()
            buffer.clear()

        with progress:
            task = progress.add_task("batch", total=len(jobs), failed=0)
            for record in runner:
                if not buffer:
                    oldest = time.perf_counter()
                buffer.append(record)
                if len(buffer) >= GROUP_DOCUMENTS or time.perf_counter() - oldest >= GROUP_SECONDS:
                    commit()
                result.read += 1
                result.pages += record.pages or 0
                failed += record.status == "failed"
                progress.update(task, advance=1, failed=failed)
            commit()
        if log_handle:
            log_handle.close()
        if cross:
            result.corpus_findings = corpus.run_cross_checks(con)
        _summarize(con, result, sorted(set(digests.values())))
    finally:
        con.close()
    result.seconds = time.perf_counter() - started
    return result


def _summarize(con, result: BatchResult, ids: list[str]) -> None:
    if not ids:
        return
    rows = con.execute("SELECT status, count(*), sum(n_cells), sum(n_findings) FROM documents "
                       "WHERE list_contains(?, id) GROUP BY status", [ids]).fetchall()
    for status, count, cells, findings in rows:
        result.statuses[status] = int(count)
        result.cells += int(cells or 0)
        result.findings += int(findings or 0)
    result.failures = [(source, error) for source, error in con.execute(
        "SELECT source, error FROM documents WHERE status = 'failed' AND list_contains(?, id) "
        "ORDER BY source", [ids]).fetchall()]


def print_summary(result: BatchResult, console: Console, db: str | Path) -> None:
    from rich.table import Table

    table = Table(title=f"batch → {db}", show_header=True)
    table.add_column("")
    table.add_column("", justify="right")
    rate = result.read / result.seconds if result.seconds else 0.0
    rows = [("files found", result.files), ("already in the store (skipped)", result.skipped),
            ("duplicates of another file", result.duplicates), ("read in this run", result.read)]
    rows += [(f"status {status}", count) for status, count in sorted(result.statuses.items())]
    rows += [("cells", result.cells), ("findings (per document)", result.findings),
             ("cross-document findings (whole store)", result.corpus_findings),
             ("seconds", f"{result.seconds:.1f}"), ("documents/s (read in this run)", f"{rate:.2f}")]
    for name, value in rows:
        table.add_row(name, str(value))
    console.print(table)
    for source, error in result.failures:
        console.print(f"[red]failed[/red] {source}: {error}", highlight=False)


__all__ = ["BatchResult", "EXIT_ALL_LOADED", "EXIT_PARTIAL", "print_summary", "run_batch"]
