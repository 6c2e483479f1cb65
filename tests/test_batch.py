"""`juesuan batch`: resumable, SIGKILL-safe, broken files recorded, exit codes."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb

from batch_helpers import corrupt_pdf, generate, juesuan, JUESUAN


def _cells(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT d.source, c.address, c.value, c.printed, c.unit FROM cells c "
                           "JOIN documents d ON d.id = c.doc_id ORDER BY ALL").fetchall()
    finally:
        con.close()


def _documents(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT id, source, status, n_cells FROM documents ORDER BY source").fetchall()
    finally:
        con.close()


def test_good_files_and_one_corrupt_file_exit_4(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    generate(folder, 100)
    corrupt_pdf(folder / "broken.pdf")
    db = tmp_path / "store.duckdb"
    result = juesuan("batch", str(folder), "--db", str(db), "--workers", "2", "--no-cross")
    assert result.returncode == 4, result.stderr
    documents = _documents(db)
    statuses = [status for _, _, status, _ in documents]
    assert statuses.count("loaded") == 100 and statuses.count("failed") == 1
    con = duckdb.connect(str(db), read_only=True)
    source, error = con.execute("SELECT source, error FROM documents WHERE status = 'failed'").fetchone()
    con.close()
    assert source.endswith("broken.pdf") and error  # the reason is kept
    assert "failed" in result.stderr and "broken.pdf" in result.stderr
    # resumable: a rerun reads nothing again and still reports the failure
    again = juesuan("batch", str(folder), "--db", str(db), "--workers", "1", "--no-cross")
    assert again.returncode == 4
    assert _documents(db) == documents


def test_sigkill_part_way_then_rerun_loads_every_document_once(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    generate(folder, 40)
    reference = tmp_path / "reference.duckdb"
    assert juesuan("batch", str(folder), "--db", str(reference), "--workers", "1").returncode == 0

    db, log = tmp_path / "killed.duckdb", tmp_path / "log.jsonl"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    process = subprocess.Popen([*JUESUAN, "batch", str(folder), "--db", str(db), "--workers", "1",
                                "--log", str(log)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env=env, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if log.exists() and len(log.read_text(encoding="utf-8").splitlines()) >= 5:
            break
        time.sleep(0.01)
    os.killpg(process.pid, signal.SIGKILL)  # the batch and its worker processes, mid-run
    process.wait()
    committed = _documents(db)
    assert 5 <= len(committed) < 40, "the kill should land part-way"

    rerun = juesuan("batch", str(folder), "--db", str(db), "--workers", "2")
    assert rerun.returncode == 0, rerun.stderr
    documents = _documents(db)
    assert len(documents) == 40 == len({doc_id for doc_id, *_ in documents})
    assert documents == _documents(reference)
    assert _cells(db) == _cells(reference)


def test_same_content_twice_is_one_document(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    first, = generate(folder, 1)
    (folder / "copy.md").write_bytes(first.read_bytes())
    from juesuan.batch import run_batch

    result = run_batch([folder], tmp_path / "s.duckdb", workers=1, cross=False)
    assert (result.files, result.duplicates, result.read, result.exit_code) == (2, 1, 1, 0)
