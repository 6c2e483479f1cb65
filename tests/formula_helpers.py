"""Tiny hand-written disclosures for the formula-engine tests: cells written as
`T[row,col]=value` (the notation of the rule examples), every table named is present."""
from __future__ import annotations

from decimal import Decimal

from juesuan.checks.formula import parse_cells
from juesuan.model import Cell, Disclosure, Table, Where


def disclosure(cells: str, *, kind: str = "final_accounts", unit: str = "万元", unit_name: str = "本单位",
               tables: tuple[str, ...] = (), empty: tuple[str, ...] = (), doc: str = "t") -> Disclosure:
    by_kind: dict[str, Table] = {}
    for name in list(tables) + list(empty):
        by_kind[name] = Table(kind=name, title=name, where=Where(), unit=unit, declared_empty=name in empty)
    for table, row, col, value in parse_cells(cells):
        if table not in by_kind:
            by_kind[table] = Table(kind=table, title=table, where=Where(), unit=unit)
        by_kind[table].cells.append(Cell(table, row, col, Decimal(value), value, unit, Where(page=3, line=40)))
    return Disclosure(doc=doc, source=f"{doc}.txt", kind=kind, unit_name=unit_name, amount_unit=unit,
                      tables=list(by_kind.values()))
