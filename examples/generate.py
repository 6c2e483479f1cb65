#!/usr/bin/env python3
"""Write the project's own example disclosure in six formats from one source of truth.

    python examples/generate.py            # writes examples/example-2024.{txt,md,docx,xlsx,html,pdf}
    python examples/generate.py --check    # only verify the numbers

The truth is `sample_cells.jsonl` (every printed number at its canonical address,
spec/cell-addresses.md) plus `sample_meta.json` (unit, year, subject names, the 概况
text). The document itself is written by `juesuan.render` — the same tables, 情况说明,
charts and writers `juesuan render` uses — so the examples show exactly what the
package writes; the national layout comes from the package catalog.
Everything is synthetic: the unit 示例市示例区示例服务中心 and its numbers are invented.
Before writing, the numbers are checked by the package's own audit-formula engine against
the catalog's formulas (F01 totals, 类 = Σ款 = Σ项, F03 合计 = Σ columns, F04/F05/F06
agree, …), so the examples are internally consistent and a checker finds nothing to report.

The PDF and the charts use reportlab, matplotlib and the CJK font of the pip package
`paperang-p2-fonts-cjk`, all dependencies of the package.
"""
from __future__ import annotations

import argparse
import json
import sys
from decimal import Decimal
from pathlib import Path


HERE = Path(__file__).resolve().parent
STEM = "example-2024"
FORMATS = ("txt", "md", "docx", "xlsx", "html", "pdf")

Cells = dict[tuple[str, str, str], Decimal]


# ---------------------------------------------------------------- the source of truth

def load_cells(path: Path = HERE / "sample_cells.jsonl") -> Cells:
    cells: Cells = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            record = json.loads(line)
            cells[(record["table"], record["row"], record["col"])] = Decimal(record["value"])
    return cells


def load_meta(path: Path = HERE / "sample_meta.json") -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def source(cells_path: Path = HERE / "sample_cells.jsonl", meta_path: Path = HERE / "sample_meta.json"):
    """The example as a `juesuan.render` Source: the cells, and the 概况 as unit facts."""
    from juesuan.render import from_cells

    return from_cells(cells_path, meta_path)


def verify(cells: Cells, meta: dict) -> list[str]:
    """The identities the example must satisfy; returns the failures (empty: consistent).

    They are the audit formulas of the package catalog (catalog/formulas.yaml), run by the
    checker's own engine: the sample is exact, so a difference the engine would call
    rounding is a failure too."""
    from juesuan.checks.engine import run_formulas
    from juesuan.checks.loader import disclosure_from_cells
    from juesuan.checks.rules import catalog, profile_for

    rows = [{"table": t, "row": r, "col": c, "value": str(v)} for (t, r, c), v in cells.items()]
    disclosure = disclosure_from_cells(rows, meta)
    problems = [f"{f.code}: {f.message}" for f in run_formulas(disclosure, catalog(profile_for(disclosure)))
                if f.severity == "error" or f.code == "ROUNDING"]
    for table in meta["tables_declared_empty"]:
        if any(t == table for (t, _, _) in cells):
            problems.append(f"{table} is declared empty but has cells")
    return problems


# ---------------------------------------------------------------- main

def write_all(out_dir: Path = HERE, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    from juesuan.render import write
    from juesuan.render.document import build

    problems = verify(load_cells(), load_meta())
    if problems:
        raise SystemExit("sample_cells.jsonl is inconsistent:\n  " + "\n  ".join(problems))
    document = build(source(), charts=any(f in ("docx", "html", "pdf") for f in formats))
    return [write(document, fmt, out_dir / f"{STEM}.{fmt}") for fmt in formats]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="verify the numbers, write nothing")
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated subset of formats")
    args = parser.parse_args(argv)
    if args.check:
        problems = verify(load_cells(), load_meta())
        print("\n".join(problems) or "consistent")
        return 1 if problems else 0
    for path in write_all(args.out, tuple(args.formats.split(","))):
        print(f"wrote {path} ({path.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
