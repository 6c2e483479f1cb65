"""PDF with a text layer → Document: running text as lines, tables as Grids.

Built on pypdfium2 (Apache-2.0/BSD) character boxes and path objects; no generic table
detector (they cost 10–30x the text itself: this reader stays within 2x of a bare
pypdfium2 pass, `--bench`). The steps, each printable with
`python -m juesuan.ingest.pdf FILE --page N [--step chars|rules|tables|blocks]`:

1. `pdf_page.read_page`: characters with loose boxes and ruling lines, in display space
   (a `/Rotate`d page reads as a viewer shows it; a page whose content is turned so that
   its text runs up or down is turned back; text placed off the page is dropped).
2. `pdf_tables.find_lattices`: ruling lines joined into table frames and cells.
3. here: characters inside a frame fill its cells by geometry (`pdf_lines.cell_text`),
   so amounts printed below their labels and wrapped labels stay in their row; a title
   or `单位：万元` drawn as a frame's first row is lifted out as a TextLine.
4. `pdf_stream.stream_blocks`: the other characters form visual lines; runs of lines whose
   segments align in columns and carry amounts become Grids (tables without rulings).

Lines and grids are emitted top to bottom, so a table's title (`收入支出决算总表`) and its
`单位：万元` line come out as TextLines before its Grid. A table continued on the next
page is simply the next Grid: recognize/segment.py keeps it in the open region; side by
side panels are columns of one Grid.

Refusals (errors.UnreadableFile): a password-protected file, a file PDFium cannot
parse, and a file with no text at all (a scan: OCR is not supported). A scanned page
inside a text PDF is a warning.
"""
from __future__ import annotations

import sys
from bisect import bisect_right
from pathlib import Path

import pypdfium2 as pdfium

from ..errors import UnreadableFile
from ..model import Block, Document, TextLine, Where
from .pdf_grid import frame_grid, slot_owner
from .pdf_lines import group_lines
from .pdf_page import Char, PageData, read_page
from .pdf_stream import stream_blocks
from .pdf_tables import find_lattices

_PASSWORD_ERROR = 4
_FORMAT_ERRORS = {2, 3}  # file, format


def open_pdf(path: Path) -> "pdfium.PdfDocument":
    """Open with PDFium, turning its error codes into reasons a user can act on."""
    try:
        return pdfium.PdfDocument(str(path))
    except FileNotFoundError as error:
        raise UnreadableFile(path, "no such file") from error
    except OSError as error:  # a folder, no permission
        raise UnreadableFile(path, f"cannot be opened ({error.strerror or type(error).__name__})") from error
    except pdfium.PdfiumError as error:
        code = getattr(error, "err_code", None)
        if code == _PASSWORD_ERROR:
            raise UnreadableFile(path, "encrypted PDF: a password is needed to open it") from error
        if code in _FORMAT_ERRORS:
            raise UnreadableFile(path, "corrupt PDF: PDFium cannot parse it") from error
        raise UnreadableFile(path, f"PDF cannot be opened ({error})") from error


def read_pdf(path: Path) -> Document:
    """Every page's blocks in reading order; Document.pages is the PDF's page count."""
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
        owner = slot_owner(lattice)
        frames.append((xs[0] - 1, ys[0] - 1, xs[-1] + 1, ys[-1] + 1, xs, ys, len(xs) - 2, len(ys) - 2,
                       owner, [[] for _ in lattice.spans]))
    outside: list[Char] = []
    width, height = page.width + 1, page.height + 1
    if not frames:  # no ruled table on the page: only characters placed off it are dropped
        outside = [char for char in page.chars
                   if not ((char[0] + char[2]) * 0.5 < -1 or (char[1] + char[3]) * 0.5 < -1
                           or (char[0] + char[2]) * 0.5 > width or (char[1] + char[3]) * 0.5 > height)]
    elif len(frames) == 1:  # one frame (most table pages): the loop below, unpacked once
        x0, y0, x1, y1, xs, ys, last_col, last_row, owner, buckets = frames[0]
        columns = last_col + 1
        append = outside.append
        for char in page.chars:
            x, y = (char[0] + char[2]) * 0.5, (char[1] + char[3]) * 0.5
            if x < -1 or y < -1 or x > width or y > height:
                continue
            if x0 <= x <= x1 and y0 <= y <= y1:
                col = bisect_right(xs, x) - 1
                row = bisect_right(ys, y) - 1
                col = 0 if col < 0 else (last_col if col > last_col else col)
                row = 0 if row < 0 else (last_row if row > last_row else row)
                buckets[owner[row * columns + col]].append(char)
            else:
                append(char)
    for char in page.chars if len(frames) > 1 else ():  # hot loop: one pass over the page's characters
        x, y = (char[0] + char[2]) * 0.5, (char[1] + char[3]) * 0.5
        if x < -1 or y < -1 or x > width or y > height:
            continue  # placed off the page (spreadsheet exports hide copies there): a viewer shows none
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
        lifted, grid = frame_grid(page.number, lattice, frame[-1])
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


def main(argv: list[str] | None = None) -> int:
    """`python -m juesuan.ingest.pdf`: the developer view (pdf_debug)."""
    from .pdf_debug import main as debug_main

    return debug_main(argv)


if __name__ == "__main__":  # pragma: no cover - developer entry
    sys.exit(main())
