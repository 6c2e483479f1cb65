"""The read-only SQL endpoint: one SELECT, a timeout, a row limit, nothing kept.

Three walls, each enough on its own for the common attacks:
1. the statement is parsed by DuckDB itself (`extract_statements`) and only a single
   SELECT (or EXPLAIN) passes — INSERT, UPDATE, DELETE, CREATE, DROP, ATTACH, COPY,
   INSTALL, LOAD, SET, PRAGMA, CALL and friends are refused before they run;
2. the database has no file system access and a frozen configuration (web/data.py), so
   `read_csv('/etc/passwd')` or a `COPY` smuggled in any way fails inside DuckDB;
3. the statement runs in its own transaction that is always rolled back.
A timer interrupts a statement that runs past the timeout; at most `limit` rows return.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import duckdb

from .data import Data

ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
MAX_SQL = 20_000


class Refused(ValueError):
    """The statement is not a single read-only query."""


class TimedOut(RuntimeError):
    pass


@dataclass
class Result:
    columns: list[str]
    rows: list[list]
    truncated: bool
    seconds: float


def vet(sql: str) -> str:
    """The one statement to run, or Refused with the reason."""
    if len(sql) > MAX_SQL:
        raise Refused(f"statement longer than {MAX_SQL} characters")
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as error:
        raise Refused(f"cannot parse: {error}") from None
    if len(statements) != 1:
        raise Refused(f"one statement expected, got {len(statements)}")
    kind = statements[0].type
    if kind not in ALLOWED:
        raise Refused(f"only SELECT is allowed here, not {kind.name}")
    return statements[0].query


def run(data: Data, sql: str, limit: int, timeout_s: float) -> Result:
    statement = vet(sql)
    started = time.perf_counter()
    with data.cursor() as cur:
        fired = threading.Event()

        def stop() -> None:
            fired.set()
            cur.interrupt()

        timer = threading.Timer(timeout_s, stop)
        cur.execute("BEGIN TRANSACTION")
        timer.start()
        try:
            cursor = cur.execute(statement)
            columns = [d[0] for d in cursor.description] if cursor.description else []
            rows = cursor.fetchmany(limit + 1) if columns else []
        except duckdb.InterruptException:
            raise TimedOut(f"stopped after {timeout_s:g} s") from None
        except duckdb.Error:
            if fired.is_set():
                raise TimedOut(f"stopped after {timeout_s:g} s") from None
            raise
        finally:
            timer.cancel()
            try:
                cur.execute("ROLLBACK")
            except duckdb.Error:
                pass
    return Result(columns, [list(r) for r in rows[:limit]], len(rows) > limit, time.perf_counter() - started)
