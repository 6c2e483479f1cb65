"""`juesuan export`: a store as files others can open.

- `parquet`: one Parquet file per table (DECIMAL stays DECIMAL);
- `xlsx`: one workbook (a sheet per table; amounts as exact number cells, JSON as text;
  write-only mode, so a province's corpus does not need its size in memory), optionally
  for one unit;
- `fdp`: a Fiscal Data Package (the OpenSpending format): `datapackage.json` with a
  `model` (measure `amount` in 元, dimensions unit, year, kind, table, row, col) and CSV
  resources. Its `profile` is `tabular-data-package` so that generic tools (frictionless)
  validate it offline; `model` carries the fiscal part.
"""
from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

from .load import connect
from .query import _text

TABLES = ("documents", "cells", "tables_read", "unrecognized", "facts", "findings", "performance")
_YUAN = {"元": 1, "千元": 1000, "万元": 10000, "亿元": 100000000}


def export(db: str | Path, fmt: str, out: Path, unit: str | None = None) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    if not Path(db).exists():
        raise FileNotFoundError(f"no store at {db}")
    con = connect(db, read_only=True)
    try:
        if fmt == "parquet":
            return _parquet(con, out, unit)
        if fmt == "xlsx":
            return [_xlsx(con, out, unit)]
        if fmt == "fdp":
            return _fdp(con, out, unit)
        raise ValueError(f"unknown export format {fmt}")
    finally:
        con.close()


def _select(table: str, unit: str | None) -> tuple[str, list]:
    if unit is None:
        return f"SELECT * FROM {table}", []
    if table == "documents":
        return "SELECT * FROM documents WHERE unit_key = ?", [unit]
    return (f"SELECT * FROM {table} WHERE doc_id IN (SELECT id FROM documents WHERE unit_key = ?)", [unit])


def _parquet(con, out: Path, unit: str | None) -> list[Path]:
    written = []
    for table in TABLES:
        sql, params = _select(table, unit)
        target = out / f"{table}.parquet"
        if params:  # COPY takes no parameters: filter through a temporary view
            con.execute(f"CREATE OR REPLACE TEMP VIEW export_view AS {sql.replace('?', _quote(unit))}")
            sql = "SELECT * FROM export_view"
        con.execute(f"COPY ({sql}) TO '{_path(target)}' (FORMAT parquet)")
        written.append(target)
    return written


def _quote(text: str | None) -> str:
    return "'" + (text or "").replace("'", "''") + "'"


def _path(path: Path) -> str:
    return str(path).replace("'", "''")


_SHEET_ROWS = 1_048_575  # Excel's limit, less the header


def _xlsx(con, out: Path, unit: str | None) -> Path:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for table in TABLES:
        sql, params = _select(table, unit)
        cursor = con.execute(sql, params)
        names = [d[0] for d in cursor.description]
        part, count, sheet = 1, 0, None
        while True:
            rows = cursor.fetchmany(10000)
            if not rows:
                break
            for row in rows:
                if sheet is None or count >= _SHEET_ROWS:
                    sheet = workbook.create_sheet(table if part == 1 else f"{table}_{part}")
                    sheet.append(names)
                    part, count = part + 1, 0
                sheet.append([_cell(v) for v in row])
                count += 1
        if sheet is None:
            workbook.create_sheet(table).append(names)
    target = out / (f"juesuan-{unit}.xlsx" if unit else "juesuan.xlsx")
    workbook.save(target)
    return target


def _cell(value):
    if value is None or isinstance(value, (int, float, Decimal, bool)):
        return value
    if isinstance(value, str):
        return value[:32767]  # Excel's cell limit
    if hasattr(value, "isoformat"):
        return value
    return _text(value)[:32767]


_LINE_FIELDS = [
    ("unit", "string", "预算单位（规范名）"), ("year", "integer", "年度"),
    ("kind", "string", "final_accounts | budget"), ("doc", "string", "文件"),
    ("table", "string", "表（规范代码）"), ("row", "string", "行（科目编码、行次或项目）"),
    ("col", "string", "栏"), ("amount", "number", "金额（元）"),
    ("printed", "string", "所印数字"), ("printed_unit", "string", "所印金额单位"),
    ("page", "integer", "页"),
]


