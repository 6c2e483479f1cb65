"""Find the tables of a Document: where each starts, what it is titled, what belongs to it.

Step one of recognition (pdfplumber's habit: a visible sequence of steps you can print
for one document — `juesuan debug segments FILE`). A region starts at a line whose
normalized text is a catalog title; the printed table number (`公开03表`) found within a
few lines before or after is recorded as its label. A title of the same kind again
within a few lines (a section heading followed by the table title, or a 续表 on the
next page) continues the region. A region ends where the next one starts or at a part
heading (`第三部分`).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Block, Document, Grid, TextLine, Where
from .classify import classify_title, find_label, is_toc_line

PART_HEADING = re.compile(r"^\s*#*\s*第[一二三四五六七八九十]+部分")
_LABEL_REACH = 4  # lines between a printed table number and its title


@dataclass
class Region:
    """The blocks that belong to one printed table, in reading order."""

    kind: str
    title: str
    where: Where
    label: str | None = None
    blocks: list[Block] = field(default_factory=list)

    def lines(self) -> list[TextLine]:
        return [b for b in self.blocks if isinstance(b, TextLine)]

    def grids(self) -> list[Grid]:
        return [b for b in self.blocks if isinstance(b, Grid)]

    def pages(self) -> list[int]:
        pages = {b.where.page for b in self.blocks if b.where.page is not None}
        if self.where.page is not None:
            pages.add(self.where.page)
        return sorted(pages)


def segment(document: Document) -> tuple[list[Region], list[TextLine]]:
    """Split a document into table regions and the running text outside them."""
    regions: list[Region] = []
    outside: list[TextLine] = []
    current: Region | None = None
    pending_label: tuple[str, int] | None = None  # label seen before its title
    since_title = 0
    for index, block in enumerate(document.blocks):
        if isinstance(block, Grid):
            kind = None if current else grid_kind(block)
            if kind:
                current = Region(kind, block.caption or kind, block.where)
                regions.append(current)
            if current is None:
                outside_grid_lines(block, outside)
            else:
                current.blocks.append(block)
            continue
        text = block.text
        label = find_label(text) if len(text) < 60 and not is_toc_line(text) else None
        kind = classify_title(text) if text.strip() else None
        if kind:
            if current and current.kind == kind and since_title <= 12:
                current.blocks.append(block)
                since_title = 0
                continue
            current = Region(kind, text.strip(), block.where)
            if pending_label and index - pending_label[1] <= _LABEL_REACH:
                current.label = pending_label[0]
            regions.append(current)
            pending_label = None
            since_title = 0
            if label and not current.label:
                current.label = label
            continue
        if label and _is_label_line(text):
            if current and current.label is None and since_title <= _LABEL_REACH:
                current.label = label
            else:
                pending_label = (label, index)
        if PART_HEADING.match(text) and not classify_title(text):
            current = None
        if current is None:
            outside.append(block)
        else:
            current.blocks.append(block)
            since_title += 1 if text.strip() else 0
    return regions, outside


def _is_label_line(text: str) -> bool:
    """A line that is (mostly) a printed table number, not a sentence mentioning one."""
    rest = re.sub(r"\s", "", text)
    label = find_label(text) or ""
    return len(rest) - len(label) <= 2


def grid_kind(grid: Grid) -> str | None:
    """A grid whose caption or first rows carry a table title (xlsx sheets, html tables)."""
    candidates = [grid.caption] if grid.caption else []
    for row in grid.rows[:3]:
        texts = [cell.text for cell in row if cell.text.strip()]
        if len(texts) == 1:
            candidates.append(texts[0])
    for text in candidates:
        kind = classify_title(text)
        if kind:
            return kind
    return None


def outside_grid_lines(grid: Grid, outside: list[TextLine]) -> None:
    """A grid that belongs to no table (a layout table of the narrative) reads as text."""
    for row in grid.rows:
        texts = [cell.text for cell in row if cell.text.strip()]
        if texts:
            outside.append(TextLine(" ".join(texts), row[0].where))
