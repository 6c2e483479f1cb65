"""`make bench`, batch section: documents/second and peak RSS per worker of `juesuan batch`.

Two inputs: the corpus (../shared/corpus, as it is) and N generated documents (default
1,000): the corpus PDFs (≈19 pages on average, 12–31) taken in turn, each copy given its
own bytes — a PDF comment after `%%EOF` — so that its content hash, and so its document,
is new. They are written to a temporary folder outside the project and removed after.
Each input runs with 1 and 2 local worker processes and on a 2-worker Dask LocalCluster,
into a fresh store each time. Reported: documents/s and pages/s over the whole run (start
of workers, reading, writing DuckDB, the cross-year checks), the same as ~25-page
documents/s (goal ≥ 2.8), and the peak RSS of each worker process (goal ≤ 200 MB), taken
by the worker itself (getrusage) and stored with each document it read.

    python bench/batch.py [--generated 1000] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
CONFIGS = (("local", 1, None), ("local", 2, None), ("dask", 2, "local"))
GOAL_DOCS_25_PAGES, GOAL_RSS_MB = 2.8, 200.0


def generate(count: int, folder: Path) -> list[Path]:
    sources = sorted((CORPUS / "pdf").rglob("*.pdf"))
    if not sources:
        sys.exit(f"no corpus PDFs under {CORPUS / 'pdf'}")
    folder.mkdir(parents=True, exist_ok=True)
    blobs = [(p.stem, p.read_bytes()) for p in sources]
    paths = []
    for index in range(count):
        stem, data = blobs[index % len(blobs)]
        path = folder / f"{index:05d}-{stem}.pdf"
        path.write_bytes(data + f"\n%juesuan-bench {index}\n".encode("ascii"))
        paths.append(path)
    return paths


def measure(paths: list[Path], workers: int, dask: str | None, db: Path) -> dict:
    import duckdb
    from rich.console import Console

    from juesuan.batch import run_batch

    quiet = Console(file=open(db.with_suffix(".log"), "w", encoding="utf-8"), width=120)
    started = time.perf_counter()
    result = run_batch(paths, db, workers=workers, dask=dask, console=quiet)
    seconds = time.perf_counter() - started
    con = duckdb.connect(str(db), read_only=True)
    try:
        per_worker = con.execute(
            "SELECT worker, max(CAST(json_extract(timings, '$.rss_peak_mb') AS DOUBLE)), count(*) "
            "FROM documents GROUP BY worker ORDER BY 2 DESC").fetchall()
        pages, documents, failed = con.execute(
            "SELECT sum(pages), count(*), count(*) FILTER (status = 'failed') FROM documents").fetchone()
        busy = con.execute("SELECT sum(extract_s) + sum(coalesce(check_s, 0)) FROM documents").fetchone()[0]
    finally:
        con.close()
    return {"documents": documents, "failed": failed, "pages": int(pages or 0), "seconds": seconds,
            "docs_per_s": documents / seconds, "pages_per_s": (pages or 0) / seconds,
            "docs25_per_s": (pages or 0) / 25 / seconds, "cpu_busy_s": busy,
            "workers": len(per_worker), "rss_max_mb": max(r[1] for r in per_worker),
            "rss_per_worker_mb": [round(r[1], 1) for r in per_worker], "exit": result.exit_code}


def main(argv: list[str] | None = None) -> int:
    from rich.console import Console
    from rich.table import Table

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generated", type=int, default=1000, help="how many generated documents")
    parser.add_argument("--json", type=Path, help="write the measurements here as JSON")
    args = parser.parse_args(argv)
    if not CORPUS.exists():
        sys.exit(f"corpus not found at {CORPUS}")
    from juesuan.batch.files import discover

    console = Console(width=160)
    work = Path(tempfile.mkdtemp(prefix="juesuan-bench-"))
    rows = []
    try:
        inputs = [("corpus", discover([CORPUS]))]
        if args.generated:
            inputs.append((f"generated {args.generated}", generate(args.generated, work / "generated")))
        for name, paths in inputs:
            for runner, workers, dask in CONFIGS:
                db = work / f"{name.split()[0]}-{runner}-{workers}.duckdb"
                console.print(f"… {name}: {runner}, {workers} worker(s)", highlight=False)
                rows.append({"input": name, "runner": runner if not dask else "dask LocalCluster",
                             "workers_asked": workers, **measure(paths, workers, dask, db)})
    finally:
        shutil.rmtree(work, ignore_errors=True)
    table = Table(title="juesuan batch throughput (fresh store each run; whole run timed)")
    for column in ("input", "runner", "workers", "docs", "pages", "s", "docs/s", "pages/s",
                   "25-page docs/s", "peak RSS/worker MB", "failed"):
        table.add_column(column, justify="left" if column in ("input", "runner") else "right")
    for row in rows:
        table.add_row(row["input"], row["runner"], str(row["workers_asked"]), str(row["documents"]),
                      str(row["pages"]), f"{row['seconds']:.1f}", f"{row['docs_per_s']:.2f}",
                      f"{row['pages_per_s']:.1f}", f"{row['docs25_per_s']:.2f}", f"{row['rss_max_mb']:.0f}",
                      str(row["failed"]))
    console.print(table)
    best = max(row["docs25_per_s"] for row in rows)
    worst_rss = max(row["rss_max_mb"] for row in rows)
    console.print(f"best: {best:.2f} documents of 25 pages/s (goal ≥ {GOAL_DOCS_25_PAGES}); "
                  f"peak RSS of any worker {worst_rss:.0f} MB (goal ≤ {GOAL_RSS_MB:.0f})", highlight=False)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
