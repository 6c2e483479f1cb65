"""A ruled frame and the characters in its cells → a Grid (and lifted title lines).

Step three of the PDF reader. Text is placed by cell geometry, never by baseline; a cell's
lines are joined (`pdf_lines.cell_text`). Two layouts need more than that: a title or
`单位：万元` drawn as the frame's full-width first row is lifted out as a TextLine, and a
frame with no lines between its data rows (one tall cell per column holding a column of
amounts) is cut into rows where the cells' text lines sit side by side.
"""
from __future__ import annotations

import re

from ..model import Grid, GridCell, TextLine, Where
from .pdf_lines import cell_text, group_lines, line_text
from .pdf_page import Char
from .pdf_tables import Lattice


def slot_owner(lattice: Lattice) -> list[int]:
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


def frame_grid(page: int, lattice: Lattice, texts: list[list[Char]]) -> tuple[list[TextLine], Grid | None]:
    """The frame as a Grid: a printed cell's text in its top-left slot with the cell's box,
    covered and empty slots empty (with the page only); rows with no text at all (spacer
    rows, blank template rows) are left out. A title or `单位：万元` line printed as the
    frame's full-width first row comes out as a TextLine before the grid, as it would
    outside the frame, so that recognize/segment.py finds it."""
    if not any(texts):
        return [], None
    xs, ys = lattice.xs, lattice.ys
    cols = len(xs) - 1
    by_row: dict[int, list[tuple[tuple[int, int, int, int], list[Char]]]] = {}
    for span, chars in zip(lattice.spans, texts):
        if chars:
            by_row.setdefault(span[0], []).append((span, chars))
    out: list[list[tuple[int, str, tuple]]] = []  # rows of (first column, text, box)
    widths: list[bool] = []
    for r in sorted(by_row):
        for row in _split_rows(by_row[r], xs, ys):
            out.append(row)
            widths.append(len(row) == 1 and row[0][2][0] <= xs[0] + 0.5 and row[0][2][2] >= xs[-1] - 0.5)
    lifted: list[TextLine] = []
    while len(out) > 1 and widths[0] and _TITLE_LIKE.search(out[0][0][1].strip()):
        _, text, box = out.pop(0)[0]
        widths.pop(0)
        lifted.append(TextLine(text, Where(page=page, bbox=box)))
    rows: list[list[GridCell]] = []
    blank = Where(page=page)  # an empty slot: the page is enough (and a Where per slot costs)
    for entries in out:
        row = [GridCell("", blank) for _ in range(cols)]
        for c0, text, box in entries:
            row[c0] = GridCell(text, Where(page=page, bbox=box))
        rows.append(row)
    top = out[0][0][2][1] if lifted else ys[0]
    return lifted, Grid(rows=rows, where=Where(page=page, bbox=(xs[0], top, xs[-1], ys[-1])))


def _tall(chars: list[Char]) -> bool:
    """Text on two lines or more (a cheap test before grouping a cell's text into lines)."""
    if len(chars) < 3:
        return False
    top = chars[0][1]
    height = chars[0][3] - top
    for char in chars:
        if char[1] - top > height or top - char[1] > height:
            return True
    return False


_AMOUNT_LINE = re.compile(r"^[-+]?[\d,]*\d\.\d+$")


def _split_rows(entries, xs: list[float], ys: list[float]) -> list[list[tuple[int, str, tuple]]]:
    """The printed cells starting in one lattice row, as one grid row — or several, when the
    frame draws no lines between its data rows: then a cell holds a column of amounts, one
    per text line, and the rows are the bands where the cells' lines sit side by side. A
    band holding only the second line of a wrapped label (no amount, no cell of its own)
    belongs to the band above."""
    whole = [(span[1], cell_text(chars), (xs[span[1]], ys[span[0]], xs[span[3] + 1], ys[span[2] + 1]))
             for span, chars in entries]
    if not any(span[0] == span[2] and _tall(chars) for span, chars in entries):
        return [whole]  # the common case: no cell holds three lines or more
    singles = [(span, group_lines(chars)) for span, chars in entries if span[0] == span[2]]
    if not any(len(lines) >= 3 and all(_AMOUNT_LINE.match(line_text(l, True)) for l in lines)
               for _, lines in singles):
        return [whole]
    placed = sorted(((line[0][1] + line[-1][3]) / 2, min(c[1] for c in line), max(c[3] for c in line), span, line)
                    for span, lines in singles for line in lines)
    bands: list[list] = []  # [top, bottom, {span: chars}]
    for _, top, bottom, span, line in placed:
        if bands and min(bottom, bands[-1][1]) - max(top, bands[-1][0]) >= 0.3 * (bottom - top):
            band = bands[-1]
            band[0], band[1] = min(band[0], top), max(band[1], bottom)
        else:
            band = [top, bottom, {}]
            bands.append(band)
        band[2].setdefault(span, []).extend(line)
    merged: list[list] = []
    for band in bands:
        cells = band[2]
        if merged and all(span in merged[-1][2] for span in cells) and not any(
                _AMOUNT_LINE.match(cell_text(chars)) for chars in cells.values()):
            for span, chars in cells.items():  # a wrapped label's next line
                merged[-1][2][span].extend(chars)
            merged[-1][1] = max(merged[-1][1], band[1])
            continue
        merged.append(band)
    rows = [[(span[1], cell_text(chars), (xs[span[1]], top, xs[span[3] + 1], bottom))
             for span, chars in sorted(cells.items())] for top, bottom, cells in merged]
    tall = [(c0, text, box) for (c0, text, box), (span, _) in zip(whole, entries) if span[0] != span[2]]
    if tall:  # cells spanning several lattice rows keep their text on the first grid row
        rows[0] = sorted(rows[0] + tall)
    return rows
