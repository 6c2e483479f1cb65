"""The corpus store: schema and migrations, query, exports (Parquet, XLSX, Fiscal Data
Package validated by frictionless), and the corpus loaded in full."""
from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from batch_helpers import ROOT, generate, juesuan
from conftest import corpus_path
from juesuan.cli import app
from juesuan.store import schema
from juesuan.store.load import connect


@pytest.fixture(scope="module")
def small_store(tmp_path_factory) -> Path:
    """Three generated documents loaded in-process."""
    from juesuan.batch import run_batch

    folder = tmp_path_factory.mktemp("in")
    generate(folder, 3)
    db = folder.parent / "small.duckdb"
    assert run_batch([folder], db, workers=1).exit_code == 0
    return db


def test_schema_is_versioned_and_migrations_apply_once(tmp_path: Path) -> None:
    db = tmp_path / "s.duckdb"
    con = connect(db)
    assert schema.version(con) == len(schema.MIGRATIONS)
    con.close()
    con = connect(db)  # reopening applies nothing twice
    assert con.execute("SELECT count(*) FROM schema_version").fetchone()[0] == len(schema.MIGRATIONS)
    money = con.execute("SELECT data_type FROM information_schema.columns "
                        "WHERE table_name = 'cells' AND column_name = 'value'").fetchone()[0]
    assert money.startswith("DECIMAL(28,")
    con.close()


def test_query_formats_keep_decimals_exact(small_store: Path) -> None:
    runner = CliRunner()
    sql = "SELECT address, value, printed FROM cells WHERE printed LIKE '%.%0' ORDER BY address LIMIT 1"
    as_json = runner.invoke(app, ["query", "--db", str(small_store), "-f", "json", sql])
    assert as_json.exit_code == 0, as_json.output
    row = json.loads(as_json.stdout)[0]
    assert isinstance(row["value"], str) and row["value"].startswith(row["printed"])
    as_csv = runner.invoke(app, ["query", "--db", str(small_store), "-f", "csv",
                                 "SELECT count(*) AS n FROM documents"])
    assert as_csv.stdout.splitlines() == ["n", "3"]
    bad = runner.invoke(app, ["query", "--db", str(small_store), "DELETE FROM documents"])
    assert bad.exit_code == 1  # the store is opened read-only
    con = duckdb.connect(str(small_store), read_only=True)
    assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 3
    con.close()


