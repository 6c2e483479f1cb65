"""The cells of a Disclosure as the formula engine reads them.

Why a separate index: formulas speak canonical addresses only, but three facts about a
cell decide how a formula may use it, and they live here in one place:

- absent ≠ unknown. A blank printed cell is no cell (spec). Inside a fixed layout
  (the national F tables, a row keyed by a subject code, a table declared empty) an
  absent cell is certainly 0; in a name-keyed budget table a key the layout never printed
  tells us nothing, so a formula side made only of such cells is not applicable.
- rounding. A printed amount stands for an interval (findings.md): `18.92` in 万元 is
  anything in [18.915, 18.925). In a table printed in 元, or a count, it is exact.
- units. A table printed in 元 beside 万元 tables is read in the document's unit, so a
  cross-table equality compares like with like (the finding still shows the printed value).
- performance records. The one 自评表 of a kind (P02, P03) is a table too for the ties of the
  情况说明: `P02[年度财政资金总额,executed]` is a field of its execution rows.
- names that are codes. A budget B06 keyed by 经济分类 names (`商品和服务支出`, `办公费`)
  is read under its codes (302, 30201) so that `B06[类,*] = Σ B06[款,*]` applies; the
  finding still shows the printed name.
"""
from __future__ import annotations

import csv
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources

from ..model import Cell, Disclosure
from .formula import Read, half_unit

EXACT_UNITS = {"元", "辆", "人", "个", "台", "台（套）", "台(套)", "套", "次", "人次", "户", "项"}
MONEY = {"元": Decimal(1), "千元": Decimal(1000), "万元": Decimal(10000), "亿元": Decimal(100000000)}


def halfwidth(cell: Cell, places: int = 0) -> Decimal:
    """Half the interval a printed amount stands for: 0.005 for `18.92` 万元, 0 in 元.

    The decimals are those of the value as printed (`Decimal("392.50")` keeps its two),
    or `places` when more: the decimals its table prints amounts with. A table that
    prints `18.92` and `0.15` rounded every amount to 0.01; its `18.9` is 18.90 with the
    trailing zero left off (or a digit lost), not anything in [18.85, 18.95)."""
    if (cell.unit or "").strip() in EXACT_UNITS:
        return Decimal(0)
    return half_unit(cell.value, places)


def table_places(cells) -> int:
    """The decimals a table prints its amounts with: the most any of its amounts shows."""
    places = 0
    for cell in cells:
        if (cell.unit or "").strip() in EXACT_UNITS:
            continue
        exponent = cell.value.as_tuple().exponent
        if isinstance(exponent, int):
            places = max(places, -exponent)
    return places


