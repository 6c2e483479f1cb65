"""Small hand-written disclosures for the narrative and wording unit tests (never corpus
text): a few lines of 情况说明 and the cells they talk about."""
from __future__ import annotations

from decimal import Decimal

from juesuan.ingest.text import text_lines
from juesuan.model import Cell, Disclosure, Finding, Table, TextLine, Where
from juesuan.recognize.narrative import read_facts


def make(text: str, cells: dict[str, dict[tuple[str, str], str]] | None = None,
         kind: str = "final_accounts", empty: tuple[str, ...] = (), labels: dict[str, str] | None = None,
         table_lines: dict[str, str] | None = None, year: int | None = 2023) -> Disclosure:
    """`text`: the narrative (one string, lines split on newlines); `cells`: table kind →
    {(row, col): printed value}; `empty`: tables printed and declared empty."""
    disclosure = Disclosure(doc="example", source="example.txt", kind=kind, year=year,
                            narrative=[line for line in text_lines(text) if line.text.strip()])
    kinds = list(dict.fromkeys([*(cells or {}), *empty, *(labels or {}), *(table_lines or {})]))
    for table_kind in kinds:
        table = Table(kind=table_kind, title=f"{table_kind} 表", where=Where(line=1), unit="万元",
                      label=(labels or {}).get(table_kind), declared_empty=table_kind in empty)
        for (row, col), value in (cells or {}).get(table_kind, {}).items():
            table.cells.append(Cell(table_kind, row, col, Decimal(value), value, "万元"))
        if table_lines and table_kind in table_lines:
            table.lines = [TextLine(t, Where(line=100 + i)) for i, t in enumerate(table_lines[table_kind].split("\n"))]
        disclosure.tables.append(table)
    disclosure.facts = read_facts(disclosure)
    return disclosure


def codes(findings: list[Finding], code: str, severity: str | None = None) -> list[Finding]:
    return [f for f in findings if f.code == code and (severity is None or f.severity == severity)]


PART = "第三部分 2023年度部门决算情况说明\n"
