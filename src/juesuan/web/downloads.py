"""Downloads: findings as XLSX, JSON (spec/findings.md) and the self-contained HTML report
of `juesuan check --format html` (checks/report.py); cells as XLSX. Amounts are exact:
Decimal number cells in XLSX, strings in JSON."""
from __future__ import annotations

import io
import json
from decimal import Decimal

from ..model import Finding

FINDING_COLUMNS = ["doc", "code", "severity", "message", "expected", "found", "cells", "spans", "scope",
                   "other_doc"]
CELL_COLUMNS = ["doc", "table", "row", "col", "address", "value", "printed", "unit", "page", "line",
                "sheet", "cell"]


def as_findings(rows: list[dict]) -> list[Finding]:
    return [Finding(doc=r["doc"], code=r["code"], severity=r["severity"], message=r["message"] or "",
                    cells=[c for c in r["cells"] if isinstance(c, dict)],
                    spans=[s for s in r["spans"] if isinstance(s, dict)],
                    expected=r.get("expected"), found=r.get("found")) for r in rows]


def findings_json(rows: list[dict]) -> bytes:
    return (json.dumps([f.to_json() for f in as_findings(rows)], ensure_ascii=False, indent=1) + "\n").encode()


def findings_html(rows: list[dict]) -> bytes:
    from ..checks.report import to_html

    by_doc: dict[str, list[Finding]] = {}
    for finding in as_findings(rows):
        by_doc.setdefault(finding.doc, []).append(finding)
    return to_html(by_doc).encode("utf-8")


def _sheet(title: str, columns: list[str], rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    sheet.append(columns)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False)
    return _safe(str(value))


def _safe(text: str) -> str:
    """A spreadsheet runs a cell that starts with = + - @ as a formula: keep document text text."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def findings_xlsx(rows: list[dict]) -> bytes:
    return _sheet("findings", FINDING_COLUMNS, [[_text(r.get(c)) for c in FINDING_COLUMNS] for r in rows])


def cells_xlsx(rows: list[dict]) -> bytes:
    out = []
    for r in rows:
        line = [_text(r.get(c)) if c != "value" else Decimal(r["value"]) for c in CELL_COLUMNS]
        line[CELL_COLUMNS.index("page")] = r.get("page")
        line[CELL_COLUMNS.index("line")] = r.get("line")
        out.append(line)
    return _sheet("cells", CELL_COLUMNS, out)
