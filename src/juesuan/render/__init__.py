"""render: the disclosure written from its numbers — tables, 情况说明, charts — as DOCX,
HTML, PDF and XLSX (and the text formats of the examples).

Front door: `render(source, out_dir)`. A `Source` comes from `source.from_cells` (cells
JSONL + meta JSON) or `workbook.read_workbook` (the workbook `juesuan template` writes).
Before anything is written the numbers go through `juesuan check`'s audit formulas: a
source whose totals do not balance is refused with those findings (`force` writes it
anyway), because a document that publishes unbalanced tables is the error this package
exists to prevent.

Modules: `source` (the input), `workbook` (template and its reader), `layout` (tables as
printed), `narrative` (情况说明), `charts`, `document` (the whole, format-free), and one
writer per family: `office` (DOCX, XLSX), `web` (HTML), `pdf`, `text` (txt, Markdown).
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..model import Finding
from .source import InputError, Source, from_cells

FORMATS = ("docx", "html", "pdf", "xlsx")
ALL_FORMATS = FORMATS + ("txt", "md", "json")  # json: the 情况说明 sentence by sentence, with its cells


class Unbalanced(Exception):
    """The numbers fail audit formulas: `findings` are the errors of `juesuan check`."""

    def __init__(self, findings: list[Finding]):
        super().__init__(f"{len(findings)} audit formula(s) fail")
        self.findings = findings


@dataclass
class Rendered:
    paths: dict[str, Path]
    findings: list[Finding] = field(default_factory=list)  # every finding of the pre-check
    seconds: float = 0.0


def precheck(source: Source) -> list[Finding]:
    """`juesuan check` on the numbers alone (the audit formulas; no text yet)."""
    from ..checks import check
    from ..checks.loader import disclosure_from_cells

    disclosure = disclosure_from_cells(source.cell_rows(), source.meta())
    for table in disclosure.tables:  # findings then name the sheet and cell a number came from
        table.cells = [_placed(cell, source.where.get((cell.table, cell.row, cell.col))) for cell in table.cells]
    return check(disclosure)


def _placed(cell, where: str | None):
    from dataclasses import replace

    from ..model import Where

    if not where:
        return cell
    sheet, _, coordinate = where.rpartition("!")
    return replace(cell, where=Where(sheet=sheet, cell=coordinate))


def write(document, fmt: str, path: Path) -> Path:
    """One format of a built `document.Document`."""
    if fmt == "docx":
        from .office import write_docx

        write_docx(document, path)
    elif fmt == "xlsx":
        from .office import write_xlsx

        write_xlsx(document, path)
    elif fmt == "pdf":
        from .pdf import write_pdf

        write_pdf(document, path)
    elif fmt == "html":
        from .web import render_html

        path.write_text(render_html(document), encoding="utf-8")
    elif fmt in ("txt", "md"):
        from .text import render_md, render_txt

        path.write_text((render_txt if fmt == "txt" else render_md)(document), encoding="utf-8")
    elif fmt == "json":
        import json

        path.write_text(json.dumps(provenance(document), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    else:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(ALL_FORMATS)}")
    return path


def provenance(document) -> list[dict]:
    """Every sentence of the 情况说明 with the cells it read (`{table, row, col, value}`, the
    shape a Finding carries) and the inputs from beside the tables (上年, 年初预算, …)."""
    out = []
    for section in document.sections:
        for paragraph in section.paragraphs:
            for sentence in paragraph:
                out.append({"section": section.heading, "text": sentence.text,
                            "cells": sentence.provenance(document.source), "inputs": list(sentence.inputs)})
    return out


def render(source: Source, out_dir: str | Path, stem: str | None = None,
           formats: tuple[str, ...] = FORMATS, force: bool = False) -> Rendered:
    """Write `out_dir/<stem>.<fmt>` for each format; raise Unbalanced when the numbers
    fail an audit formula (severity error) and `force` is not set."""
    from .document import build

    started = time.perf_counter()
    findings = precheck(source)
    errors = [f for f in findings if f.severity == "error"]
    if errors and not force:
        raise Unbalanced(errors)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    document = build(source, charts=any(f in ("docx", "html", "pdf") for f in formats))
    paths = {fmt: write(document, fmt, out / f"{stem or source.doc}.{fmt}") for fmt in formats}
    return Rendered(paths, findings, time.perf_counter() - started)


__all__ = ["ALL_FORMATS", "FORMATS", "InputError", "Rendered", "Source", "Unbalanced", "from_cells", "precheck",
           "render", "write"]
