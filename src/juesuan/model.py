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
    lines: list[TextLine] = field(default_factory=list)  # printed text of the region (wording checks)
    columns: list[str] = field(default_factory=list)  # amount columns the header printed (blank ones too)


@dataclass(slots=True)
class Unrecognized:
    """A table the recognizer found but could not map: reported, never half-read."""

    title: str
    where: Where
    reason: str


@dataclass(slots=True)
class NarrativeFact:
    """One figure the 情况说明 states, tied to what it describes (recognize/narrative.py).

    `kind`: amount (X 万元), share (占… x%), change (增加/减少 X 万元 or x%), completion
    (完成预算的 x%), count (N 辆/个), comparison (决算数大于/小于/等于预算数, value None)
    or blank (`为 万元`: the amount is missing), unitless (`增长13.95。`: a rate printed
    without its %). `refers_to` is an expression over
    canonical cells in the formula notation of checks/formula.py (`F01[31,1]`,
    `F05[合计,1] / 587.09 * 100`),
    or `prior year, not in tables` / `not in tables`, or None when no tie was found.
    """

    kind: str
    value: Decimal | None
    unit: str
    printed: str
    label: str
    section: str
    text: str
    where: Where
    refers_to: str | None = None
    also: list[str] = field(default_factory=list)
    direction: int | None = None  # change: +1 增加, -1 减少, 0 持平; comparison: sign of 决算−预算
    subject: str = ""  # what the figure is about (`卫生健康支出`, `因公出国(境)费`)
    measure: str = ""  # which figure of the subject (`年初预算`, `决算`, `变动`)
    spans: list[dict] = field(default_factory=list)  # [{line|page, text}] of every line it spans
    sentence: str = ""  # the whole sentence it sits in (whitespace removed)
    current: str | None = None  # change: the current-year figure it is a change of

    def to_json(self, doc: str) -> dict:
        out = {"doc": doc, "kind": self.kind, "section": self.section, "text": self.text,
               "value": None if self.value is None else format_decimal(self.value),
               "unit": self.unit, "refers_to": self.refers_to}
        if self.also:
            out["also"] = list(self.also)
        out.update(self.where.to_dict())
        return out


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
    facts: list["NarrativeFact"] = field(default_factory=list)
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


SEVERITIES = ("error", "warning", "note")


@dataclass(slots=True)
class Finding:
    """One problem a check found (spec/findings.md): a stable rule code, a severity, a
    Chinese message, and the cells and text spans it read so a reviewer can find the spot.

    `cells` items are `{table, row, col, value}` plus the cell's provenance (`page`,
    `line`, `sheet`, `cell`) when it has one; `spans` items are `{page|line|sheet, text}`.
    """

    doc: str
    code: str
    severity: str  # error | warning | note
    message: str
    cells: list[dict] = field(default_factory=list)
    spans: list[dict] = field(default_factory=list)
    expected: str | None = None
    found: str | None = None

    def to_json(self) -> dict:
        out: dict = {
            "doc": self.doc,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "cells": [dict(c) for c in self.cells],
            "spans": [dict(s) for s in self.spans],
        }
        if self.expected is not None:
            out["expected"] = self.expected
        if self.found is not None:
            out["found"] = self.found
        return out
