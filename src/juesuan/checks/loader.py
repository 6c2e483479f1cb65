"""Build a Disclosure from canonical cells (JSON Lines) and a `meta.json`-shaped dict.

Why: the formula engine speaks only canonical cells, so it can be developed and tested on
hand-verified cells (the corpus gold, or a user's own export of `juesuan extract`)
independently of the table readers.
"""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Iterable

from ..catalog import table_kinds
from ..model import Cell, Disclosure, Table, Where


def _rows(source: str | Path | Iterable[dict]) -> list[dict]:
    if isinstance(source, (str, Path)):
        text = Path(source).read_text(encoding="utf-8")
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return list(source)


def disclosure_from_cells(cells: str | Path | Iterable[dict], meta: str | Path | dict | None = None) -> Disclosure:
    """Cells `{doc, table, row, col, value, unit}` → a Disclosure with one Table per kind.

    `meta` (a path or dict like the gold `meta.json`) adds the document's kind, unit,
    year, the tables printed without numbers (`tables_present`) and those declared empty.
    Performance tables (P01–P03) carry no cells and are skipped.
    """
    if isinstance(meta, (str, Path)):
        meta = json.loads(Path(meta).read_text(encoding="utf-8"))
    meta = dict(meta or {})
    rows = _rows(cells)
    doc = meta.get("doc") or (rows[0].get("doc") if rows else "doc")
    declared = set(meta.get("tables_declared_empty", []))
    tables: dict[str, Table] = {}

    def table(kind: str) -> Table:
        if kind not in tables:
            name = table_kinds().get(kind, {}).get("name", kind)
            tables[kind] = Table(kind=kind, title=name, where=Where(), unit=meta.get("amount_unit"),
                                 declared_empty=kind in declared)
        return tables[kind]

    for kind in meta.get("tables_present", []):
        if not kind.startswith("P"):
            table(kind)
    for row in rows:
        value = str(row["value"])
        table(row["table"]).cells.append(Cell(
            table=row["table"], row=str(row["row"]), col=str(row["col"]), value=Decimal(value),
            printed=value, unit=row.get("unit") or meta.get("amount_unit") or "万元",
        ))
    kind = meta.get("kind") or _guess_kind(tables)
    return Disclosure(doc=doc, source=str(meta.get("source", doc)), kind=kind,
                      unit_name=meta.get("unit_name"), year=meta.get("year"),
                      amount_unit=meta.get("amount_unit"), tables=list(tables.values()))


def _guess_kind(tables: dict[str, Table]) -> str:
    kinds = {k[:1] for k in tables}
    return "final_accounts" if kinds == {"F"} else "budget" if kinds == {"B"} else "unknown"
