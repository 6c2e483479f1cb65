"""`make run`'s render step: write the example unit's disclosure from its numbers, read
each document back and check it — the round trip a finance officer relies on, shown on
the project's own synthetic unit (examples/sample_cells.jsonl + sample_meta.json)."""
from __future__ import annotations

import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

from . import FORMATS, InputError, Unbalanced, from_cells, render


def render_and_check(examples: Path, out: Path, console: Console) -> int:
    """Render to out/rendered/, extract and check each output; 1 when any step fails."""
    from ..checks import check
    from ..pipeline import extract

    cells_path, meta_path = examples / "sample_cells.jsonl", examples / "sample_meta.json"
    if not cells_path.exists():
        console.print(f"[red]no sample cells in {examples}[/red]")
        return 1
    try:
        source = from_cells(cells_path, meta_path if meta_path.exists() else None)
        result = render(source, out / "rendered", formats=FORMATS)
    except (InputError, Unbalanced) as error:
        console.print(f"[red]render failed: {error}[/red]")
        return 1
    table = Table(title=f"juesuan render: {source.unit_name} {source.year} from {len(source.cells)} cells "
                        f"in {result.seconds:.1f} s, read back and checked")
    for name, justify in (("file", "left"), ("kB", "right"), ("cells read back", "left"),
                          ("errors", "right"), ("warnings", "right"), ("ms", "right")):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    failed = 0
    for fmt, path in result.paths.items():
        started = time.perf_counter()
        disclosure = extract(path)
        findings = check(disclosure)
        got = {(c.table, c.row, c.col): c.value for c in disclosure.cells()}
        bad = sum(1 for k, v in source.cells.items() if got.get(k, 0) != v)
        bad += sum(1 for k, v in got.items() if k not in source.cells and v != 0)
        errors = sum(f.severity == "error" for f in findings)
        warnings = sum(f.severity == "warning" for f in findings)
        failed += bool(bad or errors)
        table.add_row(str(path), str(path.stat().st_size // 1024),
                      "[green]exact[/green]" if not bad else f"[red]{bad} differ[/red]",
                      f"[red]{errors}[/red]" if errors else "0", str(warnings),
                      f"{(time.perf_counter() - started) * 1000:.0f}")
    console.print(table)
    console.print(f"documents written to {out / 'rendered'}/ (open the .html in a browser, the .pdf or .docx "
                  f"in any viewer); the input workbook: juesuan template -o input.xlsx")
    return 1 if failed else 0
