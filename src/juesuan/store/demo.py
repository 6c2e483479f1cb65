"""The store part of `make run`: load the example documents into an embedded DuckDB and
print a summary queried back from it (so the demo shows the store, not a Python list).

Documents are read in this process with the batch's own per-document function
(`batch.work.process_file`) and written with the store's one-transaction `write`; a
second run finds every file already loaded and skips it.
"""
from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

SUMMARY_SQL = """
    SELECT d.source, d.format, d.status, d.unit_key, d.year, d.n_cells AS cells,
           count(DISTINCT t.kind) AS tables,
           (SELECT count(*) FROM findings f WHERE f.doc_id = d.id AND f.severity = 'error') AS errors
    FROM documents d LEFT JOIN tables_read t ON t.doc_id = d.id
    WHERE list_contains(?, d.id)
    GROUP BY d.id, d.source, d.format, d.status, d.unit_key, d.year, d.n_cells ORDER BY d.source
"""


def load_and_summarize(folders: list[Path], db: Path, console: Console) -> int:
    """Load every supported file under `folders` into `db`; 1 when a file failed."""
    from ..batch.files import discover
    from ..batch.work import file_digest, process_file
    from .corpus import run_cross_checks
    from .load import connect, loaded_ids, write

    files = discover([f for f in folders if f.is_dir()])
    db.parent.mkdir(parents=True, exist_ok=True)
    con = connect(db)
    try:
        present = loaded_ids(con)
        ids = []
        for path in files:
            digest = file_digest(path)
            ids.append(digest)
            if digest not in present:
                write(con, process_file(str(path), digest))
                present.add(digest)
        run_cross_checks(con)
        rows = con.execute(SUMMARY_SQL, [ids]).fetchall()
        totals = con.execute("SELECT count(*), sum(n_cells), count(DISTINCT unit_key) FROM documents").fetchone()
    finally:
        con.close()
    table = Table(title=f"the store: {db} (queried back with DuckDB)")
    for name in ("file", "format", "status", "unit", "year", "cells", "tables", "errors"):
        table.add_column(name, justify="right" if name in ("year", "cells", "tables", "errors") else "left")
    failed = 0
    for source, fmt, status, unit, year, cells, tables, errors in rows:
        path = Path(source)
        failed += status == "failed"
        colour = "red" if status == "failed" else "green"
        table.add_row(f"{path.parent.name}/{path.name}", fmt or "", f"[{colour}]{status}[/{colour}]", unit or "", str(year or ""),
                      str(cells or 0), str(tables), str(errors))
    console.print(table)
    documents, cells, units = totals
    same = len(ids) - len(set(ids))
    if same:
        console.print(f"{len(ids)} files read as {len(set(ids))} documents: {same} had the same bytes as "
                      "another (same content hash, one document)")
    console.print(f"store holds {documents} document(s), {cells or 0} cells, {units} unit(s); "
                  f"ask it: juesuan query --db {db} \"SELECT * FROM v_documents\"")
    return 1 if failed else 0
