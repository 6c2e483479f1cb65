"""Final-accounts tables F01–F10 read from the corpus equal the hand-verified gold cells
(scored by shared/tools/score_cells.py: recall and precision 1.0), and the metadata the
gold meta.json records (unit, year, amount unit, F tables present and declared empty)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import TOOLS, corpus_path
from juesuan.pipeline import extract

pytestmark = pytest.mark.corpus

DOCS = [("zengdu-2022.txt", "zengdu-2022"), ("lanxian-2024.md", "lanxian-2024")]


@pytest.mark.parametrize("name,gold", DOCS)
def test_cells_score_one(name, gold, tmp_path):
    disclosure = extract(corpus_path("text", name))
    out = tmp_path / "cells.jsonl"
    out.write_text("".join(json.dumps(c.to_json(disclosure.doc), ensure_ascii=False) + "\n"
                           for c in disclosure.cells() if c.table.startswith("F")), encoding="utf-8")
    result = subprocess.run([sys.executable, str(TOOLS / "score_cells.py"),
                             str(corpus_path("gold", gold, "cells.jsonl")), str(out), "--show", "20"],
                            capture_output=True, text=True, encoding="utf-8")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "recall=1.0000 precision=1.0000" in result.stdout


@pytest.mark.parametrize("name,gold", DOCS)
def test_meta_matches_gold(name, gold):
    disclosure = extract(corpus_path("text", name))
    meta = disclosure.meta()
    want = json.loads(corpus_path("gold", gold, "meta.json").read_text(encoding="utf-8"))
    for key in ("unit_name", "year", "amount_unit"):
        assert meta[key] == want[key], key
    for key in ("tables_present", "tables_declared_empty"):
        assert [k for k in meta[key] if k[0] == "F"] == [k for k in want[key] if k[0] == "F"], key
    assert not disclosure.unrecognized  # every table read: `juesuan extract` exits 0


@pytest.mark.parametrize("name,gold", DOCS)
def test_cells_keep_provenance_and_unit(name, gold):
    disclosure = extract(corpus_path("text", name))
    for table in disclosure.tables:
        if not table.kind.startswith("F"):
            continue
        assert table.unit == "万元"
        for cell in table.cells:
            assert cell.where.line is not None, cell
            assert cell.unit == "万元"
    empty = [t for t in disclosure.tables if t.declared_empty]
    assert empty and all(not t.cells for t in empty)


def test_broken_numbers_are_rejoined_where_printed():
    """zengdu prints `582.` / `36` under 行次 1: the cell's line is the first piece's."""
    path = corpus_path("text", "zengdu-2022.txt")
    disclosure = extract(path)
    lines = path.read_text(encoding="utf-8").split("\n")
    f01 = {(c.row, c.col): c for c in disclosure.table("F01").cells}
    cell = f01[("1", "1")]
    assert str(cell.value) == "582.36"
    assert lines[cell.where.line - 1].strip() == "582."
