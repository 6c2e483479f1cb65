"""Generated batches for the store and batch tests: copies of the example disclosure, each
with its own unit name (so every file has its own content hash), and a corrupt PDF."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "example-2024.md"
EXAMPLE_UNIT = "示例市示例区示例服务中心"
JUESUAN = [str(Path(sys.executable).parent / "juesuan")]


def generate(folder: Path, count: int, start: int = 0) -> list[Path]:
    """`count` small disclosures (~50 ms each to read), unit names 示例市示例区第N服务中心."""
    folder.mkdir(parents=True, exist_ok=True)
    text = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for index in range(start, start + count):
        path = folder / f"unit{index:04d}-2024.md"
        path.write_text(text.replace(EXAMPLE_UNIT, f"示例市示例区第{index}服务中心"), encoding="utf-8")
        paths.append(path)
    return paths


def corrupt_pdf(path: Path) -> Path:
    path.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n garbage, no xref, no pages\n")
    return path


def juesuan(*args: str, cwd: Path | None = None, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "120"}
    return subprocess.run([*JUESUAN, *args], capture_output=True, text=True, encoding="utf-8",
                          cwd=cwd, env=env, timeout=300, **kwargs)


def crash_on_crash_files(path: str, digest: str, profile=None):
    """A per-document function whose process dies on a file named `crash*`: what a reader
    that segfaults looks like to the pool."""
    if Path(path).name.startswith("crash"):
        os._exit(9)
    from juesuan.batch.work import process_file

    return process_file(path, digest, profile)