class CellIndex:
    """Lookup over one Disclosure's canonical cells (implements formula.Lookup)."""

    def __init__(self, disclosure: Disclosure, sets: dict[str, list[str]] | None = None,
                 coded_by_name: dict[str, str] | None = None, totals: set[str] | None = None) -> None:
        self.disclosure = disclosure
        self._sets = dict(sets or {})
        if disclosure.unit_name:
            self._sets["单位"] = [disclosure.unit_name]
        else:
            self._sets.setdefault("单位", [])
        self._totals = set(totals or ())
        # amounts of a table printed in another money unit are compared in the document's
        self.unit = disclosure.amount_unit if disclosure.amount_unit in MONEY else "万元"
        self._present: set[str] = set()
        self._empty: set[str] = set()
        self._cells: dict[str, dict[tuple[str, str], Cell]] = {}
        self._rows: dict[str, list[str]] = {}
        self._cols: dict[str, list[str]] = {}
        self._alias: dict[str, dict[str, str]] = {}  # table → printed row → code
        self._shown: dict[str, dict[str, str]] = {}  # table → code → printed row
        self._places: dict[str, int] = {}  # table → decimals its amounts are printed with
        self._declared: set[str] = set()  # tables printed with 本表无数据 (cells or not)
        self._printed_rows: set[tuple[str, str]] = set()
        self._printed_cols: set[tuple[str, str]] = set()  # with the header's blank columns
        for table in disclosure.tables:
            self._present.add(table.kind)
            self._places[table.kind] = max(self._places.get(table.kind, 0), table_places(table.cells))
            if table.declared_empty:
                self._declared.add(table.kind)
                if not table.cells:
                    self._empty.add(table.kind)
            self._printed_cols.update((table.kind, col) for col in table.columns)
            system = (coded_by_name or {}).get(table.kind)
            alias = _code_rows([c.row for c in table.cells], system) if system else {}
            self._alias.setdefault(table.kind, {}).update(alias)
            shown = self._shown.setdefault(table.kind, {})
            cells = self._cells.setdefault(table.kind, {})
            rows = self._rows.setdefault(table.kind, [])
            cols = self._cols.setdefault(table.kind, [])
            for cell in table.cells:
                row = alias.get(cell.row, cell.row)
                if row != cell.row:
                    shown.setdefault(row, cell.row)
                cells.setdefault((row, cell.col), cell)
                self._printed_rows.add((table.kind, row))
                self._printed_cols.add((table.kind, cell.col))
                if row not in rows:
                    rows.append(row)
                if cell.col not in cols:
                    cols.append(cell.col)

        self._performance(disclosure)

    def _performance(self, disclosure: Disclosure) -> None:
        """`P02[年度财政资金总额,executed]`: a field of the execution rows of the one
        self-evaluation record of a kind (ambiguous, so absent, when a kind has several)."""
        kinds = [r.get("kind") for r in disclosure.performance]
        for record in disclosure.performance:
            kind = record.get("kind")
            if not kind or kinds.count(kind) != 1:
                continue
            for row in record.get("execution", []):
                source = row.get("source", "")
                for key in ("initial_budget", "annual_budget", "executed", "balance", "rate_pct"):
                    printed = str(row.get(key, "")).replace(",", "").rstrip("%")
                    try:
                        value = Decimal(printed)
                    except InvalidOperation:
                        continue
                    self._present.add(kind)
                    self._printed_rows.add((kind, source))
                    self._printed_cols.add((kind, key))
                    self._cells.setdefault(kind, {})[(source, key)] = Cell(
                        kind, source, key, value, printed, record.get("unit", "万元"))
                    for keys, item in ((self._rows.setdefault(kind, []), source),
                                       (self._cols.setdefault(kind, []), key)):
                        if item not in keys:
                            keys.append(item)

    # -- formula.Lookup
    def has_table(self, table: str) -> bool:
        return table in self._present

    def rows(self, table: str) -> list[str]:
        return self._rows.get(table, [])

    def cols(self, table: str) -> list[str]:
        return self._cols.get(table, [])

    def named(self, name: str) -> list[str] | None:
        return self._sets.get(name)

    def totals(self) -> set[str]:
        return self._totals

    def read(self, table: str, row: str, col: str) -> Read:
        row = self._alias.get(table, {}).get(row, row)
        cell = self._cells.get(table, {}).get((row, col))
        if cell is None:
            known = table in self._declared or ((table, row) in self._printed_rows
                                                and (table, col) in self._printed_cols)
            return Read(table, row, col, Decimal(0), Decimal(0), False, self.fixed(table, row), None, row, known)
        scale = self.scale(cell)
        return Read(table, cell.row, col, cell.value * scale, self.halfwidth(cell) * scale, True, True, cell, row)

    def cell(self, table: str, row: str, col: str) -> Cell | None:
        """The printed cell at an address (a row read under its code, too), or None."""
        return self._cells.get(table, {}).get((self._alias.get(table, {}).get(row, row), col))

    def cells(self):
        """Every printed cell: ((table, row, col), Cell), in print order."""
        for table, cells in self._cells.items():
            for (row, col), cell in cells.items():
                yield (table, row, col), cell

    def halfwidth(self, cell: Cell) -> Decimal:
        """The cell's rounding half-width at its table's printing precision (see `halfwidth`)."""
        return halfwidth(cell, self._places.get(cell.table, 0))

    def scale(self, cell: Cell) -> Decimal:
        """1, or the factor that brings an amount printed in 元 (千元, …) to the document's unit."""
        unit = (cell.unit or "").strip()
        if unit not in MONEY or unit == self.unit:
            return Decimal(1)
        return MONEY[unit] / MONEY[self.unit]

    # -- a total may have been printed as the sum of its rounded parts
    def children(self, table: str, row: str) -> list[str]:
        """The rows a code-hierarchy total adds up: 合计 → 类, 类 → 款, 款 → 项."""
        rows = self.rows(table)
        if row in self._totals:
            return [r for r in rows if r.isdigit() and len(r) == 3]
        if row.isdigit() and len(row) in (3, 5):
            return [r for r in rows if r.isdigit() and len(r) == len(row) + 2 and r.startswith(row)]
        return []

    def parts_halfwidth(self, table: str, row: str, col: str) -> Decimal:
        """The rounding interval of a total printed as the sum of its rounded parts (the
        software that converts 元 to 万元 often adds the rounded rows): Σ of its parts'."""
        total = Decimal(0)
        for child in self.children(table, row):
            cell = self._cells.get(table, {}).get((child, col))
            own = self.halfwidth(cell) * self.scale(cell) if cell is not None else Decimal(0)
            total += max(own, self.parts_halfwidth(table, child, col))
        return total

    # -- for reports
    def fixed(self, table: str, row: str) -> bool:
        """An absent cell here is certainly 0: national F layout, a code row, an empty table."""
        return table.startswith("F") or table in self._empty or row.isdigit()

    def display(self, table: str, row: str) -> str:
        """A row as the table printed it (a B06 code read from a name → that name)."""
        return self._shown.get(table, {}).get(row, row)


