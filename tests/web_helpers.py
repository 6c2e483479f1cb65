"""Helpers for the web tests: a TestClient app over a fresh store, waiting for uploads, and
a real `juesuan serve` process on a free localhost port (for the browser test)."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE_TXT = ROOT / "examples" / "example-2024.txt"
DONE = {"loaded", "narrative-only", "failed"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_done(client, doc_id: str, timeout: float = 60.0) -> dict:
    """Poll GET /api/documents/{id} until the upload is read (or fail the test)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        doc = client.get(f"/api/documents/{doc_id}").json()
        if doc.get("status") in DONE:
            return doc
        time.sleep(0.1)
    raise AssertionError(f"{doc_id} not read within {timeout} s")


@contextlib.contextmanager
def served(db: Path, *extra: str, env: dict | None = None):
    """`juesuan serve` in a subprocess on a free port; yields the base URL."""
    port = free_port()
    command = [sys.executable, "-c", "from juesuan.cli import app; app()", "serve", "--db", str(db),
               "--port", str(port), *extra]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                               env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})})
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(base + "/api/rules", timeout=2).status_code in (200, 401):
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
                raise AssertionError(f"server did not start: {output}")
            time.sleep(0.1)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def crash_on_marker(path: str, digest: str):
    """A reader that dies (as a segfault would) on a file containing `CRASH-ME`."""
    if b"CRASH-ME" in Path(path).read_bytes():
        os._exit(9)
    from juesuan.batch.work import process_file

    return process_file(path, digest)
