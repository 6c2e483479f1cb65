"""`make bench`: extraction speed on every corpus document against the floor.

For each document: pages, the median wall time of `juesuan extract` (in process, the
pipeline's front door, every memo cache cleared before each run) over 5 runs, and — for PDFs — the median time of a bare pass
that pulls every character with its box out of the same PDF with pypdfium2 (the
least any reader that keeps positions must do), and the ratio of the two. Goal ≤ 2.
Further sections (mutation recall, batch throughput) are added by their own modules.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
RUNS = 5


def bare_pdf_pass(path: Path) -> int:
    """Every character with its box, page by page: the floor a positional reader cannot beat."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(str(path))
    count = 0
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            for char in range(textpage.count_chars()):
                textpage.get_charbox(char)
                count += 1
            textpage.close()
            page.close()
    finally:
        pdf.close()
    return count


def clear_caches() -> None:
    """Forget every bounded memo of string functions (normalize, classify, …) so that each
    timed run does not reuse the last run's answers; unbounded caches (the catalog's data
    files, loaded once per process) are kept, as a batch worker keeps them."""
    import functools
    import gc

    for item in gc.get_objects():
        if isinstance(item, functools._lru_cache_wrapper) and item.cache_parameters()["maxsize"]:
            item.cache_clear()


def median_time(function, *args) -> float:
    times = []
    for _ in range(RUNS):
        clear_caches()
        started = time.perf_counter()
        function(*args)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def documents() -> list[Path]:
    if not CORPUS.exists():
        sys.exit(f"corpus not found at {CORPUS}")
    files = sorted((CORPUS / "text").glob("*.*")) + sorted((CORPUS / "pdf").rglob("*.pdf"))
    return files


def main() -> int:
    from rich.console import Console
    from rich.table import Table

    from juesuan.errors import UnreadableFile
    from juesuan.pipeline import extract

    console = Console(width=200)
    table = Table(title="extract vs floor (median of 5 runs)")
    for column in ("document", "pages", "cells", "extract ms", "floor ms", "ratio", "ms/page", "note"):
        table.add_column(column, justify="left" if column in ("document", "note") else "right")
    ratios = []
    for path in documents():
        name = str(path.relative_to(CORPUS))
        try:
            disclosure = extract(path)
        except UnreadableFile as error:
            table.add_row(name, "-", "-", "unreadable", "", "", "", error.reason)
            continue
        except Exception as error:  # a bench reports, it does not stop
            table.add_row(name, "-", "-", "failed", "", "", "", f"{type(error).__name__}: {error}")
            continue
        cells = sum(1 for _ in disclosure.cells())
        spent = median_time(extract, path)
        floor = ratio = ""
        if path.suffix.lower() == ".pdf":
            floor_s = median_time(bare_pdf_pass, path)
            floor = f"{floor_s * 1000:.0f}"
            ratio = f"{spent / floor_s:.2f}"
            ratios.append(spent / floor_s)
        pages = disclosure.pages or 1
        table.add_row(name, str(disclosure.pages), str(cells), f"{spent * 1000:.0f}", floor, ratio,
                      f"{spent * 1000 / pages:.1f}", "")
    console.print(table)
    if ratios:
        console.print(f"PDF extract/floor ratio: median {statistics.median(ratios):.2f}, "
                      f"max {max(ratios):.2f} (goal ≤ 2)")
    from mutation import main as mutation_recall  # bench/mutation.py: typo recall of `check`

    mutation_recall([])
    return 0


if __name__ == "__main__":
    sys.exit(main())
