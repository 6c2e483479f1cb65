"""The DuckDB schema of a corpus store, as numbered migrations.

A store remembers its schema version in `schema_version`; `migrate` applies every
migration above it, each in its own transaction, so a store written by an older juesuan
opens with a newer one and nothing already loaded is lost. A new column or view is a new
migration appended to `MIGRATIONS` — never an edit of an old one.

Money is DECIMAL(28,6) (exact; wider than the DECIMAL(20,4) a 万元 table needs) and the
printed string is kept beside it, so `392.5` and `392.50` stay what the document printed.
"""
from __future__ import annotations

import duckdb

MONEY = "DECIMAL(28,6)"

_V1 = [
    """CREATE TABLE documents (
        id VARCHAR PRIMARY KEY,          -- sha256 of the file's bytes: the same file is loaded once
        doc VARCHAR NOT NULL,            -- slug of the file name (zengdu-2022)
        source VARCHAR NOT NULL,         -- path as given to the batch
        format VARCHAR,                  -- pdf | docx | xlsx | html | markdown | text
        unit_name VARCHAR,               -- as recognized from the document
        unit_key VARCHAR,                -- normalized unit name: documents of one unit share it
        year INTEGER,
        kind VARCHAR,                    -- final_accounts | budget | performance | unknown
        profile VARCHAR,                 -- regional profile the checks used
        amount_unit VARCHAR,
        pages INTEGER,
        status VARCHAR NOT NULL,         -- loaded | narrative-only | failed
        error VARCHAR,                   -- why a file failed (or why only its narrative was read)
        n_cells INTEGER,
        n_findings INTEGER,
        extract_s DOUBLE,
        check_s DOUBLE,
        timings JSON,
        worker VARCHAR,                  -- host:pid that read it
        loaded_at TIMESTAMP DEFAULT current_timestamp
    )""",
    f"""CREATE TABLE cells (
        doc_id VARCHAR NOT NULL,
        tbl VARCHAR NOT NULL,            -- canonical table (F01, B05, X-procurement)
        row_key VARCHAR NOT NULL,
        col_key VARCHAR NOT NULL,
        address VARCHAR NOT NULL,        -- F01[27,1]
        value {MONEY} NOT NULL,
        printed VARCHAR NOT NULL,        -- the number as printed (separators removed)
        unit VARCHAR,
        page INTEGER, line INTEGER, sheet VARCHAR, cell VARCHAR
    )""",
    """CREATE TABLE tables_read (
        doc_id VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        title VARCHAR,
        label VARCHAR,                   -- the number the document printed (公开07表)
        unit VARCHAR,
        pages VARCHAR,
        declared_empty BOOLEAN,
        n_cells INTEGER
    )""",
    """CREATE TABLE unrecognized (
        doc_id VARCHAR NOT NULL, title VARCHAR, page INTEGER, line INTEGER, reason VARCHAR
    )""",
    f"""CREATE TABLE facts (
        doc_id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        kind VARCHAR,                    -- amount | share | change | completion | count | comparison | blank
        value {MONEY},
        printed VARCHAR,
        unit VARCHAR,
        label VARCHAR,
        subject VARCHAR,
        measure VARCHAR,
        direction INTEGER,
        section VARCHAR,
        refers_to VARCHAR,
        current VARCHAR,
        sentence VARCHAR,
        text VARCHAR,
        page INTEGER, line INTEGER,
        spans JSON                       -- every line the figure spans, with its text
    )""",
    """CREATE TABLE findings (
        doc_id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        code VARCHAR NOT NULL,
        severity VARCHAR NOT NULL,
        message VARCHAR,
        cells JSON,
        spans JSON,
        expected VARCHAR,
        found VARCHAR,
        scope VARCHAR NOT NULL,          -- document | corpus (cross-document checks)
        other_doc_id VARCHAR             -- corpus findings: the other document read
    )""",
    """CREATE TABLE performance (
        doc_id VARCHAR NOT NULL,
        seq INTEGER NOT NULL,
        kind VARCHAR, title VARCHAR, unit VARCHAR,
        total_score VARCHAR, grade VARCHAR,
        record JSON
    )""",
    # the common questions, as views
    """CREATE VIEW v_documents AS
        SELECT d.unit_key, d.year, d.kind, d.doc, d.status, d.pages, d.n_cells, d.n_findings,
               (SELECT count(*) FROM findings f WHERE f.doc_id = d.id AND f.severity = 'error') AS errors,
               d.error, d.source, d.id
        FROM documents d""",
    """CREATE VIEW v_findings AS
        SELECT d.unit_key, d.year, d.doc, f.code, f.severity, f.message, f.expected, f.found, f.scope,
               o.doc AS other_doc, f.cells, f.spans
        FROM findings f JOIN documents d ON d.id = f.doc_id
        LEFT JOIN documents o ON o.id = f.other_doc_id""",
    """CREATE VIEW v_findings_by_code AS
        SELECT code, severity, count(*) AS findings, count(DISTINCT doc_id) AS documents
        FROM findings GROUP BY code, severity""",
    """CREATE VIEW v_sangong AS
        SELECT d.unit_key, d.year, d.kind, d.doc, c.tbl, c.row_key, c.col_key, c.value, c.unit
        FROM cells c JOIN documents d ON d.id = c.doc_id
        WHERE c.tbl IN ('F09', 'B10')""",
    """CREATE VIEW v_tables_missing AS
        WITH expected(kind, tbl) AS (VALUES
            ('final_accounts','F01'),('final_accounts','F02'),('final_accounts','F03'),
            ('final_accounts','F04'),('final_accounts','F05'),('final_accounts','F06'),
            ('final_accounts','F07'),('final_accounts','F08'),('final_accounts','F09'),
            ('budget','B01'),('budget','B02'),('budget','B03'),('budget','B04'),('budget','B05'),
            ('budget','B06'),('budget','B07'),('budget','B08'),('budget','B09'),('budget','B10'),
            ('budget','B11'))
        SELECT d.unit_key, d.year, d.doc, e.tbl
        FROM documents d JOIN expected e ON e.kind = d.kind
        WHERE d.status = 'loaded'
          AND NOT EXISTS (SELECT 1 FROM tables_read t WHERE t.doc_id = d.id AND t.kind = e.tbl)""",
    """CREATE VIEW v_unit_years AS
        SELECT unit_key, list(DISTINCT year ORDER BY year) AS years, count(*) AS documents
        FROM documents WHERE unit_key IS NOT NULL GROUP BY unit_key""",
]

MIGRATIONS: list[list[str]] = [_V1]


def version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute("SELECT count(*) FROM information_schema.tables "
                         "WHERE table_name = 'schema_version'").fetchone()[0]
    if not exists:
        return 0
    row = con.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Bring the store up to the newest schema; returns the version it is at."""
    current = version(con)
    if current == 0:
        con.execute("CREATE TABLE IF NOT EXISTS schema_version "
                    "(version INTEGER, applied_at TIMESTAMP DEFAULT current_timestamp)")
    for number, statements in enumerate(MIGRATIONS, start=1):
        if number <= current:
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in statements:
                con.execute(statement)
            con.execute("INSERT INTO schema_version (version) VALUES (?)", [number])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    if current > len(MIGRATIONS):
        raise RuntimeError(f"store schema version {current} is newer than this juesuan "
                           f"({len(MIGRATIONS)}): upgrade juesuan")
    return len(MIGRATIONS)
