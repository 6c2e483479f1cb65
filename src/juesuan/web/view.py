"""A stored document as its page shows it: each table in its standard layout (the
TableSpecs render/ prints — render.layout.build_tables over the stored cells), every
cell tagged with its canonical address, the 情况说明 line by line, and the findings with
the cells and lines each one points at, so the page can link them both ways.

A table the standard layouts cannot draw (a performance table, a region's extra table)
is shown as a plain row × column grid of its cells; a stored cell the layout does not
place is listed under its table, so no flagged cell is ever missing from the page.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..model import _table_order

RANK = {"error": 0, "warning": 1, "note": 2}
_SPACE = re.compile(r"\s+")


@dataclass
class Cell:
    text: str
    span: int = 1
    addr: str | None = None
    amount: bool = False
    severity: str | None = None
    findings: list[int] = field(default_factory=list)


@dataclass
class TableView:
    kind: str
    title: str
    label: str
    header: list[list[Cell]]
    body: list[list[Cell]]
    notes: list[str]
    standard: bool


def address(table: str, row: object, col: object) -> str:
    return f"{table}[{row},{col}]"


def build(doc: dict, cells: list[dict], findings: list[dict], tables: list[dict],
          reread: dict | None) -> dict:
    """Everything the document page needs, as plain data."""
    by_addr: dict[str, list[int]] = {}
    severity: dict[str, str] = {}
    for index, finding in enumerate(findings):
        finding["index"] = index
        finding["addrs"] = []
        for cell in finding["cells"]:
            if not isinstance(cell, dict) or "table" not in cell:
                continue
            key = address(cell.get("table"), cell.get("row"), cell.get("col"))
            finding["addrs"].append(key)
            by_addr.setdefault(key, []).append(index)
            if RANK.get(finding["severity"], 9) < RANK.get(severity.get(key, ""), 9):
                severity[key] = finding["severity"]
    views = _tables(doc, cells, tables)
    for view in views:
        for row in view.body:
            for cell in row:
                if cell.addr:
                    cell.severity = severity.get(cell.addr)
                    cell.findings = by_addr.get(cell.addr, [])
    lines = _narrative(reread, findings)
    boxes = (reread or {}).get("boxes", {})
    return {"tables": views, "lines": lines, "findings": findings,
            "boxes": {k: v for k, v in boxes.items() if k in by_addr},
            "sizes": (reread or {}).get("sizes", {})}


def _tables(doc: dict, cells: list[dict], tables: list[dict]) -> list[TableView]:
    from ..render.source import Source

    values: dict[tuple[str, str, str], Decimal] = {}
    for cell in cells:
        values[(cell["table"], cell["row"], cell["col"])] = Decimal(cell["value"])
    kinds = sorted({t["kind"] for t in tables} | {k[0] for k in values}, key=_table_order)
    meta = {t["kind"]: t for t in tables}
    out = []
    for kind in kinds:
        source = Source(doc=doc["doc"], kind=doc.get("kind") or "", unit_name=doc.get("unit_name") or "",
                        year=int(doc.get("year") or 0), amount_unit=doc.get("amount_unit") or "万元",
                        cells={k: v for k, v in values.items() if k[0] == kind}, tables_present=[kind],
                        declared_empty=[kind] if meta.get(kind, {}).get("declared_empty") else [],
                        labels={kind: meta[kind]["label"]} if meta.get(kind, {}).get("label") else {})
        view = _standard(source, kind) if doc.get("kind") in ("final_accounts", "budget") else None
        placed = set()
        if view is not None:
            placed = {c.addr for row in view.body for c in row if c.addr}
        else:
            title = (meta.get(kind) or {}).get("title") or kind
            view = _plain(kind, title, (meta.get(kind) or {}).get("label") or "", source.cells)
            placed = set(address(*k) for k in source.cells)
        rest = {k: v for k, v in source.cells.items() if address(*k) not in placed}
        if rest:
            view.notes.append("以下单元格未能按标准表样排列：")
            extra = _plain(kind, "", "", rest)
            view.body += extra.body
        out.append(view)
    return out


def _standard(source, kind: str) -> TableView | None:
    from ..render.layout import build_tables
    from ..render.office import body_spans, spans

    try:
        specs = build_tables(source)
    except Exception:  # a layout that cannot draw this table: the plain grid shows it
        return None
    if not specs:
        return None
    spec = specs[0]
    header = [[Cell(text, last - first + 1) for first, last, text in spans(row)] for row in spec.header]
    body = []
    for index, row in enumerate(spec.body):
        cells = []
        for first, last, text in body_spans(spec, index, row):
            addr = spec.sources.get((index, first))
            cells.append(Cell(text, last - first + 1, address(*addr) if addr else None,
                              amount=first in spec.amount_cols))
        body.append(cells)
    return TableView(kind, spec.title, spec.label, header, body, list(spec.notes), True)


def _plain(kind: str, title: str, label: str, cells: dict) -> TableView:
    rows = sorted({k[1] for k in cells}, key=lambda r: (r.isdigit(), r))
    cols = sorted({k[2] for k in cells}, key=lambda c: (not c.isdigit(), int(c) if c.isdigit() else 0, c))
    header = [[Cell("项目")] + [Cell(f"栏{c}" if c.isdigit() else c) for c in cols]]
    body = []
    for row in rows:
        line = [Cell(row)]
        for col in cols:
            value = cells.get((kind, row, col))
            line.append(Cell("" if value is None else format(value, "f"),
                             addr=address(kind, row, col) if value is not None else None, amount=True))
        body.append(line)
    return TableView(kind, title, label, header, body, [], False)


def _norm(text: str) -> str:
    return _SPACE.sub("", text or "")


def _narrative(reread: dict | None, findings: list[dict]) -> list[dict]:
    """The 情况说明 lines, each with the findings whose text spans sit on it."""
    if not reread:
        return []
    lines = [dict(line, findings=[], severity=None, id=f"l{n}") for n, line in enumerate(reread["lines"])]
    by_line: dict[tuple, list[dict]] = {}
    by_page: dict[object, list[dict]] = {}
    for line in lines:
        by_line.setdefault(line["line"], []).append(line)
        by_page.setdefault(line["page"], []).append(line)
    for finding in findings:
        finding["lines"] = []
        for span in finding["spans"]:
            if not isinstance(span, dict):
                continue
            hits = []
            if span.get("line") is not None:
                hits = [l for l in by_line.get(span["line"], [])
                        if span.get("page") is None or l["page"] is None or l["page"] == span["page"]]
            elif span.get("page") is not None and len(_norm(span.get("text", ""))) >= 4:
                text = _norm(span["text"])
                hits = [l for l in by_page.get(span["page"], [])
                        if len(_norm(l["text"])) >= 4 and (text in _norm(l["text"]) or _norm(l["text"]) in text)]
            for line in hits:
                if finding["index"] not in line["findings"]:
                    line["findings"].append(finding["index"])
                    finding["lines"].append(line["id"])
                if RANK.get(finding["severity"], 9) < RANK.get(line["severity"] or "", 9):
                    line["severity"] = finding["severity"]
    return lines
