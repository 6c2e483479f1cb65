"""PDF with a text layer → Document: running text as lines, ruled tables as Grids.

Built on pypdfium2 (Apache-2.0/BSD) character boxes and path objects; no generic table
detector (they cost 10–30x the text itself). The steps, each printable with
`python -m juesuan.ingest.pdf FILE --page N [--step chars|rules|tables|blocks]`:

1. `pdf_page.read_page`: characters with loose boxes and ruling lines, in display space
   (a `/Rotate`d page reads as a viewer shows it).
2. `pdf_tables.find_lattices`: ruling lines joined into table frames and cells.
3. here: characters inside a frame fill its cells (`pdf_lines.cell_text`); the rest form
   visual lines; lines and grids are emitted top to bottom, so a table's title
   (`收入支出决算总表`) and its `单位：万元` line come out as TextLines before its Grid.
   A table continued on the next page is simply the next Grid: recognize/segment.py
   keeps it in the open region.

Refusals (errors.UnreadableFile): a password-protected file, a file PDFium cannot
parse, and a file with no text at all (a scan: OCR is not supported).
"""
from __future__ import annotations

import argparse
import re
import sys
from bisect import bisect_right
from pathlib import Path

import pypdfium2 as pdfium

from ..errors import UnreadableFile
from ..model import Block, Document, Grid, GridCell, TextLine, Where
from .pdf_lines import cell_text, group_lines
from .pdf_page import Char, PageData, read_page
from .pdf_stream import stream_blocks
from .pdf_tables import Lattice, find_lattices

_PASSWORD_ERROR = 4
_FORMAT_ERRORS = {2, 3}  # file, format


def open_pdf(path: Path) -> "pdfium.PdfDocument":
    """Open with PDFium, turning its error codes into reasons a user can act on."""
    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == _PASSWORD_ERROR:
            raise UnreadableFile(path, "encrypted PDF: a password is needed to open it") from error
        if code in _FORMAT_ERRORS:
            raise UnreadableFile(path, "corrupt PDF: PDFium cannot parse it") from error
        raise UnreadableFile(path, f"PDF cannot be opened ({error})") from error


def read_pdf(path: Path) -> Document:
    path = Path(path)
    pdf = open_pdf(path)
    try:
        pages = len(pdf)
        blocks: list[Block] = []
        warnings: list[str] = []
        chars = images = 0
        for index in range(pages):
            try:
                page = read_page(pdf, index)
            except pdfium.PdfiumError as error:
                raise UnreadableFile(path, f"corrupt PDF: page {index + 1} cannot be read ({error})") from error
            chars += len(page.chars)
            images += page.images
            if not page.chars and page.images:
                warnings.append(f"page {page.number}: no text layer (a scanned image?): not read")
            blocks.extend(page_blocks(page))
    finally:
        pdf.close()
    if pages == 0:
        raise UnreadableFile(path, "corrupt PDF: it has no pages")
    if chars == 0:
        what = "scanned: images only" if images else "blank pages only"
        raise UnreadableFile(path, f"no text layer ({what}; OCR is not supported)")
    return Document(source=str(path), format="pdf", pages=pages, blocks=blocks, warnings=warnings)


