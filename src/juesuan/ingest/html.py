"""HTML: headings and paragraphs → TextLine, each `<table>` → Grid, in document order.

Parsed by BeautifulSoup with lxml, the most forgiving parser for the Word-exported
pages governments publish. The lxml tree keeps no source line numbers, so `line` is the
1-based index of the text block (a heading, a paragraph, a `<br>`-separated line); a
grid cell carries `cell="R{r}C{c}"` on the table's slot grid and the `line` of the
last text block before its table.

`rowspan`/`colspan` are honoured by placement, never by repetition: a spanning cell's
text sits in its top-left slot and the slots it covers stay empty, so every row of a
Grid has the table's full width and a number is never read twice. A table nested in a
cell contributes its text to that cell. The encoding comes from the page's own
`<meta charset>` when it declares one, else UTF-8 or GB18030 (sniff.decode_text).
"""
from __future__ import annotations

import re
from pathlib import Path

from ..model import Block, Document, Grid, GridCell, TextLine, Where
from .sniff import decode_text

_SKIP = {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg", "iframe"}
_BLOCK = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote",
          "figcaption", "caption", "address", "center"}
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "cp936": "gb18030"}
_MAX_SPAN = 1000  # a bogus rowspan="65535" must not build a huge grid


def read_html(path: Path) -> Document:
    data = path.read_bytes()
    text = _decode(data, path)
    return Document(source=str(path), format="html", pages=1, blocks=html_blocks(text))


def _decode(data: bytes, path: Path) -> str:
    match = _META_CHARSET.search(data[:4096])
    if match:
        encoding = match.group(1).decode("ascii").lower()
        encoding = _ALIASES.get(encoding, encoding)
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data, path)


def html_blocks(text: str) -> list[Block]:
    """The blocks of an HTML page in reading order."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "lxml")
    walker = _Walker()
    walker.walk(soup.body or soup)
    walker.flush()
    return walker.blocks


def _clean(text: str) -> str:
    return " ".join(text.split())


class _Walker:
    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.count = 0
        self.pending: list[str] = []  # inline text gathered until the next block boundary

    def line(self, text: str) -> None:
        for part in text.split("\n"):
            part = _clean(part)
            if part:
                self.count += 1
                self.blocks.append(TextLine(part, Where(line=self.count)))

    def flush(self) -> None:
        if self.pending:
            self.line("".join(self.pending))
            self.pending = []

    def walk(self, element) -> None:
        from bs4 import NavigableString, Tag
        from bs4.element import PreformattedString

        for child in element.children:
            if isinstance(child, PreformattedString):  # comments, <!doctype>, <?pi?>, Word's <![if]>
                continue
            if isinstance(child, NavigableString):
                self.pending.append(str(child))
                continue
            if not isinstance(child, Tag) or child.name in _SKIP:
                continue
            name = child.name
            if name == "br":
                self.pending.append("\n")
            elif name == "table":
                self.flush()
                grid = table_grid(child, anchor=self.count)
                if grid.rows:
                    self.blocks.append(grid)
            elif name in _BLOCK and child.find("table") is None:
                self.flush()
                self.line(_text_with_breaks(child))
            elif name in ("span", "b", "strong", "i", "em", "u", "font", "a", "sub", "sup", "small",
                          "big", "label", "abbr", "o:p"):
                self.walk(child)  # inline: its text continues the current line
            else:
                self.flush()
                self.walk(child)
                self.flush()


def _text_with_breaks(element) -> str:
    """An element's text with `<br>` as a line break and no other markup."""
    from bs4 import NavigableString, Tag
    from bs4.element import PreformattedString

    parts: list[str] = []
    for node in element.descendants:
        if isinstance(node, PreformattedString):
            continue
        if isinstance(node, NavigableString):
            if not any(p.name in _SKIP for p in node.parents if isinstance(p, Tag)):
                parts.append(str(node))
        elif isinstance(node, Tag) and node.name == "br":
            parts.append("\n")
    return "".join(parts)


def _span(tag, name: str) -> int:
    value = tag.get(name)
    try:
        return min(max(1, int(str(value).strip() or 1)), _MAX_SPAN)
    except ValueError:
        return 1


def _rows(table):
    """The `<tr>` of this table (through thead/tbody/tfoot), not of tables nested in it."""
    for tr in table.find_all("tr"):
        if tr.find_parent("table") is table:
            yield tr


def table_grid(table, anchor: int) -> Grid:
    """A `<table>` on its slot grid: text in each cell's top-left slot, covered slots empty."""
    slots: dict[tuple[int, int], str] = {}
    covered: set[tuple[int, int]] = set()
    height = width = 0
    for r, tr in enumerate(_rows(table)):
        c = 0
        for cell in tr.find_all(["td", "th"], recursive=False):
            while (r, c) in covered:
                c += 1
            rowspan, colspan = _span(cell, "rowspan"), _span(cell, "colspan")
            slots[(r, c)] = _clean(_text_with_breaks(cell).replace("\n", " "))
            for dr in range(rowspan):
                for dc in range(colspan):
                    covered.add((r + dr, c + dc))
            c += colspan
            width = max(width, c)
        height = r + 1
    if covered:
        height = max(height, max(r for r, _ in covered) + 1)
        width = max(width, max(c for _, c in covered) + 1)
    rows = [[GridCell(slots.get((r, c), ""), Where(line=anchor, cell=f"R{r + 1}C{c + 1}"))
             for c in range(width)] for r in range(height)]
    rows = _drop_empty_tail(rows)
    caption_tag = table.find("caption")
    caption = _clean(caption_tag.get_text(" ")) if caption_tag is not None and caption_tag.find_parent("table") is table else ""
    return Grid(rows=rows, where=Where(line=anchor, cell="R1C1"), caption=caption)


def _drop_empty_tail(rows: list[list[GridCell]]) -> list[list[GridCell]]:
    """Rows that only a rowspan reached past the last `<tr>` carry nothing: drop them."""
    while rows and not any(cell.text for cell in rows[-1]):
        rows.pop()
    return rows
