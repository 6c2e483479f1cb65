"""store: a corpus in one embedded DuckDB file (default `juesuan.duckdb` in the working
directory).

- `schema.py`: tables (documents, cells, tables_read, unrecognized, facts, findings,
  performance), views for the common questions, numbered migrations;
- `record.py`: a document as plain columns (what batch workers return);
- `load.py`: `connect` and `write` — one document, one transaction;
- `corpus.py`: the cross-document checks (YOY-…) over the whole store;
- `query.py`, `export.py`: `juesuan query` and `juesuan export` (Parquet, XLSX, Fiscal
  Data Package).
"""
from __future__ import annotations

__all__ = ["DEFAULT_DB", "connect", "write"]


def __getattr__(name: str):
    """`connect`, `write`, `DEFAULT_DB` on first use: a batch worker imports
    `store.record` only, and must not pay for DuckDB (tens of MB per process)."""
    if name in __all__:
        from . import load

        return getattr(load, name)
    raise AttributeError(name)
