"""Word (.docx): body paragraphs → TextLine, tables → Grid, in document order.

The body is walked element by element (python-docx's `paragraphs` and `tables` lists
lose the interleaving, and a table's title is the paragraph just before it). Where:
`line` is the 1-based index of a body paragraph; a grid cell carries `cell="R{r}C{c}"`
(1-based, on the table's column grid) and the `line` of the last paragraph before its
table, which tells two tables' R1C1 apart.

Merged cells are read from the XML so that each merge appears once: a horizontal merge
(`gridSpan`) puts its text in its first grid column and leaves the spanned columns
empty; a vertical merge (`vMerge` continue) is empty below its first cell. Content
controls (`w:sdt`) are transparent; a table nested in a cell contributes its text to
that cell.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import UnreadableFile
from ..model import Block, Document, Grid, GridCell, TextLine, Where
from .zipguard import check_zip

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path) -> Document:
    check_zip(path)
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        word = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError) as error:
        raise UnreadableFile(path, f"not a readable Word document ({error})") from error
    except Exception as error:  # lxml XMLSyntaxError and friends: a broken package
        raise UnreadableFile(path, f"not a readable Word document ({type(error).__name__}: {error})") from error
    body = word.element.body
    walker = _Walker()
    walker.walk(body)
    return Document(source=str(path), format="docx", pages=walker.page_breaks + 1,
                    blocks=walker.blocks, warnings=walker.warnings)


class _Walker:
    """Collects blocks from the body in order, numbering paragraphs as it goes."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.warnings: list[str] = []
        self.paragraphs = 0
        self.page_breaks = 0

    def walk(self, parent) -> None:
        for child in parent.iterchildren():
            tag = child.tag
            if tag == _W + "p":
                self.paragraphs += 1
                self.page_breaks += _page_breaks(child)
                self.blocks.append(TextLine(paragraph_text(child), Where(line=self.paragraphs)))
            elif tag == _W + "tbl":
                grid = table_grid(child, anchor=self.paragraphs)
                if grid.rows:
                    self.blocks.append(grid)
            elif tag in (_W + "sdt", _W + "sdtContent", _W + "customXml", _W + "smartTag"):
                self.walk(child if tag != _W + "sdt" else _sdt_content(child))


def _sdt_content(sdt):
    content = sdt.find(_W + "sdtContent")
    return content if content is not None else sdt


def _page_breaks(paragraph) -> int:
    count = 0
    for br in paragraph.iter(_W + "br"):
        if br.get(_W + "type") == "page":
            count += 1
    ppr = paragraph.find(_W + "pPr")
    if ppr is not None and ppr.find(_W + "pageBreakBefore") is not None:
        count += 1
    if ppr is not None and ppr.find(_W + "sectPr") is not None:
        count += 1  # a section break inside the body usually starts a new page
    return count


def paragraph_text(p) -> str:
    """A paragraph's visible text: runs, tabs and line breaks (deleted text is `w:delText`)."""
    parts: list[str] = []
    for node in p.iter(_W + "t", _W + "tab", _W + "br", _W + "cr", _W + "noBreakHyphen"):
        tag = node.tag
        if tag == _W + "t":
            parts.append(node.text or "")
        elif tag == _W + "tab":
            if node.getparent() is not None and node.getparent().tag == _W + "r":
                parts.append("\t")
        elif tag in (_W + "br", _W + "cr"):
            if node.get(_W + "type") in (None, "textWrapping"):
                parts.append("\n")
        elif tag == _W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _int_attr(element, name: str, default: int) -> int:
    if element is None:
        return default
    value = element.get(_W + name)
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def table_grid(tbl, anchor: int) -> Grid:
    """A `w:tbl` as a Grid on its column grid; merged cells appear once."""
    rows: list[list[str]] = []
    for tr in tbl.iterchildren(_W + "tr"):
        trpr = tr.find(_W + "trPr")
        column = _int_attr(trpr.find(_W + "gridBefore") if trpr is not None else None, "val", 0)
        texts: list[str] = [""] * column
        for tc in _row_cells(tr):
            tcpr = tc.find(_W + "tcPr")
            span = max(1, _int_attr(tcpr.find(_W + "gridSpan") if tcpr is not None else None, "val", 1))
            vmerge = tcpr.find(_W + "vMerge") if tcpr is not None else None
            continued = vmerge is not None and vmerge.get(_W + "val") in (None, "continue")
            texts.append("" if continued else cell_text(tc))
            texts.extend([""] * (span - 1))
        rows.append(texts)
    width = max((len(r) for r in rows), default=0)
    grid_rows: list[list[GridCell]] = []
    for r, texts in enumerate(rows, 1):
        texts = texts + [""] * (width - len(texts))
        grid_rows.append([GridCell(text, Where(line=anchor, cell=f"R{r}C{c}"))
                          for c, text in enumerate(texts, 1)])
    return Grid(rows=grid_rows, where=Where(line=anchor, cell="R1C1"))


def _row_cells(tr):
    """The `w:tc` of a row, looking through content controls and custom XML wrappers."""
    for child in tr.iterchildren():
        if child.tag == _W + "tc":
            yield child
        elif child.tag in (_W + "sdt", _W + "customXml"):
            inner = _sdt_content(child) if child.tag == _W + "sdt" else child
            yield from _row_cells(inner)


def cell_text(tc) -> str:
    """A cell's paragraphs joined without a separator (a wrapped heading is one name)."""
    texts = [paragraph_text(p).strip() for p in tc.iter(_W + "p")]
    return "".join(t for t in texts if t)
