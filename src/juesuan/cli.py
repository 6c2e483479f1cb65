"""The `juesuan` command. Output is data (JSON Lines, CSV, XLSX) on stdout or in a file;
messages go to stderr through Rich. Text is always written as UTF-8, whatever the console.

Exit codes: 0 every table recognized; 3 some table could not be (named on stderr with
its page); 2 a file cannot be read at all (one line: the file and the reason).
"""
from __future__ import annotations

import csv
import io
import json
import sys
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

from .errors import UnreadableFile
from .model import Disclosure

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    help="juesuan 决算 — read, check, write and analyse Chinese budget disclosures.",
)
err = Console(stderr=True, highlight=False, soft_wrap=True)

EXIT_OK, EXIT_UNRECOGNIZED, EXIT_UNREADABLE = 0, 3, 2


@app.callback()
def _root() -> None:
    """juesuan 决算 — read, check, write and analyse Chinese budget disclosures."""


class CellFormat(str, Enum):
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"


def _write_text(text: str, out: Optional[Path]) -> None:
    if out is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
    else:
        out.write_text(text, encoding="utf-8")


@app.command()
def extract(
    files: list[Path] = typer.Argument(..., help="disclosures: PDF, DOCX, XLSX, HTML, Markdown or text"),
    format: CellFormat = typer.Option(CellFormat.jsonl, "--format", "-f", help="output format"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write here instead of stdout"),
    doc: Optional[str] = typer.Option(None, "--doc", help="document id (default: a slug of the file name)"),
    meta: bool = typer.Option(False, "--meta", help="print the document's metadata (JSON) instead of cells"),
) -> None:
    """Every number of every standard table, at its canonical address (spec: cell-addresses.md)."""
    from .pipeline import extract as run

    if doc and len(files) > 1:
        raise typer.BadParameter("--doc names one document; give one file with it")
    if format is CellFormat.xlsx and output is None:
        raise typer.BadParameter("--format xlsx needs -o FILE.xlsx")
    status = EXIT_OK
    disclosures: list[Disclosure] = []
    for path in files:
        disclosure = _read_one(run, path, doc)
        if disclosure is None:
            status = max(status, EXIT_UNREADABLE)
            continue
        for problem in disclosure.unrecognized:
            place = f"page {problem.where.page}" if problem.where.page else f"line {problem.where.line}"
            err.print(f"[yellow]unrecognized[/yellow] {path}: table “{problem.title}” ({place}): {problem.reason}")
            if status == EXIT_OK:
                status = EXIT_UNRECOGNIZED
        disclosures.append(disclosure)
    if meta:
        metas = [d.meta() for d in disclosures]
        payload = metas[0] if len(metas) == 1 else metas
        _write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", output)
    elif format is CellFormat.jsonl:
        lines = [json.dumps(c.to_json(d.doc), ensure_ascii=False) for d in disclosures for c in d.cells()]
        _write_text("".join(line + "\n" for line in lines), output)
    elif format is CellFormat.csv:
        _write_text(_cells_csv(disclosures), output)
    else:
        _cells_xlsx(disclosures, output)  # type: ignore[arg-type]
    raise typer.Exit(status)


def _read_one(run, path: Path, doc: Optional[str]) -> Optional[Disclosure]:
    """Run the pipeline on one file; a file that fails is reported in one line, never a traceback."""
    import os

    try:
        return run(path, doc=doc)
    except UnreadableFile as error:
        err.print(f"error: {error}", markup=False)
    except Exception as error:  # a reader bug must not hide the rest of a batch
        if os.environ.get("JUESUAN_DEBUG"):
            raise
        err.print(f"error: {path}: cannot be read ({type(error).__name__}: {error}); "
                  "set JUESUAN_DEBUG=1 for the traceback", markup=False)
    return None


_CELL_FIELDS = ["doc", "table", "row", "col", "value", "unit", "page", "line", "sheet", "cell"]


def _cell_rows(disclosures: list[Disclosure]):
    for disclosure in disclosures:
        for cell in disclosure.cells():
            yield {**cell.to_json(disclosure.doc), **cell.where.to_dict()}


def _cells_csv(disclosures: list[Disclosure]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=_CELL_FIELDS, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(_cell_rows(disclosures))
    return buffer.getvalue()


def _cells_xlsx(disclosures: list[Disclosure], output: Path) -> None:
    from decimal import Decimal

    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "cells"
    sheet.append(_CELL_FIELDS)
    for row in _cell_rows(disclosures):
        values = [row.get(key) for key in _CELL_FIELDS]
        values[4] = Decimal(values[4])  # value: a number cell, exact as printed
        sheet.append(values)
    workbook.save(output)


def main() -> None:  # pragma: no cover - console entry
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
