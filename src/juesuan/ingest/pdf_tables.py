"""Ruled tables: ruling lines → table frames → cells on a column grid.

Step two of the PDF reader (`--step rules`, `--step tables`). Corpus tables draw every
cell border, often as one short path per cell side; so the lines are first snapped and
joined, then grouped into frames (lines that cross each other), and each frame becomes a
lattice: the distinct x of its vertical lines are the column edges, the distinct y of
its horizontal lines the row edges. Two neighbouring atomic cells with no line between
them are one printed cell (a header spanning columns, a label spanning rows); its text
goes to its top-left slot and the slots it covers stay empty, as the docx reader does.

Text is placed by cell geometry, not baseline: a character belongs to the cell that
contains its centre, so an amount printed 5 pt below its row label, or a label wrapped
over two lines, stays in its row.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .pdf_page import Rule

SNAP = 2.0  # lines closer than this (pt) are one line
JOIN = 3.0  # collinear pieces closer than this are one line
TOUCH = 3.0  # a line ending this close to another meets it


@dataclass(slots=True)
class Line:
    at: float
    a: float
    b: float


@dataclass(slots=True)
class Lattice:
    """A ruled table frame: column and row edges, and its printed cells as slot spans."""

    xs: list[float]
    ys: list[float]
    spans: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (inclusive)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def slot(self, x: float, y: float) -> tuple[int, int] | None:
        """The (row, col) of the atomic cell containing a point, or None outside."""
        if not (self.xs[0] - 1 <= x <= self.xs[-1] + 1 and self.ys[0] - 1 <= y <= self.ys[-1] + 1):
            return None
        col = min(max(bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        row = min(max(bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return row, col


def merge_rules(rules: list[Rule]) -> tuple[list[Line], list[Line]]:
    """Snap and join ruling pieces into horizontal and vertical lines."""
    return (_merge([(r.at, r.a, r.b) for r in rules if r.horizontal]),
            _merge([(r.at, r.a, r.b) for r in rules if not r.horizontal]))


def _merge(pieces: list[tuple[float, float, float]]) -> list[Line]:
    pieces.sort()
    out: list[Line] = []
    index = 0
    while index < len(pieces):
        group = [pieces[index]]
        index += 1
        while index < len(pieces) and pieces[index][0] - group[-1][0] <= SNAP:
            group.append(pieces[index])
            index += 1
        at = sum(p[0] for p in group) / len(group)
        spans = sorted((p[1], p[2]) for p in group)
        a, b = spans[0]
        for start, end in spans[1:]:
            if start <= b + JOIN:
                b = max(b, end)
            else:
                out.append(Line(at, a, b))
                a, b = start, end
        out.append(Line(at, a, b))
    return out


def find_lattices(rules: list[Rule]) -> list[Lattice]:
    """The ruled tables of a page, top to bottom; frames without two cells side by side are no tables."""
    horizontal, vertical = merge_rules(rules)
    if len(horizontal) < 2 or len(vertical) < 2:
        return []
    parent = list(range(len(horizontal) + len(vertical)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    offset = len(horizontal)
    for i, h in enumerate(horizontal):
        for j, v in enumerate(vertical):
            if h.a - TOUCH <= v.at <= h.b + TOUCH and v.a - TOUCH <= h.at <= v.b + TOUCH:
                root_i, root_j = find(i), find(offset + j)
                if root_i != root_j:
                    parent[root_i] = root_j
    groups: dict[int, tuple[list[Line], list[Line]]] = {}
    for i, h in enumerate(horizontal):
        groups.setdefault(find(i), ([], []))[0].append(h)
    for j, v in enumerate(vertical):
        groups.setdefault(find(offset + j), ([], []))[1].append(v)
    lattices = []
    for hs, vs in groups.values():
        if len(hs) < 2 or len(vs) < 2:
            continue
        lattice = _lattice(hs, vs)
        if lattice is not None and _has_columns(lattice):
            lattices.append(lattice)
    lattices.sort(key=lambda t: (t.ys[0], t.xs[0]))
    return lattices


def _has_columns(lattice: Lattice) -> bool:
    """Two cells side by side somewhere: a box around a paragraph or a one-column list is
    text in a frame, not a table (its lines are read as running text)."""
    cols = len(lattice.xs) - 1
    return cols >= 2 and any(c1 - c0 + 1 < cols for _, c0, _, c1 in lattice.spans)


def _edges(values: list[float]) -> list[float]:
    values = sorted(values)
    out = [values[0]]
    for value in values[1:]:
        if value - out[-1] > SNAP * 1.5:
            out.append(value)
    return out


def _lattice(hs: list[Line], vs: list[Line]) -> Lattice | None:
    x0 = min(min(h.a for h in hs), min(v.at for v in vs))
    x1 = max(max(h.b for h in hs), max(v.at for v in vs))
    y0 = min(min(v.a for v in vs), min(h.at for h in hs))
    y1 = max(max(v.b for v in vs), max(h.at for h in hs))
    xs = _edges([v.at for v in vs] + [x0, x1])
    ys = _edges([h.at for h in hs] + [y0, y1])
    if len(xs) < 2 or len(ys) < 2:
        return None
    rows, cols = len(ys) - 1, len(xs) - 1
    v_at = _by_edge(xs, vs)
    h_at = _by_edge(ys, hs)
    parent = list(range(rows * cols))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    for r in range(rows):
        middle_y = (ys[r] + ys[r + 1]) / 2
        for c in range(cols - 1):  # border between column c and c + 1
            if not _covered(v_at[c + 1], middle_y):
                union(r * cols + c, r * cols + c + 1)
    for r in range(rows - 1):  # border between row r and r + 1
        lines = h_at[r + 1]
        for c in range(cols):
            if not _covered(lines, (xs[c] + xs[c + 1]) / 2):
                union(r * cols + c, (r + 1) * cols + c)
    boxes: dict[int, list[int]] = {}
    for r in range(rows):
        for c in range(cols):
            root = find(r * cols + c)
            box = boxes.get(root)
            if box is None:
                boxes[root] = [r, c, r, c]
            else:
                box[0], box[1] = min(box[0], r), min(box[1], c)
                box[2], box[3] = max(box[2], r), max(box[3], c)
    spans = sorted(tuple(box) for box in boxes.values())
    return Lattice(xs, ys, spans)  # type: ignore[arg-type]


def _by_edge(edges: list[float], lines: list[Line]) -> list[list[tuple[float, float]]]:
    """For each edge position, the extents of the lines drawn there."""
    out: list[list[tuple[float, float]]] = [[] for _ in edges]
    last = len(edges) - 1
    for line in lines:
        index = bisect_right(edges, line.at)
        if index > last or (index > 0 and line.at - edges[index - 1] <= edges[index] - line.at):
            index -= 1
        if abs(edges[index] - line.at) <= SNAP * 1.5:
            out[index].append((line.a, line.b))
    return out


def _covered(extents: list[tuple[float, float]], position: float) -> bool:
    for a, b in extents:
        if a - TOUCH <= position <= b + TOUCH:
            return True
    return False
