"""The project's own example disclosure, in six formats, read back to exactly its cells.

`examples/sample_cells.jsonl` is the truth the examples were generated from
(`examples/generate.py`); `juesuan extract` on each format must give those cells under
the corpus scoring rule (shared/tools/score_cells.py): a zero may be absent, every
non-zero cell present with its exact value and unit, and nothing else non-zero.
"""
from __future__ import annotations

import importlib.util
import json
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from juesuan.cli import app

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
FORMATS = ["txt", "md", "docx", "xlsx", "html", "pdf"]


def _generator():
    """examples/generate.py as a module (it is a script, not part of the package)."""
    name = "juesuan_examples_generate"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, EXAMPLES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    sys.modules[name] = module  # dataclasses look their module up while the file runs
    spec.loader.exec_module(module)
    return module


def _cells(lines: list[str]) -> dict[tuple[str, str, str], tuple[Decimal, str]]:
    out = {}
    for line in lines:
        if line.strip():
            record = json.loads(line)
            out[(record["table"], record["row"], record["col"])] = (Decimal(record["value"]), record["unit"])
    return out


def compare(gold: dict, got: dict) -> list[str]:
    """Differences under the scoring rule of shared/tools/score_cells.py, plus the unit."""
    problems = []
    for key, (value, unit) in gold.items():
        if key in got:
            if got[key][0] != value:
                problems.append(f"wrong {key}: gold {value}, got {got[key][0]}")
            elif value != 0 and got[key][1] != unit:
                problems.append(f"unit {key}: gold {unit}, got {got[key][1]}")
        elif value != 0:
            problems.append(f"missing {key}: gold {value}")
    for key, (value, _) in got.items():
        if key not in gold and value != 0:
            problems.append(f"false {key}: got {value}")
    return problems


def test_sample_cells_are_consistent() -> None:
    generate = _generator()
    assert generate.verify(generate.load_cells(), generate.load_meta()) == []


def test_verify_catches_an_inconsistent_total() -> None:
    generate = _generator()
    cells = generate.load_cells()
    cells[("F01", "27", "1")] += Decimal("0.01")
    problems = generate.verify(cells, generate.load_meta())
    assert any("F01[27,1]" in p for p in problems)


@pytest.mark.parametrize("fmt", FORMATS)
def test_committed_examples_are_generated_from_the_sample(tmp_path: Path, fmt: str) -> None:
    """Every format is reproducible byte for byte (fixed dates): a stale example fails here."""
    if fmt == "pdf":
        pytest.importorskip("reportlab")
        pytest.importorskip("paperang_p2_fonts_cjk")
    generate = _generator()
    (path,) = generate.write_all(tmp_path, (fmt,))
    assert path.read_bytes() == (EXAMPLES / f"example-2024.{fmt}").read_bytes(), \
        "examples are stale: run `make examples`"


@pytest.mark.parametrize("fmt", FORMATS)
def test_extract_gives_exactly_the_sample_cells(fmt: str) -> None:
    path = EXAMPLES / f"example-2024.{fmt}"
    assert path.exists(), f"missing {path}: run `make examples`"
    result = CliRunner().invoke(app, ["extract", str(path)])
    gold = _cells((EXAMPLES / "sample_cells.jsonl").read_text(encoding="utf-8").splitlines())
    got = _cells(result.stdout.splitlines())
    problems = compare(gold, got)
    assert not problems, f"{len(problems)} differences, first: " + "; ".join(problems[:12])
    assert result.exit_code == 0, result.stderr
