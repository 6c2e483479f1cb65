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
Before writing, the numbers are checked against the identities a finance bureau's audit
formulas check (F01 totals, 类 = Σ款 = Σ项, F03 合计 = Σ columns, F04/F05/F06 agree), so
the examples are internally consistent and a checker finds nothing to report.

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


def load_layout() -> dict:
    """What `verify` needs of the national layout, from the package catalog: the place of
    each 功能分类 类 among F01's expenditure rows, and F06's panels of economic codes."""
    from juesuan.catalog import load
    from juesuan.catalog.subjects import function_class
    from juesuan.render.layout import f06_panels

    rows = load("final_layout.yaml")["F01"]["rows"]
    class_codes = {}
    for row, name in rows.items():
        code = function_class(name) if name and 32 <= int(row) <= 57 else None
        if code:
            class_codes[code] = int(row) - 31
    panels = f06_panels(source())
    return {"class_codes": class_codes, "f06_panels": [[[code, name] for code, name in p] for p in panels]}


def source(cells_path: Path = HERE / "sample_cells.jsonl", meta_path: Path = HERE / "sample_meta.json"):
    """The example as a `juesuan.render` Source: the cells, and the 概况 as unit facts."""
    from juesuan.render import from_cells

    return from_cells(cells_path, meta_path)


def verify(cells: Cells, meta: dict, layout: dict) -> list[str]:
    """The identities the example must satisfy; returns the failures (empty: consistent)."""
    problems: list[str] = []

    def v(table: str, row: object, col: object) -> Decimal:
        return cells.get((table, str(row), str(col)), Decimal(0))

    def same(name: str, left: Decimal, right: Decimal) -> None:
        if left != right:
            problems.append(f"{name}: {left} != {right}")

    same("F01 27 = Σ1–8", v("F01", 27, 1), sum((v("F01", r, 1) for r in range(1, 9)), Decimal(0)))
    same("F01 31 = 27+28+29", v("F01", 31, 1), v("F01", 27, 1) + v("F01", 28, 1) + v("F01", 29, 1))
    same("F01 58 = Σ32–57", v("F01", 58, 2), sum((v("F01", r, 2) for r in range(32, 58)), Decimal(0)))
    same("F01 62 = 58+59+60", v("F01", 62, 2), v("F01", 58, 2) + v("F01", 59, 2) + v("F01", 60, 2))
    same("F01 31 = 62", v("F01", 31, 1), v("F01", 62, 2))
    for table, columns in (("F02", range(2, 8)), ("F03", range(2, 7)), ("F05", range(2, 4))):
        codes = sorted({row for (t, row, _) in cells if t == table and row != "合计"})
        for row in ["合计", *codes]:
            same(f"{table} {row} col1 = Σ cols", v(table, row, 1),
                 sum((v(table, row, c) for c in columns), Decimal(0)))
        for col in range(1, max(columns) + 1):
            classes = [c for c in codes if len(c) == 3]
            same(f"{table} 合计 col{col} = Σ类", v(table, "合计", col),
                 sum((v(table, c, col) for c in classes), Decimal(0)))
            for parent in codes:
                children = [c for c in codes if c.startswith(parent) and len(c) == len(parent) + 2]
                if children:
                    same(f"{table} {parent} col{col} = Σ children", v(table, parent, col),
                         sum((v(table, c, col) for c in children), Decimal(0)))
    same("F02 合计 = F01 27", v("F02", "合计", 1), v("F01", 27, 1))
    same("F03 合计 = F01 58", v("F03", "合计", 1), v("F01", 58, 2))
    for code, place in layout["class_codes"].items():
        same(f"F01 row {31 + place} = F03 {code}", v("F01", 31 + place, 2), v("F03", code, 1))
        same(f"F04 row {32 + place} = F05 {code}", v("F04", 32 + place, 3), v("F05", code, 1))
        same(f"F04 row {32 + place} col2 = col3+4+5", v("F04", 32 + place, 2),
             v("F04", 32 + place, 3) + v("F04", 32 + place, 4) + v("F04", 32 + place, 5))
    same("F04 27 = 1+2+3", v("F04", 27, 1), v("F04", 1, 1) + v("F04", 2, 1) + v("F04", 3, 1))
    same("F04 28 = 29+30+31", v("F04", 28, 1), v("F04", 29, 1) + v("F04", 30, 1) + v("F04", 31, 1))
    same("F04 32 = 27+28", v("F04", 32, 1), v("F04", 27, 1) + v("F04", 28, 1))
    same("F04 64 = 59+60", v("F04", 64, 2), v("F04", 59, 2) + v("F04", 60, 2))
    same("F04 32 = 64", v("F04", 32, 1), v("F04", 64, 2))
    same("F04 59 col3 = F05 合计", v("F04", 59, 3), v("F05", "合计", 1))
    same("F04 1 = F01 1", v("F04", 1, 1), v("F01", 1, 1))
    same("F06 人员+公用 = F05 基本", v("F06", "人员经费合计", 1) + v("F06", "公用经费合计", 1), v("F05", "合计", 2))
    same("F06 人员经费 = 301+303", v("F06", "人员经费合计", 1), v("F06", "301", 1) + v("F06", "303", 1))
    for panel in layout["f06_panels"]:
        for code, _ in panel:
            code = str(code)
            if len(code) == 3:
                children = [str(c) for c, _ in panel if str(c).startswith(code) and len(str(c)) == 5]
                same(f"F06 {code} = Σ", v("F06", code, 1), sum((v("F06", c, 1) for c in children), Decimal(0)))
    same("F06 公用经费 = 302+307+310+399", v("F06", "公用经费合计", 1),
         sum((v("F06", c, 1) for c in ("302", "307", "310", "399")), Decimal(0)))
    same("F10 1 = 2+3+4", v("F10", 1, 1), v("F10", 2, 1) + v("F10", 3, 1) + v("F10", 4, 1))
    for table in meta["tables_declared_empty"]:
        if any(t == table for (t, _, _) in cells):
            problems.append(f"{table} is declared empty but has cells")
    return problems


# ---------------------------------------------------------------- main

def write_all(out_dir: Path = HERE, formats: tuple[str, ...] = FORMATS) -> list[Path]:
    from juesuan.render import write
    from juesuan.render.document import build

    cells, meta, layout = load_cells(), load_meta(), load_layout()
    problems = verify(cells, meta, layout)
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
        problems = verify(load_cells(), load_meta(), load_layout())
        print("\n".join(problems) or "consistent")
        return 1 if problems else 0
    for path in write_all(args.out, tuple(args.formats.split(","))):
        print(f"wrote {path} ({path.stat().st_size // 1024} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
