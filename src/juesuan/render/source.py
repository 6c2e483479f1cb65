"""What a disclosure is written from: the numbers at their canonical addresses plus what
no table carries (unit facts, last year's figures, 年初预算, reasons, a few counts).

Two front doors fill it: `from_cells` (canonical cells JSONL + a `meta.json`, the shapes
of the corpus gold and of `juesuan extract`) and `workbook.read_workbook` (the input
workbook `juesuan template` writes). Everything after this module speaks only `Source`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

Address = tuple[str, str, str]


class InputError(ValueError):
    """Bad input, named by where it is: `sheet` and `cell` (workbook), or file and line."""

    def __init__(self, where: str, message: str):
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


@dataclass
class Source:
    """One unit's disclosure as data. `cells` hold what the tables print (a printed
    `0.00` is a key with value 0; a blank is no key). `prior` holds last year's figure at
    the same canonical address, `budget` the 年初预算 at the address of its 决算 figure
    (F05 rows, col 1), `extra` figures no table carries (中小企业合同金额, …), `reasons`
    the 主要原因 keyed by section (`一`, `五`, `五:208`)."""

    doc: str
    kind: str  # final_accounts | budget
    unit_name: str
    year: int
    amount_unit: str = "万元"
    scope: str = "部门"  # 部门 or 单位: how the document names its subject
    cells: dict[Address, Decimal] = field(default_factory=dict)
    tables_present: list[str] = field(default_factory=list)
    declared_empty: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # kind → printed number (公开01表)
    subjects: dict[str, str] = field(default_factory=dict)  # code → name, overriding the catalog
    facts: dict[str, str] = field(default_factory=dict)  # 职责, 机构设置, 人员编制
    prior: dict[Address, Decimal] = field(default_factory=dict)
    budget: dict[Address, Decimal] = field(default_factory=dict)
    extra: dict[str, Decimal] = field(default_factory=dict)
    reasons: dict[str, str] = field(default_factory=dict)
    where: dict[Address, str] = field(default_factory=dict)  # address → `sheet!B7` it came from

    def value(self, table: str, row: object, col: object) -> Decimal:
        """The printed value, a blank counting 0."""
        return self.cells.get((table, str(row), str(col)), Decimal(0))

    def has(self, table: str, row: object, col: object) -> bool:
        return (table, str(row), str(col)) in self.cells

    def rows(self, table: str) -> list[str]:
        """Row keys of a table in print order: 合计 rows first, then codes as the
        hierarchy prints them (208, 20801, 2080109, 210, …: a parent before its children)."""
        keys = {row for (t, row, _c) in self.cells if t == table}
        return sorted(keys, key=lambda r: (r.isdigit(), r))

    def label(self, kind: str) -> str:
        if kind in self.labels:
            return self.labels[kind]
        number = "".join(ch for ch in kind if ch.isdigit())
        return f"公开{number}表" if self.kind == "final_accounts" else f"预算公开表{int(number)}"

    def empty(self, kind: str) -> bool:
        """A table printed with no number (declared 本表无数据, or simply without cells)."""
        return kind in self.declared_empty or not any(t == kind for (t, _r, _c) in self.cells)

    def meta(self) -> dict:
        """The gold `meta.json` shape (what `juesuan check` needs beside the cells)."""
        return {"doc": self.doc, "kind": self.kind, "unit_name": self.unit_name, "year": self.year,
                "amount_unit": self.amount_unit, "tables_present": list(self.tables_present),
                "tables_declared_empty": list(self.declared_empty),
                "printed_table_numbers": {self.label(k): k for k in self.tables_present if not k.startswith("P")}}

    def cell_rows(self) -> list[dict]:
        return [{"doc": self.doc, "table": t, "row": r, "col": c, "value": format(v, "f"),
                 "unit": self.unit_of(t, r)} for (t, r, c), v in self.cells.items()]

    def unit_of(self, table: str, row: str) -> str:
        if table == "F10" and row.isdigit():
            number = int(row)
            if 7 <= number <= 15:
                return "辆"
            if number in (16, 17):
                return "台（套）"
        return self.amount_unit


def decimal_of(text: object, where: str) -> Decimal:
    """A number as typed or stored (`1,234.50`, 1234.5, `-3`) → Decimal; anything else is an
    InputError naming where it was."""
    if isinstance(text, bool):
        raise InputError(where, f"“{text}” is not a number")
    if isinstance(text, (int, Decimal)):
        return Decimal(text)
    if isinstance(text, float):
        return Decimal(repr(text))  # the shortest text of the stored binary value
    raw = str(text).strip().replace(",", "").replace("，", "")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        raise InputError(where, f"“{text}” is not a number") from None
    if not value.is_finite():
        raise InputError(where, f"“{text}” is not a number")
    return value


def _address(record: dict, where: str) -> Address:
    try:
        return (str(record["table"]), str(record["row"]), str(record["col"]))
    except KeyError as missing:
        raise InputError(where, f"a cell needs table, row and col (missing {missing})") from None


def from_cells(cells_path: str | Path, meta: str | Path | dict | None = None) -> Source:
    """Canonical cells (JSON Lines) + meta (`meta.json` shape; optional keys `scope`,
    `facts`, `prior`, `budget`, `extra`, `reasons`, `subjects`) → Source.

    `prior` and `budget` are lists of `{table, row, col, value}` like the cells."""
    cells_path = Path(cells_path)
    if isinstance(meta, (str, Path)):
        meta_path = Path(meta)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            raise InputError(str(meta_path), f"not a meta JSON ({error})") from None
    meta = dict(meta or {})
    cells: dict[Address, Decimal] = {}
    doc = meta.get("doc")
    try:
        text = cells_path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(str(cells_path), f"cannot be read ({error.strerror})") from None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{cells_path.name}:{number}"
        try:
            record = json.loads(line)
        except ValueError:
            raise InputError(where, "not a JSON object") from None
        address = _address(record, where)
        cells[address] = decimal_of(record.get("value"), where)
        doc = doc or record.get("doc")
    kinds = sorted({a[0] for a in cells})
    kind = meta.get("kind") or ("budget" if kinds and all(k.startswith("B") for k in kinds) else "final_accounts")
    source = Source(
        doc=doc or cells_path.stem, kind=kind, unit_name=meta.get("unit_name") or "",
        year=int(meta.get("year") or 0), amount_unit=meta.get("amount_unit") or "万元",
        scope=meta.get("scope") or "部门", cells=cells,
        tables_present=list(meta.get("tables_present") or kinds),
        declared_empty=list(meta.get("tables_declared_empty") or []),
        labels={kind_: label for label, kind_ in (meta.get("printed_table_numbers") or {}).items()},
        subjects=dict(meta.get("subjects") or {}),
        facts=dict(meta.get("facts") or _overview_facts(meta.get("overview") or [])),
        reasons=dict(meta.get("reasons") or {}),
    )
    for key, target in (("prior", source.prior), ("budget", source.budget)):
        for index, record in enumerate(meta.get(key) or [], 1):
            where = f"meta {key}[{index}]"
            target[_address(record, where)] = decimal_of(record.get("value"), where)
    for name, value in (meta.get("extra") or {}).items():
        source.extra[name] = decimal_of(value, f"meta extra.{name}")
    if not source.unit_name:
        raise InputError("meta", "unit_name is required (the unit the disclosure is about)")
    if not source.year:
        raise InputError("meta", "year is required")
    return source



def _overview_facts(overview: list) -> dict[str, str]:
    """`overview: [[heading, text], …]` (the examples' meta) → unit facts by key."""
    out = {}
    for heading, text in overview:
        for key, word in (("职责", "职责"), ("机构设置", "机构"), ("人员编制", "人员")):
            if word in heading and key not in out:
                out[key] = text
    return out
