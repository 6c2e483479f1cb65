"""Recognize small hand-written documents: what the mapper tests of every family share."""
from __future__ import annotations

from juesuan.ingest.markdown import markdown_blocks
from juesuan.ingest.text import text_lines
from juesuan.model import Disclosure, Document
from juesuan.recognize import recognize


def read_text(text: str) -> Disclosure:
    return recognize(Document("t.txt", "text", 1, text_lines(text)), "t")


def read_grid(text: str) -> Disclosure:
    return recognize(Document("t.md", "markdown", 1, markdown_blocks(text)), "t")


def cells(disclosure: Disclosure, kind: str) -> dict[tuple[str, str], str]:
    table = disclosure.table(kind)
    assert table is not None, f"{kind} not found: {disclosure.unrecognized}"
    return {(c.row, c.col): str(c.value) for c in table.cells}


def t(*rows: str) -> str:
    """A tab-separated grid from rows written with ` | ` between cells."""
    return "\n".join("\t".join(cell.strip() for cell in row.split("|")) for row in rows)
