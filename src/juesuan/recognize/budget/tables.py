"""Mappers for the budget tables B01–B13: a region's lines to cells at canonical addresses.

Two shapes of table: one-sided (rows of codes or names, amounts in columns: B02, B03,
B05–B13) and two-sided (收入 | 支出 side by side: B01, B04). Both run the same steps:
split header from body (`lines`), find the printed columns from the header (`rows`),
group tokens into rows, place every number in its column (`placement`), emit cells.
"""
from __future__ import annotations

import re

from ...model import Cell, Grid, Table, TextLine
from ..header import amount_unit, declares_empty
from ..mappers import Context, Unmappable, mapper
from ..segment import Region
from .grid import read_grid_table
from .layout import Layout, column_groups, layout, side_items
from .lines import Body, Line, Token, is_code, is_total_name, label_key, split_table, stream
from .placement import Identity, RowNumbers, gap_after, gap_before, solve
from .rows import Row, assemble, code_groups, detect_columns, named_groups, total_groups

_LABEL_SPLIT = re.compile(r"项目(?!支出)")


def region_lines(region: Region) -> list[TextLine]:
    """The region's text; a grid row reads as its cells joined by single spaces, which is
    how PDF text prints a row (a blank cell is one more space)."""
    out: list[TextLine] = []
    for block in region.blocks:
        if isinstance(block, Grid):
            for row in block.rows:
                if row:
                    out.append(TextLine(" ".join(c.text.strip() for c in row), row[0].where))
        else:
            out.append(block)
    return out


def _new_table(region: Region, context: Context, unit: str | None) -> Table:
    return Table(kind=region.kind, title=region.title, where=region.where, label=region.label,
                 unit=unit or context.amount_unit, pages=region.pages())


def _identities(lay: Layout, columns: list[str]) -> list[list[Identity]]:
    """The catalog identities over the columns this table prints, as column indices."""
    index = {key: i for i, key in enumerate(columns)}
    out = []
    for alternative in lay.identities:
        usable = []
        for total, parts in alternative:
            present = tuple(index[p] for p in parts if p in index)
            if total in index and present:
                usable.append((index[total], present))
        if usable:
            out.append(usable)
    return out


def _numbers(row: Row, label_columns: int) -> RowNumbers:
    before = []
    for position, token in enumerate(row.nums):
        after_label = position == 0 and bool(row.labels or row.code)
        missing = max(0, label_columns - len(row.labels) - bool(row.code))
        before.append(gap_before(token, after_label, missing))
    after = gap_after(row.nums[-1]) if row.nums else None
    return RowNumbers([t.value for t in row.nums], before, after)


def _place(rows: list[Row], columns: list[str], lay: Layout, label_columns: int,
           groups) -> None:
    """Put every number of every row in its column (see placement)."""
    for row in rows:
        if len(row.nums) > len(columns):
            where = row.nums[0].where
            raise Unmappable(f"a row prints {len(row.nums)} amounts for {len(columns)} columns "
                             f"(line {where.line}, page {where.page})")
    numbers = [_numbers(row, label_columns) for row in rows]
    placements = solve(numbers, len(columns), _identities(lay, columns), groups)
    for row, placement in zip(rows, placements):
        row.placed = dict(zip(placement, row.nums))


def _emit(table: Table, rows: list[Row], columns: list[str], dedupe_identical: bool) -> None:
    """Cells of placed rows. A row whose key repeats an earlier row's is the same row
    printed twice when its numbers are the same (a unit listed under its department);
    otherwise it is a sub-row, keyed `parent/name` (spec)."""
    seen: dict[str, Row] = {}
    plain: Row | None = None  # the last row keyed by its own name
    for row in rows:
        key = row.key
        if not key:
            if row.nums:
                where = row.nums[0].where
                raise Unmappable(f"amounts without a row name (line {where.line}, page {where.page})")
            continue
        if key in seen:
            if dedupe_identical and seen[key].cells() == row.cells():
                continue
            parent = _parent(rows, row) or plain
            if parent is None or parent.key == key:
                if not table.kind.startswith("X-"):
                    raise Unmappable(f"row {key} printed twice with different amounts")
                parent = None  # a project-defined table: the n-th printing of the row
            key = f"{parent.key}/{key}" if parent else _nth(key, seen)
        else:
            plain = row
        seen.setdefault(row.key, row)
        for column, token in sorted(row.placed.items()):
            table.cells.append(Cell(table.kind, key, columns[column], token.value, token.text,
                                    table.unit or "", token.where))


