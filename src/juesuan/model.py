"""The types that travel along the path file → Document → Disclosure → Findings.

Every object that came from a file keeps a `Where` so that a number or a finding can be
traced back to its page and line (or sheet and cell) — pdfplumber's habit, applied from
ingest to report.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterator, Union


@dataclass(frozen=True, slots=True)
class Where:
    """Provenance: where in the source file a piece of text or a number was printed."""

    page: int | None = None
    line: int | None = None
    sheet: str | None = None
    cell: str | None = None
    bbox: tuple[float, float, float, float] | None = None

    def to_dict(self) -> dict:
        out: dict = {}
        for key in ("page", "line", "sheet", "cell"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        if self.bbox is not None:
            out["bbox"] = [round(v, 1) for v in self.bbox]
        return out


@dataclass(slots=True)
class TextLine:
    """One line of running text (or of a table the reader could not grid)."""

    text: str
    where: Where


@dataclass(slots=True)
class GridCell:
    text: str
    where: Where


@dataclass(slots=True)
class Grid:
    """A raw table as the source laid it out: rows of cell texts, nothing interpreted."""

    rows: list[list[GridCell]]
    where: Where
    caption: str = ""

    def texts(self) -> list[list[str]]:
        return [[cell.text for cell in row] for row in self.rows]


Block = Union[TextLine, Grid]


@dataclass(slots=True)
class Document:
    """What a reader makes of a file: blocks in reading order, each with provenance."""

    source: str
    format: str
    pages: int
    blocks: list[Block]
    warnings: list[str] = field(default_factory=list)

    def lines(self) -> Iterator[TextLine]:
        for block in self.blocks:
            if isinstance(block, TextLine):
                yield block

    def grids(self) -> Iterator[Grid]:
        for block in self.blocks:
            if isinstance(block, Grid):
                yield block


@dataclass(frozen=True, slots=True)
class Cell:
    """One printed number at its canonical address (spec/cell-addresses.md)."""

    table: str
    row: str
    col: str
    value: Decimal
    printed: str
    unit: str
    where: Where = Where()

    def to_json(self, doc: str) -> dict:
        return {
            "doc": doc,
            "table": self.table,
            "row": self.row,
            "col": self.col,
            "value": format_decimal(self.value),
            "unit": self.unit,
        }


def format_decimal(value: Decimal) -> str:
    """A Decimal as a plain string, never in exponent notation (`0E-2` → `0.00`)."""
    return format(value, "f")


@dataclass(slots=True)
class Table:
    """A recognized table: its canonical kind, how it was printed and its cells."""

    kind: str
    title: str
    where: Where
    label: str | None = None
    unit: str | None = None
    pages: list[int] = field(default_factory=list)
    declared_empty: bool = False
    cells: list[Cell] = field(default_factory=list)


@dataclass(slots=True)
class Unrecognized:
    """A table the recognizer found but could not map: reported, never half-read."""

    title: str
    where: Where
    reason: str


@dataclass(slots=True)
class Disclosure:
    """A document read into canonical tables, its narrative and its metadata."""

    doc: str
    source: str
    kind: str  # final_accounts | budget | performance | unknown
    unit_name: str | None = None
    year: int | None = None
    amount_unit: str | None = None
    tables: list[Table] = field(default_factory=list)
    unrecognized: list[Unrecognized] = field(default_factory=list)
    narrative: list[TextLine] = field(default_factory=list)
    performance: list[dict] = field(default_factory=list)
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def cells(self) -> Iterator[Cell]:
        for table in self.tables:
            yield from table.cells

    def table(self, kind: str) -> Table | None:
        for table in self.tables:
            if table.kind == kind:
                return table
        return None

    def meta(self) -> dict:
        """Metadata in the shape of the corpus gold `meta.json`."""
        kinds = [t.kind for t in self.tables]
        present = sorted(set(kinds) | {r.get("kind") for r in self.performance if r.get("kind")},
                         key=_table_order)
        return {
            "doc": self.doc,
            "kind": self.kind,
            "unit_name": self.unit_name,
            "year": self.year,
            "amount_unit": self.amount_unit,
            "tables_present": present,
            "tables_declared_empty": sorted({t.kind for t in self.tables if t.declared_empty},
                                            key=_table_order),
            "printed_table_numbers": {t.label: t.kind for t in self.tables if t.label},
            "unrecognized": [
                {"title": u.title, **u.where.to_dict(), "reason": u.reason} for u in self.unrecognized
            ],
        }


def _table_order(kind: str) -> tuple:
    prefix = {"F": 0, "B": 1, "P": 2}.get(kind[:1], 3)
    digits = "".join(ch for ch in kind if ch.isdigit())
    return (prefix, int(digits) if digits else 999, kind)
