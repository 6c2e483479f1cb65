"""Evaluate the small expressions that tie a narrative figure to the tables.

Notation (shared/corpus/gold/README.md, `refers_to`): `{F01:31:1}` is table F01, row 31,
col 1 (the row may contain `/`, not `:`); decimal literals; `+ - * / ( )`. Parsed by a
small recursive-descent parser — never `eval` (frictionless-py's habit).

Besides the exact value, `bounds` gives the interval the expression can take when every
printed amount stands for the interval its last printed digit allows (spec/findings.md:
`18.92` is anything in [18.915, 18.925)) — what decides between an error and a ROUNDING
note.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

from ..model import Cell, Disclosure
from .cells import table_places

_TOKEN = re.compile(r"\s*(?:(?P<ref>\{[^{}:]+:[^{}:]+:[^{}:]+\})|(?P<num>\d+(?:\.\d+)?)|(?P<op>[-+*/()]))")


class Unavailable(Exception):
    """A cell of a table the disclosure does not print (or could not read)."""


class ZeroDivision(Exception):
    """The expression divides by a value that is zero."""


@dataclass(frozen=True)
class Ref:
    table: str
    row: str
    col: str


def refs(expression: str) -> list[Ref]:
    """Every cell the expression reads, in order."""
    out = []
    for match in re.finditer(r"\{([^{}:]+):([^{}:]+):([^{}:]+)\}", expression or ""):
        out.append(Ref(*match.groups()))
    return out


def is_expression(text: str | None) -> bool:
    return bool(text) and "{" in text


def tokenize(expression: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    position = 0
    expression = expression.strip()
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if not match or match.end() == position:
            raise ValueError(f"cannot read expression at {expression[position:]!r}")
        kind = match.lastgroup or ""
        out.append((kind, match.group(kind)))
        position = match.end()
        while position < len(expression) and expression[position].isspace():
            position += 1
    return out


class Lookup:
    """Cells of a disclosure by address. A blank cell counts 0 when its row and its column
    were printed (or its table declared empty); a row or column never read is unknown
    (`Unavailable`), so that a table read in part or with other column names is not
    checked against invented zeros."""

    def __init__(self, disclosure: Disclosure):
        self.cells: dict[tuple[str, str, str], Cell] = {}
        self.tables: set[str] = set()
        self.rows: set[tuple[str, str]] = set()
        self.columns: set[tuple[str, str]] = set()
        self.empty: set[str] = set()
        for table in disclosure.tables:
            self.tables.add(table.kind)
            if table.declared_empty:
                self.empty.add(table.kind)
            for col in table.columns:  # printed in the header, blank or not
                self.columns.add((table.kind, col))
            for cell in table.cells:
                self.cells[(table.kind, cell.row, cell.col)] = cell
                self.rows.add((table.kind, cell.row))
                self.columns.add((table.kind, cell.col))
        self.places = {table.kind: table_places(table.cells) for table in disclosure.tables}
        self.unreadable = {u.title for u in disclosure.unrecognized}
        self._performance(disclosure)

    def _performance(self, disclosure: Disclosure) -> None:
        """`{P02:年度财政资金总额:executed}`: a field of the execution rows of the one
        self-evaluation record of a kind (ambiguous when a kind has several records)."""
        kinds = [r.get("kind") for r in disclosure.performance]
        for record in disclosure.performance:
            kind = record.get("kind")
            if not kind or kinds.count(kind) != 1:
                continue
            for row in record.get("execution", []):
                for key in ("initial_budget", "annual_budget", "executed", "balance", "rate_pct"):
                    printed = str(row.get(key, "")).replace(",", "").rstrip("%")
                    try:
                        value = Decimal(printed)
                    except InvalidOperation:
                        continue
                    self.tables.add(kind)
                    self.rows.add((kind, row.get("source", "")))
                    self.columns.add((kind, key))
                    self.cells[(kind, row.get("source", ""), key)] = Cell(
                        kind, row.get("source", ""), key, value, printed, record.get("unit", "万元"))

    def cell(self, ref: Ref) -> Cell | None:
        return self.cells.get((ref.table, ref.row, ref.col))

    def value(self, ref: Ref) -> Decimal:
        cell = self.cell(ref)
        if cell is not None:
            return cell.value
        if ref.table in self.empty or ((ref.table, ref.row) in self.rows and (ref.table, ref.col) in self.columns):
            return Decimal(0)  # a blank cell of a printed row and column, or a table declared empty
        raise Unavailable(ref.table)  # the table or the row was not read: unknown, not 0

    def half_step(self, ref: Ref) -> Decimal:
        """Half a unit of the last printed digit: the rounding interval of a printed amount."""
        cell = self.cell(ref)
        if cell is None:
            return Decimal(0) if ref.table in self.tables else Decimal("0.005")
        exponent = Decimal(cell.printed.replace(",", "")).as_tuple().exponent if cell.printed else -2
        if cell.unit == "元":
            return Decimal(0)
        # `18.9` in a table that prints `0.15`: 18.90 with its trailing zero left off
        exponent = min(int(exponent), -self.places.get(ref.table, 0))
        return Decimal(1).scaleb(exponent) / 2


class _Parser:
    """expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ;
    factor := number | ref | '(' expr ')' | '-' factor. Evaluates to (value, low, high)."""

    def __init__(self, tokens: list[tuple[str, str]], lookup: Lookup, literal_half: Decimal):
        self.tokens = tokens
        self.index = 0
        self.lookup = lookup
        self.literal_half = literal_half

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expr(self):
        value = self.term()
        while self.peek() and self.peek()[1] in "+-" and self.peek()[0] == "op":
            op = self.take()[1]
            other = self.term()
            if op == "+":
                value = (value[0] + other[0], value[1] + other[1], value[2] + other[2])
            else:
                value = (value[0] - other[0], value[1] - other[2], value[2] - other[1])
        return value

    def term(self):
        value = self.factor()
        while self.peek() and self.peek()[0] == "op" and self.peek()[1] in "*/":
            op = self.take()[1]
            other = self.factor()
            corners_left = (value[1], value[2])
            corners_right = (other[1], other[2])
            if op == "*":
                exact = value[0] * other[0]
                products = [a * b for a in corners_left for b in corners_right]
            else:
                if other[0] == 0:
                    raise ZeroDivision()
                exact = value[0] / other[0]
                if other[1] <= 0 <= other[2]:
                    products = [Decimal("-1e18"), Decimal("1e18")]
                else:
                    products = [a / b for a in corners_left for b in corners_right]
            value = (exact, min(products), max(products))
        return value

    def factor(self):
        kind, text = self.take()
        if kind == "num":
            number = Decimal(text)
            return (number, number - self.literal_half_of(text), number + self.literal_half_of(text))
        if kind == "ref":
            table, row, col = text[1:-1].split(":")
            ref = Ref(table, row, col)
            number = self.lookup.value(ref)
            half = self.lookup.half_step(ref)
            return (number, number - half, number + half)
        if text == "(":
            value = self.expr()
            self.take()
            return value
        if text == "-":
            value = self.factor()
            return (-value[0], -value[2], -value[1])
        raise ValueError(f"unexpected {text!r}")

    def literal_half_of(self, text: str) -> Decimal:
        if self.literal_half == 0 or text in ("100",) or Decimal(text) == 0:
            return Decimal(0)  # 100 (a whole) and 0 (nothing) are exact
        exponent = Decimal(text).as_tuple().exponent
        return Decimal(1).scaleb(int(exponent)) / 2


def evaluate(expression: str, lookup: Lookup) -> Decimal:
    """The exact value (Decimal) of an expression. Raises Unavailable, ZeroDivision."""
    return bounds(expression, lookup)[0]


def bounds(expression: str, lookup: Lookup, literals_rounded: bool = True) -> tuple[Decimal, Decimal, Decimal]:
    """(value, low, high): the value and the interval it spans when every printed amount
    (cells, and literals other than 100 when `literals_rounded`) is only known to its
    last printed digit."""
    parser = _Parser(tokenize(expression), lookup, Decimal(1) if literals_rounded else Decimal(0))
    try:
        value = parser.expr()
    except (InvalidOperation, DivisionByZero) as error:  # pragma: no cover - guarded above
        raise ZeroDivision() from error
    if parser.index != len(parser.tokens):
        raise ValueError(f"trailing text in {expression!r}")
    return value