def _nth(key: str, seen: dict[str, Row]) -> str:
    number = 2
    while f"{key}#{number}" in seen:
        number += 1
    seen[f"{key}#{number}"] = seen[key]
    return f"{key}#{number}"


def _parent(rows: list[Row], row: Row) -> Row | None:
    """The row this one is indented under, if the table indents."""
    position = rows.index(row)
    for earlier in reversed(rows[:position]):
        if earlier.indent < row.indent:
            return earlier
    return None


def _declared(region: Region, context: Context, parse) -> Table:
    """Run `parse`; a table that says it has no data (`本表无数据`, `无…支出`) and prints
    no amount but zeros is declared empty, without cells. A note that names another
    table's emptiness does not empty a table that prints amounts."""
    lines = region_lines(region)
    empty = declares_empty(t.text for t in lines)
    try:
        table = parse(lines)
    except Unmappable:
        if not empty:
            raise
        table = _new_table(region, context, amount_unit(t.text for t in lines))
    if empty and not any(cell.value for cell in table.cells):
        table.declared_empty = True
        table.cells.clear()
    return table


@mapper("B02", "B03", "B05", "B06", "B07", "B08", "B09", "B10", "B11", "B12", "B13",
        "X-income-sources", "X-fiscal-spending", "X-fiscal-basic", "X-procurement")
def map_one_sided(region: Region, context: Context) -> Table:
    """Rows of subject codes, economic items, units or projects; amounts in columns."""
    lay = layout(region.kind)
    if lay is None:
        raise Unmappable(f"no budget layout for {region.kind} in the catalog")

    def starts(line: Line) -> bool:
        first = line.tokens[0]
        if is_code(first):
            return True
        name = label_key(first.text)
        return is_total_name(name) or name in lay.row_starts

    def parse(lines: list[TextLine]) -> Table:
        if region.grids():  # only the amount unit is read from the lines
            body = split_table(lines, region.kind, starts, unit_only=True)
            table = _new_table(region, context, body.unit or amount_unit(t.text for t in lines))
            return _from_grids(region, table, lay)
        body = split_table(lines, region.kind, starts)
        table = _new_table(region, context, body.unit or amount_unit(t.text for t in lines))
        rows = assemble(stream(body.lines), lay)
        if len(rows) == 1 and not rows[0].key and rows[0].nums:
            rows[0].labels = [Token("text", "合计", rows[0].where, 0, True)]  # spec: a lone row
        _reclassify(table, lay, rows)
        columns = detect_columns(body.header, lay.columns, column_groups())
        _check_columns(body, columns, lay.label_columns)
        table.columns = list(columns)  # a column printed blank is 0 there, not unknown
        if not any(row.nums for row in rows):
            if not columns:
                raise Unmappable(_NO_TABLE)
            return table  # printed with no numbers
        if not columns:
            raise Unmappable("the header names no known amount column")
        if any(row.code and not row.opens_line for row in rows):
            raise Unmappable("two code tables printed side by side (收入 | 支出): not read")
        groups = code_groups(rows) if any(row.code for row in rows) else named_groups(rows, lay)
        _place(rows, columns, lay, lay.label_columns, groups)
        _emit(table, rows, columns, dedupe_identical=lay.shape == "names")
        return table

    return _declared(region, context, parse)


_NO_TABLE = "no table printed under this title (a table of contents or a heading?)"


