"""Bounded load test of `juesuan serve` on 127.0.0.1 only: N concurrent uploads of corpus
PDFs (default 20: the first 16 distinct PDFs plus 4 of them again) while another client
polls the overview page. Checked: every upload answered 202, every distinct document
stored exactly once (the repeats deduplicated by content hash, even when they arrive at
the same moment), no document failed; reported: the overview's latency during the load
(p50, p95, max; goal p95 < 300 ms) and the time until every upload was read.

    python bench/web_load.py [--uploads 20] [--distinct 16] [--workers 1] [--json out.json]
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GOAL_P95_MS = 300.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(db: Path, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-c", "from juesuan.cli import app; app()", "serve", "--db", str(db),
                                "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "PYTHONIOENCODING": "utf-8"})
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/rules", timeout=2).status_code == 200:
                return process, base
        except httpx.HTTPError:
            time.sleep(0.1)
    process.kill()
    sys.exit("server did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def run(uploads: int, distinct: int, workers: int) -> dict:
    pdfs = sorted((CORPUS / "pdf").rglob("*.pdf"))[:distinct]
    if len(pdfs) < distinct:
        sys.exit(f"need {distinct} corpus PDFs under {CORPUS / 'pdf'}, found {len(pdfs)}")
    files = [pdfs[i % len(pdfs)] for i in range(uploads)]
    with tempfile.TemporaryDirectory(prefix="juesuan-web-load-") as folder:
        process, base = start(Path(folder) / "load.duckdb", workers)
        try:
            latencies: list[float] = []
            errors: list[str] = []
            stop = threading.Event()

            def poll() -> None:
                with httpx.Client(base_url=base, timeout=30) as client:
                    while not stop.is_set():
                        started = time.perf_counter()
                        response = client.get("/")
                        latencies.append((time.perf_counter() - started) * 1000)
                        if response.status_code != 200:
                            errors.append(f"overview {response.status_code}")
                        time.sleep(0.05)

            def upload(path: Path) -> dict:
                with httpx.Client(base_url=base, timeout=120) as client:
                    response = client.post("/api/documents", files=[("files", (path.name, path.read_bytes(),
                                                                               "application/pdf"))])
                    if response.status_code != 202:
                        errors.append(f"upload {path.name}: {response.status_code} {response.text[:200]}")
                        return {}
                    return response.json()[0]

            poller = threading.Thread(target=poll, daemon=True)
            poller.start()
            time.sleep(0.3)  # a baseline before the load
            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=uploads) as pool:
                answers = list(pool.map(upload, files))
            uploaded_s = time.perf_counter() - started
            ids = {a["id"] for a in answers if a}
            with httpx.Client(base_url=base, timeout=30) as client:
                deadline = time.monotonic() + 600
                while time.monotonic() < deadline:
                    statuses = [client.get(f"/api/documents/{i}").json().get("status") for i in ids]
                    if all(s in ("loaded", "narrative-only", "failed") for s in statuses):
                        break
                    time.sleep(0.3)
                read_s = time.perf_counter() - started
                stop.set()
                poller.join()
                documents = client.get("/api/documents", params={"limit": 1000}).json()
                counts = client.post("/api/query", json={"sql": "SELECT id, count(*) FROM documents GROUP BY id "
                                                                 "HAVING count(*) > 1"}).json()
        finally:
            process.terminate()
            process.wait(timeout=20)
    stored = [d["id"] for d in documents]
    failed = [d["doc"] for d in documents if d["status"] == "failed"]
    result = {
        "uploads": uploads, "distinct": distinct, "workers": workers,
        "stored": len(stored), "stored_once": len(stored) == len(set(stored)) == distinct and not counts["rows"],
        "failed_documents": failed, "errors": errors,
        "upload_requests_s": round(uploaded_s, 2), "all_read_s": round(read_s, 2),
        "overview_requests": len(latencies),
        "overview_p50_ms": round(statistics.median(latencies), 1),
        "overview_p95_ms": round(percentile(latencies, 0.95), 1),
        "overview_max_ms": round(max(latencies), 1),
    }
    result["ok"] = result["stored_once"] and not errors and not failed and result["overview_p95_ms"] < GOAL_P95_MS
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=20)
    parser.add_argument("--distinct", type=int, default=16)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    result = run(args.uploads, args.distinct, args.workers)
    for key, value in result.items():
        print(f"{key:>22}: {value}")
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    sys.exit(0 if result["ok"] else 1)


if __name__ == "__main__":
    main()
