"""Reading a Grid (Markdown/tab tables, PDF and spreadsheet tables): where the header
ends, what each column is called, which columns carry 栏次.

Why positions: a grid keeps blank cells, so a number's column is known exactly — no
guessing from order as in broken text. Column keys come from a 栏次 row when printed
(`栏次 | | 1 | 2 …`) and otherwise from the header names (Shanghai prints no 栏次).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Grid, GridCell, Where
from ..normalize import is_amount, squeeze

_INT = re.compile(r"^\d{1,2}$")


@dataclass
class Sheet:
    """One grid with its header split off: header texts and data rows, equal widths."""

    header: list[list[str]]
    rows: list[list[GridCell]]
    lanci: list[str | None]  # 栏次 printed above each column (None where blank)
    where: Where

    @property
    def width(self) -> int:
        return len(self.lanci)

    def labels(self, column: int) -> list[str]:
        """Header texts of one column, top to bottom. A merged header cell prints its text
        in its first column only, so a blank spreads the text on its left — never across
        a column where a row above starts a new cell (the parent's span ends there)."""
        out: list[str] = []
        for depth, row in enumerate(self.header):
            text = row[column] if column < len(row) else ""
            if not text:
                text = self._spread(depth, column)
            if text and (not out or out[-1] != text):
                out.append(text)
        return out

    def _spread(self, depth: int, column: int) -> str:
        row = self.header[depth]
        for left in range(column, 0, -1):
            if any(upper[left] for upper in self.header[:depth] if left < len(upper)):
                return ""  # a cell above starts here: the span on the left ends before it
            if left - 1 < len(row) and row[left - 1]:
                return row[left - 1]
        return ""


def is_lanci_row(texts: list[str]) -> bool:
    """`栏次 | | 1 | 2 | 3` or a row of consecutive column numbers `1 2 3 … 12`."""
    values = [squeeze(t) for t in texts if squeeze(t)]
    if not values:
        return False
    if values[0] == "栏次" or "栏次" in values:
        return True
    numbers = [v for v in values if _INT.match(v)]
    return len(numbers) == len(values) >= 3 and [int(v) for v in numbers] == list(
        range(int(numbers[0]), int(numbers[0]) + len(numbers)))


def sheets(grids: list[Grid], is_data_row) -> list[Sheet]:
    """Split each grid into header and data. A grid without a header of its own (a table
    continued on the next page) borrows the header of the grid before it."""
    out: list[Sheet] = []
    for grid in grids:
        width = max((len(r) for r in grid.rows), default=0)
        rows = [r + [GridCell("", r[-1].where if r else grid.where)] * (width - len(r)) for r in grid.rows]
        texts = [[c.text.strip() for c in r] for r in rows]
        start = None
        lanci: list[str | None] = [None] * width
        for index, row in enumerate(texts):
            if is_lanci_row(row):
                lanci = [squeeze(t) if _INT.match(squeeze(t)) else None for t in row]
                start = index + 1
                break
        if start is None:
            start = next((i for i, row in enumerate(texts) if is_data_row(row)), len(texts))
        header = texts[:start]
        if is_lanci_row(header[-1] if header else []):
            header = header[:-1]
        if not header and out and out[-1].width == width:
            header, lanci = out[-1].header, out[-1].lanci
        out.append(Sheet(header, rows[start:], lanci, grid.where))
    return out


def amount_cells(row: list[GridCell]) -> list[int]:
    """Indices of the cells of a row that hold a printed amount."""
    return [i for i, c in enumerate(row) if is_amount(c.text)]