def _fdp(con, out: Path, unit: str | None) -> list[Path]:
    """Fiscal Data Package: budget lines in 元 (exact), plus documents and findings."""
    sql = ("SELECT d.unit_key, d.year, d.kind, d.doc, c.tbl, c.row_key, c.col_key, c.value, c.printed, "
           "c.unit, c.page FROM cells c JOIN documents d ON d.id = c.doc_id "
           "WHERE c.unit IN ('元', '千元', '万元', '亿元')" + (" AND d.unit_key = ?" if unit else "") +
           " ORDER BY d.unit_key, d.year, d.doc, c.tbl, c.row_key, c.col_key")
    lines = out / "budget-lines.csv"
    with lines.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([name for name, _, _ in _LINE_FIELDS])
        for row in con.execute(sql, [unit] if unit else []).fetchall():
            unit_key, year, kind, doc, tbl, row_key, col_key, value, printed, money, page = row
            amount = format((value * _YUAN[money]).normalize(), "f")  # exact, no exponent
            writer.writerow([unit_key or "", "" if year is None else year, kind or "", doc, tbl, row_key,
                             col_key, amount, printed, money, "" if page is None else page])
    findings = out / "findings.csv"
    finding_fields = [("doc", "string"), ("code", "string"), ("severity", "string"), ("message", "string"),
                      ("expected", "string"), ("found", "string"), ("scope", "string"), ("other_doc", "string")]
    with findings.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([name for name, _ in finding_fields])
        query = ("SELECT d.doc, f.code, f.severity, f.message, f.expected, f.found, f.scope, o.doc "
                 "FROM findings f JOIN documents d ON d.id = f.doc_id LEFT JOIN documents o ON o.id = f.other_doc_id"
                 + (" WHERE d.unit_key = ?" if unit else "") + " ORDER BY d.doc, f.seq")
        for row in con.execute(query, [unit] if unit else []).fetchall():
            writer.writerow([_text(v) for v in row])
    descriptor = {
        "name": "juesuan-corpus",
        "title": "juesuan: 部门预决算公开 read into canonical cells",
        "profile": "tabular-data-package",
        "fiscalPeriod": _period(con, unit),
        "resources": [
            {"name": "budget-lines", "path": lines.name, "profile": "tabular-data-resource",
             "format": "csv", "encoding": "utf-8",
             "schema": {"fields": [{"name": n, "type": t, "description": d} for n, t, d in _LINE_FIELDS],
                        "missingValues": [""]}},
            {"name": "findings", "path": findings.name, "profile": "tabular-data-resource",
             "format": "csv", "encoding": "utf-8",
             "schema": {"fields": [{"name": n, "type": t} for n, t in finding_fields], "missingValues": [""]}},
        ],
        "model": {
            "measures": {"amount": {"source": "amount", "currency": "CNY", "factor": 1}},
            "dimensions": {
                "administrative-classification": {"attributes": {"unit": {"source": "unit"}},
                                                  "primaryKey": ["unit"], "dimensionType": "classification",
                                                  "classificationType": "administrative"},
                "date": {"attributes": {"year": {"source": "year"}}, "primaryKey": ["year"],
                         "dimensionType": "datetime"},
                "phase": {"attributes": {"kind": {"source": "kind"}}, "primaryKey": ["kind"],
                          "dimensionType": "other"},
                "line": {"attributes": {"table": {"source": "table"}, "row": {"source": "row"},
                                        "col": {"source": "col"}},
                         "primaryKey": ["table", "row", "col"], "dimensionType": "classification",
                         "classificationType": "functional"},
            },
        },
    }
    target = out / "datapackage.json"
    target.write_text(json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return [target, lines, findings]


def _period(con, unit: str | None) -> dict:
    sql = "SELECT min(year), max(year) FROM documents WHERE year IS NOT NULL" + (" AND unit_key = ?" if unit else "")
    low, high = con.execute(sql, [unit] if unit else []).fetchone()
    return {"start": f"{low or 1900}-01-01", "end": f"{high or 1900}-12-31"}
