"""`juesuan query`: one SQL statement against a store, printed as a table, CSV or JSON.

The store is opened read-only, so a question cannot change it. DECIMAL values are
written exactly (`392.50`, never `392.5000000001`): as strings in JSON, as printed in
CSV and in the table.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

from .load import connect


def run(db: str | Path, sql: str) -> tuple[list[str], list[tuple]]:
    if not Path(db).exists():
        raise FileNotFoundError(f"no store at {db} (load one with `juesuan batch PATH --db {db}`)")
    con = connect(db, read_only=True)
    try:
        cursor = con.execute(sql)
        names = [d[0] for d in cursor.description] if cursor.description else []
        rows = cursor.fetchall() if names else []
    finally:
        con.close()
    return names, rows


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, default=_json_default)
    return str(value)


def _json_default(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def to_csv(names: list[str], rows: list[tuple]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    for row in rows:
        writer.writerow([_text(v) for v in row])
    return buffer.getvalue()


def to_json(names: list[str], rows: list[tuple]) -> str:
    records = [dict(zip(names, row)) for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=1, default=_json_default) + "\n"


def to_table(names: list[str], rows: list[tuple], title: str | None = None):
    from rich.table import Table

    table = Table(title=title)
    for name in names:
        table.add_column(name, overflow="fold")
    for row in rows:
        table.add_row(*[_text(v) for v in row])
    return table