def test_export_parquet_xlsx_and_a_valid_fiscal_data_package(small_store: Path, tmp_path: Path) -> None:
    import frictionless
    from openpyxl import load_workbook

    runner = CliRunner()
    for fmt in ("parquet", "xlsx", "fdp"):
        result = runner.invoke(app, ["export", "--db", str(small_store), "-f", fmt, "-o", str(tmp_path / fmt)])
        assert result.exit_code == 0, result.output
    con = duckdb.connect(str(small_store), read_only=True)
    cells = con.execute("SELECT count(*) FROM cells").fetchone()[0]
    con.close()
    parquet = duckdb.connect()
    assert parquet.execute(f"SELECT count(*) FROM '{tmp_path / 'parquet' / 'cells.parquet'}'").fetchone()[0] == cells
    kind = parquet.execute(f"DESCRIBE SELECT value FROM '{tmp_path / 'parquet' / 'cells.parquet'}'").fetchone()[1]
    assert kind.startswith("DECIMAL")
    workbook = load_workbook(tmp_path / "xlsx" / "juesuan.xlsx", read_only=True)
    assert {"documents", "cells", "findings", "facts"} <= set(workbook.sheetnames)
    rows = list(workbook["cells"].iter_rows(values_only=True))
    assert len(rows) == cells + 1
    value = rows[0].index("value")
    assert all(isinstance(row[value], (int, float)) for row in rows[1:])  # number cells, not text
    report = frictionless.validate(str(tmp_path / "fdp" / "datapackage.json"))
    assert report.valid, report.flatten(["type", "note"])[:5]
    descriptor = json.loads((tmp_path / "fdp" / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["model"]["measures"]["amount"]["currency"] == "CNY"
    lines = (tmp_path / "fdp" / "budget-lines.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == cells + 1
    # an amount in 元 is the printed 万元 figure × 10000, exactly
    header = lines[0].split(",")
    first = dict(zip(header, lines[1].split(",")))
    from decimal import Decimal
    assert Decimal(first["amount"]) == Decimal(first["printed"].replace(",", "")) * 10000


def test_a_broken_fdp_csv_fails_validation(small_store: Path, tmp_path: Path) -> None:
    """The validation above can fail: a non-number amount is reported."""
    import frictionless

    CliRunner().invoke(app, ["export", "--db", str(small_store), "-f", "fdp", "-o", str(tmp_path)])
    path = tmp_path / "budget-lines.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    fields = lines[1].split(",")
    fields[7] = "not-a-number"
    lines[1] = ",".join(fields)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert not frictionless.validate(str(tmp_path / "datapackage.json")).valid


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory) -> Path:
    corpus = corpus_path()
    db = tmp_path_factory.mktemp("corpus") / "corpus.duckdb"
    result = juesuan("batch", str(corpus), "--db", str(db), "--workers", "2")
    assert result.returncode in (0, 4), result.stderr
    return db


@pytest.mark.corpus
def test_corpus_batch_cells_equal_extract_lines(corpus_store: Path) -> None:
    from juesuan.batch.files import discover

    corpus = corpus_path()
    files = discover([corpus])
    assert len(files) >= 27 and {p.suffix for p in files} >= {".pdf", ".txt", ".md"}
    con = duckdb.connect(str(corpus_store), read_only=True)
    rows = {source: (status, n_cells, count) for source, status, n_cells, count in con.execute(
        "SELECT source, status, n_cells, (SELECT count(*) FROM cells c WHERE c.doc_id = d.id) "
        "FROM documents d").fetchall()}
    con.close()
    assert set(rows) == {str(p) for p in files}
    runner = CliRunner()
    for path in files:
        status, n_cells, stored = rows[str(path)]
        assert status in ("loaded", "narrative-only", "failed")
        result = runner.invoke(app, ["extract", str(path)])
        lines = [line for line in result.stdout.splitlines() if line.strip()]
        assert stored == n_cells == len(lines), path.name


@pytest.mark.corpus
def test_check_corpus_reports_the_stored_cross_year_findings(corpus_store: Path) -> None:
    result = CliRunner().invoke(app, ["check", "--corpus", str(corpus_store), "-f", "json"])
    findings = json.loads(result.stdout)
    assert findings and all(f["code"].startswith("YOY-") for f in findings)
    assert result.exit_code == (1 if any(f["severity"] == "error" for f in findings) else 0)
    for finding in findings:  # both documents' evidence: the claim and the prior year's figure
        docs = {item["doc"] for item in finding["cells"] + finding["spans"]}
        assert len(docs) >= 2, finding
    con = duckdb.connect(str(corpus_store), read_only=True)
    stored = con.execute("SELECT count(*) FROM findings WHERE scope = 'corpus'").fetchone()[0]
    con.close()
    assert stored == len(findings)


def _doc_examples(text: str) -> list[tuple[str, str]]:
    """(sql, expected csv) pairs of the README: a ```sql block then a ```csv block."""
    return re.findall(r"```sql\n(.*?)```\s*\n(?:[^\n`]*\n)*?```csv\n(.*?)```", text, re.S)


def test_store_doc_example_queries_return_what_they_say(tmp_path: Path) -> None:
    """The README's example queries run on the store `make run` builds from examples/."""
    from rich.console import Console

    from juesuan.store.demo import load_and_summarize

    db = tmp_path / "juesuan.duckdb"
    assert load_and_summarize([ROOT / "examples"], db, Console(file=open(tmp_path / "o.txt", "w"))) == 0
    examples = _doc_examples((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(examples) >= 3
    runner = CliRunner()
    for sql, expected in examples:
        result = runner.invoke(app, ["query", "--db", str(db), "-f", "csv", sql.strip()])
        assert result.exit_code == 0, result.output
        assert result.stdout.strip().splitlines() == expected.strip().splitlines(), sql
