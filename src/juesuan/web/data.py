"""The web app's access to the store: one read-write DuckDB connection for the process
(DuckDB allows one writer per file, and a read-only connection to a file this process has
open read-write is refused), a fresh cursor per request (cursors are DuckDB's unit of
thread safety), and the questions the pages and the API ask.

At start-up the database is locked down: no file system access from SQL (no ATTACH, COPY,
read_csv, INSTALL or LOAD) and the configuration frozen, so the SQL endpoint cannot
reopen what the statement filter keeps shut. The writer (store.load.write) needs neither.
"""
from __future__ import annotations

import json
import threading
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path
from typing import Iterator

import duckdb

from ..store.load import connect

SEVERITY_ORDER = {"error": 0, "warning": 1, "note": 2}


class Data:
    def __init__(self, db: Path):
        self.db = Path(db)
        self.db.parent.mkdir(parents=True, exist_ok=True)
        self._con = connect(self.db)  # creates and migrates
        locked = self._con.execute("SELECT current_setting('lock_configuration'), "
                                   "current_setting('enable_external_access')").fetchone()
        if not locked[0]:
            self._con.execute("SET enable_external_access = false")
            self._con.execute("SET lock_configuration = true")
        elif locked[1]:
            raise RuntimeError("the store is open elsewhere in this process with file access on")
        self._lock = threading.Lock()

    def close(self) -> None:
        self._con.close()

    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            cur = self._con.cursor()
        try:
            yield cur
        finally:
            cur.close()

    # --- questions ---------------------------------------------------------------------

    def has(self, doc_id: str) -> bool:
        with self.cursor() as cur:
            return bool(cur.execute("SELECT count(*) FROM documents WHERE id = ?", [doc_id]).fetchone()[0])

    def documents(self, unit: str | None = None, year: int | None = None, kind: str | None = None,
                  profile: str | None = None, code: str | None = None, q: str | None = None,
                  status: str | None = None, limit: int = 500, offset: int = 0) -> list[dict]:
        where, params = [], []
        if unit:
            where.append("(d.unit_key = ? OR d.unit_name ILIKE ?)")
            params += [unit, f"%{unit}%"]
        if year is not None:
            where.append("d.year = ?")
            params.append(year)
        for column, value in (("kind", kind), ("profile", profile), ("status", status)):
            if value:
                where.append(f"d.{column} = ?")
                params.append(value)
        if code:
            where.append("EXISTS (SELECT 1 FROM findings c WHERE c.doc_id = d.id AND c.code = ?)")
            params.append(code)
        if q:
            where.append("(d.doc ILIKE ? OR d.unit_name ILIKE ? OR EXISTS (SELECT 1 FROM findings m "
                         "WHERE m.doc_id = d.id AND (m.message ILIKE ? OR m.code ILIKE ?)))")
            params += [f"%{q}%"] * 4
        sql = ("SELECT d.id, d.doc, d.unit_name, d.unit_key, d.year, d.kind, d.profile, d.format, d.status, "
               "d.error, d.pages, d.n_cells, "
               "count(f.code) FILTER (WHERE f.severity = 'error') AS errors, "
               "count(f.code) FILTER (WHERE f.severity = 'warning') AS warnings, "
               "count(f.code) FILTER (WHERE f.severity = 'note') AS notes, "
               "CAST(d.loaded_at AS VARCHAR) AS loaded_at "
               "FROM documents d LEFT JOIN findings f ON f.doc_id = d.id "
               + ("WHERE " + " AND ".join(where) + " " if where else "")
               + "GROUP BY ALL ORDER BY loaded_at DESC, doc LIMIT ? OFFSET ?")
        params += [limit, offset]
        with self.cursor() as cur:
            return _dicts(cur.execute(sql, params))

    def document(self, doc_id: str) -> dict | None:
        rows = self._documents_by_id(doc_id)
        return rows[0] if rows else None

    def _documents_by_id(self, doc_id: str) -> list[dict]:
        sql = ("SELECT d.id, d.doc, d.unit_name, d.unit_key, d.year, d.kind, d.profile, d.format, d.status, "
               "d.error, d.pages, d.n_cells, d.amount_unit, d.source, "
               "count(f.code) FILTER (WHERE f.severity = 'error') AS errors, "
               "count(f.code) FILTER (WHERE f.severity = 'warning') AS warnings, "
               "count(f.code) FILTER (WHERE f.severity = 'note') AS notes, "
               "CAST(d.loaded_at AS VARCHAR) AS loaded_at "
               "FROM documents d LEFT JOIN findings f ON f.doc_id = d.id WHERE d.id = ? GROUP BY ALL")
        with self.cursor() as cur:
            return _dicts(cur.execute(sql, [doc_id]))

    def choices(self) -> dict[str, list]:
        """The values the overview's filters offer."""
        with self.cursor() as cur:
            out = {}
            for column in ("unit_key", "year", "kind", "profile"):
                out[column] = [r[0] for r in cur.execute(
                    f"SELECT DISTINCT {column} FROM documents WHERE {column} IS NOT NULL ORDER BY 1").fetchall()]
            out["code"] = [r[0] for r in cur.execute("SELECT DISTINCT code FROM findings ORDER BY 1").fetchall()]
            return out

    def by_code(self) -> list[dict]:
        with self.cursor() as cur:
            return _dicts(cur.execute("SELECT code, severity, count(*) AS findings, count(DISTINCT doc_id) "
                                      "AS documents FROM findings GROUP BY ALL ORDER BY findings DESC, code"))

    def totals(self) -> dict:
        with self.cursor() as cur:
            row = cur.execute("SELECT count(*), count(*) FILTER (WHERE status = 'failed') FROM documents").fetchone()
            sev = dict(cur.execute("SELECT severity, count(*) FROM findings GROUP BY 1").fetchall())
        return {"documents": row[0], "failed": row[1], **{s: sev.get(s, 0) for s in SEVERITY_ORDER}}

    def cells(self, doc_id: str | None = None, table: str | None = None, limit: int = 100000,
              offset: int = 0) -> list[dict]:
        where, params = [], []
        if doc_id:
            where.append("c.doc_id = ?")
            params.append(doc_id)
        if table:
            where.append("c.tbl = ?")
            params.append(table)
        sql = ("SELECT c.doc_id, d.doc, c.tbl AS \"table\", c.row_key AS row, c.col_key AS col, c.address, "
               "CAST(c.value AS VARCHAR) AS value, c.printed, c.unit, c.page, c.line, c.sheet, c.cell "
               "FROM cells c JOIN documents d ON d.id = c.doc_id "
               + ("WHERE " + " AND ".join(where) + " " if where else "")
               + "ORDER BY d.doc, c.tbl, c.address LIMIT ? OFFSET ?")
        with self.cursor() as cur:
            rows = _dicts(cur.execute(sql, [*params, limit, offset]))
        for row in rows:  # DECIMAL(28,6) as text carries six places: back to what was printed
            row["value"] = _plain(row["value"])
        return rows

    def findings(self, doc_id: str | None = None, code: str | None = None, severity: str | None = None,
                 limit: int = 100000, offset: int = 0) -> list[dict]:
        where, params = [], []
        for column, value in (("f.doc_id", doc_id), ("f.code", code), ("f.severity", severity)):
            if value:
                where.append(f"{column} = ?")
                params.append(value)
        sql = ("SELECT f.doc_id, d.doc, f.seq, f.code, f.severity, f.message, f.cells, f.spans, f.expected, "
               "f.found, f.scope, o.doc AS other_doc FROM findings f JOIN documents d ON d.id = f.doc_id "
               "LEFT JOIN documents o ON o.id = f.other_doc_id "
               + ("WHERE " + " AND ".join(where) + " " if where else "")
               + "ORDER BY d.doc, CASE f.severity WHEN 'error' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, "
                 "f.scope, f.seq LIMIT ? OFFSET ?")
        with self.cursor() as cur:
            rows = _dicts(cur.execute(sql, [*params, limit, offset]))
        for row in rows:
            row["cells"] = _json_list(row["cells"])
            row["spans"] = _json_list(row["spans"])
        return rows

    def tables(self, doc_id: str) -> list[dict]:
        with self.cursor() as cur:
            return _dicts(cur.execute("SELECT kind, title, label, unit, pages, declared_empty, n_cells "
                                      "FROM tables_read WHERE doc_id = ?", [doc_id]))

    def unrecognized(self, doc_id: str) -> list[dict]:
        with self.cursor() as cur:
            return _dicts(cur.execute("SELECT title, page, line, reason FROM unrecognized WHERE doc_id = ?",
                                      [doc_id]))

    def facts(self, doc_id: str) -> list[dict]:
        with self.cursor() as cur:
            return _dicts(cur.execute("SELECT seq, section, sentence, text, page, line FROM facts "
                                      "WHERE doc_id = ? ORDER BY seq", [doc_id]))


def _dicts(cursor) -> list[dict]:
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _json_list(value) -> list:
    if value is None:
        return []
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return []
    return value if isinstance(value, list) else []


def _plain(text: str | None) -> str | None:
    """The store keeps six places (`392.500000`): show the two a table prints (`392.50`)
    unless more are significant (`0.123400` → `0.1234`)."""
    if text is None:
        return None
    value = Decimal(text)
    two = value.quantize(Decimal("0.01"))
    return format(two if two == value else value.normalize(), "f")
