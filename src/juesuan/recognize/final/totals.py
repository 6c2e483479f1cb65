"""F01 收入支出决算总表 and F04 财政拨款收入支出决算总表: two tables printed side by side
(收入 | 支出), rows keyed by 行次.

The national layout (catalog/final_layout.yaml) gives each side its 行次 range, its
columns and the item of every 行次. Where 行次 are printed they are the key; where they
are not (Shanghai), the item name finds its 行次 — in order, since F04 prints
一般公共预算财政拨款 twice (行次 1 and 29).

Text path: the region is read as one stream; the expected 行次 sequence (1, 32, 2, 33, …)
tells a 行次 — even one broken over lines (`3` / `3`) — from an amount, and an amount is
joined until it has the table's decimals (`582.` / `36`). Pieces that a page break threw
behind the next cells (`1 十九、… 5 0.0` / `9 1 0`) complete the pieces left open, in
order. An item name re-anchors the reading when a 行次 is lost.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ...model import GridCell, Table, Where
from ..mappers import Context, Unmappable, mapper
from ..normalize import is_amount, squeeze
from ..segment import Region
from .common import TableBuilder, build_table
from .grid import Sheet, sheets
from .layout import Side, column_aliases, name_key, rows_for_name, sides
from .tokens import Atom, atoms, body_lines, decimals_of, read_amount, starts_amount, table_decimals


@mapper("F01", "F04")
def map_totals(region: Region, context: Context) -> Table:
    layout = sides(region.kind)
    if len(layout) != 2:
        raise Unmappable(f"no two-sided layout for {region.kind} in the catalog")
    table = build_table(region, context, _from_grids, _from_text, layout)
    if not table.cells and not table.declared_empty and _prints_amounts(region):
        raise Unmappable("amounts printed but no row could be placed")
    return table


def _prints_amounts(region: Region) -> bool:
    return any(a.kind == "dec" for a in atoms(body_lines(region.lines())))


# ---------------------------------------------------------------- grid path

def _from_grids(region: Region, builder: TableBuilder, layout: tuple[Side, ...]) -> None:
    kind = region.kind

    def is_data(row: list[str]) -> bool:
        return any(rows_for_name(kind, t) for t in row if t) or any(is_amount(t) for t in row if "." in t)

    last_row = {0: 0, 1: 0}
    previous: tuple[int, list[int]] | None = None
    for sheet in sheets(region.grids(), is_data):
        name_cols = _name_columns(sheet, kind)
        if len(name_cols) < 2 and previous and previous[0] == sheet.width:
            name_cols = previous[1]  # a short continuation on the next page
        if len(name_cols) < 2:
            if not sheet.rows:
                continue
            raise Unmappable("the 收入 and 支出 sides could not be told apart")
        previous = (sheet.width, name_cols)
        bounds = [(name_cols[0], name_cols[1]), (name_cols[1], sheet.width)]
        for number, (start, end) in enumerate(bounds):
            side = layout[number]
            row_col, amount_keys = _side_columns(sheet, kind, side, start, end)
            for row in sheet.rows:
                key = _grid_row(kind, side, row, start, row_col, last_row, number)
                if key is None:
                    continue
                for index, col in amount_keys.items():
                    builder.add(str(key), col, row[index].text, row[index].where)


def _name_columns(sheet: Sheet, kind: str) -> list[int]:
    """The columns that hold item names: the ones where layout names are found."""
    counts = [0] * sheet.width
    for row in sheet.rows:
        for index, cell in enumerate(row):
            if cell.text and rows_for_name(kind, cell.text):
                counts[index] += 1
    ranked = [i for i in range(sheet.width) if counts[i] >= 2]
    return sorted(ranked)[:2] if len(ranked) >= 2 else ranked


def _side_columns(sheet: Sheet, kind: str, side: Side, start: int, end: int) -> tuple[int | None, dict[int, str]]:
    """(the 行次 column or None, amount column index → key) within one side."""
    row_col = None
    for index in range(start + 1, end):
        values = [squeeze(r[index].text) for r in sheet.rows if squeeze(r[index].text)]
        if values and all(v.isdigit() for v in values) and any(int(v) in side for v in values):
            row_col = index
            break
    amount_cols = [i for i in range(start + 1, end) if i != row_col]
    keys: dict[int, str] = {}
    if any(sheet.lanci[i] for i in amount_cols):
        for index in amount_cols:
            if sheet.lanci[index] in side.columns:
                keys[index] = sheet.lanci[index]
        return row_col, keys
    aliases = column_aliases(kind)
    named = {}
    for index in amount_cols:
        for label in reversed(sheet.labels(index)):
            key = aliases.get(name_key(label))
            if key in side.columns and key not in named.values():
                named[index] = key
                break
    if named and len(side.columns) > 1:
        return row_col, named
    # one column per side, or no names matched: the side's columns in printed order
    printed = [i for i in amount_cols if any(r[i].text.strip() for r in sheet.rows)] or amount_cols
    for index, key in zip(printed, side.columns):
        keys[index] = key
    return row_col, keys


def _grid_row(kind: str, side: Side, row: list[GridCell], name_col: int, row_col: int | None,
              last_row: dict[int, int], number: int) -> int | None:
    if row_col is not None:
        text = squeeze(row[row_col].text)
        if text.isdigit() and int(text) in side:
            last_row[number] = int(text)
            return int(text)
    candidates = [r for r in rows_for_name(kind, row[name_col].text) if r in side]
    after = [r for r in candidates if r > last_row[number]]
    chosen = (after or candidates or [None])[0]
    if chosen is not None:
        last_row[number] = chosen
    return chosen


# ---------------------------------------------------------------- text path

@dataclass
class _Open:
    """A piece left incomplete: a 行次 missing digits, or an amount missing decimals."""

    kind: str  # "row" | "amount"
    text: str
    need: str = ""  # for a 行次: the digits still to come
    row: int = 0
    col: str = ""
    where: Where | None = None


@dataclass
class _Reader:
    kind: str
    layout: tuple[Side, ...]
    builder: TableBuilder
    decimals: int
    sequence: list[int] = field(default_factory=list)
    position: int = 0  # index into sequence of the 行次 expected next
    partial: str = ""
    current: int | None = None  # the row amounts go to
    filled: int = 0
    open: list[_Open] = field(default_factory=list)
    placed: int = 0

    def side_of(self, row: int) -> Side:
        return self.layout[0] if row in self.layout[0] else self.layout[1]

    @property
    def expected(self) -> int | None:
        return self.sequence[self.position] if self.position < len(self.sequence) else None

    def start_row(self, row: int) -> None:
        self.current, self.filled = row, 0
        if row in self.sequence:
            self.position = max(self.position, self.sequence.index(row) + 1)

    def close_partial(self, row: int | None = None) -> None:
        """A 行次 interrupted by a name or an amount: its row starts, its tail comes later."""
        if not self.partial:
            return
        row = row if row is not None else self.expected
        if row is not None:
            self.open.append(_Open("row", self.partial, need=str(row)[len(self.partial):], row=row))
            self.start_row(row)
        self.partial = ""

    def name(self, atom: Atom) -> None:
        candidates = [r for r in rows_for_name(self.kind, atom.text) if r in self.sequence]
        ahead = [r for r in candidates if self.sequence.index(r) >= self.position
                 or (r == self.current and not self.filled)]
        row = min(ahead, key=self.sequence.index) if ahead else None
        if self.partial and row is not None:
            # the broken 行次 is the one printed just before this item on its line
            before = self.sequence[self.sequence.index(row) - 1] if self.sequence.index(row) else None
            self.close_partial(before if before and str(before).startswith(self.partial) else None)
        else:
            self.close_partial()
        if row is not None and row != self.current:
            self.position = self.sequence.index(row)
            self.current, self.filled = row, 0

    def integer(self, atom: Atom) -> None:
        expected = self.expected
        text = self.partial + atom.text
        if expected is not None and str(expected).startswith(text):
            if text == str(expected):
                self.partial = ""
                if self.current != expected:
                    self.start_row(expected)
                else:
                    self.position = self.sequence.index(expected) + 1
            else:
                self.partial = text
            return
        if self.fill_open(atom.text):
            return
        if not self.partial and atom.text.isdigit() and int(atom.text) in self.sequence[self.position:self.position + 4]:
            self.start_row(int(atom.text))  # a blank row's 行次 not printed: skip ahead

    def fill_open(self, digits: str) -> bool:
        for piece in self.open:
            if piece.kind == "row" and piece.need.startswith(digits):
                piece.need = piece.need[len(digits):]
                if not piece.need:
                    self.open.remove(piece)
                return True
            if piece.kind == "amount" and len(digits) <= self.decimals - decimals_of(piece.text):
                piece.text += digits
                if decimals_of(piece.text) >= self.decimals:
                    self.open.remove(piece)
                    self.place(piece.row, piece.col, piece.text, piece.where)
                return True
        return False

    def amount(self, text: str, complete: bool, where: Where) -> None:
        self.close_partial()
        if self.current is None:
            return
        columns = self.side_of(self.current).columns
        if self.filled >= len(columns):
            return
        col = columns[self.filled]
        self.filled += 1
        if self.current in self.sequence and self.position == self.sequence.index(self.current):
            self.position += 1  # a row found by its name, its 行次 not printed: it is read
        if complete:
            self.place(self.current, col, text, where)
        else:
            self.open.append(_Open("amount", text, row=self.current, col=col, where=where))

    def place(self, row: int, col: str, text: str, where: Where | None) -> None:
        if self.builder.add(str(row), col, text, where or Where()):
            self.placed += 1


def _from_text(region: Region, builder: TableBuilder, layout: tuple[Side, ...]) -> None:
    stream = atoms(body_lines(region.lines()))
    left, right = layout
    sequence: list[int] = []
    for offset in range(max(left.last - left.first, right.last - right.first) + 1):
        for side in layout:
            if side.first + offset <= side.last:
                sequence.append(side.first + offset)
    reader = _Reader(region.kind, layout, builder, table_decimals(stream), sequence)
    index = 0
    while index < len(stream):
        atom = stream[index]
        if starts_amount(stream, index):
            # pieces left open on this line (a 行次 cut by a page break) take the digits
            # that follow before this amount does: they were printed before it
            waiting = bool(reader.open or reader.partial)
            text, index, complete = read_amount(stream, index, reader.decimals, join=not waiting)
            reader.amount(text, complete, atom.where)
            continue
        index += 1
        if atom.kind == "name":
            reader.name(atom)
        elif atom.kind == "int":
            reader.integer(atom)
        elif atom.kind == "blank":
            reader.close_partial()
            if reader.current is not None:
                reader.filled += 1
