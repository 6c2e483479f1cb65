"""`python -m juesuan.demo` (what `make run` calls): read every example document.

The examples in `examples/` are one synthetic disclosure printed in six formats from
`examples/sample_cells.jsonl` (see examples/generate.py). The demo extracts each file,
writes its cells to `out/<file>.jsonl`, compares them with the sample cells under the
scoring rule of the corpus (a zero may be absent; every other cell exact; nothing extra)
and prints one summary row per file. It exits 1 when any file fails to read, leaves a
table unrecognized or disagrees with the sample: the demo doubles as a smoke test.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from decimal import Decimal
from pathlib import Path

from rich.console import Console
from rich.table import Table

from .errors import UnreadableFile
from .pipeline import extract

_FORMATS = {".txt": "text", ".md": "markdown", ".docx": "docx", ".xlsx": "xlsx", ".html": "html", ".pdf": "pdf"}


def default_examples() -> Path:
    """examples/ of the source tree this package runs from (an editable install), else ./examples."""
    tree = Path(__file__).resolve().parents[2] / "examples"
    return tree if tree.is_dir() else Path.cwd() / "examples"


def load_cells(lines: list[str]) -> dict[tuple[str, str, str], Decimal]:
    out = {}
    for line in lines:
        if line.strip():
            record = json.loads(line)
            out[(record["table"], str(record["row"]), str(record["col"]))] = Decimal(str(record["value"]))
    return out


def differences(gold: dict, got: dict) -> int:
    """How many cells break the scoring rule (missing, wrong or false)."""
    bad = 0
    for key, value in gold.items():
        if key in got:
            bad += got[key] != value
        else:
            bad += value != 0
    bad += sum(1 for key, value in got.items() if key not in gold and value != 0)
    return bad


def run(examples: Path, out: Path, console: Console) -> int:
    files = sorted(p for p in examples.iterdir()
                   if p.suffix in _FORMATS and p.is_file() and not p.name.lower().startswith("readme"))
    if not files:
        console.print(f"[red]no example documents in {examples}[/red] (run `make examples`)")
        return 1
    sample_path = examples / "sample_cells.jsonl"
    sample = load_cells(sample_path.read_text(encoding="utf-8").splitlines()) if sample_path.exists() else None
    out.mkdir(parents=True, exist_ok=True)
    table = Table(title=f"juesuan: the example disclosure in {len(files)} formats", show_lines=False)
    for name, justify in (("file", "left"), ("format", "left"), ("tables", "right"), ("cells", "right"),
                          ("unrecognized", "right"), ("ms", "right"), ("vs sample", "left")):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    failed = 0
    for path in files:
        started = time.perf_counter()
        try:
            disclosure = extract(path)
        except UnreadableFile as error:
            failed += 1
            table.add_row(path.name, _FORMATS[path.suffix], "—", "—", "—", _ms(started), f"[red]{error.reason}[/red]")
            continue
        except Exception as error:  # the demo reports a reader bug and goes on with the next file
            failed += 1
            table.add_row(path.name, _FORMATS[path.suffix], "—", "—", "—", _ms(started),
                          f"[red]{type(error).__name__}: {error}[/red]")
            continue
        elapsed = _ms(started)
        lines = [json.dumps(c.to_json(disclosure.doc), ensure_ascii=False) for c in disclosure.cells()]
        (out / f"{path.name}.jsonl").write_text("".join(line + "\n" for line in lines), encoding="utf-8")
        verdict = "—"
        bad = 0
        if sample is not None:
            bad = differences(sample, load_cells(lines))
            verdict = "[green]exact[/green]" if bad == 0 else f"[red]{bad} cells differ[/red]"
        if bad or disclosure.unrecognized:
            failed += 1
        unrecognized = len(disclosure.unrecognized)
        table.add_row(path.name, _FORMATS[path.suffix], str(len(disclosure.tables)), str(len(lines)),
                      f"[red]{unrecognized}[/red]" if unrecognized else "0", elapsed, verdict)
    console.print(table)
    console.print(f"cells written to {out}/")
    if failed:
        console.print(f"[red]{failed} of {len(files)} example files failed[/red]")
    return 1 if failed else 0


def _ms(started: float) -> str:
    return f"{(time.perf_counter() - started) * 1000:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m juesuan.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=Path, default=default_examples(), help="folder of example documents")
    parser.add_argument("--out", type=Path, default=Path("out"), help="folder for the extracted cells")
    args = parser.parse_args(argv)
    console = Console(highlight=False, width=None if sys.stdout.isatty() else 110)
    if not args.examples.is_dir():
        console.print(f"[red]examples folder not found: {args.examples}[/red]")
        return 1
    status = run(args.examples, args.out, console)
    status = max(status, render_summary(args.examples, args.out, console))
    return max(status, store_summary(args.examples, args.out, console))


def store_summary(examples: Path, out: Path, console: Console) -> int:
    """The corpus store (store/demo.py): the examples, and the documents rendered from
    them (out/rendered/), loaded into out/juesuan.duckdb and summarized from it."""
    from .store.demo import load_and_summarize

    return load_and_summarize([examples, out / "rendered"], out / "juesuan.duckdb", console)


def render_summary(examples: Path, out: Path, console: Console) -> int:
    """The writer (render/demo.py): the example unit's disclosure rendered to DOCX, HTML,
    PDF and XLSX in out/rendered/, each read back and checked."""
    from .render.demo import render_and_check

    return render_and_check(examples, out, console)


if __name__ == "__main__":
    sys.exit(main())
