"""Unruled tables: columns from the x-alignment of text across lines.

The fallback for tables printed without cell borders (or with horizontal rules only),
applied to the lines left outside ruled frames. A line breaks into segments at gaps
wider than a character or two; a run of at least three lines with two or more segments,
most of which carry a number, is a table. Its columns are the x-bands where segments of
its numeric rows overlap; every segment goes to the band it overlaps most. A line with
numbers only that sits less than a line below the previous row and fills its empty
columns is that row's amounts (printed lower than the label); a one-segment line right
under a row whose cell in that column is filled continues that cell (a wrapped label).

Conservative on purpose: running text has no wide gaps, and a header line such as
`部门：…  单位：万元` alone is never a table.
"""
from __future__ import annotations

import re

from ..model import Block, Grid, GridCell, TextLine, Where
from .pdf_lines import bbox, cell_text, line_text
from .pdf_page import Char

_GAP = 1.6  # a gap wider than this many character heights separates two segments
_MIN_ROWS = 3
_NUMBER = re.compile(r"^[-+(（]?[\d,，]*\d(?:\.\d+)?[)）%]?$|^[-—–]+$")

Segment = tuple[float, float, list[Char]]


def segments(line: list[Char]) -> list[Segment]:
    out: list[Segment] = []
    current = [line[0]]
    previous = line[0]
    for char in line[1:]:
        height = char[3] - char[1]
        if char[0] - previous[2] > _GAP * (height if height > 1.0 else 1.0):
            out.append((current[0][0], previous[2], current))
            current = [char]
        else:
            current.append(char)
        previous = char
    out.append((current[0][0], previous[2], current))
    return out


def _text(segment: Segment) -> str:
    return line_text(segment[2], tight_cjk=True)


def _numeric(segment: Segment) -> bool:
    return bool(_NUMBER.match(_text(segment).replace(" ", "")))


def _amount(segment: Segment) -> bool:
    """A number with decimals or thousands separators: an amount, not a page number."""
    text = _text(segment)
    return _numeric(segment) and ("." in text or "," in text)


def stream_blocks(lines: list[list[Char]], page: int) -> list[tuple[float, Block]]:
    """The lines of a page as (top, block): TextLines, and Grids where columns align."""
    split = [segments(line) for line in lines]
    boxes = [bbox(line) for line in lines]
    out: list[tuple[float, Block]] = []
    index = 0
    while index < len(lines):
        end = _run_end(split, boxes, index) if len(split[index]) >= 2 else index
        if end > index:
            grid = _grid(lines[index:end], split[index:end], page)
            if grid is not None:
                out.append((grid.where.bbox[1], grid))  # type: ignore[index]
                index = end
                continue
        for piece in _pieces(lines[index], split[index]):
            box = bbox(piece) if len(split[index]) > 1 else boxes[index]
            out.append((box[1], TextLine(line_text(piece, tight_cjk=False), Where(page=page, bbox=box))))
        index += 1
    return out


def _pieces(line: list[Char], segs: list[Segment]) -> list[list[Char]]:
    """A line broken where text of another size follows a wide gap: a title in large type
    and `单位：万元` in small type printed on one baseline are two lines."""
    if len(segs) < 2:
        return [line]
    pieces = [list(segs[0][2])]
    size = max(c[3] - c[1] for c in segs[0][2])
    for segment in segs[1:]:
        other = max(c[3] - c[1] for c in segment[2])
        if abs(other - size) > max(other, size) / 3:  # one size at least 1.5 times the other
            pieces.append(list(segment[2]))
        else:
            pieces[-1].extend(segment[2])
        size = other
    return pieces


def _run_end(split: list[list[Segment]], boxes: list[tuple[float, float, float, float]], start: int) -> int:
    """The end (exclusive) of a table-like run starting at `start`, or `start` if none."""
    end, rows, numeric_rows = start, 0, 0
    index = start
    while index < len(split):
        if index > start:
            above, here = boxes[index - 1], boxes[index]
            if here[1] - above[3] > 2.5 * (above[3] - above[1]):
                break
        if len(split[index]) >= 2:
            rows += 1
            numeric_rows += any(_amount(s) for s in split[index])
            end = index + 1
        elif not (index + 1 < len(split) and len(split[index + 1]) >= 2):
            break
        index += 1
    if rows >= _MIN_ROWS and numeric_rows >= 2 and numeric_rows * 3 >= rows:
        return end
    return start


def _bands(split: list[list[Segment]]) -> list[list[float]]:
    numeric = [row for row in split if len(row) >= 2 and any(_numeric(s) for s in row)]
    intervals = sorted((s[0], s[1]) for row in numeric for s in row)
    bands: list[list[float]] = []
    for x0, x1 in intervals:
        if bands and x0 <= bands[-1][1] + 1.0:
            bands[-1][1] = max(bands[-1][1], x1)
        else:
            bands.append([x0, x1])
    return bands


def _band(bands: list[list[float]], segment: Segment) -> int:
    x0, x1 = segment[0], segment[1]
    overlaps = [min(x1, b[1]) - max(x0, b[0]) for b in bands]
    best = max(range(len(bands)), key=lambda k: overlaps[k])
    if overlaps[best] > 0:
        return best
    middle = (x0 + x1) / 2
    return min(range(len(bands)), key=lambda k: abs((bands[k][0] + bands[k][1]) / 2 - middle))


def _extend(box: list[float], line: list[Char]) -> None:
    box[0] = min(box[0], min(c[0] for c in line))
    box[2] = max(box[2], max(c[2] for c in line))
    box[3] = max(box[3], max(c[3] for c in line))


def _grid(lines: list[list[Char]], split: list[list[Segment]], page: int) -> Grid | None:
    bands = _bands(split)
    if len(bands) < 2:
        return None
    rows: list[list[list[Char]]] = []
    row_box: list[list[float]] = []
    for line, segs in zip(lines, split):
        placed: dict[int, list[Char]] = {}
        for segment in segs:
            placed.setdefault(_band(bands, segment), []).extend(segment[2])
        top = min(c[1] for c in line)
        height = max(c[3] - c[1] for c in line)
        if rows:
            previous, box = rows[-1], row_box[-1]
            close = top - box[1] < 1.2 * height
            if close and all(not previous[k] for k in placed) and all(_numeric(s) for s in segs):
                for k, chars in placed.items():  # amounts printed below their label
                    previous[k] = chars
                _extend(box, line)
                continue
            if close and len(placed) == 1 and all(previous[k] for k in placed) and not _numeric(segs[0]):
                for k, chars in placed.items():  # a wrapped label
                    previous[k] = previous[k] + chars
                _extend(box, line)
                continue
        cells: list[list[Char]] = [[] for _ in bands]
        for k, chars in placed.items():
            cells[k] = chars
        rows.append(cells)
        row_box.append([min(c[0] for c in line), top, max(c[2] for c in line), max(c[3] for c in line)])
    grid_rows = []
    for cells, box in zip(rows, row_box):
        grid_rows.append([
            GridCell(cell_text(chars) if chars else "",
                     Where(page=page, bbox=(bands[k][0], box[1], bands[k][1], box[3])))
            for k, chars in enumerate(cells)])
    whole = (min(b[0] for b in row_box), row_box[0][1], max(b[2] for b in row_box), row_box[-1][3])
    return Grid(rows=grid_rows, where=Where(page=page, bbox=whole))
