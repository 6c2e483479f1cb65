"""The PDF reader's developer view: what each step sees on a page, and its speed.

`python -m juesuan.ingest.pdf FILE [--page N] [--step chars|rules|tables|blocks]` prints
a page's characters, ruling lines, table frames or final blocks (pdfplumber's habit: each
step printable); `--bench N FILE…` times the reader against a bare pypdfium2 pass.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pypdfium2 as pdfium

from ..errors import UnreadableFile
from ..model import TextLine
from .pdf import open_pdf, page_blocks, read_pdf
from .pdf_lines import group_lines
from .pdf_page import read_page
from .pdf_tables import find_lattices


def _print_page(pdf, index: int, step: str, out) -> None:
    page = read_page(pdf, index)
    out.write(f"== page {page.number} ({page.width:.0f}x{page.height:.0f}, rotate {page.rotation}): "
              f"{len(page.chars)} chars, {len(page.rules)} ruling pieces, {page.images} images\n")
    if step == "chars":
        for line in group_lines(page.chars):
            out.write(" ".join(f"{c[4]}@{c[0]:.0f},{c[1]:.0f}" for c in line) + "\n")
        return
    if step == "rules":
        from .pdf_tables import merge_rules

        horizontal, vertical = merge_rules(page.rules)
        for line in horizontal:
            out.write(f"H y={line.at:.1f} x={line.a:.1f}..{line.b:.1f}\n")
        for line in vertical:
            out.write(f"V x={line.at:.1f} y={line.a:.1f}..{line.b:.1f}\n")
        return
    if step == "tables":
        for lattice in find_lattices(page.rules):
            box = ", ".join(f"{v:.0f}" for v in lattice.bbox)
            out.write(f"table ({box}): {len(lattice.ys) - 1} rows x {len(lattice.xs) - 1} cols, "
                      f"{len(lattice.spans)} cells\n")
            out.write("  cols " + " ".join(f"{x:.0f}" for x in lattice.xs) + "\n")
            out.write("  rows " + " ".join(f"{y:.0f}" for y in lattice.ys) + "\n")
        return
    for block in page_blocks(page):
        if isinstance(block, TextLine):
            out.write(f"L{block.where.line:<3} {block.text}\n")
        else:
            box = ", ".join(f"{v:.0f}" for v in block.where.bbox or ())
            out.write(f"GRID ({box}) {len(block.rows)} rows\n")
            for row in block.rows:
                out.write("  | " + " | ".join(cell.text for cell in row) + " |\n")


def bare_pass(path: Path) -> int:
    """The yardstick of the reader's speed: pypdfium2 pulling every character with its box
    and nothing else. Returns the page count."""
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            count = textpage.count_chars()
            if count:
                textpage.get_text_range(0, count)
            for char in range(count):
                textpage.get_charbox(char, loose=True)
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def bench(paths: list[Path], repeat: int, out) -> None:
    """CPU ms/page of read_pdf against bare_pass, best of `repeat` runs each (alternating)."""
    import time

    for path in paths:
        best = {"bare": float("inf"), "reader": float("inf")}
        pages = 0
        for _ in range(repeat):
            for name, run in (("bare", bare_pass), ("reader", read_pdf)):
                started = time.process_time()  # CPU time: other processes on the machine don't count
                result = run(path)
                best[name] = min(best[name], time.process_time() - started)
                pages = result if isinstance(result, int) else result.pages
        bare, reader = (best[k] * 1000 / max(pages, 1) for k in ("bare", "reader"))
        out.write(f"{path.name}: {pages} pages, bare {bare:.2f} ms/page, reader {reader:.2f} ms/page, "
                  f"ratio {reader / bare:.2f}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m juesuan.ingest.pdf",
                                     description="Print what the PDF reader sees on a page, step by step.")
    parser.add_argument("file", type=Path, nargs="+")
    parser.add_argument("--page", type=int, action="append", help="1-based page number (repeatable; default: all)")
    parser.add_argument("--step", choices=["chars", "rules", "tables", "blocks"], default="blocks")
    parser.add_argument("--bench", type=int, metavar="N", default=0,
                        help="time the reader against a bare pypdfium2 pass (best of N) instead")
    args = parser.parse_args(argv)
    out = sys.stdout
    if hasattr(out, "reconfigure"):
        out.reconfigure(encoding="utf-8")
    if args.bench:
        bench(args.file, args.bench, out)
        return 0
    if len(args.file) > 1:
        print("error: give one file (or --bench)", file=sys.stderr)
        return 2
    args.file = args.file[0]
    try:
        pdf = open_pdf(args.file)
    except UnreadableFile as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    try:
        pages = args.page or list(range(1, len(pdf) + 1))
        for number in pages:
            if not 1 <= number <= len(pdf):
                print(f"error: page {number} out of range 1..{len(pdf)}", file=sys.stderr)
                return 2
            _print_page(pdf, number - 1, args.step, out)
    finally:
        pdf.close()
    return 0