def page_blocks(page: PageData) -> list[Block]:
    """One page's TextLines and Grids in reading order (top to bottom)."""
    lattices = find_lattices(page.rules)
    frames = []
    for lattice in lattices:
        xs, ys = lattice.xs, lattice.ys
        owner = _slot_owner(lattice)
        frames.append((xs[0] - 1, ys[0] - 1, xs[-1] + 1, ys[-1] + 1, xs, ys, len(xs) - 2, len(ys) - 2,
                       owner, [[] for _ in lattice.spans]))
    outside: list[Char] = []
    for char in page.chars:  # hot loop: one pass over the page's characters
        x, y = (char[0] + char[2]) * 0.5, (char[1] + char[3]) * 0.5
        for x0, y0, x1, y1, xs, ys, last_col, last_row, owner, buckets in frames:
            if x0 <= x <= x1 and y0 <= y <= y1:
                col = bisect_right(xs, x) - 1
                row = bisect_right(ys, y) - 1
                col = 0 if col < 0 else (last_col if col > last_col else col)
                row = 0 if row < 0 else (last_row if row > last_row else row)
                buckets[owner[row * (last_col + 1) + col]].append(char)
                break
        else:
            outside.append(char)
    placed: list[tuple[float, int, Block]] = []
    for lattice, frame in zip(lattices, frames):
        lifted, grid = _grid(page.number, lattice, frame[-1])
        for line in lifted:
            placed.append((line.where.bbox[1], 0, line))  # type: ignore[index]
        if grid is not None:  # a frame with no text at all has nothing to read
            placed.append((grid.where.bbox[1], 1, grid))  # type: ignore[index]
    for top, block in stream_blocks(group_lines(outside), page.number):
        placed.append((top, 0 if isinstance(block, TextLine) else 1, block))
    placed.sort(key=lambda item: (item[0], item[1]))
    blocks: list[Block] = []
    number = 0
    for _, _, block in placed:
        if isinstance(block, TextLine):
            number += 1
            block.where = Where(page=page.number, line=number, bbox=block.where.bbox)
        blocks.append(block)
    return blocks


def _slot_owner(lattice: Lattice) -> list[int]:
    """For each atomic slot (row-major), the index of the printed cell covering it."""
    cols = len(lattice.xs) - 1
    owner = [0] * ((len(lattice.ys) - 1) * cols)
    for index, (r0, c0, r1, c1) in enumerate(lattice.spans):
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                owner[r * cols + c] = index
    return owner


# a title, a printed table number or a header statement drawn inside the frame's top row
_TITLE_LIKE = re.compile(r"表\s*(?:[（(]续(?:表)?[)）])?$|单位\s*[:：]|^(?:部门|单位)(?:名称)?\s*[:：]"
                         r"|公开\s*\d{1,2}\s*表|^(?:附)?表\s*\d")


def _grid(page: int, lattice: Lattice, texts: list[list[Char]]) -> tuple[list[TextLine], Grid | None]:
    """The frame as a Grid: a printed cell's text in its top-left slot with the cell's box,
    covered and empty slots empty (with the page only); rows with no text at all (spacer
    rows, blank template rows) are left out. A title or `单位：万元` line printed as the
    frame's full-width first row comes out as a TextLine before the grid, as it would
    outside the frame, so that recognize/segment.py finds it."""
    if not any(texts):
        return [], None
    xs, ys = lattice.xs, lattice.ys
    cols = len(xs) - 1
    filled: dict[int, list[tuple[int, str, tuple]]] = {}
    full_width: dict[int, bool] = {}
    for (r0, c0, r1, c1), chars in zip(lattice.spans, texts):
        if chars:
            filled.setdefault(r0, []).append((c0, cell_text(chars), (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])))
            full_width[r0] = c0 == 0 and c1 == cols - 1
    order = sorted(filled)
    lifted: list[TextLine] = []
    while len(order) > 1 and len(filled[order[0]]) == 1 and full_width[order[0]]:
        _, text, box = filled[order[0]][0]
        if not _TITLE_LIKE.search(text.strip()):
            break
        lifted.append(TextLine(text, Where(page=page, bbox=box)))
        order.pop(0)
    if not order:
        return lifted, None
    rows: list[list[GridCell]] = []
    blank = Where(page=page)  # an empty slot: the page is enough (and a Where per slot costs)
    for r in order:
        row = [GridCell("", blank) for _ in range(cols)]
        for c0, text, box in filled[r]:
            row[c0] = GridCell(text, Where(page=page, bbox=box))
        rows.append(row)
    top = ys[order[0]] if lifted else ys[0]
    return lifted, Grid(rows=rows, where=Where(page=page, bbox=(xs[0], top, xs[-1], ys[-1])))


# ---------------------------------------------------------------- debug view

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


if __name__ == "__main__":  # pragma: no cover - developer entry
    sys.exit(main())
