"""recognize: Document → Disclosure.

Steps, each printable on its own: `segment` (find table regions), `classify` (kind by
title), per-kind mappers (rows and columns to canonical addresses, amounts parsed),
`header` (unit, year, amount unit). The front door is `recognize(document, doc)`.
"""
from __future__ import annotations

import re

from ..model import Disclosure, Document, Table, TextLine, Unrecognized
from . import header
from .normalize import squeeze
from .mappers import MAPPERS, Context, Unmappable
from .narrative import read_facts
from .segment import Region, segment


def recognize(document: Document, doc: str) -> Disclosure:
    _load_mappers()
    regions, outside = segment(document)
    all_lines = [line.text for line in document.lines()]
    for grid in document.grids():
        all_lines.extend(" ".join(c.text for c in row) for row in grid.rows[:4])
    context = Context(
        doc=doc,
        amount_unit=header.amount_unit(all_lines),
        unit_name=header.unit_name(all_lines) or header.unit_name_from_title(all_lines[:60]),
        year=header.most_common_year(all_lines[:400]),
    )
    disclosure = Disclosure(
        doc=doc,
        source=document.source,
        kind=_document_kind(regions, document),
        unit_name=context.unit_name,
        year=context.year,
        amount_unit=context.amount_unit,
        narrative=outside,
        pages=document.pages,
    )
    seen: dict[str, Table] = {}
    performance_regions = [r for r in regions if r.kind.startswith("P")]
    if performance_regions:  # performance records: recognize/performance
        from .performance import read_performance

        disclosure.performance.extend(read_performance(document, performance_regions, doc))
    for region in regions:
        if region.kind.startswith("P"):
            continue
        function = MAPPERS.get(region.kind)
        if function is None:
            disclosure.unrecognized.append(
                Unrecognized(region.title, region.where, f"no mapper for {region.kind}"))
            continue
        try:
            table = function(region, context)
        except Unmappable as error:
            disclosure.unrecognized.append(Unrecognized(region.title, region.where, str(error)))
            continue
        table.lines = table.lines or region_text(region)
        if table.kind in seen:
            _merge(seen[table.kind], table)
        else:
            seen[table.kind] = table
            disclosure.tables.append(table)
    disclosure.facts = read_facts(disclosure)
    if disclosure.unit_name is None:  # no table header, no title text: the 说明 names it
        disclosure.unit_name = header.unit_name_from_sentences(fact.sentence for fact in disclosure.facts)
    return disclosure


def region_text(region: Region) -> list[TextLine]:
    """The printed text of a table region, a grid row as one tab-joined line: what the
    wording checks read (item ordinals, printed labels, placeholders)."""
    out: list[TextLine] = []
    for block in region.blocks:
        if isinstance(block, TextLine):
            out.append(block)
        else:
            for row in block.rows:
                if row:
                    out.append(TextLine("\t".join(cell.text for cell in row), row[0].where))
    return out


def _merge(first: Table, more: Table) -> None:
    """A table printed in two regions (heading + title, 续表): one table, cells once."""
    addresses = {(c.row, c.col) for c in first.cells}
    first.cells.extend(c for c in more.cells if (c.row, c.col) not in addresses)
    first.declared_empty = first.declared_empty or more.declared_empty
    first.label = first.label or more.label
    first.unit = first.unit or more.unit
    first.pages = sorted(set(first.pages) | set(more.pages))
    first.lines.extend(more.lines)
    if first.cells:
        first.declared_empty = False


_KIND_WORDS = (  # a title naming the kind of disclosure, for documents without tables
    ("final_accounts", re.compile(r"(?:部门|单位)决算|决算公开")),
    ("budget", re.compile(r"(?:部门|单位)预算|预算公开")),
    ("performance", re.compile(r"绩效自评|绩效评价报告")),
)


def _document_kind(regions: list[Region], document: Document) -> str:
    """By its tables; failing that, by what its opening lines call it — a disclosure whose
    tables were published as a separate file is still a disclosure."""
    kinds = {r.kind[0] for r in regions}
    if "F" in kinds:
        return "final_accounts"
    if "B" in kinds:
        return "budget"
    if "P" in kinds:
        return "performance"
    opening = [line.text for _, line in zip(range(60), document.lines())]
    for kind, words in _KIND_WORDS:
        if any(words.search(squeeze(text)) for text in opening):
            return kind
    return "unknown"


def _load_mappers() -> None:
    """Import the mapper modules so that they register (kept lazy: import cost)."""
    from . import budget, final  # noqa: F401
