"""`python -m juesuan.demo` reads every example, writes its cells and fails loudly."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from juesuan import demo

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_demo_reads_every_example(tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    assert demo.main(["--examples", str(EXAMPLES), "--out", str(out)]) == 0
    written = sorted(p.name for p in out.glob("*.jsonl"))
    assert written == [f"example-2024.{ext}.jsonl" for ext in sorted(["docx", "html", "md", "pdf", "txt", "xlsx"])]
    first = json.loads((out / "example-2024.xlsx.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert set(first) == {"doc", "table", "row", "col", "value", "unit"}
    printed = capsys.readouterr().out
    assert printed.count("exact") == 6 + 4  # six examples read, four rendered documents read back
    assert sorted(p.suffix for p in (out / "rendered").iterdir()) == [".docx", ".html", ".pdf", ".xlsx"]


def test_demo_fails_on_a_bad_example(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "examples"
    folder.mkdir()
    shutil.copy(EXAMPLES / "example-2024.md", folder / "good.md")
    shutil.copy(EXAMPLES / "sample_cells.jsonl", folder / "sample_cells.jsonl")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n garbage")
    assert demo.main(["--examples", str(folder), "--out", str(tmp_path / "out")]) == 1
    printed = capsys.readouterr().out
    assert "1 of 2 example files failed" in printed
