"""Markdown: running text plus tables, either pipe tables or tab-separated lines.

Consecutive lines that carry a tab (or a `|`-delimited row) form one Grid; a blank line
inside a tab block does not end it when the next line carries tabs again (exports break
long tables that way). HTML tags such as `<b>` are dropped from cell text.
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import Block, Document, Grid, GridCell, TextLine, Where
from .sniff import decode_text

_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


def read_markdown(path: Path) -> Document:
    text = decode_text(path.read_bytes(), path)
    return Document(source=str(path), format="markdown", pages=1, blocks=markdown_blocks(text))


def markdown_blocks(text: str) -> list[Block]:
    blocks: list[Block] = []
    rows: list[list[GridCell]] = []
    lines = text.split("\n")

    def flush() -> None:
        if rows:
            blocks.append(Grid(rows=list(rows), where=rows[0][0].where))
            rows.clear()

    for index, raw in enumerate(lines):
        number = index + 1
        line = _TAG.sub("", raw.rstrip("\r"))
        cells = _split_row(line)
        if cells is not None:
            if _PIPE_RULE.match(line):
                continue
            rows.append([GridCell(c.strip(), Where(line=number)) for c in cells])
            continue
        if not line.strip() and rows and _next_is_row(lines, index):
            continue
        flush()
        blocks.append(TextLine(line, Where(line=number)))
    flush()
    return blocks


def _split_row(line: str) -> list[str] | None:
    if "\t" in line:
        return line.split("\t")
    stripped = line.strip()
    if stripped.startswith("|") and stripped.endswith("|") and stripped.count("|") >= 3:
        return [c for c in stripped[1:-1].split("|")]
    return None


def _next_is_row(lines: list[str], index: int) -> bool:
    for raw in lines[index + 1 : index + 3]:
        if raw.strip():
            return _split_row(_TAG.sub("", raw)) is not None
    return False