@lru_cache(maxsize=None)
def subject_names(system: str) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """From catalog/subject_codes.csv: class name → code, and per class its items' names → codes."""
    text = resources.files("juesuan.catalog").joinpath("subject_codes.csv").read_text(encoding="utf-8")
    classes: dict[str, str] = {}
    items: dict[str, dict[str, str]] = {}
    for line in csv.reader(l for l in text.splitlines() if l.strip() and not l.startswith("#")):
        if len(line) < 4 or line[0] != system:
            continue
        code, name = line[1].strip(), _norm(line[3])
        if len(code) == 3:
            classes.setdefault(name, code)
        elif len(code) == 5:
            items.setdefault(code[:3], {}).setdefault(name, code)
    return classes, items


def _norm(name: str) -> str:
    return name.strip().replace("(", "（").replace(")", "）").replace(" ", "")


def _code_rows(rows: list[str], system: str) -> dict[str, str]:
    """Printed 经济分类 names → codes, walking the rows in print order (a 款 belongs to the
    class printed above it; `parent/name` keys name their class)."""
    classes, items = subject_names(system)
    by_item: dict[str, list[str]] = {}
    for group in items.values():
        for name, code in group.items():
            by_item.setdefault(name, []).append(code)
    out: dict[str, str] = {}
    current: str | None = None
    seen: list[str] = []
    for row in rows:
        if row in seen:
            continue
        seen.append(row)
        if row.isdigit():
            current = row[:3]
            continue
        parent, _, name = row.rpartition("/")
        name, parent = _norm(name), _norm(parent)
        code = None
        if parent and parent in classes:
            code = items.get(classes[parent], {}).get(name)
        elif current and name in items.get(current, {}):
            code = items[current][name]
        elif name in classes:
            code = current = classes[name]
        elif len(by_item.get(name, [])) == 1:
            code = by_item[name][0]
            current = code[:3]
        if code and code not in out.values():
            out[row] = code
    return out
