"""Budget tables that arrive as grids (PDF ruling, XLSX, HTML, Markdown): cells are known.

Nothing is guessed from spacing here: a column is an amount column when its body
cells are amounts, a label column otherwise; a label column after an amount column
opens a new side (收入 | 支出 | 支出用途). Each amount column is keyed by the lowest name
its header prints (a `小计` under its parent: `“三公”经费/小计`; a year alone: `预算数`);
each row by its code, else its first label, else `合计` for a table with a single
unlabelled data row. An amount without a label of its own on its side belongs to the
label printed to its left (a merged 合计 cell).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...model import Grid, GridCell, Table
from ..normalize import normalize_name, squeeze, undouble
from .lines import Token, is_noise, label_key, parse_amount_text
from .rows import Row

_CODE = re.compile(r"^\d{3}(?:\d{2}){0,3}$")
_YEAR_ONLY = re.compile(r"^(?:19|20)\d\d\s*年度?(?:预算数?)?$")
_YEAR = re.compile(r"^(?:19|20)\d\d\s*年度?")
_BLANK = {"", "-", "--", "—", "——", "－", "/", "…"}
_SUBTOTAL = {"小计", "合计"}


@dataclass
class Section:
    labels: list[int]  # column indices
    amounts: list[int]
    keys: list[str]  # one per amount column


def grid_rows(grids: list[Grid], kind: str) -> list[list[GridCell]]:
    """All rows of the region's grids; title, unit lines and repeated headers dropped."""
    rows: list[list[GridCell]] = []
    seen: set[tuple[str, ...]] = set()
    for number, grid in enumerate(grids):
        for index, row in enumerate(grid.rows):
            texts = tuple(c.text.strip() for c in row)
            filled = [t for t in texts if t]
            if not filled:
                continue
            if number and index == 0 and rows and _continues(rows[-1], row):
                rows[-1] = [GridCell(a.text + b.text, a.where) if b.text.strip() else a
                            for a, b in zip(rows[-1], row)]
                continue
            if len(filled) <= 2 and is_noise(" ".join(filled), kind):
                continue
            if texts in seen and not any(parse_amount_text(squeeze(t)) is not None for t in filled):
                continue  # a header repeated on the next page
            seen.add(texts)
            rows.append(row)
    return rows


_ORDINAL_START = re.compile(r"^\s*(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．])")


def _continues(previous: list[GridCell], first: list[GridCell]) -> bool:
    """A page break cut a row's label in two (`八、社会保障和就` | next page `业支出`): the
    next page's first row holds only text fragments, each under a numbered label of the
    row before, none numbered itself and no amount or code anywhere."""
    if len(previous) != len(first):
        return False
    pairs = [(a.text.strip(), b.text.strip()) for a, b in zip(previous, first) if b.text.strip()]
    return bool(pairs) and all(
        a and _ORDINAL_START.match(a) and not _ORDINAL_START.match(b)
        and _kind_of(a) == "text" and _kind_of(b) == "text" and len(b) <= 12
        for a, b in pairs)


@lru_cache(maxsize=1 << 14)
def _kind_of(text: str) -> str:
    flat = squeeze(text)
    if flat in _BLANK:
        return "blank"
    if _CODE.match(flat):
        return "code"
    if parse_amount_text(flat) is not None:
        return "num"
    return "text"


def split_header(rows: list[list[GridCell]]) -> int:
    """Index of the first body row: the first row printing an amount or starting with 合计."""
    for index, row in enumerate(rows):
        kinds = [_kind_of(c.text) for c in row]
        if "num" in kinds:
            return index
        first = next((c.text for c in row if c.text.strip()), "")
        texts = kinds.count("text")
        if (label_key(first) in {"合计", "总计"} and texts == 1) or (
                _CODE.match(squeeze(first)) and texts <= 1):
            return index  # an empty table's first row (a header names several columns)
    return len(rows)


