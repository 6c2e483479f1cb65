"""`juesuan batch`: resumable, SIGKILL-safe, broken files recorded, exit codes."""
from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import duckdb

from batch_helpers import ROOT, corrupt_pdf, generate, juesuan, JUESUAN


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
    generate(folder, 60)
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
    assert 5 <= len(committed) < 60, "the kill should land part-way"

    rerun = juesuan("batch", str(folder), "--db", str(db), "--workers", "2")
    assert rerun.returncode == 0, rerun.stderr
    documents = _documents(db)
    assert len(documents) == 60 == len({doc_id for doc_id, *_ in documents})
    assert documents == _documents(reference)
    assert _cells(db) == _cells(reference)


def test_same_content_twice_is_one_document(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    first, = generate(folder, 1)
    (folder / "copy.md").write_bytes(first.read_bytes())
    from juesuan.batch import run_batch

    result = run_batch([folder], tmp_path / "s.duckdb", workers=1, cross=False)
    assert (result.files, result.duplicates, result.read, result.exit_code) == (2, 1, 1, 0)


def test_a_file_with_no_table_keeps_its_narrative(tmp_path: Path, monkeypatch) -> None:
    """A disclosure whose tables were published apart (its 说明 only) keeps its 情况说明
    facts as `narrative-only`, with no cells; a file that cannot be read is a failure."""
    from juesuan import pipeline
    from juesuan.batch.work import process_file
    from juesuan.errors import UnreadableFile

    text = (ROOT / "examples" / "example-2024.txt").read_text(encoding="utf-8")
    first, tables, narrative = text.index("第一部分"), text.index("第二部分"), text.index("第三部分")
    path = tmp_path / "narrative-only.txt"
    path.write_text(text[:tables] + text[narrative:], encoding="utf-8")
    assert first < tables < narrative
    record = process_file(str(path), "id1")
    assert (record.status, record.n_cells) == ("narrative-only", 0)
    assert record.error is None and len(record.facts["seq"]) > 10

    def scanned(file, doc=None):
        raise UnreadableFile(file, "no text: a scanned or blank document (OCR is not supported)")

    monkeypatch.setattr(pipeline, "extract", scanned)
    record = process_file(str(path), "id2")
    assert (record.status, record.error) == ("failed", "no text: a scanned or blank document (OCR is not supported)")


def test_a_worker_that_dies_fails_its_file_and_the_batch_goes_on(tmp_path: Path) -> None:
    from batch_helpers import crash_on_crash_files
    from juesuan.batch.runners import run_local
    from juesuan.batch.work import file_digest

    paths = generate(tmp_path, 5)
    crash = tmp_path / "crash.md"
    crash.write_bytes(paths[0].read_bytes() + b"\n")
    jobs = [(str(p), file_digest(p)) for p in [*paths[:2], crash, *paths[2:]]]
    records = list(run_local(jobs, 2, function=crash_on_crash_files))
    by_source = {r.source: r for r in records}
    assert len(records) == 6 and set(by_source) == {job[0] for job in jobs}
    assert by_source[str(crash)].status == "failed" and "crashed" in by_source[str(crash)].error
    assert all(r.status == "loaded" for s, r in by_source.items() if s != str(crash))
