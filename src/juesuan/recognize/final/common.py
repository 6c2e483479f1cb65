"""What every final-accounts mapper does alike: start a Table with its unit, read the
region's grids or else its text lines, add a cell once per address, and settle whether
the table says it is empty."""
from __future__ import annotations

from typing import Callable

from ...model import Cell, Grid, Table, Where
from .. import header
from ..mappers import Context
from ..normalize import parse_amount
from ..segment import Region


class TableBuilder:
    """Collects the cells of one region; the first number read at an address wins."""

    def __init__(self, region: Region, context: Context, kind: str | None = None) -> None:
        self.region = region
        texts = region_texts(region)
        self.unit = header.amount_unit(texts) or context.amount_unit
        self.table = Table(kind=kind or region.kind, title=region.title, where=region.where,
                           label=region.label, unit=self.unit, pages=region.pages())
        self._declared = header.declares_empty(texts)
        self._seen: set[tuple[str, str]] = set()

    def add(self, row: str, col: str, printed: str, where: Where, unit: str | None = None) -> bool:
        """Add the number printed at (row, col); blanks and non-numbers are no cell."""
        try:
            value = parse_amount(printed)
        except ValueError:
            return False
        if value is None or (row, col) in self._seen:
            return False
        self._seen.add((row, col))
        self.table.cells.append(Cell(self.table.kind, row, col, value, printed.strip(),
                                     unit or self.unit or "", where))
        return True

    @property
    def declared_empty(self) -> bool:
        """The region says it has no data (`本表无数据`, `本年度无…支出`)."""
        return self._declared

    def finish(self) -> Table:
        """A table that declares itself empty (`本表无数据`) keeps no zero cells; one that
        prints non-zero numbers is not empty, whatever it says."""
        if self._declared and all(c.value == 0 for c in self.table.cells):
            self.table.cells.clear()
            self.table.declared_empty = True
        return self.table


def region_texts(region: Region) -> list[str]:
    """Every line of a region as text, grid rows joined with spaces."""
    texts = [line.text for line in region.lines()]
    for grid in region.grids():
        texts.extend(" ".join(cell.text for cell in row) for row in grid.rows)
    return texts


def has_grids(region: Region) -> bool:
    return any(isinstance(block, Grid) and block.rows for block in region.blocks)


def build_table(region: Region, context: Context, from_grids: Callable[..., None],
                from_text: Callable[..., None], *args) -> Table:
    """The shape of every final-accounts mapper: `from_grids(region, builder, *args)` when
    the region has grids, else `from_text(…)` over its lines; then the finished Table."""
    builder = TableBuilder(region, context)
    (from_grids if has_grids(region) else from_text)(region, builder, *args)
    return builder.finish()