def sections(header: list[list[GridCell]], body: list[list[GridCell]]) -> list[Section]:
    width = max(len(r) for r in header + body)
    kinds: list[set[str]] = [set() for _ in range(width)]
    for row in body:
        for j, cell in enumerate(row):
            kinds[j].add(_kind_of(cell.text))
    out: list[Section] = []
    current: Section | None = None
    for j in range(width):
        is_amount = "num" in kinds[j] and "text" not in kinds[j]
        if not is_amount and not (kinds[j] - {"blank"}) and _header_name(header, j) is None:
            continue  # an empty column
        if is_amount or (not (kinds[j] - {"blank"}) and current is not None and current.amounts):
            if current is None:
                current = Section([], [], [])
                out.append(current)
            current.amounts.append(j)
            current.keys.append(_column_key(header, j))
        else:
            if current is None or current.amounts:
                current = Section([], [], [])
                out.append(current)
            current.labels.append(j)
    return [s for s in out if s.amounts]


def _cell(row: list[GridCell], j: int) -> str:
    return row[j].text.strip() if j < len(row) else ""


def _header_name(header: list[list[GridCell]], j: int) -> str | None:
    for row in reversed(header):
        text = _cell(row, j)
        if text:
            return text
    return None


def _column_key(header: list[list[GridCell]], j: int) -> str:
    """The lowest header name over column j; a 小计 carries the name above it."""
    names = [undouble(squeeze(_cell(row, j))) for row in header]
    filled = [(i, n) for i, n in enumerate(names) if n]
    if not filled:
        return str(j + 1)
    level, name = filled[-1]
    if _YEAR_ONLY.match(name):
        return "预算数"
    name = normalize_name(_YEAR.sub("", name)) or name
    if name in _SUBTOTAL:
        for row in reversed(header[:level]):
            for k in range(j, -1, -1):  # the parent may be merged over columns to the left
                parent = undouble(squeeze(_cell(row, k)))
                if parent:
                    return f"{normalize_name(_YEAR.sub('', parent))}/{name}"
    return name


def section_rows(body: list[list[GridCell]], section: Section, path: bool = False) -> list[Row]:
    """Rows of one side of the grid, amounts placed by their column."""
    rows: list[Row] = []
    above: dict[int, str] = {}  # the last label printed in each label column (merged cells)
    for row in body:
        placed = {}
        width = len(row)
        for position, j in enumerate(section.amounts):
            text = squeeze(row[j].text.strip()) if j < width else ""  # _cell, inlined
            value = parse_amount_text(text) if text not in _BLANK else None
            if value is not None:
                where = row[j].where
                placed[position] = Token("num", _plain(text), where, 1, False, value=value)
        cells = {j: (row[j].text.strip() if j < width else "") for j in section.labels}
        labels = [text for text in cells.values() if text]
        if path and labels:
            first = next(j for j in section.labels if cells[j])
            labels = [above[j] for j in section.labels if j < first and j in above] + labels
            for j in section.labels:
                if j >= first:
                    above.pop(j, None)
                    if cells[j]:
                        above[j] = cells[j]
        if not labels and placed:
            labels = _label_to_left(row, section)
        if not labels and not placed:
            continue
        code = next((squeeze(t) for t in labels if _CODE.match(squeeze(t))), None)
        names = [t for t in labels if not _CODE.match(squeeze(t))]
        if names and len(names) > 1 and (path or label_key(names[-1]) in _SUBTOTAL):
            names = ["/".join(label_key(n) for n in names)]
        where = row[0].where
        tokens = [Token("text", n, where, 0, True) for n in names[:1]]
        if not tokens and code is None:
            tokens = [Token("text", "合计", where, 0, True)]
        entry = Row(tokens, code, list(placed.values()), 0, where)
        entry.placed = placed
        rows.append(entry)
    return rows


def _label_to_left(row: list[GridCell], section: Section) -> list[str]:
    first = section.amounts[0]
    for j in range(first - 1, -1, -1):
        text = _cell(row, j)
        if text and _kind_of(text) == "text":
            return [text]
    return []


def _plain(text: str) -> str:
    raw = text.replace(",", "")
    value = parse_amount_text(raw)
    return raw if value is not None and raw == str(value) else undouble(raw)


def read_grid_table(table: Table, grids: list[Grid],
                    path: bool = False) -> list[tuple[list[Row], list[str]]]:
    """Each side of the grid as (rows, column keys); `path`: rows keyed by all their labels."""
    rows = grid_rows(grids, table.kind)
    start = split_header(rows)
    header, body = rows[:start], rows[start:]
    if not body:
        return []
    return [(section_rows(body, s, path), s.keys) for s in sections(header, body)]
