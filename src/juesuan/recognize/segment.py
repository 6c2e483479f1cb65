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

from ..catalog import table_kinds
from ..model import Block, Document, Grid, TextLine, Where
from .classify import classify_title, find_label, is_toc_line
from .header import declares_empty
from .normalize import squeeze, strip_ordinal, undouble

PART_HEADING = re.compile(r"^\s*#*\s*第[一二三四五六七八九十]+部分")
# A heading of the 情况说明 part (`二、收入决算情况说明`, `（二）…自评结果。`): inside that
# part, prose resumes there, so a table printed amid the text (a chart's table, a 自评表)
# ends at it. Outside the 情况说明 part such lines may be rows of a table and end nothing.
SECTION_HEADING = re.compile(
    r"^#*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])"
    r".{2,40}(?:说明|情况|结果|原因)[。.]?$"
)
_LABEL_REACH = 4  # lines between a printed table number and its title
_TABLES_PART = re.compile(r"(?:报表|公开表|决算表|预算表)$")


@dataclass
class Region:
    """The blocks that belong to one printed table, in reading order."""

    kind: str
    title: str
    where: Where
    label: str | None = None
    blocks: list[Block] = field(default_factory=list)
    interrupted: bool = False  # it began while another table's region was still open

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
    explaining = False  # inside the 情况说明 part (第三部分 …说明)
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
        if kind and _is_list_entry(document.blocks, index):
            kind = None  # a contents list without leaders: `四、…总表` / `五、…表` / …
        if kind:
            if current and current.kind == kind and since_title <= 12:
                current.blocks.append(block)
                since_title = 0
                continue
            current = Region(kind, text.strip(), block.where, interrupted=current is not None)
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
        if PART_HEADING.match(text) and not classify_title(text) and not _opens_tables(text):
            current = None
            explaining = "说明" in text and not is_toc_line(text)
        elif explaining and current is not None and _is_section_heading(text):
            current = None
        if current is None:
            outside.append(block)
        else:
            current.blocks.append(block)
            since_title += 1 if text.strip() else 0
    regions = _drop_contents_entries(regions)
    regions = _drop_misplaced_headings(regions)
    _place_declarations(regions)
    return regions, outside


def _drop_contents_entries(regions: list[Region]) -> list[Region]:
    """A table of contents printed without dot leaders or page numbers (Shanghai:
    `一、收入支出决算总表` / `二、收入决算表` / …) reads as a run of titles with nothing
    under any of them: three or more such bare titles in a row are a list, not tables."""
    out: list[Region] = []
    run: list[Region] = []
    for region in regions + [None]:  # type: ignore[list-item]
        if region is not None and not region.blocks:
            run.append(region)
            continue
        if len(run) < 3:
            out.extend(run)
        run = []
        if region is not None:
            out.append(region)
    return out


def _drop_misplaced_headings(regions: list[Region]) -> list[Region]:
    """A section heading (`七、政府性基金…表`) that PDF text order put inside the previous
    table, its own title following later: what lies between belongs to that previous
    table. Recognized by shape: the heading interrupts a table of another kind and is
    itself interrupted by a title of its own kind."""
    out: list[Region] = []
    for index, region in enumerate(regions):
        following = regions[index + 1] if index + 1 < len(regions) else None
        previous = out[-1] if out else None
        if (previous is not None and following is not None and region.interrupted
                and following.interrupted and following.kind == region.kind
                and previous.kind != region.kind and previous.kind[0] == region.kind[0]
                and _has_ordinal(region.title)):
            previous.blocks.extend(region.blocks)
            following.label = following.label or region.label
            continue
        out.append(region)
    return out


def _has_ordinal(title: str) -> bool:
    text = squeeze(title).lstrip("#")
    return strip_ordinal(text) != text


def _place_declarations(regions: list[Region]) -> None:
    """`2022 年度无国有资本经营预算财政拨款支出` printed inside another table's region
    (extraction order) is moved to the region of the table it names (catalog `subject`)."""
    subjects = {kind: entry.get("subject", []) for kind, entry in table_kinds().items()}
    first: dict[str, Region] = {}
    for region in regions:
        first.setdefault(region.kind, region)
    for region in regions:
        for block in list(region.blocks):
            if not isinstance(block, TextLine) or not declares_empty([block.text]):
                continue
            text = squeeze(block.text)
            named = [k for k, words in subjects.items() if any(w in text for w in words)]
            if not named or region.kind in named:
                continue
            targets = [first[k] for k in named if k in first and k[0] == region.kind[0]]
            if len(targets) == 1:
                region.blocks.remove(block)
                targets[0].blocks.append(block)


_PAGE_FOOTER = re.compile(r"^[-—－–]\d{1,4}[-—－–]$")
_ORDINAL_ENTRY = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）])")


def _is_list_entry(blocks: list[Block], index: int) -> bool:
    """A numbered title followed at once by the next numbered line or a part heading is
    an entry of a list (a contents page without dotted leaders), not a table: a printed
    table is followed by its unit line, its header or a sentence."""
    if not _ORDINAL_ENTRY.match(blocks[index].text):
        return False
    following = _neighbour(blocks, index, 1)
    if following is None:
        return False
    if _ORDINAL_ENTRY.match(following) or PART_HEADING.match(following):
        return True
    previous = _neighbour(blocks, index, -1)  # the list's last entry, before the next page
    return bool(previous and _ORDINAL_ENTRY.match(previous) and classify_title(following))


def _neighbour(blocks: list[Block], index: int, step: int) -> str | None:
    """The next (or previous) printed line, page footers skipped; None at a grid."""
    position = index + step
    for _ in range(4):
        if not 0 <= position < len(blocks) or not isinstance(blocks[position], TextLine):
            return None
        text = blocks[position].text.strip()
        if text and not _PAGE_FOOTER.match(squeeze(text)):
            return text
        position += step
    return None


def _opens_tables(text: str) -> bool:
    """`第二部分 2023年单位预算报表`: the heading of the tables part. Text order may put it
    inside the first table (where the page break fell); it ends no table."""
    return bool(_TABLES_PART.search(undouble(squeeze(text))))


def _is_section_heading(text: str) -> bool:
    return bool(SECTION_HEADING.match(undouble(squeeze(text))))


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
