"""ingest: one reader per format, each turning a file into the same `Document`.

The front door is `read_document(path)`. The format is decided by the file's content
(magic bytes, zip members, markup), not by its name, so a PDF named `.txt` or random
bytes named `.pdf` get the right reader or a clear refusal.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..errors import UnreadableFile
from ..model import Disclosure, Document, Unrecognized
from .sniff import sniff_format

MAX_BYTES = 200 * 1024 * 1024
# A text disclosure is a few hundred kB; 50 MB of text is noise, and reading it line by
# line costs half a minute. Binary formats keep MAX_BYTES (a scanned PDF can be large).
MAX_TEXT_BYTES = 20 * 1024 * 1024

SUPPORTED_SUFFIXES = {".pdf", ".txt", ".text", ".md", ".markdown", ".docx", ".xlsx", ".xlsm",
                      ".html", ".htm"}


def read_document(path: str | Path) -> Document:
    """Read any supported file into a Document, or raise UnreadableFile with the reason."""
    path = Path(path)
    if not path.exists():
        raise UnreadableFile(path, "no such file")
    if path.is_dir():
        raise UnreadableFile(path, "is a folder, not a file")
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile(path, "empty file")
    if size > MAX_BYTES:
        raise UnreadableFile(path, f"file too large ({size // (1024 * 1024)} MB; limit {MAX_BYTES // (1024 * 1024)} MB)")
    fmt = sniff_format(path)
    if fmt in ("text", "markdown", "html") and size > MAX_TEXT_BYTES:
        raise UnreadableFile(path, f"too large for a text disclosure ({size // (1024 * 1024)} MB of {fmt}; "
                                   f"limit {MAX_TEXT_BYTES // (1024 * 1024)} MB)")
    reader = _reader(fmt)
    try:
        return reader(path)
    except UnreadableFile:
        raise
    except (MemoryError, RecursionError) as error:  # pragma: no cover - defensive
        raise UnreadableFile(path, f"cannot be read ({type(error).__name__})") from error


def _reader(fmt: str):
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf
    if fmt == "docx":
        from .docx import read_docx

        return read_docx
    if fmt == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx
    if fmt == "html":
        from .html import read_html

        return read_html
    if fmt == "markdown":
        from .markdown import read_markdown

        return read_markdown
    from .text import read_text

    return read_text


_CELL_WARNING = re.compile(r"^sheet (?P<sheet>.+), cell (?P<cell>[A-Z]{1,3}\d+): (?P<message>.+)$")


def demote_half_read(document: Document, disclosure: Disclosure) -> None:
    """A table with a cell its reader could not read (a formula without a value, `待定` in
    an amount column) is reported unrecognized rather than checked half-read
    (design.md: honest uncertainty). One report per table, naming the first cell."""
    problems: dict[str, list[str]] = {}
    for warning in document.warnings:
        match = _CELL_WARNING.match(warning)
        if match:
            problems.setdefault(match["sheet"], []).append(f"cell {match['cell']}: {match['message']}")
    if not problems:
        return
    kept = []
    for table in disclosure.tables:
        found = problems.get(table.where.sheet or "")
        if not found:
            kept.append(table)
            continue
        more = f" (and {len(found) - 1} more cell problems)" if len(found) > 1 else ""
        disclosure.unrecognized.append(Unrecognized(table.title, table.where, found[0] + more))
    disclosure.tables = kept