def _check_columns(body: Body, columns: list[str], label_columns: int) -> None:
    """A printed 栏次 line counts the columns: the header must have named them all."""
    count = body.column_numbers
    if count and columns and len(columns) not in (count, count - label_columns):
        raise Unmappable(f"the header names {len(columns)} amount columns, the 栏次 line {count}")


@mapper("B01", "B04")
def map_two_sided(region: Region, context: Context) -> Table:
    """收入 items with their amount on the left, 支出 items with theirs on the right."""
    lay = layout(region.kind)
    if lay is None:
        raise Unmappable(f"no budget layout for {region.kind} in the catalog")
    income_names, spending_names = side_items()
    known = income_names | spending_names

    def starts(line: Line) -> bool:
        name = label_key(line.tokens[0].text)
        return name in known or is_total_name(name)

    def joins(before: str, after: str) -> bool:
        merged = label_key(before + after)
        return label_key(before) not in known or merged in known

    def parse(lines: list[TextLine]) -> Table:
        if region.grids():  # only the amount unit is read from the lines
            body = split_table(lines, region.kind, starts, unit_only=True)
            table = _new_table(region, context, body.unit or amount_unit(t.text for t in lines))
            return _from_grids(region, table, lay)
        body = split_table(lines, region.kind, starts)
        table = _new_table(region, context, body.unit or amount_unit(t.text for t in lines))
        parts = _LABEL_SPLIT.split(body.header)
        income_header = parts[1] if len(parts) >= 3 else body.header
        spending_header = "".join(parts[2:]) if len(parts) >= 3 else body.header
        income_columns = detect_columns(income_header, lay.income_columns, column_groups())
        spending_columns = detect_columns(spending_header, lay.columns, column_groups())
        table.columns = list(dict.fromkeys(income_columns + spending_columns))
        items = _items(stream(body.lines, joins), income_names, spending_names)
        if not any(r.nums for r in items) and not (income_columns or spending_columns):
            raise Unmappable(_NO_TABLE)
        income = [r for r in items if r.side == "income"]
        spending = [r for r in items if r.side == "spending"]
        if any(r.nums for r in income) and not income_columns:
            raise Unmappable("the header names no income amount column")
        if any(r.nums for r in spending) and not spending_columns:
            raise Unmappable("the header names no expenditure amount column")
        _place(income, income_columns, lay, 1, [])
        _place(spending, spending_columns, lay, 1, total_groups(spending))
        _emit(table, income, income_columns, dedupe_identical=False)
        _emit(table, spending, spending_columns, dedupe_identical=False)
        return table

    return _declared(region, context, parse)


def _from_grids(region: Region, table: Table, lay: Layout) -> Table:
    """A table whose cells the reader already knows (see grid)."""
    sides = read_grid_table(table, region.grids(), path=lay.row_key == "path")
    _reclassify(table, lay, [row for rows, _ in sides for row in rows])
    for rows, columns in sides:
        _emit(table, rows, columns, dedupe_identical=lay.shape == "names")
    return table


def _reclassify(table: Table, lay: Layout, rows: list[Row]) -> None:
    """A title shared by two layouts: the content decides (catalog `without_codes`)."""
    if lay.without_codes and any(row.nums for row in rows) and not any(row.code for row in rows):
        table.kind = lay.without_codes


def _items(tokens: list[Token], income: frozenset[str], spending: frozenset[str]) -> list[Row]:
    """Each name starts an item on its side; the numbers after it are its amounts."""
    items: list[Row] = []
    for token in tokens:
        if token.kind == "num":
            if not items:
                raise Unmappable(f"amounts before any item (line {token.where.line})")
            items[-1].nums.append(token)
            continue
        row = Row([token], None, [], token.indent, token.where)
        name = row.name
        if name in income and name not in spending:
            row.side = "income"
        elif name in spending and name not in income:
            row.side = "spending"
        elif items and items[-1].where == token.where and not token.first:
            row.side = "spending" if items[-1].side == "income" else "income"
        elif token.first and token.gap == 0:
            row.side = "spending" if name.endswith("支出") else "income"
        else:
            row.side = "spending"
        items.append(row)
    return items
