"""A document as rows for the store: plain, picklable data, column by column.

A batch worker (a local process or a Dask worker) turns its Disclosure and findings into
a `DocRecord` and hands it to the one writer; nothing here touches DuckDB, so the record
crosses process and machine boundaries cheaply. Decimals travel as their exact strings
and become DECIMAL in SQL (`load.py`), never passing through float.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from ..model import Disclosure, Finding, format_decimal

FORMATS = {".pdf": "pdf", ".docx": "docx", ".xlsx": "xlsx", ".html": "html", ".htm": "html",
           ".md": "markdown", ".markdown": "markdown", ".txt": "text"}

CELL_COLUMNS = ("tbl", "row_key", "col_key", "address", "value", "printed", "unit",
                "page", "line", "sheet", "cell")
FACT_COLUMNS = ("seq", "kind", "value", "printed", "unit", "label", "subject", "measure", "direction",
                "section", "refers_to", "current", "sentence", "text", "page", "line", "spans")
FINDING_COLUMNS = ("seq", "code", "severity", "message", "cells", "spans", "expected", "found",
                   "scope", "other_doc_id")
TABLE_COLUMNS = ("kind", "title", "label", "unit", "pages", "declared_empty", "n_cells")
UNRECOGNIZED_COLUMNS = ("title", "page", "line", "reason")
PERFORMANCE_COLUMNS = ("seq", "kind", "title", "unit", "total_score", "grade", "record")


def _columns(names: tuple[str, ...]) -> dict[str, list]:
    return {name: [] for name in names}


@dataclass(slots=True)
class DocRecord:
    """Everything the store keeps of one file; `status` loaded | narrative-only | failed."""

    id: str
    doc: str
    source: str
    status: str
    format: str | None = None
    unit_name: str | None = None
    unit_key: str | None = None
    year: int | None = None
    kind: str | None = None
    profile: str | None = None
    amount_unit: str | None = None
    pages: int | None = None
    error: str | None = None
    extract_s: float | None = None
    check_s: float | None = None
    timings: dict = field(default_factory=dict)
    worker: str | None = None
    cells: dict[str, list] = field(default_factory=lambda: _columns(CELL_COLUMNS))
    tables: dict[str, list] = field(default_factory=lambda: _columns(TABLE_COLUMNS))
    unrecognized: dict[str, list] = field(default_factory=lambda: _columns(UNRECOGNIZED_COLUMNS))
    facts: dict[str, list] = field(default_factory=lambda: _columns(FACT_COLUMNS))
    findings: dict[str, list] = field(default_factory=lambda: _columns(FINDING_COLUMNS))
    performance: dict[str, list] = field(default_factory=lambda: _columns(PERFORMANCE_COLUMNS))

    @property
    def n_cells(self) -> int:
        return len(self.cells["tbl"])

    @property
    def n_findings(self) -> int:
        return len(self.findings["code"])


def _add(columns: dict[str, list], **values) -> None:
    for name, column in columns.items():
        column.append(values.get(name))


def fill(record: DocRecord, disclosure: Disclosure, findings: list[Finding]) -> DocRecord:
    """Copy a Disclosure and its findings into the record's columns."""
    from .units import unit_key

    record.unit_name = disclosure.unit_name
    record.unit_key = unit_key(disclosure)
    record.year = disclosure.year
    record.kind = disclosure.kind
    record.amount_unit = disclosure.amount_unit
    record.pages = disclosure.pages
    for table in disclosure.tables:
        _add(record.tables, kind=table.kind, title=table.title, label=table.label, unit=table.unit,
             pages=",".join(str(p) for p in table.pages), declared_empty=table.declared_empty,
             n_cells=len(table.cells))
        for cell in table.cells:
            where = cell.where
            _add(record.cells, tbl=cell.table, row_key=cell.row, col_key=cell.col,
                 address=f"{cell.table}[{cell.row},{cell.col}]", value=format_decimal(cell.value),
                 printed=cell.printed, unit=cell.unit, page=where.page, line=where.line,
                 sheet=where.sheet, cell=where.cell)
    for problem in disclosure.unrecognized:
        _add(record.unrecognized, title=problem.title, page=problem.where.page,
             line=problem.where.line, reason=problem.reason)
    for seq, fact in enumerate(disclosure.facts):
        _add(record.facts, seq=seq, kind=fact.kind,
             value=None if fact.value is None else format_decimal(fact.value), printed=fact.printed,
             unit=fact.unit, label=fact.label, subject=fact.subject, measure=fact.measure,
             direction=fact.direction, section=fact.section, refers_to=fact.refers_to,
             current=fact.current, sentence=fact.sentence, text=fact.text,
             page=fact.where.page, line=fact.where.line,
             spans=json.dumps([{k: v for k, v in span.items() if k != "bbox"} for span in fact.spans],
                              ensure_ascii=False))
    for seq, item in enumerate(disclosure.performance):
        _add(record.performance, seq=seq, kind=item.get("kind"), title=item.get("title"),
             unit=item.get("unit"), total_score=item.get("total_score"), grade=item.get("grade"),
             record=json.dumps(item, ensure_ascii=False, default=str))
    add_findings(record, findings)
    return record


def add_findings(record: DocRecord, findings: list[Finding], scope: str = "document") -> None:
    start = len(record.findings["code"])
    for seq, finding in enumerate(findings, start=start):
        _add(record.findings, seq=seq, code=finding.code, severity=finding.severity,
             message=finding.message, cells=json.dumps(finding.cells, ensure_ascii=False, default=str),
             spans=json.dumps(finding.spans, ensure_ascii=False, default=str),
             expected=finding.expected, found=finding.found, scope=scope, other_doc_id=None)
